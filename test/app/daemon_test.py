#!/usr/bin/python3
"""The crosspoint daemon end to end: it starts from a config file, routes a replayed capture to a recorded
output, serves the Node, Registration and Query APIs with its own node registered, refuses a bad config with
the offending key, and on SIGTERM deregisters and exits cleanly.

  daemon_test.py CROSSPOINT CROSSPOINT_CAP SOURCE_DIR
"""
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

CROSSPOINT, CAP, SOURCE = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
CAPTURES = SOURCE / "captures"
VALIDATE = SOURCE / "test" / "nmos" / "validate.py"
failures = []


def check(condition, what):
    print(("ok      " if condition else "FAILED  ") + what, flush=True)
    if not condition:
        failures.append(what)


def get_json(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, json.load(response)


def schema_violation(schema, document):
    result = subprocess.run(["/usr/bin/python3", str(VALIDATE), schema], input=json.dumps(document),
                            capture_output=True, text=True)
    return None if result.returncode == 0 else (result.stdout + result.stderr).strip()


def bad_config_is_refused(work):
    config = work / "bad.json"
    config.write_text(json.dumps({"inputs": [{"id": "a", "legs": [{"port": "p", "destination": "239.1.1",
                                                                     "udp_port": 5004}]}]}))
    result = subprocess.run([CROSSPOINT, "--config", str(config), "--check-config"], capture_output=True, text=True)
    check(result.returncode == 2, "a bad config exits with status 2")
    check("inputs[0].legs[0].destination" in result.stderr, "the error names the offending key: " + result.stderr.strip()[-120:])
    config.write_text(json.dumps({"ptp": {"log_sync_interval": 0}, "nmos": {"enabled": False}}))
    result = subprocess.run([CROSSPOINT, "--config", str(config)], capture_output=True, text=True, timeout=30)
    check(result.returncode != 0 and "logSyncInterval" in result.stderr,
          "a PTP value outside the ST 2059-2 profile stops the start-up with the reason")


def main():
    work = pathlib.Path(tempfile.mkdtemp(prefix="crosspoint-daemon-"))
    bad_config_is_refused(work)

    recorded = work / "program.pcap"
    config = {
        "workers": {"idle_sleep_us": 100},
        "ports": [
            {"name": "in", "device": f"replay:replay_dt,file={CAPTURES}/video_320x180p50.pcap,paced",
             "ipv4": "192.0.2.10",
             "attached_network_device": {"chassis_id": "aa:bb:cc:00:11:22", "port_id": "Ethernet1/7"}},
            {"name": "out", "device": f"net_pcap_dt,tx_pcap={recorded}", "ipv4": "192.0.2.11"},
        ],
        "inputs": [{"id": "cam", "label": "Camera", "sdp": str(CAPTURES / "video_320x180p50.sdp"),
                    "legs": [{"port": "in", "destination": "239.100.0.1", "udp_port": 5004}]}],
        "outputs": [{"id": "pgm", "label": "Programme", "sdp": str(CAPTURES / "video_320x180p50.sdp"),
                     "group_hint": "Studio 1:Programme", "ssrc": 4660,
                     "legs": [{"port": "out", "destination": "239.200.0.9", "destination_port": 5010}]}],
        "routes": {"pgm": "cam"},
        "ptp": {"enabled": True, "interface": "lo", "domain": 99},
        "nmos": {"port": 0, "heartbeat_interval_s": 1, "seed": "daemon-test", "asset": {"manufacturer": "Acme"}},
    }
    config_file = work / "crosspoint.json"
    config_file.write_text(json.dumps(config))
    log_file = open(work / "daemon.log", "w+")
    daemon = subprocess.Popen([CROSSPOINT, "--config", str(config_file), "--status-interval", "1"],
                              stdout=log_file, stderr=subprocess.STDOUT)
    try:
        base = None
        deadline = time.time() + 60
        while time.time() < deadline and base is None and daemon.poll() is None:
            time.sleep(0.2)
            match = re.search(r"Query API\s+(http://[0-9.]+:\d+)/", (work / "daemon.log").read_text())
            base = match.group(1) if match else None
        check(base is not None, "the daemon prints the URLs it serves")
        if base is None:
            print((work / "daemon.log").read_text())
            return
        senders = []
        deadline = time.time() + 15
        while time.time() < deadline and not senders:
            status, senders = get_json(base + "/x-nmos/query/v1.3/senders")
            time.sleep(0.3)
        check(len(senders) == 1 and senders[0]["label"] == "Programme", "its sender is registered in the embedded registry")
        check(schema_violation("senders.json", senders) is None, "the Query API's senders validate against senders.json")
        status, receivers = get_json(base + "/x-nmos/query/v1.3/receivers")
        check([r["label"] for r in receivers] == ["Camera"], "its receiver is registered")
        check(schema_violation("receivers.json", receivers) is None, "receivers validate against receivers.json")
        check(receivers[0]["tags"].get("urn:x-nmos:tag:grouphint/v1.0") == ["Camera:Video"],
              "the receiver's BCP-002-01 group hint defaults to its label and media")
        check(senders[0]["tags"].get("urn:x-nmos:tag:grouphint/v1.0") == ["Studio 1:Programme"],
              "the sender carries its configured group hint")
        status, flows = get_json(base + "/x-nmos/node/v1.3/flows")
        video = [f for f in flows if f.get("format") == "urn:x-nmos:format:video"]
        check(len(video) == 1 and video[0]["frame_width"] == 320 and video[0]["frame_height"] == 180,
              "the Node API's flow carries the SDP's geometry")
        status, node = get_json(base + "/x-nmos/node/v1.3/self")
        check(schema_violation("node.json", node) is None, "the node validates against node.json")
        check(any(c.get("ref_type") == "ptp" for c in node["clocks"]), "the node exposes its PTP clock")
        check(node["tags"].get("urn:x-nmos:tag:asset:instance-id/v1.0") == ["daemon-test"]
              and node["tags"].get("urn:x-nmos:tag:asset:manufacturer/v1.0") == ["Acme"],
              "the node's BCP-002-02 tags come from nmos.asset, the instance id from the seed")
        interfaces = {i["name"]: i for i in node["interfaces"]}
        check(interfaces.get("in", {}).get("attached_network_device") == {"chassis_id": "aa-bb-cc-00-11-22",
                                                                         "port_id": "Ethernet1/7"},
              "the configured attached_network_device is on its interface")
        time.sleep(2.5)  # the replay runs 8 frames at 50 Hz; the status lines count them
    finally:
        daemon.send_signal(signal.SIGTERM)
        try:
            code = daemon.wait(timeout=20)
        except subprocess.TimeoutExpired:
            daemon.kill()
            code = None
    log = (work / "daemon.log").read_text()
    check(code == 0, f"SIGTERM stops the daemon cleanly (exit {code})")
    check("deregistered" in log, "on shutdown the node deregisters")

    report = subprocess.run([CAP, "analyze", str(recorded), "--json"], capture_output=True, text=True)
    flows = json.loads(report.stdout).get("flows", []) if report.stdout else []
    check(len(flows) == 1 and flows[0]["destination"] == "239.200.0.9:5010" and flows[0]["ssrc"] == 4660,
          "the recorded output is the routed flow, rewritten to the output's address and SSRC")
    check(bool(flows) and flows[0]["frames"] >= 7 and flows[0]["sequence_errors"] == 0,
          f"the output carries the input's frames with a continuous sequence ({flows[0]['frames'] if flows else 0} frames)")
    if failures:
        print(log[-4000:])


if __name__ == "__main__":
    main()
    print(f"{len(failures)} failed")
    sys.exit(1 if failures else 0)
