#!/usr/bin/env python3
"""The PTP grandmaster disappears: crosspoint holds over, reports it, takes the next best master and locks
again, and switches scheduled at PTP times still land on the right frame.

On a bridge in network namespaces (interop.py's): ptp4l A (priority1 120), ptp4l B (priority1 130) and
ptp_switch_probe (a slave-only crosspoint clock driving an engine, two flows of 20 ms frames on CLOCK_REALTIME).
Once crosspoint is locked to A, A is killed. Checked: crosspoint holds over (status holdover, unlocked, what
IS-04 reads unlocked) with its time error against CLOCK_REALTIME bounded while no master adjusts it; B takes
over by BMCA and crosspoint follows it and locks again; the switch armed before the loss (landing during it)
and the one armed in holdover (landing after) each land on the first frame sent at or after its time.

Usage: grandmaster_loss.py <ptp_switch_probe>
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import interop  # noqa: E402  (the namespaces, ptp4l and the probe's JSON lines)
from interop import Network, Process, check, figures, probe_lines, ptp4l, show  # noqa: E402

SKIP = 77
# The error a held-over clock may gather over the second or so it runs alone: its rate came from a servo locked
# to a master on the same CLOCK_REALTIME (within a ppm or so on a loaded machine's software timestamps).
HOLDOVER_DRIFT_BOUND_NS = 5000
# What "locked" means here: 4 offsets in a row within 20 us. The product's default is 2 us, but on this bridge of
# veths with software timestamps the path itself wanders by microseconds (ptp4l B, a slave of ptp4l A on the same
# bridge, measures offsets of several us and path delays of 17-26 us on a busy day), so at 2 us no clock, ptp4l's
# own included, would lock reliably. This test is about holdover, BMCA and scheduled switches, not precision
# (interop.py measures that against ptp4l itself); ptp.lock_threshold_ns is the daemon's key for the same choice.
LOCK_THRESHOLD_NS = 20000
# Lock took up to 16 s on a loaded 2-core machine.
RELOCK_BOUND_S = 30.0


def wait_for(predicate, seconds):
    end = time.time() + seconds
    while time.time() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    return None


def samples(process):
    return [s for s in probe_lines(process) if "state" in s]


def ptp4l_offsets(process):
    return [int(m.group(1)) for m in re.finditer(r"master offset\s+(-?\d+)", process.text())]


def own_identity(process):
    m = re.search(r"selected local clock (\S+) as best master", process.text())
    return m.group(1) if m else None


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    probe_path = sys.argv[1]
    if os.geteuid() != 0:
        print("skipped: network namespaces need root")
        return SKIP
    for tool in ("ip", "ptp4l"):
        if not shutil.which(tool):
            print("skipped: %s is not installed" % tool)
            return SKIP
    workdir = tempfile.mkdtemp(prefix="crosspoint-gm-loss-")
    network = Network()
    try:
        try:
            members = network.bridge(3)
        except subprocess.CalledProcessError as e:
            print("skipped: cannot create network namespaces: %s" % e.stderr.strip())
            return SKIP
        (na, ia), (nb, ib), (nx, ix) = members
        crosspoint = Process(nx, [probe_path, "--interface", ix, "--seconds", "150", "--arm-after-lock", "3.5",
                                  "--arm-in-holdover", "2.5",
                                  "--lock-threshold-ns", str(LOCK_THRESHOLD_NS)], os.path.join(workdir, "crosspoint.jsonl"))
        # Its engine first (a loaded machine starts an EAL slowly), then the grandmasters.
        ready = wait_for(lambda: any("ready" in s for s in probe_lines(crosspoint)), 90)
        check(ready, "the probe's engine is running")
        if not ready:
            return 1
        gm_a = ptp4l(workdir, "gm-a", na, ia, 120)
        gm_b = ptp4l(workdir, "gm-b", nb, ib, 130)
        a_id = wait_for(lambda: own_identity(gm_a), 5)
        b_id = wait_for(lambda: own_identity(gm_b), 5)
        check(a_id is not None and b_id is not None, "both ptp4l grandmasters started (A %s, B %s)" % (a_id, b_id))

        locked_to_a = wait_for(lambda: next((s for s in samples(crosspoint) if s["locked"] and s["gm"] == a_id), None),
                               RELOCK_BOUND_S)
        # B is A's slave until A goes: what ptp4l measures across the same bridge is the network's own noise.
        network_noise = ptp4l_offsets(gm_b)
        if network_noise:
            show("ptp4l B as a slave of A (offset it measures)", figures(network_noise))
        check(locked_to_a is not None, "crosspoint locks to A (p1=120), within %d ns" % LOCK_THRESHOLD_NS)
        if locked_to_a is None:
            return 1
        print("locked to A at t=%.2f s" % locked_to_a["t"], flush=True)
        time.sleep(2)
        killed_t = samples(crosspoint)[-1]["t"]
        os.kill(gm_a.popen.pid, signal.SIGKILL)
        print("A killed at t=%.2f s (probe time)" % killed_t, flush=True)

        def relocked():
            return next((s for s in samples(crosspoint) if s["t"] > killed_t and s["locked"] and s["gm"] == b_id), None)
        back = wait_for(relocked, RELOCK_BOUND_S + 2)
        time.sleep(3)  # the switch armed in holdover lands after the re-lock
        # SIGTERM: the probe ends its loop and prints the switches.
        crosspoint.popen.send_signal(signal.SIGTERM)
        try:
            crosspoint.popen.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        crosspoint.stop()
        gm_b.stop()
        gm_a.stop()

        after = [s for s in samples(crosspoint) if s["t"] > killed_t]
        held = [s for s in after if s["holdover"]]
        check(len(held) > 0, "crosspoint reports holdover after A is gone")
        if held:
            began, ended = held[0], held[-1]
            print("holdover from t=%.2f to t=%.2f s (%.2f s after the kill, lasting %.2f s)" %
                  (began["t"], ended["t"], began["t"] - killed_t, ended["t"] - began["t"]), flush=True)
            check(all(not s["locked"] and not s["is04_locked"] for s in held),
                  "in holdover the clock and what IS-04 reads say unlocked")
            check(after[-1]["holdovers"] == 1, "one holdover counted")
            errors = [s["true_error_ns"] for s in held]
            show("true error while holding over", figures(errors))
            span = ended["t"] - began["t"]
            if span > 0.5:
                drift_ppb = (ended["true_error_ns"] - began["true_error_ns"]) / span
                print("drift in holdover: %.1f ns over %.2f s (%.1f ppb)" %
                      (ended["true_error_ns"] - began["true_error_ns"], span, drift_ppb), flush=True)
            drift = max(abs(e - began["true_error_ns"]) for e in errors)
            check(drift <= HOLDOVER_DRIFT_BOUND_NS,
                  "true error moves by <= %d ns while holding over (%d ns)" % (HOLDOVER_DRIFT_BOUND_NS, drift))
            states = sorted({s["state"] for s in held})
            print("port states while holding over:", states, flush=True)
        check(back is not None, "crosspoint follows B (p1=130) and locks again within %.0f s" % RELOCK_BOUND_S)
        if back is not None:
            print("locked to B %.2f s after A was killed" % (back["t"] - killed_t), flush=True)
            last = samples(crosspoint)[-1]
            check(last["state"] == "SLAVE" and last["gm"] == b_id and last["locked"] and not last["holdover"]
                  and last["is04_locked"], "at the end: SLAVE of B, locked, holdover over (%s)" % last)
            settled = [s["true_error_ns"] for s in samples(crosspoint) if s["t"] >= back["t"] + 1.0]
            if settled:
                show("true error locked to B", figures(settled))

        switches = [s for s in probe_lines(crosspoint) if "switch" in s]
        check(len(switches) == 2, "two switches armed: before the loss and in holdover (%d)" % len(switches))
        for s in switches:
            print("switch to %s at %s: landed on frame %d, first frame at or after its time %d" %
                  (s["switch"], s["at"], s["landed_frame"], s["expected_frame"]), flush=True)
            check(s["landed_frame"] >= 0 and s["landed_frame"] == s["expected_frame"],
                  "the switch to %s lands on the right frame" % s["switch"])
    finally:
        Process.stop_all()
        network.remove()
    if interop.failures:
        print("%d check(s) failed; logs kept in %s" % (len(interop.failures), workdir))
        return 1
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
