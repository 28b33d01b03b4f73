#!/usr/bin/python3
"""The embedded default's full-size outputs measured on the wire: the daemon runs its default with the `out`
port (program, preview and aux; net_null otherwise) moved onto net_af_packet over a veth pair into a network
namespace (`--port out=net_af_packet0,iface=...`), tcpdump records them there with nanosecond times (headers
only, one output at a time by its destination), and crosspoint-cap analyze --utc judges each against the
transport file its IS-05 sender serves: the ST 2110-21 class measured against the one it declares (TP=).

Each output alone first, the other two stopped by IS-05 (master_enable false), then the three together (the
default as it runs). Beside each figure: the pace stage's late packets and the engine's threads that
lost their core for over a millisecond (README "Real-time threads") in that window. Needs root (a network
namespace), ip and tcpdump; exits 77 without them, 1 when an output measured alone is not compliant in the
class it declares.

  default_outputs.py CROSSPOINT CROSSPOINT_CAP [--seconds S] [--keep DIR] [--json]
"""
import argparse
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "test" / "app"))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "soak"))
from resource_samples import scrape  # noqa: E402  (the soak's /metrics reader: {"name{labels}": value})
from running_daemon import RunningDaemon  # noqa: E402

FULL_SIZE = {"program": "239.200.1.1", "preview": "239.200.2.1", "aux": "239.200.3.1"}


class VethNamespace:
    """A namespace holding one end of a veth pair; the other end stays here for the daemon's af_packet port."""

    def __init__(self):
        tag = str(os.getpid())
        self.ns, self.outside, self.inside = f"xp-pace-{tag}", f"xpo{tag}", f"xpi{tag}"

    def __enter__(self):
        for command in (f"ip netns add {self.ns}", f"ip link add {self.outside} type veth peer name {self.inside}",
                        f"ip link set {self.inside} netns {self.ns}", f"ip -n {self.ns} link set {self.inside} up",
                        f"ip link set {self.outside} up"):
            subprocess.run(command.split(), check=True, capture_output=True)
        return self

    def __exit__(self, *exc):
        subprocess.run(f"ip link del {self.outside}".split(), capture_output=True)
        subprocess.run(f"ip netns del {self.ns}".split(), capture_output=True)
        return False


class Recording:
    """tcpdump in the namespace, one output's packets (headers only: the analysis needs no payload)."""

    def __init__(self, veth, path, destination):
        self.path = path
        self.process = subprocess.Popen(
            # On the main lcore's CPU, never the worker's: a recorder the FIFO worker starved was given its CPU by
            # the kernel's fair server 50 ms at a time, worker stalls that were the measurement's own.
            ["taskset", "-c", "0", "ip", "netns", "exec", veth.ns, "tcpdump", "-i", veth.inside, "-s", "128", "-B", "32768",
             "--time-stamp-precision", "nano", "-w", str(path), "udp", "and", "dst", "host", destination],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def stop(self):
        self.process.send_signal(signal.SIGINT)
        _, errors = self.process.communicate(timeout=20)
        dropped = re.search(r"(\d+) packets dropped by kernel", errors)
        return int(dropped.group(1)) if dropped else None


def without_start(path, records=2000):
    """The recording less its first records (about 20 ms of one output): libpcap drops a few packets while it
    sets its filter on the running socket, a sequence gap at the start that is the recorder's, not the
    output's."""
    data = path.read_bytes()
    at = 24  # the file header
    for _ in range(records):
        if at + 16 > len(data):
            break
        at += 16 + int.from_bytes(data[at + 8:at + 12], "little")
    trimmed = path.with_suffix(".trimmed.pcap")
    trimmed.write_bytes(data[:24] + data[at:])
    return trimmed


def get(url):
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.read().decode()


def patch(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="PATCH",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.status


def window_figures(before, after):
    """Per output: packets its pace stage sent late and packets it dropped (any reason); per thread: stalls
    over 1 ms in the window and the longest since the start; the out port's transmit errors and drops."""
    def summed(name, label):
        totals = {}
        for sample, value in after.items():
            match = re.search(label + r'="([^"]+)"', sample)
            if sample.startswith(name + "{") and match:
                totals[match.group(1)] = totals.get(match.group(1), 0) + value - before.get(sample, 0)
        return totals

    late = summed("crosspoint_output_pacing_late_packets_total", "output")
    dropped = summed("crosspoint_output_dropped_packets_total", "output")
    port = {"tx_errors": summed("crosspoint_port_device_tx_errors_total", "port").get("out", 0),
            "dropped": summed("crosspoint_port_dropped_packets_total", "port").get("out", 0)}
    stalls = summed("crosspoint_engine_thread_stalls_total", "thread")
    longest = {re.search(r'thread="([^"]+)"', sample).group(1): value for sample, value in after.items()
               if sample.startswith("crosspoint_engine_thread_stall_max_seconds{")}
    threads = {name: {"stalls": stalls[name], "longest_ms": longest.get(name, 0) * 1e3} for name in stalls}
    return late, dropped, port, threads


def analyze(cap, pcap, sdp_text, work, output):
    sdp = work / f"{output}.sdp"
    sdp.write_text(sdp_text)
    report = subprocess.run([cap, "analyze", str(without_start(pcap)), "--utc", "--sdp", str(sdp), "--json"], capture_output=True,
                            text=True)
    flows = json.loads(report.stdout or "{}").get("flows", [])
    if not flows:
        return {"class": "no packets"}
    flow, timing = flows[0], flows[0].get("st2110_21", {})
    offset = timing.get("rtp_minus_epoch_ticks", {})
    declared = re.search(r"TP=2110TP(\w+)", sdp_text)
    return {"declared": {"N": "narrow", "NL": "narrow_linear", "W": "wide"}.get(declared.group(1)) if declared else None,
            "class": timing.get("class"), "cmax": timing.get("cmax"), "cmax_limit_narrow": timing.get("cmax_limit_narrow"),
            "cmax_limit_wide": timing.get("cmax_limit_wide"), "vrx": [timing.get("vrx_min"), timing.get("vrx_max")],
            "vrx_full_narrow": timing.get("vrx_full_narrow"), "vrx_full_wide": timing.get("vrx_full_wide"),
            "rtp_minus_epoch": [offset.get("min"), offset.get("max")], "rtp_limit": offset.get("limit"),
            "frames": flow.get("frames"), "packets": flow.get("packets"), "sequence_errors": flow.get("sequence_errors")}


# The classes a measured class satisfies: the analyzer names the tightest the flow passes.
SATISFIES = {"narrow": {"narrow", "narrow_linear", "wide"}, "narrow_linear": {"narrow_linear", "wide"}, "wide": {"wide"}}


def complies(figures):
    return figures.get("declared") in SATISFIES.get(figures.get("class"), set())


def measure(daemon, veth, cap, work, outputs, seconds, sdps, phase, keep):
    recordings = {o: Recording(veth, work / f"{phase}-{o}.pcap", FULL_SIZE[o]) for o in outputs}
    time.sleep(1)  # tcpdump listening
    before = scrape(daemon.base_url)
    time.sleep(seconds)
    after = scrape(daemon.base_url)
    dropped = {o: r.stop() for o, r in recordings.items()}
    late, engine_dropped, port, threads = window_figures(before, after)
    rows = []
    for output in outputs:
        figures = analyze(cap, recordings[output].path, sdps[output], work, output)
        figures.update({"phase": phase, "output": output, "recorder_dropped": dropped[output],
                        "late_packets": late.get(output), "engine_dropped": engine_dropped.get(output, 0),
                        "compliant": complies(figures)})
        rows.append(figures)
        if keep:
            shutil.copy(recordings[output].path, keep)
            shutil.copy(work / f"{output}.sdp", keep)
        recordings[output].path.unlink(missing_ok=True)
        recordings[output].path.with_suffix(".trimmed.pcap").unlink(missing_ok=True)
    return rows, threads, port


def print_rows(rows, threads, port):
    for row in rows:
        print(f"{row['phase']:>8} {row['output']:<8} declares {row.get('declared')}, measured {row.get('class')}: "
              f"Cmax {row.get('cmax')} (narrow {row.get('cmax_limit_narrow')}, wide {row.get('cmax_limit_wide')}), "
              f"VRX {row.get('vrx')} (full narrow {row.get('vrx_full_narrow')}, wide {row.get('vrx_full_wide')}), "
              f"RTP - epoch {row.get('rtp_minus_epoch')} ticks (limit {row.get('rtp_limit')}), {row.get('frames')} frames, "
              f"{row.get('sequence_errors')} sequence errors, {row.get('late_packets'):.0f} sent late, "
              f"dropped by the engine {row.get('engine_dropped'):.0f}, by the recorder {row.get('recorder_dropped')}")
    print("         threads: " + "; ".join(f"{name} {t['stalls']:.0f} stalls over 1 ms (longest so far {t['longest_ms']:.1f} ms)"
                                          for name, t in threads.items()) +
          f"; out port: {port['tx_errors']:.0f} transmit errors, {port['dropped']:.0f} dropped")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("crosspoint")
    parser.add_argument("cap", help="crosspoint-cap")
    parser.add_argument("--seconds", type=float, default=8, help="seconds recorded per window (default 8)")
    parser.add_argument("--device", default="net_af_packet0,iface={iface},qdisc_bypass=1",
                        help="the out port's device, {iface} the veth's end (default %(default)s)")
    parser.add_argument("--keep", type=pathlib.Path, help="keep the recordings (headers only) and SDPs in this folder")
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args()
    if os.geteuid() != 0 or not shutil.which("ip") or not shutil.which("tcpdump"):
        print("SKIP: needs root (a network namespace and a veth pair), ip and tcpdump")
        return 77
    with tempfile.TemporaryDirectory(prefix="crosspoint-pacing-") as scratch, VethNamespace() as veth:
        work = pathlib.Path(scratch)
        if arguments.keep:
            arguments.keep.mkdir(parents=True, exist_ok=True)
        with RunningDaemon(arguments.crosspoint, ["--port", "out=" + arguments.device.format(iface=veth.outside)]) as daemon:
            senders = {s["label"].split(" ")[0].lower(): s["id"]
                       for s in json.loads(get(daemon.base_url + "/x-nmos/node/v1.3/senders"))}
            connection = daemon.base_url + "/x-nmos/connection/v1.1/single/senders/"
            sdps = {o: get(connection + senders[o] + "/transportfile") for o in FULL_SIZE}
            time.sleep(2)  # past the first frames
            results = []
            # Each alone first, then together: an engine that cannot keep up with all three leaves a backlog.
            for alone in list(FULL_SIZE) + [None]:
                for other in FULL_SIZE:
                    patch(connection + senders[other] + "/staged",
                          {"master_enable": alone in (None, other), "activation": {"mode": "activate_immediate"}})
                time.sleep(2)
                rows, threads, port = measure(daemon, veth, arguments.cap, work, [alone] if alone else list(FULL_SIZE),
                                              arguments.seconds, sdps, "alone" if alone else "together", arguments.keep)
                results.append({"rows": rows, "threads": threads, "out_port": port})
    if arguments.json:
        print(json.dumps(results, indent=2))
    else:
        for result in results:
            print_rows(result["rows"], result["threads"], result["out_port"])
    return 0 if all(row["compliant"] for result in results if result["rows"][0]["phase"] == "alone"
                    for row in result["rows"]) else 1


if __name__ == "__main__":
    sys.exit(main())
