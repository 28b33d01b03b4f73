#!/usr/bin/python3
"""Faults at start-up: a config file that is missing or not JSON, an SDP file that is missing or not SDP, a
replay pcap that is missing, not a pcap or cut short, a port whose device cannot start, an NMOS port already
taken. Each time the daemon exits on its own with a non-zero status (never a signal: no crash), within a
bound (no half-started daemon left running), and its error names the cause: the key, the file, the port.
(daemon_test.py covers a bad value naming its key and a PTP value outside the profile.)

  daemon_faults_test.py CROSSPOINT SOURCE_DIR
"""
import json
import pathlib
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from checks import check, failures  # noqa: E402

CROSSPOINT, SOURCE = sys.argv[1], pathlib.Path(sys.argv[2]).resolve()
CAPTURES = SOURCE / "captures"


def config(work, **changes):
    """A small working configuration (one replayed input routed to a dropped output, no PTP, NMOS on any
    port), with `changes` applied as (key -> value) on the top level or through `mutate`."""
    document = {
        "eal": {"cores": "0-1", "memory_mb": 256, "no_huge": True, "no_pci": True},
        "ports": [
            {"name": "in", "device": f"replay:replay_faults,file={CAPTURES}/video_320x180p50.pcap,paced,loop",
             "ipv4": "192.0.2.10"},
            {"name": "out", "device": "net_null0,no-rx=1", "ipv4": "192.0.2.11"},
        ],
        "inputs": [{"id": "cam", "label": "Camera", "sdp": str(CAPTURES / "video_320x180p50.sdp"),
                    "legs": [{"port": "in", "destination": "239.100.0.1", "udp_port": 5004}]}],
        "outputs": [{"id": "pgm", "label": "Programme", "sdp": str(CAPTURES / "video_320x180p50.sdp"),
                     "legs": [{"port": "out", "destination": "239.200.0.9", "destination_port": 5010}]}],
        "routes": {"pgm": "cam"},
        "ptp": {"enabled": False},
        "nmos": {"port": 0},
    }
    mutate = changes.pop("mutate", None)
    document.update(changes)
    if mutate:
        mutate(document)
    path = work / "crosspoint.json"
    path.write_text(json.dumps(document))
    return path


def run(args, timeout=60):
    """(exit status, stderr+stdout) of the daemon, which must exit by itself within `timeout` seconds."""
    try:
        result = subprocess.run([CROSSPOINT, *map(str, args)], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as expired:
        return None, (expired.stdout or "") + (expired.stderr or "")
    return result.returncode, result.stderr + result.stdout


def refused(case, args, *causes, status=None):
    """The daemon, started with `args`, exits by itself with a non-zero status (`status` when given), not by a
    signal, and its output names every one of `causes`."""
    code, output = run(args)
    if code is None:
        check(False, f"{case}: the daemon exits by itself (it was still running after 60 s: half-started)")
        return
    crashed = code < 0 or "Segmentation fault" in output or "AddressSanitizer" in output or "terminate called" in output
    check(code != 0 and not crashed and (status is None or code == status),
          f"{case}: the daemon exits with status {code}" + (f" (expected {status})" if status else "")
          + (", crashed" if crashed else ""))
    last_error = next((line for line in reversed(output.splitlines()) if " error " in line), output.strip()[-200:])
    missing = [cause for cause in causes if cause not in output]
    check(not missing, f"{case}: the error names {', '.join(map(repr, causes))}: {last_error.strip()[:240]}"
                       + (f" (missing {missing})" if missing else ""))
    check("Node API" not in output, f"{case}: nothing was served (no half-started daemon)")


def main():
    work = pathlib.Path(tempfile.mkdtemp(prefix="crosspoint-faults-"))

    missing = work / "no-such-config.json"
    refused("a config file that does not exist", ["--config", missing], str(missing), "cannot be read", status=2)

    not_json = work / "broken.json"
    not_json.write_text('{"ports": [ {"name": "in", ')
    refused("a config file that is not JSON", ["--config", not_json], str(not_json), "not JSON", status=2)

    def input_sdp(path):
        return lambda document: document["inputs"][0].update(sdp=str(path))

    no_sdp = work / "missing.sdp"
    refused("an input's SDP file that does not exist", ["--config", config(work, mutate=input_sdp(no_sdp))],
            "inputs[0].sdp", str(no_sdp), status=2)

    bad_sdp = work / "bad.sdp"
    bad_sdp.write_text("this is not a session description\n")
    refused("an SDP file that is not SDP", ["--config", config(work, mutate=input_sdp(bad_sdp))],
            "inputs[0].sdp", str(bad_sdp), status=2)

    no_video = work / "no-media.sdp"
    no_video.write_text("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=empty\r\nt=0 0\r\n")
    refused("an SDP file without a media section", ["--config", config(work, mutate=input_sdp(no_video))],
            "inputs[0].sdp", "no media (m=) sections", status=2)

    def replay_file(path):
        return lambda document: document["ports"][0].update(device=f"replay:replay_faults,file={path},paced,loop")

    no_pcap = work / "missing.pcap"
    refused("a replay pcap that does not exist", ["--config", config(work, mutate=replay_file(no_pcap))],
            str(no_pcap), status=1)

    not_pcap = work / "noise.pcap"
    not_pcap.write_bytes(bytes(range(256)) * 16)
    refused("a replay pcap that is not a pcap", ["--config", config(work, mutate=replay_file(not_pcap))],
            str(not_pcap), status=1)

    truncated = work / "truncated.pcap"
    truncated.write_bytes((CAPTURES / "video_320x180p50.pcap").read_bytes()[:24 + 16 + 100])
    refused("a replay pcap cut short in its first packet", ["--config", config(work, mutate=replay_file(truncated))],
            str(truncated), status=1)

    def out_device(device):
        return lambda document: document["ports"][1].update(device=device)

    refused("a port whose device driver does not exist",
            ["--config", config(work, mutate=out_device("net_nosuchdriver0"))], "out", "net_nosuchdriver0", status=1)
    refused("a port whose device cannot open its interface",
            ["--config", config(work, mutate=out_device("net_pcap_faults,iface=nosuchif0"))], "out", status=1)

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        refused("an NMOS port already taken",
                ["--config", config(work, mutate=lambda d: d["nmos"].update(port=port))],
                f"127.0.0.1:{port}", "in use", status=1)

    print(f"{len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
