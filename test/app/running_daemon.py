"""The crosspoint daemon on its embedded default, as the tests of what it serves see it: started in a fresh run
folder with the NMOS port chosen by the system, its base URL read from the URLs it prints, stopped by SIGTERM.

  with RunningDaemon(CROSSPOINT) as daemon:
      urllib.request.urlopen(daemon.base_url + "/metrics")
"""
import pathlib
import re
import signal
import subprocess
import tempfile
import time


class RunningDaemon:
    def __init__(self, executable, extra_args=(), start_timeout=60, wrapper=()):
        self.executable = executable
        self.wrapper = list(wrapper)  # a command that runs the daemon, e.g. setpriv with a capability set
        self.extra_args = list(extra_args)
        self.start_timeout = start_timeout
        self.base_url = None
        self.process = None

    def __enter__(self):
        self.work = tempfile.TemporaryDirectory(prefix="crosspoint-test-")
        work = pathlib.Path(self.work.name)
        self.log_path = work / "daemon.log"
        self.log_file = open(self.log_path, "w")
        self.process = subprocess.Popen(self.wrapper + [self.executable, "--run-dir", str(work / "run"), "--nmos-port", "0",
                                         "--record-limit-mb", "64"] + self.extra_args,
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

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()
        self.work.cleanup()
        return False
