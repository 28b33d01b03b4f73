#!/usr/bin/env python3
"""Which tests a sanitizer build runs, and what building them takes:
  .ci/sanitizer_tests.py SET BUILD_DIR --tests     the test names, for `meson test --no-rebuild`
  .ci/sanitizer_tests.py SET BUILD_DIR --targets   the ninja targets those tests run or depend on (nothing else)
SET is one of:
  fast     ASan+UBSan in CI (.ci/run): the wire formats, SDP, PTP units, and the fuzz corpora of those parsers
           and of the config replayed.
  nmos     ASan+UBSan outside CI (.ci/sanitizers): the NMOS suites and the NMOS parsers' corpora.
  threads  ThreadSanitizer outside CI (.ci/sanitizers): the HTTP server, Node API, registration, registry and
           IS-05, and the PTP stack; the parts of crosspoint that run threads of their own without DPDK.
  dpdk     ASan+UBSan outside CI (.ci/sanitizers): what the other two ASan sets leave, the data plane on DPDK,
           the daemon, the capture tools, PTP against linuxptp, the registry cluster on the daemon. Debian's
           DPDK is not built with ASan: its own code and the mbufs' memory (DPDK's heap) go unchecked.
Never under TSan: the data plane on DPDK, the daemon (it starts the engine), the tools; README "Sanitizers"
says why."""
import json
import os
import subprocess
import sys

NMOS_SUITES = {"nmos-node", "nmos-registry", "nmos-connection"}
NMOS_CORPORA = {"fuzz_inputs_" + name for name in
                ("dns_message", "request_target", "rql", "basic_query", "paging", "registration_body", "is05_patch")}
# Real etcd clusters: slow, and they test the store's behaviour across processes, not memory safety.
ETCD_CLUSTERS = {"nmos_registry_cluster", "nmos_registry_cluster_failures", "nmos_registry_cluster_expiry",
                 "nmos_registry_cluster_watch", "nmos_registry_api_etcd"}
# The daemon starts the DPDK engine: DPDK is not built with TSan, so its lcores' hand-offs (rte_ring, mempools)
# are invisible to it and every mbuf the engine reads would be reported.
NEEDS_DPDK = {"nmos_registry_daemon_cluster"}
# Not in `threads`, as a suite: ptp-interop (linuxptp in network namespaces for minutes, and the grandmaster
# loss on the engine); the clock's thread is already raced against its readers by ptp_clock (two clocks).

# Each set: the suites it runs, single tests it adds, tests it leaves out. The fuzz corpora are replays on one
# thread, nothing for TSan to see.
SETS = {
    "fast": ({"st2110", "sdp", "ptp", "fuzz-inputs"}, set(), ETCD_CLUSTERS | NEEDS_DPDK | NMOS_CORPORA),
    "nmos": (NMOS_SUITES, NMOS_CORPORA, ETCD_CLUSTERS | NEEDS_DPDK),
    "threads": (NMOS_SUITES | {"ptp"}, set(), ETCD_CLUSTERS | NEEDS_DPDK),
    # The soak's minute is left out: it judges rates and latencies, which ASan's slowdown would fail.
    "dpdk": ({"engine", "app", "cap", "ptp-interop"}, NEEDS_DPDK | ETCD_CLUSTERS, set()),
}


def chosen_tests(tests, chosen_set):
    suites, added, excluded = SETS[chosen_set]
    return [t for t in tests
            if (suite_names(t) & suites or t["name"] in added) and t["name"] not in excluded]


def suite_names(test):
    return {s.split(":")[-1] for s in test["suite"]}


def main():
    chosen_set, build, what = sys.argv[1], sys.argv[2], sys.argv[3]
    if chosen_set not in SETS:
        sys.exit(f"unknown set {chosen_set!r}: one of {', '.join(SETS)}")
    root = os.path.abspath(build)
    introspect = lambda kind: json.loads(subprocess.check_output(["meson", "introspect", build, kind]))
    chosen = chosen_tests(introspect("--tests"), chosen_set)
    if what == "--tests":
        print(" ".join(t["name"] for t in chosen))
        return
    targets = introspect("--targets")
    by_id = {t["id"]: t for t in targets}
    outputs = {f for t in targets for f in t["filename"]}
    needed = {arg for t in chosen for arg in t["cmd"] if arg in outputs}
    needed |= {f for t in chosen for dep in t["depends"] if dep in by_id for f in by_id[dep]["filename"]}
    print(" ".join(sorted(os.path.relpath(f, root) for f in needed)))


main()
