#!/usr/bin/python3
"""The systemd unit (dist/crosspoint.service): systemd-analyze verify accepts it, it restarts the daemon on
failure, and the daemon starts and serves with no capabilities beyond the ones the unit keeps (setpriv with
the unit's bounding and ambient sets). Skips (77) without systemd-analyze or setpriv, or when not root.

  systemd_unit_test.py UNIT CROSSPOINT
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from checks import check, failures, verdict  # noqa: E402
from running_daemon import RunningDaemon  # noqa: E402

UNIT, CROSSPOINT = pathlib.Path(sys.argv[1]), sys.argv[2]


def setting(text, key):
    match = re.search(r"^" + key + r"=(.*)$", text, re.MULTILINE)
    return match.group(1).strip() if match else None


def main():
    analyze, setpriv = shutil.which("systemd-analyze"), shutil.which("setpriv")
    if analyze is None or setpriv is None:
        print("SKIP: systemd-analyze or setpriv not found")
        return 77
    text = UNIT.read_text()
    exec_start = setting(text, "ExecStart")
    check(exec_start is not None and exec_start.endswith("/crosspoint --config /etc/crosspoint/crosspoint.json"),
          "ExecStart runs the installed daemon with /etc/crosspoint/crosspoint.json: " + str(exec_start))
    check(setting(text, "Restart") == "on-failure", "restarts on failure")
    capabilities = (setting(text, "AmbientCapabilities") or "").split()
    for needed in ("CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_SYS_NICE"):
        check(needed in capabilities, needed + " is kept")
    check(setting(text, "CapabilityBoundingSet").split() == capabilities, "the bounding set is the ambient set")
    check("hugepages" in text, "hugepages are documented")

    # systemd-analyze checks that the command exists: point the copy at the built daemon.
    with tempfile.TemporaryDirectory() as work:
        built = pathlib.Path(work) / "crosspoint.service"
        built.write_text(text.replace(exec_start.split()[0], os.path.abspath(CROSSPOINT)))
        verified = subprocess.run([analyze, "verify", str(built)], capture_output=True, text=True)
        output = (verified.stdout + verified.stderr).strip()
        check(verified.returncode == 0 and "crosspoint.service" not in output,
              "systemd-analyze verify accepts it" + (": " + output if output else ""))

    if os.geteuid() != 0:
        print("SKIP: running the daemon with the unit's capabilities needs root")
        return 77 if not failures else 1
    caps = ",".join("+" + c.lower().removeprefix("cap_") for c in capabilities)
    wrapper = [setpriv, "--bounding-set", "-all," + caps, "--inh-caps", "-all," + caps, "--ambient-caps",
               "-all," + caps, "--"]
    with RunningDaemon(CROSSPOINT, wrapper=wrapper) as daemon:
        status_line = open(f"/proc/{daemon.process.pid}/status").read()
        bounding = int(re.search(r"CapBnd:\s*([0-9a-f]+)", status_line).group(1), 16)
        check(bounding != 0 and bounding & (1 << 21) == 0, "the daemon runs without CAP_SYS_ADMIN in its bounding set")
        with urllib.request.urlopen(daemon.base_url + "/metrics", timeout=5) as response:
            check(response.status == 200, "and serves with the unit's capabilities only")
    return verdict()


sys.exit(main())
