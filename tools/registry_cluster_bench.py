#!/usr/bin/python3
"""Benchmark of the NMOS registry's stores: the in-process store, a 1-member etcd store and a 3-member etcd cluster
with three registry members, under the single registry's load: 1 node, 10 devices and 1000 sources, flows,
senders and receivers (4011 registrations), heartbeats, GET /senders, /senders/{id} and ?label=, a WebSocket sync
of 1000 senders. Reports registration throughput, query throughput and latency percentiles (wrk), cross-member
propagation delay (p50/p99, a WebSocket subscriber on another member) and resident memory per member.

usage: tools/registry_cluster_bench.py [--build build] [--stores in-process,etcd-1,etcd-3] [--duration S]
                                       [--writers N] [--json]
"""
import argparse
import concurrent.futures
import http.client
import json
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import uuid

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "test" / "nmos" / "registry"))
sys.path.insert(0, str(ROOT / "test" / "nmos"))
from etcd_cluster import EtcdCluster  # noqa: E402
from registry_api_test import device, flow, node, receiver, sample_id, sender, source  # noqa: E402
from registry_client import RegistryProcess, WebSocketClient  # noqa: E402

REGISTRATION = "/x-nmos/registration/v1.3"
QUERY = "/x-nmos/query/v1.3"
FAMILY = 0x5B


def load():
    """The 4011 registrations in dependency order, as waves that may each be posted in parallel."""
    node_id = sample_id(1, FAMILY)
    devices = [sample_id(10 + d, FAMILY) for d in range(10)]
    waves = [[("node", node(node_id))], [("device", device(d, node_id)) for d in devices]]
    sources, flows, senders, receivers = [], [], [], []
    for n in range(1000):
        dev = devices[n % 10]
        src, flw, snd, rcv = (sample_id(base + n, FAMILY) for base in (1000, 2000, 3000, 4000))
        sources.append(("source", source(src, dev)))
        flows.append(("flow", flow(flw, src, dev)))
        senders.append(("sender", sender(snd, dev, flw, label=f"sender {n}")))
        receivers.append(("receiver", receiver(rcv, dev)))
    return node_id, waves + [sources, flows, senders, receivers]


class Client(threading.local):
    def connection(self, port):
        if getattr(self, "port", None) != port:
            self.port = port
            self.http = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        return self.http


CLIENT = Client()


def post(port, resource_type, data):
    connection = CLIENT.connection(port)
    connection.request("POST", f"{REGISTRATION}/resource", body=json.dumps({"type": resource_type, "data": data}),
                       headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    response.read()
    if response.status not in (200, 201):
        raise RuntimeError(f"registering a {resource_type} answered {response.status}")


def register(members, waves, writers):
    """Posts every wave with `writers` threads, spreading requests over the members; registrations per second."""
    started = time.monotonic()
    count = 0
    with concurrent.futures.ThreadPoolExecutor(writers) as pool:
        for wave in waves:
            jobs = [pool.submit(post, members[i % len(members)].port, t, d) for i, (t, d) in enumerate(wave)]
            for job in jobs:
                job.result()
            count += len(wave)
    return count / (time.monotonic() - started)


def wrk(url, duration):
    output = subprocess.run(["wrk", "-t2", "-c16", f"-d{duration}s", "--latency", url], check=True,
                            capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def percentile(name):
        match = re.search(rf"\s{name}%\s+([\d.]+)(us|ms|s)\b", output)
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]
        return float(match.group(1)) * scale

    return {"requests_per_s": rate, "p50_ms": percentile("50"), "p99_ms": percentile("99")}


def heartbeats(member, node_id, count=500):
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", member.port, timeout=10)
    for _ in range(count):
        connection.request("POST", f"{REGISTRATION}/health/nodes/{node_id}")
        response = connection.getresponse()
        response.read()
        assert response.status == 200, response.status
    return count / (time.monotonic() - started)


def websocket_sync(member):
    code, _, subscription = member.request("POST", f"{QUERY}/subscriptions",
                                           {"max_update_rate_ms": 100, "persist": False, "resource_path": "/senders",
                                            "params": {}})
    assert code in (200, 201), subscription
    started = time.monotonic()
    socket = WebSocketClient(subscription["ws_href"], timeout=30)
    sync = socket.receive_json(timeout=30)
    took = time.monotonic() - started
    socket.close()
    assert len(sync["grain"]["data"]) == 1000, len(sync["grain"]["data"])
    return took * 1000


def percentiles(samples):
    samples = sorted(samples)
    return {"p50_ms": samples[len(samples) // 2], "p99_ms": samples[max(0, int(len(samples) * 0.99) - 1)]}


def propagation(writer, reader, device_id, flow_id, count=200):
    """For `count` sender updates through the writer: ms from sending the POST to its 2xx (the write, with
    read-your-writes on the writer), and to the grain on the reader's WebSocket (another member when there is one)."""
    code, _, subscription = reader.request("POST", f"{QUERY}/subscriptions",
                                           {"max_update_rate_ms": 0, "persist": False, "resource_path": "/senders",
                                            "params": {"label": "propagation"}})
    socket = WebSocketClient(subscription["ws_href"], timeout=10)
    socket.receive_json(timeout=10)
    acknowledged, arrived = [], []
    sender_id = sample_id(9000, FAMILY)
    for n in range(count):
        body = sender(sender_id, device_id, flow_id, label="propagation", version=f"1700000001:{n}")
        sent = time.monotonic()
        post(writer.port, "sender", body)
        acknowledged.append((time.monotonic() - sent) * 1000)
        message = socket.receive_json(timeout=10)
        assert message is not None, "no grain"
        arrived.append((time.monotonic() - sent) * 1000)
    socket.close()
    return {"write": percentiles(acknowledged), "grain_on_other_member": percentiles(arrived)}


def resident_mb(member):
    status = pathlib.Path(f"/proc/{member.process.pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024


def run(store, server, args):
    cluster = None
    members = []
    try:
        common = ["--threads", 2, "--paging-max", 1000, "--gc-ms", 3600000]
        if store == "in-process":
            members = [RegistryProcess(server, *common)]
        else:
            size = 1 if store == "etcd-1" else 3
            cluster = EtcdCluster(size)
            prefix = f"/bench/{uuid.uuid4()}/"
            for index in range(size):
                order = [(index + k) % size for k in range(size)]
                members.append(RegistryProcess(server, *common, "--etcd",
                                               ",".join(cluster.endpoints[k] for k in order), "--etcd-prefix", prefix))
        node_id, waves = load()
        result = {"store": store, "members": len(members)}
        result["registrations_per_s"] = register(members, waves, args.writers)
        # Every member holds all 4011 before the reads start.
        for member in members:
            deadline = time.monotonic() + 30
            while len(member.request("GET", f"{QUERY}/receivers?paging.limit=1000")[2]) < 1000:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        result["heartbeats_per_s"] = heartbeats(members[0], node_id)
        target = members[-1]
        base = f"http://127.0.0.1:{target.port}{QUERY}"
        result["get_senders"] = wrk(f"{base}/senders", args.duration)
        result["get_sender_by_id"] = wrk(f"{base}/senders/{sample_id(3500, FAMILY)}", args.duration)
        result["get_senders_by_label"] = wrk(f"{base}/senders?label=sender%20500", args.duration)
        result["websocket_sync_1000_ms"] = websocket_sync(target)
        device_id, flow_id = sample_id(10, FAMILY), sample_id(2000, FAMILY)
        result["propagation"] = propagation(members[0], members[-1], device_id, flow_id)
        result["resident_mb_per_member"] = [round(resident_mb(m), 1) for m in members]
        return result
    finally:
        for member in members:
            member.close()
        if cluster:
            cluster.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=str(ROOT / "build"))
    parser.add_argument("--stores", default="in-process,etcd-1,etcd-3")
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    server = str(pathlib.Path(args.build) / "test" / "nmos" / "registry" / "registry_test_server")
    if shutil.which("wrk") is None or not EtcdCluster.available():
        print("needs wrk and etcd (Debian wrk, etcd-server)", file=sys.stderr)
        return 77
    results = [run(store, server, args) for store in args.stores.split(",")]
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{'store':<12}{'reg/s':>8}{'hb/s':>8}{'GET /senders':>22}{'GET /senders/{id}':>22}"
          f"{'?label=':>22}{'ws sync':>10}{'propagation':>18}  RSS MB")
    for r in results:
        def q(name):
            return f"{r[name]['requests_per_s']:.0f} ({r[name]['p50_ms']:.1f}/{r[name]['p99_ms']:.1f})"
        print(f"{r['store']:<12}{r['registrations_per_s']:>8.0f}{r['heartbeats_per_s']:>8.0f}{q('get_senders'):>22}"
              f"{q('get_sender_by_id'):>22}{q('get_senders_by_label'):>22}{r['websocket_sync_1000_ms']:>8.0f}ms"
              f"{r['propagation']['write']['p50_ms']:>8.1f}/{r['propagation']['write']['p99_ms']:.1f}"
              f" {r['propagation']['grain_on_other_member']['p50_ms']:.1f}/"
              f"{r['propagation']['grain_on_other_member']['p99_ms']:.1f}ms  "
              f"{' '.join(str(m) for m in r['resident_mb_per_member'])}")
    print("queries: requests/s (p50/p99 ms) with wrk -t2 -c16 on one member; propagation: p50/p99 ms from sending "
          "a POST to its 2xx, and to the grain on another member's WebSocket")
    return 0


if __name__ == "__main__":
    sys.exit(main())
