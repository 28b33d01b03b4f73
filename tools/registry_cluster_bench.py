#!/usr/bin/python3
"""Benchmark of the NMOS registry's stores: the in-process store, a 1-member etcd store and a 3-member etcd cluster
with three registry members, under the single registry's load: 1 node, 10 devices and 1000 sources, flows,
senders and receivers (4011 registrations), heartbeats, GET /senders, /senders/{id} and ?label=, a WebSocket sync
of 1000 senders. Reports registration throughput, query throughput and latency percentiles (wrk), cross-member
propagation delay (p50/p99, a WebSocket subscriber on another member) and resident memory per member.

The registration phase is also profiled: CPU seconds of every registry and etcd process and of this client, and
from etcd's own /metrics the transactions, reads, lease calls, WAL fsyncs and raft proposals it took, per
registration (--registrations-only skips the queries).

usage: tools/registry_cluster_bench.py [--build build] [--stores in-process,etcd-1,etcd-3] [--duration S]
                                       [--writers N] [--registrations-only] [--json]
"""
import argparse
import concurrent.futures
import http.client
import json
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
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


def cpu_seconds(pid):
    """User plus system CPU time a process has used."""
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


ETCD_COUNTERS = {
    "txn_requests": 'grpc_server_handled_total{grpc_code="OK",grpc_method="Txn"',
    "range_requests": 'grpc_server_handled_total{grpc_code="OK",grpc_method="Range"',
    "lease_requests": 'grpc_server_handled_total{grpc_code="OK",grpc_method="Lease',
    "wal_fsyncs": "etcd_disk_wal_fsync_duration_seconds_count",
    "wal_fsync_seconds": "etcd_disk_wal_fsync_duration_seconds_sum",
    "proposals_committed": "etcd_server_proposals_committed_total",
}


def etcd_counters(endpoint):
    """The counters above from one etcd member's /metrics (lease calls summed over the lease methods)."""
    with urllib.request.urlopen(f"{endpoint}/metrics", timeout=5) as response:
        lines = response.read().decode().splitlines()
    totals = dict.fromkeys(ETCD_COUNTERS, 0.0)
    for line in lines:
        for name, prefix in ETCD_COUNTERS.items():
            if line.startswith(prefix):
                totals[name] += float(line.rsplit(" ", 1)[1])
    return totals


class RegistrationProfile:
    """Where the registration phase spent its time: CPU seconds per process and etcd's work, as differences
    between the start and the end."""

    def __init__(self, members, cluster):
        self.members, self.cluster = members, cluster
        self.started = self.sample()

    def sample(self):
        etcd = [etcd_counters(e) for e in self.cluster.endpoints] if self.cluster else []
        return {"registry_cpu": [cpu_seconds(m.process.pid) for m in self.members],
                "etcd_cpu": [cpu_seconds(p.pid) for p in self.cluster.processes] if self.cluster else [],
                "client_cpu": sum(os.times()[:2]), "etcd": etcd}

    def finish(self, registrations):
        ended = self.sample()
        per = 1000.0 / registrations

        def spent(key):
            return [round((b - a) * per, 3) for a, b in zip(self.started[key], ended[key])]

        profile = {"cpu_ms_per_registration": {"registry_members": spent("registry_cpu"),
                                               "etcd_members": spent("etcd_cpu"),
                                               "client": round((ended["client_cpu"] - self.started["client_cpu"])
                                                               * per, 3)}}
        if self.cluster:
            # Requests are counted by the member that took them, so their sum is the cluster's; fsyncs and
            # proposals happen on every member, so those are per member.
            delta = [{k: b[k] - a[k] for k in ETCD_COUNTERS} for a, b in zip(self.started["etcd"], ended["etcd"])]
            etcd = {k: round(sum(d[k] for d in delta) / registrations, 3)
                    for k in ("txn_requests", "range_requests", "lease_requests")}
            etcd["wal_fsyncs_per_member"] = [round(d["wal_fsyncs"] / registrations, 3) for d in delta]
            etcd["wal_fsync_ms_mean"] = [round(1000 * d["wal_fsync_seconds"] / max(d["wal_fsyncs"], 1), 2)
                                         for d in delta]
            etcd["proposals_committed_per_member"] = [round(d["proposals_committed"] / registrations, 3)
                                                      for d in delta]
            profile["etcd_per_registration"] = etcd
        return profile


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
        profile = RegistrationProfile(members, cluster)
        result["registrations_per_s"] = register(members, waves, args.writers)
        result["registration_profile"] = profile.finish(sum(len(wave) for wave in waves))
        if args.registrations_only:
            return result
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


def print_results(results):
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


def print_profiles(results):
    print(f"{'store':<12}{'reg/s':>8}   registration profile, per registration")
    for r in results:
        profile = r["registration_profile"]
        cpu = profile["cpu_ms_per_registration"]
        line = (f"{r['store']:<12}{r['registrations_per_s']:>8.0f}   CPU ms: registry {cpu['registry_members']}"
                f" etcd {cpu['etcd_members']} client {cpu['client']}")
        etcd = profile.get("etcd_per_registration")
        if etcd:
            line += (f"; etcd: {etcd['txn_requests']} txn, {etcd['range_requests']} range, {etcd['lease_requests']}"
                     f" lease calls, {etcd['wal_fsyncs_per_member']} fsyncs of {etcd['wal_fsync_ms_mean']} ms,"
                     f" {etcd['proposals_committed_per_member']} proposals")
        print(line)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=str(ROOT / "build"))
    parser.add_argument("--stores", default="in-process,etcd-1,etcd-3")
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--registrations-only", action="store_true")
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
    if not args.registrations_only:
        print_results(results)
    print_profiles(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
