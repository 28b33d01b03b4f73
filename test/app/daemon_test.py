#!/usr/bin/python3
"""The crosspoint daemon end to end: it starts from a config file, routes a replayed capture to a recorded
output, serves the Node, Registration and Query APIs with its own node registered, refuses a bad config with
the offending key, and on SIGTERM deregisters and exits cleanly. With no config it runs the embedded default:
captures generated into its run folder, five video inputs, audio and ANC, outputs that follow them and
declare their ST 2110-21 pacing in their SDPs, and a bounded recording of the small video, audio and ANC
outputs, analyzed against those SDPs.

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

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from checks import check, failures, timing_check  # noqa: E402

CROSSPOINT, CAP, SOURCE = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
CAPTURES = SOURCE / "captures"
VALIDATE = SOURCE / "test" / "nmos" / "validate.py"


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
    config.write_text(json.dumps({"ports": [{"name": "a", "device": "net_null0"}]}))
    result = subprocess.run([CROSSPOINT, "--config", str(config), "--check-config", "--port", "b=net_null1"],
                            capture_output=True, text=True)
    check(result.returncode == 2 and "no port b (its ports: a)" in result.stderr,
          "--port naming a port the configuration lacks is refused, listing its ports: " + result.stderr.strip()[-80:])
    result = subprocess.run([CROSSPOINT, "--config", str(config), "--check-config", "--port", "a=net_ring0"],
                            capture_output=True, text=True)
    check(result.returncode == 0, "--port moves a configured port onto another device")
    result = subprocess.run([CROSSPOINT, "--config", str(config), "--check-config", "--port", "a=0000:3b:00.0"],
                            capture_output=True, text=True)
    check(result.returncode == 0 and "eal.no_pci, eal.no_huge false" in result.stderr,
          "--port onto a PCI address turns on the EAL's PCI probing and hugepages: " + result.stderr.strip()[-120:])


def wait_for_query_api(log_path, daemon, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline and daemon.poll() is None:
        match = re.search(r"Query API\s+(http://[0-9.]+:\d+)/", log_path.read_text())
        if match:
            return match.group(1)
        time.sleep(0.2)
    return None


def stop(daemon):
    daemon.send_signal(signal.SIGTERM)
    try:
        return daemon.wait(timeout=20)
    except subprocess.TimeoutExpired:
        daemon.kill()
        return None


def default_runs(work):
    printed = subprocess.run([CROSSPOINT, "--print-default-config"], capture_output=True, text=True)
    default = json.loads(printed.stdout)
    check("{run_dir}/sources.pcap" in printed.stdout and "{config_dir}/video_320x180p50.pcap" in printed.stdout,
          "--print-default-config shows the default with its {run_dir} and {config_dir} placeholders")

    run_dir = work / "run"
    log_path = work / "default.log"
    log_file = open(log_path, "w+")
    # 2 MB: the recording reaches its limit within the test, so the bound is exercised.
    daemon = subprocess.Popen([CROSSPOINT, "--nmos-port", "0", "--run-dir", str(run_dir), "--status-interval", "1",
                               "--record-limit-mb", "2"], stdout=log_file, stderr=subprocess.STDOUT)
    try:
        base = wait_for_query_api(log_path, daemon)
        log = log_path.read_text()
        check(base is not None, "the default starts and prints the URLs it serves")
        if base is None:
            print(log[-4000:])
            return
        check(f"Run folder       {run_dir}/" in log, "the default prints its run folder")
        generated = re.search(r"(\d+) flows \((\d+) packets, (\d+) MB\) generated in ([0-9.]+) s", log)
        check(generated is not None and int(generated.group(1)) == 7,
              "seven flows are generated at start: " + (generated.group(0) if generated else "none"))
        timing_check(generated is not None and float(generated.group(4)) < 5.0, "they are generated in well under 5 s")
        check((run_dir / "sources.pcap").stat().st_size > 0, "the generated sources.pcap is in the run folder")
        for name in ["camera-1", "camera-2", "camera-3", "remote-1", "remote-2", "audio-1", "anc-1"]:
            check((run_dir / f"{name}.sdp").exists(), f"{name}.sdp is in the run folder")

        senders = []
        deadline = time.time() + 20
        while time.time() < deadline and len(senders) < 6:
            status, senders = get_json(base + "/x-nmos/query/v1.3/senders")
            time.sleep(0.3)
        status, receivers = get_json(base + "/x-nmos/node/v1.3/receivers")
        status, flows = get_json(base + "/x-nmos/node/v1.3/flows")
        check(sorted(r["label"] for r in receivers) == sorted(i["label"] for i in default["inputs"]),
              "every default input is a receiver")
        check(sorted(s["label"] for s in senders) == sorted(o["label"] for o in default["outputs"]),
              "every default output is a sender, registered in the embedded registry")
        check(schema_violation("senders.json", senders) is None and schema_violation("receivers.json", receivers) is None,
              "the default's senders and receivers validate against the schemas")
        formats = {r["label"]: r["format"] for r in receivers}
        check(sum(f == "urn:x-nmos:format:video" for f in formats.values()) == 5
              and sum(f == "urn:x-nmos:format:audio" for f in formats.values()) == 1
              and sum(f == "urn:x-nmos:format:data" for f in formats.values()) == 1,
              "five video receivers, one audio, one data: " + str(sorted(formats.values())))
        rasters = sorted((f["frame_width"], f["frame_height"]) for f in flows if f["format"] == "urn:x-nmos:format:video")
        check(rasters == [(320, 180), (1280, 720), (1920, 1080), (1920, 1080)],
              f"video senders: two 1080p, one 720p, one 320x180 ({rasters})")
        check(sum(f["format"] == "urn:x-nmos:format:audio" for f in flows) == 1
              and sum(f["format"] == "urn:x-nmos:format:data" for f in flows) == 1, "an audio and a data sender")
        check(any(len(r["caps"].get("constraint_sets", [])) > 0 for r in receivers), "receivers carry their formats")
        # Every output's SDP (IS-05 transport file) declares the pacing the daemon gives it: video its TP (the
        # format's sender type) and the read offset it keeps (TROFF); taken now, before the recorded outputs go.
        transport_files = {}
        for sender in senders:
            output_id = next(o["id"] for o in default["outputs"] if o["label"] == sender["label"])
            with urllib.request.urlopen(f"{base}/x-nmos/connection/v1.1/single/senders/{sender['id']}/transportfile",
                                        timeout=5) as response:
                transport_files[output_id] = response.read().decode()
        for output in default["outputs"]:
            sdp = transport_files.get(output["id"], "")
            source = (output["sdp"].replace("{run_dir}", str(run_dir))
                      .replace("{config_dir}", str(CAPTURES)))
            declared = re.search(r"TP=(2110TP\w+)", pathlib.Path(source).read_text())
            if "raw/90000" in sdp:  # ST 2110-20 video (ANC, smpte291, is m=video too)
                check(declared is not None and f"TP={declared.group(1)}" in sdp and re.search(r"TROFF=\d+", sdp),
                      f"{output['id']}: its SDP declares its source format's sender type "
                      f"({declared.group(1) if declared else 'none'}) and TROFF")
            else:
                check(sdp.startswith("v=0") and "TP=" not in sdp, f"{output['id']}: an SDP, paced at packet time (no TP)")
        status, node = get_json(base + "/x-nmos/node/v1.3/self")
        check(any(c.get("ref_type") == "ptp" for c in node["clocks"]), "the node exposes its PTP clock")
        check(base.startswith("http://127.0.0.1:"), "the NMOS APIs listen on 127.0.0.1")

        # The routes armed at start carry packets: the dropped outputs' counters grow (status lines); the
        # recorded ones are checked on the recording.
        dropped = {o["id"] for o in default["outputs"] if o["legs"][0]["port"] == "out"}
        deadline = time.time() + 30
        moving = set()
        while time.time() < deadline and not dropped <= moving:
            time.sleep(1)
            for output, packets in re.findall(r"out (\S+) (\d+) pkts", log_path.read_text()):
                if int(packets) > 0:
                    moving.add(output)
        check(dropped == {"program", "preview", "aux"} and dropped <= moving,
              f"program, preview and aux follow their cameras from the start ({sorted(moving)})")
        deadline = time.time() + 30
        while time.time() < deadline and "recorded outputs are removed" not in log_path.read_text():
            time.sleep(0.5)
        check("its 3 recorded outputs are removed" in log_path.read_text(),
              "the recording stops at --record-limit-mb, removing the three recorded outputs")
        size = (run_dir / "recording.pcap").stat().st_size
        time.sleep(2)
        check((run_dir / "recording.pcap").stat().st_size == size and size < 12 * 2**20,
              f"the recording then stays bounded ({size >> 20} MB)")
    finally:
        code = stop(daemon)
    check(code == 0, f"SIGTERM stops the default cleanly (exit {code})")

    report = subprocess.run([CAP, "analyze", str(run_dir / "recording.pcap"), "--json"], capture_output=True, text=True)
    recorded = {f["destination"]: f for f in json.loads(report.stdout).get("flows", [])} if report.stdout else {}
    check(sorted(recorded) == ["239.200.4.1:5004", "239.200.5.1:5004", "239.200.6.1:5004"],
          f"the recording holds the monitor, audio-monitor and anc-monitor outputs only ({sorted(recorded)})")
    monitor = recorded.get("239.200.4.1:5004", {})
    check(monitor.get("ssrc") == 1004 and monitor.get("width") == 320 and monitor.get("frames", 0) >= 2
          and monitor.get("sequence_errors") == 0,
          "monitor: proxy-1's 320x180 frames under the output's SSRC, sequence continuous")
    check(recorded.get("239.200.5.1:5004", {}).get("media_type") == "audio"
          and recorded.get("239.200.5.1:5004", {}).get("ssrc") == 1005, "audio-monitor: audio-1's audio")
    check(recorded.get("239.200.6.1:5004", {}).get("media_type") == "ancillary"
          and recorded.get("239.200.6.1:5004", {}).get("ssrc") == 1006, "anc-monitor: anc-1's ancillary data")
    recorded_outputs_comply(work, run_dir, transport_files, log_path.read_text())
    if failures:
        print(log_path.read_text()[-4000:])


def longest_stall_ms(log, threads):
    """The longest time any of `threads` lost its core, as the daemon's status warnings report it (README
    "Real-time threads"); 0 when none stalled over 1 ms."""
    longest = 0.0
    for thread in threads:
        for value in re.findall(re.escape(thread) + r" lost its core for more than 1 ms .*?the longest ([0-9.]+) ms", log):
            longest = max(longest, float(value))
    return longest


def recorded_outputs_comply(work, run_dir, transport_files, log):
    """The recorded outputs analyzed against their own SDPs, as a receiver would take them: the monitor paced
    on its declared class's schedule (RTP timestamps on the frame's epoch, within the class's Cinst; on a shared
    machine a stalled thread makes packets late, so wide is asserted and the narrow figures are printed), frames
    whole and in sequence; the audio within its TS-DF limit; the ANC whole."""
    flows = {}
    for output, destination in (("monitor", "239.200.4.1:5004"), ("audio-monitor", "239.200.5.1:5004"),
                                ("anc-monitor", "239.200.6.1:5004")):
        sdp = work / f"{output}.sdp"
        sdp.write_text(transport_files.get(output, ""))
        # net_pcap stamps UTC (its probe's time plus TSC cycles; DPDK's rounded TSC rate moves a packet by a few
        # hundred microseconds over these short recordings); PTP time is TAI.
        report = subprocess.run([CAP, "analyze", str(run_dir / "recording.pcap"), "--utc", "--sdp", str(sdp), "--json"],
                                capture_output=True, text=True)
        found = [f for f in json.loads(report.stdout or "{}").get("flows", []) if f["destination"] == destination]
        flows[output] = found[0] if found else {}
    monitor = flows["monitor"]
    timing = monitor.get("st2110_21", {})
    offset = timing.get("rtp_minus_epoch_ticks", {})
    declared = re.search(r"TP=2110TP(\w+)", transport_files.get("monitor", ""))
    print(f"monitor (declares {declared.group(0) if declared else 'no TP'}): class {timing.get('class')}, Cinst max "
          f"{timing.get('cmax')} (narrow limit {timing.get('cmax_limit_narrow')}, wide {timing.get('cmax_limit_wide')}), "
          f"VRX {timing.get('vrx_min')}..{timing.get('vrx_max')} (narrow full {timing.get('vrx_full_narrow')}, wide "
          f"{timing.get('vrx_full_wide')}), RTP - epoch {offset.get('min')}..{offset.get('max')} ticks (limit "
          f"{offset.get('limit')}), {timing.get('frames_measured')} frames measured, {monitor.get('frames')} frames, "
          f"{monitor.get('incomplete_frames')} incomplete")
    check(declared is not None and declared.group(1) == "N", "the monitor declares narrow (TP=2110TPN)")
    timing_check(offset.get("within_limit") is True, "monitor: RTP timestamps on their frames' epochs, within the TRO limits")
    timing_check(timing.get("cmax", 99) <= timing.get("cmax_limit_wide", 0),
          "monitor: Cinst within wide, the margin a shared machine can prove for a narrow sender")
    timing_check(timing.get("class") in ("narrow", "narrow_linear", "wide") or timing.get("vrx_min", -1) < 0,
          "monitor: compliant, or only late (VRX below 0 after a stalled thread), never bursting")
    check(monitor.get("sequence_errors") == 0 and monitor.get("frames", 0) >= 5
          and monitor.get("incomplete_frames", 99) <= 1,
          "monitor: frames whole and in sequence (the recording may cut the last)")
    audio = flows["audio-monitor"].get("audio", flows["audio-monitor"])
    ts_df = audio.get("ts_df", {})
    print(f"audio-monitor: TS-DF {ts_df.get('max_us')} us (limit {ts_df.get('limit_us')}), "
          f"{ts_df.get('windows')} windows")
    # A packet held while its replay or the worker was off its core arrives that much late: TS-DF may exceed its
    # limit by the longest stall the daemon reported, and no more (as engine_pacing allows RTP offsets).
    stall_ms = longest_stall_ms(log, ("worker 0", "replay replay"))
    timing_check(ts_df.get("within_limit") is True or
                 (ts_df.get("max_us") is not None and ts_df["max_us"] <= ts_df.get("limit_us", 0) + stall_ms * 1000),
                 f"audio-monitor: TS-DF within its limit (ST 2110-21 for audio), or over it by no more than the longest "
                 f"stall of audio-1's replay or the worker ({stall_ms} ms)")
    anc = flows["anc-monitor"]
    check(anc.get("sequence_errors") == 0 and anc.get("packets", 0) > 0, "anc-monitor: in sequence")


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
        # The replay runs 8 frames at 50 Hz (0.16 s; longer on a loaded machine); the status lines count them.
        deadline = time.time() + 15
        while time.time() < deadline and not re.search(r"out pgm \d+ pkts 8 frames", (work / "daemon.log").read_text()):
            time.sleep(0.5)
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
    default_runs(work)


if __name__ == "__main__":
    main()
    print(f"{len(failures)} failed")
    sys.exit(1 if failures else 0)
