"""The load a soak puts on the daemon: wrk on the Query and Node APIs, Query API WebSocket subscribers that come
and go, and route switches every second through PATCH /x-crosspoint/v1/routes. Each keeps its own counts and
the errors it saw, with what went wrong.
"""
import json
import pathlib
import random
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

# The minimal RFC 6455 client the registry tests use (standard library only).
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "test" / "nmos" / "registry"))
from registry_client import WebSocketClient  # noqa: E402


class WrkRun:
    """wrk against one URL for the whole soak; its summary (requests, rate, latency, errors) at the end."""

    def __init__(self, name, url, seconds, connections, threads=1):
        self.name = name
        self.url = url
        self.command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency", url]
        self.process = None
        self.output = ""

    def start(self):
        self.process = subprocess.Popen(self.command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def finish(self):
        self.output, _ = self.process.communicate(timeout=120)
        return self.summary()

    def summary(self):
        text = self.output
        requests = re.search(r"(\d+) requests in", text)
        rate = re.search(r"Requests/sec:\s+([0-9.]+)", text)
        p99 = re.search(r"99%\s+([0-9.]+)(us|ms|s)\b", text)
        socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
        non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
        scale = {"us": 1e-3, "ms": 1.0, "s": 1e3}
        errors = []
        if self.process.returncode != 0 or requests is None:
            errors.append(f"wrk {self.name} failed: {text.strip()[-300:]}")
        if socket_errors and any(int(n) for n in socket_errors.groups()):
            errors.append(f"wrk {self.name}: {socket_errors.group(0)}")
        if non_2xx:
            errors.append(f"wrk {self.name}: {non_2xx.group(0)}")
        return {
            "name": self.name,
            "url": self.url,
            "requests": int(requests.group(1)) if requests else 0,
            "requests_per_s": float(rate.group(1)) if rate else 0.0,
            "p99_ms": float(p99.group(1)) * scale[p99.group(2)] if p99 else None,
            "errors": errors,
        }


class LoadThread(threading.Thread):
    """A loop that runs until stop(); counts what it did and keeps the errors it met."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stopping = threading.Event()
        self.errors = []
        self.lock = threading.Lock()

    def error(self, what):
        with self.lock:
            self.errors.append(f"{time.strftime('%H:%M:%S')} {what}")

    def stop(self):
        self.stopping.set()
        self.join(timeout=30)


def request_json(method, url, body=None, timeout=10):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, json.load(response)


class RouteSwitcher(LoadThread):
    """Every second, swaps two outputs between two inputs in one salvo through the routes API; every entry must
    answer 200 (landed)."""

    def __init__(self, base_url, outputs=("program", "preview"), inputs=("camera-1", "camera-2"), period_s=1.0):
        super().__init__()
        self.url = base_url + "/x-crosspoint/v1/routes"
        self.outputs = outputs
        self.inputs = inputs
        self.period_s = period_s
        self.switches = 0
        self.latencies_ms = []

    def run(self):
        flip = 0
        next_at = time.monotonic()
        while not self.stopping.is_set():
            flip ^= 1
            routes = [{"output": output, "input": self.inputs[(i + flip) % 2]} for i, output in enumerate(self.outputs)]
            started = time.monotonic()
            try:
                status, answer = request_json("PATCH", self.url, {"routes": routes})
                codes = [entry.get("code") for entry in answer] if isinstance(answer, list) else answer
                if status != 200 or codes != [200] * len(routes):
                    self.error(f"routes PATCH {routes}: {status} {json.dumps(answer)[:300]}")
                else:
                    self.switches += 1
                    self.latencies_ms.append((time.monotonic() - started) * 1000)
            except (urllib.error.URLError, OSError, ValueError) as error:
                body = error.read().decode(errors="replace")[:300] if isinstance(error, urllib.error.HTTPError) else ""
                self.error(f"routes PATCH {routes}: {error} {body}")
            next_at += self.period_s
            self.stopping.wait(max(0.0, next_at - time.monotonic()))

    def summary(self):
        ordered = sorted(self.latencies_ms)
        return {"switches": self.switches, "errors": list(self.errors),
                "median_ms": ordered[len(ordered) // 2] if ordered else None, "max_ms": ordered[-1] if ordered else None}


class Subscriber(LoadThread):
    """A Query API client that comes and goes: creates a subscription to /senders, connects its WebSocket,
    must get the sync grain, listens for a while, disconnects; again and again."""

    def __init__(self, base_url, seed, stay_s=(0.5, 3.0)):
        super().__init__()
        self.query = base_url + "/x-nmos/query/v1.3"
        self.random = random.Random(seed)
        self.stay_s = stay_s
        self.sessions = 0
        self.grains = 0

    def run(self):
        while not self.stopping.is_set():
            try:
                status, subscription = request_json("POST", self.query + "/subscriptions", {
                    "max_update_rate_ms": 100, "resource_path": "/senders", "params": {}, "persist": False,
                    "secure": False})
                if status not in (200, 201):
                    self.error(f"POST subscriptions: {status}")
                    self.stopping.wait(1)
                    continue
                self.listen(subscription)
            except (urllib.error.URLError, OSError, ValueError) as error:
                self.error(f"subscriber: {error}")
                self.stopping.wait(1)

    def listen(self, subscription):
        socket = WebSocketClient(subscription["ws_href"], timeout=10)
        try:
            if socket.status != 101:
                self.error(f"WebSocket upgrade to {subscription['ws_href']}: {socket.status}")
                return
            sync = socket.receive_json(timeout=10)
            if sync is None or sync.get("flow_id") != subscription["id"]:
                self.error(f"no sync grain on {subscription['ws_href']}")
                return
            self.sessions += 1
            self.grains += 1
            leave_at = time.monotonic() + self.random.uniform(*self.stay_s)
            while not self.stopping.is_set() and time.monotonic() < leave_at:
                if socket.receive(timeout=max(0.05, leave_at - time.monotonic())) is not None:
                    self.grains += 1
                elif socket.closed:
                    self.error(f"the server closed {subscription['ws_href']}")
                    return
        finally:
            socket.close()
