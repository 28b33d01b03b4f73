#!/usr/bin/python3
"""GET /metrics on the running daemon (embedded default): Prometheus's own `promtool check metrics` accepts it,
and it carries the engine, route, PTP, registry, registration and HTTP families with live values.

  metrics_live_test.py CROSSPOINT
"""
import pathlib
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, __file__.rsplit("/", 1)[0])
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "tools" / "soak"))
from checks import check, verdict  # noqa: E402
from resource_samples import parse_exposition  # noqa: E402  (the soak's exposition reader)
from running_daemon import RunningDaemon  # noqa: E402

CROSSPOINT = sys.argv[1]


def scrape(base_url):
    with urllib.request.urlopen(base_url + "/metrics", timeout=5) as response:
        return response.headers.get("Content-Type", ""), response.read().decode()


def main():
    promtool = shutil.which("promtool")
    if promtool is None:
        print("SKIP: promtool not found (Debian package prometheus)")
        return 77
    with RunningDaemon(CROSSPOINT) as daemon:
        try:
            urllib.request.urlopen(daemon.base_url + "/no-such-path", timeout=5)
        except urllib.error.HTTPError as error:
            check(error.code == 404, "an unknown path is answered 404")
        time.sleep(2)  # the replay runs and PTP settles as grandmaster
        content_type, first = scrape(daemon.base_url)
        time.sleep(1.5)
        _, text = scrape(daemon.base_url)
    check(content_type.startswith("text/plain; version=0.0.4"), "served as text exposition 0.0.4: " + content_type)
    linted = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True, text=True)
    lint_output = (linted.stdout + linted.stderr).strip()
    check(linted.returncode == 0, "promtool check metrics accepts it" + (": " + lint_output if lint_output else ""))
    before, now = parse_exposition(first), parse_exposition(text)
    check(all(name.startswith("crosspoint_") for name in now), "every metric is named crosspoint_*")
    camera = 'crosspoint_input_packets_total{input="camera-1"}'
    check(now.get(camera, 0) > before.get(camera, 0) > 0, "the replayed input's packet counter grows between scrapes")
    check(now.get('crosspoint_output_route_input{output="program",input="camera-1"}') == 1,
          "the default route program <- camera-1 is the current one")
    check(now.get('crosspoint_output_route_landings_total{output="program"}', 0) >= 1, "its landing is counted")
    check(any(re.match(r'crosspoint_input_leg_recovered_packets_total\{input="[^"]+",leg="1",port="[^"]+"\}', k)
              for k in now), "the ST 2022-7 input has per-leg counters")
    check(any(k.startswith("crosspoint_port_dropped_packets_total{") and 'reason="unmatched_flow"' in k for k in now),
          "drops are labelled by reason")
    check(now.get('crosspoint_ptp_port_state{state="MASTER"}') == 1, "PTP runs as the free-running grandmaster")
    check("crosspoint_ptp_offset_from_master_seconds" in now and "crosspoint_ptp_mean_path_delay_seconds" in now,
          "PTP offset and path delay are exposed in seconds")
    check(now.get("crosspoint_ptp_locked") in (0, 1), "PTP lock is a 0/1 gauge")
    check(now.get('crosspoint_registry_resources{type="nodes"}') == 1 and
          now.get('crosspoint_registry_resources{type="senders"}', 0) >= 6,
          "the embedded registry holds the node and its senders")
    check(now.get("crosspoint_nmos_registered") == 1, "the node is registered")
    check(now.get('crosspoint_http_responses_total{code="404"}', 0) >= 1, "the 404 is counted by status")
    check(now.get('crosspoint_http_responses_total{code="200"}', 0) >= 1, "so are the 200s")
    return verdict()


sys.exit(main())
