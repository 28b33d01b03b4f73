"""Real etcd members on loopback for the registry cluster tests: free ports, a temporary data folder each, started and
stopped by the test. EtcdCluster.available() is False when Debian's etcd-server is not installed (tests skip)."""
import json
import os
import random
import shutil
import signal
import sys
import socket
import subprocess
import tempfile
import time
import urllib.request
import uuid

ETCD = shutil.which("etcd") or "/usr/bin/etcd"


def free_port(taken=()):
    """A port free now, below the kernel's ephemeral range: ports of that range are also handed out as the source
    ports of outgoing connections (the tests beside these open thousands), and one taken between the probe and
    etcd's bind failed a cluster's start in CI ("bind: address already in use")."""
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as ports:
            ephemeral_low = int(ports.read().split()[0])
    except (OSError, ValueError, IndexError):
        ephemeral_low = 32768
    while True:
        port = random.randrange(10000, ephemeral_low) if ephemeral_low > 11000 else 0
        if port in taken:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]


class EtcdCluster:
    """`size` etcd members forming one cluster; kill(i) and restart(i) a member, close() everything."""

    @staticmethod
    def available():
        return os.access(ETCD, os.X_OK)

    def __init__(self, size=3, start_timeout=30.0):
        self.folder = tempfile.mkdtemp(prefix="crosspoint-etcd-")
        self.names = [f"m{i}" for i in range(size)]
        ports = []
        for _ in range(2 * size):
            ports.append(free_port(ports))
        self.client_ports, self.peer_ports = ports[:size], ports[size:]
        self.token = f"crosspoint-{uuid.uuid4()}"
        self.processes = [None] * size
        for index in range(size):
            self.start(index)
        self.wait_healthy(range(size), start_timeout)

    @property
    def endpoints(self):
        return [f"http://127.0.0.1:{port}" for port in self.client_ports]

    def command(self, index):
        cluster = ",".join(f"{name}=http://127.0.0.1:{port}" for name, port in zip(self.names, self.peer_ports))
        client = f"http://127.0.0.1:{self.client_ports[index]}"
        peer = f"http://127.0.0.1:{self.peer_ports[index]}"
        return [ETCD, "--name", self.names[index], "--data-dir", os.path.join(self.folder, self.names[index]),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", cluster, "--initial-cluster-token", self.token,
                "--initial-cluster-state", "new", "--log-level", "error",
                # etcd's default raft timing: a lost leader is replaced within one to two seconds.
                "--heartbeat-interval", "100", "--election-timeout", "1000"]

    def start(self, index):
        log = open(os.path.join(self.folder, f"{self.names[index]}.log"), "ab")
        self.processes[index] = subprocess.Popen(self.command(index), stdout=log, stderr=log,
                                                 stdin=subprocess.DEVNULL)
        log.close()

    def kill(self, index):
        process = self.processes[index]
        if process and process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
        self.processes[index] = None

    def restart(self, index, timeout=30.0):
        self.start(index)
        self.wait_healthy([index], timeout)

    def healthy(self, index):
        """The member answers and belongs to a cluster with a leader (a linearizable read succeeds)."""
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{self.client_ports[index]}/v3/kv/range",
                                             data=json.dumps({"key": "aGVhbHRo"}).encode(), method="POST")
            with urllib.request.urlopen(request, timeout=2) as response:
                return "header" in json.load(response)
        except (OSError, ValueError):
            return False

    def leader(self):
        """The index of the member that leads the raft group now, or None."""
        for index in range(len(self.processes)):
            try:
                request = urllib.request.Request(f"http://127.0.0.1:{self.client_ports[index]}/v3/maintenance/status",
                                                 data=b"{}", method="POST")
                with urllib.request.urlopen(request, timeout=2) as response:
                    status = json.load(response)
            except (OSError, ValueError):
                continue
            if status.get("leader") and status["leader"] == status["header"]["member_id"]:
                return index
        return None

    def wait_healthy(self, indexes, timeout):
        deadline = time.monotonic() + timeout
        for index in indexes:
            while not self.healthy(index):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"etcd member {index} did not become healthy; see {self.folder}")
                time.sleep(0.1)

    def close(self):
        for index in range(len(self.processes)):
            self.kill(index)
        shutil.rmtree(self.folder, ignore_errors=True)


def wait_until(condition, timeout, step=0.02):
    """Whether `condition()` came true within `timeout` seconds (asked every `step`)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def binary_argument_or_exit(usage):
    """The test script's one argument (the binary under test); exits 2 with `usage` without it, and 77 (skipped)
    when etcd is not installed."""
    if len(sys.argv) < 2:
        print(usage, file=sys.stderr)
        sys.exit(2)
    if not EtcdCluster.available():
        print("SKIP: etcd is not installed (Debian etcd-server)", file=sys.stderr)
        sys.exit(77)
    return sys.argv[1]


def run_tests():
    """unittest's verbose run of the calling script; the exit status."""
    import unittest
    result = unittest.main(argv=[sys.argv[0], "-v", *sys.argv[2:]], exit=False).result
    return 0 if result.wasSuccessful() else 1
