"""The crosspoint daemon on its embedded default, as the tests of what it serves see it: started in a fresh run
folder (`run_dir`, removed on exit) with the NMOS port chosen by the system, its base URL read from the URLs it
prints, stopped by SIGTERM (`stop()` stops it early, to read its recording whole).

  with RunningDaemon(CROSSPOINT) as daemon:
      urllib.request.urlopen(daemon.base_url + "/metrics")
"""
import os
import pathlib
import re
import shutil
import signal
import subprocess
import tempfile
import time

from checks import SANITIZED


def ordinary_threads_when_sanitized():
    """A wrapper that runs the daemon without CAP_SYS_NICE in a sanitizer build, where its SCHED_FIFO worker and
    replay threads would take nearly all of a small machine (checks.py) and leave a browser or the HTTP server
    beside them the kernel's 5%: its threads then stay ordinary ones (as anywhere without that privilege) and
    share the CPU. None in a plain build."""
    if not SANITIZED or os.geteuid() != 0 or shutil.which("setpriv") is None:
        return []
    return ["setpriv", "--bounding-set", "-sys_nice", "--inh-caps", "-sys_nice"]


class RunningDaemon:
    def __init__(self, executable, extra_args=(), start_timeout=60, wrapper=(), record_limit_mb=64):
        self.executable = executable
        self.wrapper = list(wrapper)  # a command that runs the daemon, e.g. setpriv with a capability set
        self.extra_args = list(extra_args)
        self.start_timeout = start_timeout
        self.record_limit_mb = record_limit_mb
        self.base_url = None
        self.process = None

    def __enter__(self):
        self.work = tempfile.TemporaryDirectory(prefix="crosspoint-test-")
        work = pathlib.Path(self.work.name)
        self.run_dir = work / "run"
        self.log_path = work / "daemon.log"
        self.log_file = open(self.log_path, "w")
        self.process = subprocess.Popen(self.wrapper + [self.executable, "--run-dir", str(self.run_dir), "--nmos-port", "0",
                                         "--record-limit-mb", str(self.record_limit_mb)] + self.extra_args,
                                        stdout=self.log_file, stderr=subprocess.STDOUT)
        deadline = time.time() + self.start_timeout
        while time.time() < deadline and self.process.poll() is None:
            match = re.search(r"Metrics\s+(http://[0-9.]+:\d+)/metrics", self.log_path.read_text())
            if match:
                self.base_url = match.group(1)
                return self
            time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError("the daemon printed no URLs:\n" + self.log_path.read_text()[-3000:])

    def log(self):
        return self.log_path.read_text()

    def stop(self):
        """SIGTERM; the exit code (None when it had to be killed)."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                return None
        return self.process.returncode if self.process else None

    def __exit__(self, *exc):
        self.stop()
        self.log_file.close()
        self.work.cleanup()
        return False
