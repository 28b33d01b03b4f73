#!/usr/bin/env python3
"""The fast suites CI runs again under ASan+UBSan, and what building them takes:
  .ci/fast_tests.py BUILD_DIR --tests     the test names, for `meson test --no-rebuild`
  .ci/fast_tests.py BUILD_DIR --targets   the ninja targets those tests run or depend on (nothing else is built)
Fast: the wire formats, SDP, PTP units, and the fuzz corpora of those parsers and the config replayed. Not in
CI's sanitizer build (for CI's time: NMOS with Boost.Beast under ASan compiles for longer than CI has left):
the NMOS suites and NMOS corpora, the data plane on DPDK, the daemon, the tools, etcd clusters, linuxptp."""
import json
import os
import subprocess
import sys

FAST_SUITES = {"st2110", "sdp", "ptp", "fuzz-inputs"}
NMOS_CORPORA = {"fuzz_inputs_" + name for name in
                ("dns_message", "request_target", "rql", "basic_query", "paging", "registration_body", "is05_patch")}
# Real etcd clusters: slow, and they test the store's behaviour across processes, not memory safety.
SLOW_TESTS = {"nmos_registry_cluster", "nmos_registry_cluster_failures", "nmos_registry_cluster_expiry",
              "nmos_registry_cluster_watch", "nmos_registry_api_etcd", "nmos_registry_daemon_cluster"}

build, what = sys.argv[1], sys.argv[2]
root = os.path.abspath(build)
introspect = lambda kind: json.loads(subprocess.check_output(["meson", "introspect", build, kind]))
chosen = [t for t in introspect("--tests")
          if {s.split(":")[-1] for s in t["suite"]} & FAST_SUITES and t["name"] not in SLOW_TESTS | NMOS_CORPORA]
if what == "--tests":
    print(" ".join(t["name"] for t in chosen))
else:
    targets = introspect("--targets")
    by_id = {t["id"]: t for t in targets}
    outputs = {f for t in targets for f in t["filename"]}
    needed = {arg for t in chosen for arg in t["cmd"] if arg in outputs}
    needed |= {f for t in chosen for dep in t["depends"] if dep in by_id for f in by_id[dep]["filename"]}
    print(" ".join(sorted(os.path.relpath(f, root) for f in needed)))
