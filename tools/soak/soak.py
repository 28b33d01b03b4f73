#!/usr/bin/python3
"""Soak: the daemon on its embedded default for a given time while wrk hammers the Query and Node APIs, Query
API WebSocket subscribers come and go, routes switch every second through PATCH /x-crosspoint/v1/routes and
the default's replays loop. Every --interval it samples resident memory, open descriptors and threads (from
/proc) and mbufs in use and error counters (from /metrics); it prints the samples as a table and a summary, and
fails on growth beyond a tolerance after the warm-up or on any error (wrk socket errors or non-2xx answers, a
route switch or a subscriber that failed, HTTP 5xx or refusals, packets dropped for want of an mbuf, an error
line in the daemon's log, the daemon exiting).

  soak.py CROSSPOINT [--duration S] [--warmup S] [--interval S] [--json]
  soak.py build/src/app/crosspoint --duration 1800        # the documented 30-minute run
"""
import argparse
import json
import pathlib
import re
import shutil
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "test" / "app"))
from resource_samples import TRACKED, format_table, judge_growth, take_sample  # noqa: E402
from running_daemon import RunningDaemon  # noqa: E402
from soak_load import RouteSwitcher, Subscriber, WrkRun  # noqa: E402


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("crosspoint", help="the crosspoint daemon to run")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (default 60)")
    parser.add_argument("--warmup", type=float, default=None, help="seconds before growth counts (default: a quarter)")
    parser.add_argument("--interval", type=float, default=None, help="seconds between samples (default: duration/30, 1-30)")
    parser.add_argument("--wrk-connections", type=int, default=8, help="connections of each wrk (default 8)")
    parser.add_argument("--subscribers", type=int, default=4, help="WebSocket subscribers coming and going (default 4)")
    parser.add_argument("--rss-tolerance-mb", type=float, default=24)
    parser.add_argument("--fd-tolerance", type=int, default=16)
    parser.add_argument("--thread-tolerance", type=int, default=2)
    parser.add_argument("--mbuf-tolerance", type=int, default=1024)
    parser.add_argument("--json", action="store_true", help="print the samples and the summary as JSON instead")
    arguments = parser.parse_args()
    if arguments.warmup is None:
        arguments.warmup = arguments.duration / 4
    if arguments.interval is None:
        arguments.interval = min(30.0, max(1.0, arguments.duration / 30))
    return arguments


def daemon_errors(log):
    """Lines the daemon logged at error level."""
    return [line for line in log.splitlines() if re.match(r"\S+Z error ", line)]


def soak(arguments):
    errors = []
    samples = []
    with RunningDaemon(arguments.crosspoint) as daemon:
        base = daemon.base_url
        pid = daemon.process.pid
        time.sleep(2)  # the replays start and PTP settles as grandmaster
        load_seconds = int(arguments.duration)
        wrk = [WrkRun("query", base + "/x-nmos/query/v1.3/senders", load_seconds, arguments.wrk_connections),
               WrkRun("node", base + "/x-nmos/node/v1.3/receivers", load_seconds, arguments.wrk_connections)]
        threads = [RouteSwitcher(base)] + [Subscriber(base, seed) for seed in range(arguments.subscribers)]
        started = time.monotonic()
        samples.append(take_sample(pid, base, started))
        for run in wrk:
            run.start()
        for thread in threads:
            thread.start()
        next_sample = started + arguments.interval
        while time.monotonic() < started + arguments.duration:
            time.sleep(max(0.0, min(next_sample, started + arguments.duration) - time.monotonic()))
            if daemon.process.poll() is not None:
                errors.append(f"the daemon exited with status {daemon.process.returncode}")
                break
            try:
                samples.append(take_sample(pid, base, started))
            except OSError as error:
                errors.append(f"sample at {time.monotonic() - started:.0f} s: {error}")
            next_sample += arguments.interval
        for thread in threads:
            thread.stop()
        wrk_results = [run.finish() for run in wrk]
        if daemon.process.poll() is None:
            # After the load: shown and used for the error counters, left out of the growth judgement.
            samples.append({**take_sample(pid, base, started), "after_load": True})
        log = daemon.log()

    routes = threads[0].summary()
    subscribers = {"sessions": sum(t.sessions for t in threads[1:]), "grains": sum(t.grains for t in threads[1:]),
                   "errors": [e for t in threads[1:] for e in t.errors]}
    for result in wrk_results:
        errors += result["errors"]
    errors += routes["errors"] + subscribers["errors"]
    first, last = samples[0], samples[-1]
    for counter in ("http_5xx", "http_refused", "mempool_exhausted"):
        if last[counter] > first[counter]:
            errors.append(f"{counter} rose by {last[counter] - first[counter]} during the soak")
    errors += [f"daemon log: {line}" for line in daemon_errors(log)]
    if routes["switches"] < arguments.duration * 0.8:
        errors.append(f"only {routes['switches']} route switches in {arguments.duration:.0f} s")
    if subscribers["sessions"] < arguments.subscribers:
        errors.append(f"only {subscribers['sessions']} subscriber sessions")
    tolerances = {"rss_mb": arguments.rss_tolerance_mb, "fds": arguments.fd_tolerance,
                  "threads": arguments.thread_tolerance, "mbufs": arguments.mbuf_tolerance}
    growth = judge_growth(samples, arguments.warmup, tolerances)
    if growth is None:
        errors.append("too few samples after the warm-up to judge growth")
    else:
        errors += [f"{key} grew by {v['growth']:.1f} (tolerance {v['tolerance']})" for key, v in growth.items() if not v["passed"]]
    return {"duration_s": arguments.duration, "warmup_s": arguments.warmup, "interval_s": arguments.interval,
            "samples": samples, "growth": growth, "wrk": wrk_results, "routes": routes, "subscribers": subscribers,
            "errors": errors, "passed": not errors}


def print_report(report):
    print(format_table(report["samples"]))
    print()
    print(f"soak of {report['duration_s']:.0f} s, warm-up {report['warmup_s']:.0f} s, a sample every {report['interval_s']:.0f} s")
    for result in report["wrk"]:
        p99 = f", p99 {result['p99_ms']:.1f} ms" if result["p99_ms"] is not None else ""
        print(f"  wrk {result['name']:<6} {result['url']}: {result['requests']} requests, "
              f"{result['requests_per_s']:.0f}/s{p99}")
    routes = report["routes"]
    if routes["switches"]:
        print(f"  route switches: {routes['switches']} (PATCH answered in median {routes['median_ms']:.0f} ms, "
              f"max {routes['max_ms']:.0f} ms)")
    else:
        print("  route switches: none")
    subscribers = report["subscribers"]
    print(f"  WebSocket subscriber sessions: {subscribers['sessions']}, grains received: {subscribers['grains']}")
    if report["growth"]:
        print("  growth after the warm-up (lowest of the last quarter - highest of the first):")
        for key in TRACKED:
            verdict = report["growth"][key]
            print(f"    {key:<8} {verdict['baseline']:>9.1f} -> {verdict['end']:>9.1f}  {verdict['growth']:>+8.1f} "
                  f"(tolerance {verdict['tolerance']}) {'ok' if verdict['passed'] else 'FAILED'}")
    for error in report["errors"]:
        print(f"  ERROR {error}")
    print("PASSED" if report["passed"] else f"FAILED: {len(report['errors'])} errors")


def main():
    arguments = parse_arguments()
    if shutil.which("wrk") is None:
        print("SKIP: wrk not found (Debian package wrk)")
        return 77
    report = soak(arguments)
    if arguments.json:
        print(json.dumps(report, indent=1))
    else:
        print_report(report)
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
