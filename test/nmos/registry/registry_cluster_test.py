#!/usr/bin/python3
"""The registry as a cluster on etcd: three real etcd members and three registry members on loopback, started and
stopped here. Nodes register through different members; every member's Query API shows the same registry; a
WebSocket subscriber on one member sees changes made through the others; registry and etcd members are killed
under load; a member whose etcd member dies resumes its watch elsewhere and its subscribers miss nothing; silent
nodes expire everywhere. Bodies are validated against the AMWA IS-04 v1.3 schemas.
Exits 77 (skipped) when etcd is not installed.

usage: registry_cluster_test.py PATH/TO/registry_test_server [TEST CLASS OR NAME ...]
"""
import pathlib
import sys
import threading
import time
import unittest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from registry_api_test import (QUERY, REGISTRATION, Tree, device, node, sample_id, sender,  # noqa: E402
                               source, validate)
from etcd_cluster import EtcdCluster, binary_argument_or_exit, run_tests, wait_until  # noqa: E402
from registry_client import RegistryProcess, WebSocketClient  # noqa: E402

SERVER_BINARY = None
EXPIRY_MS = 3000  # lease TTL 3 s


def start_members(cluster, count=3, prefix="/crosspoint-cluster-test/", endpoint_order=None):
    """Registry members on one etcd prefix; member i prefers etcd member i (then the others)."""
    members = []
    for index in range(count):
        order = endpoint_order or [(index + k) % len(cluster.endpoints) for k in range(len(cluster.endpoints))]
        endpoints = ",".join(cluster.endpoints[k] for k in order)
        members.append(RegistryProcess(SERVER_BINARY, "--etcd", endpoints, "--etcd-prefix", prefix,
                                       "--gc-ms", EXPIRY_MS, "--member-ttl-ms", 2000,
                                       "--request-timeout-ms", 5000, "--paging-default", 1000,
                                       "--paging-max", 1000))
    return members


def post(member, resource_type, data):
    try:
        return member.request("POST", f"{REGISTRATION}/resource", {"type": resource_type, "data": data})[0]
    except OSError:
        return None  # the member is gone


def ids(member, plural):
    code, _, body = member.request("GET", f"{QUERY}/{plural}?paging.limit=1000")
    assert code == 200, body
    return sorted(resource["id"] for resource in body)


class SimulatedNode:
    """A node that registers its tree and heartbeats like the registration client: through the first registry in
    its list that answers, moving to the next on a refused connection or a 5xx, registering again on a 404."""

    def __init__(self, family, registries, senders=2):
        self.tree = Tree(family)
        self.extra_senders = [sample_id(100 + n, family) for n in range(senders)]
        self.registries = registries
        self.current = 0
        self.failovers = 0
        self.acknowledged = set()  # ids a registry answered 200/201 for
        self.stop = threading.Event()
        self.thread = None

    def resources(self):
        extra = [("sender", sender(s, self.tree.device, self.tree.flow, label=f"sender {s}")) for s in self.extra_senders]
        return self.tree.resources() + extra

    def send(self, method, path, body=None):
        while not self.stop.is_set():
            member = self.registries[self.current % len(self.registries)]
            try:
                code, _, _ = member.request(method, path, body)
            except OSError:
                code = None
            if code is not None and code < 500:
                return code
            self.current += 1
            self.failovers += 1
            time.sleep(0.05)
        return None

    def register_all(self):
        for resource_type, data in self.resources():
            code = self.send("POST", f"{REGISTRATION}/resource", {"type": resource_type, "data": data})
            if code in (200, 201):
                self.acknowledged.add(data["id"])

    def run(self, interval=0.5):
        self.register_all()
        while not self.stop.wait(interval):
            code = self.send("POST", f"{REGISTRATION}/health/nodes/{self.tree.node}")
            if code == 404:
                self.register_all()

    def start(self):
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def halt(self):
        self.stop.set()
        if self.thread:
            self.thread.join(timeout=30)


class ClusterTestCase(unittest.TestCase):
    def setUp(self):
        self.cluster = EtcdCluster(3)
        self.members = start_members(self.cluster)

    def tearDown(self):
        for member in self.members:
            member.close()
        self.cluster.close()

    def assertSameEverywhere(self, plural, members=None, timeout=5.0):
        members = members or [m for m in self.members if m.process.poll() is None]
        agreed = wait_until(lambda: len({tuple(ids(m, plural)) for m in members}) == 1, timeout, step=0.05)
        self.assertTrue(agreed, {m.port: ids(m, plural) for m in members})
        return ids(members[0], plural)

    def assertReadsMarked(self, member, tree, stale):
        """Query API answers carry X-Crosspoint-Stale: true and a Warning 110 exactly when the member's view is
        stale, with bodies the schemas accept either way."""
        for path, schema in [("nodes", "nodes.json"), (f"nodes/{tree.node}", "node.json"),
                             ("senders?paging.limit=1000", "senders.json"), (f"senders/{tree.sender}", "sender.json")]:
            code, headers, body = member.request("GET", f"{QUERY}/{path}")
            self.assertEqual(code, 200, path)
            self.assertIsNone(validate.violation(schema, body), path)
            # A controller in a browser may read the marker only when CORS exposes it.
            exposed = {h.strip().lower() for h in headers.get("access-control-expose-headers", "").split(",")}
            self.assertLessEqual({"warning", "x-crosspoint-stale"}, exposed, path)
            if stale:
                self.assertEqual(headers.get("x-crosspoint-stale"), "true", path)
                self.assertRegex(headers.get("warning", ""), r'^110 \S+ "Response is Stale', path)
            else:
                self.assertNotIn("x-crosspoint-stale", headers, path)
                self.assertNotIn("warning", headers, path)

    def register_tree(self, member, tree):
        for resource_type, data in tree.resources():
            self.assertIn(post(member, resource_type, data), (200, 201))

    def register_senders(self, tree, first, count, label):
        """`count` more senders on the tree's flow, through the members in turn."""
        for n in range(count):
            member = self.members[n % len(self.members)]
            family = int(tree.node[:8], 16)
            code = post(member, "sender", sender(sample_id(first + n, family), tree.device, tree.flow,
                                                 label=f"{label}{n}"))
            self.assertEqual(code, 201, f"through member {n % len(self.members)}")


class SharedRegistry(ClusterTestCase):
    def test_nodes_registered_through_different_members_are_seen_through_every_member(self):
        a, b, c = self.members
        socket = None
        code, _, subscription = c.request("POST", f"{QUERY}/subscriptions",
                                          {"max_update_rate_ms": 0, "persist": False, "resource_path": "/senders",
                                           "params": {}})
        self.assertEqual(code, 201, subscription)
        socket = WebSocketClient(subscription["ws_href"])
        try:
            sync = socket.receive_json(timeout=5)
            self.assertEqual(sync["grain"]["data"], [])
            trees = {0x61: a, 0x62: b, 0x63: c}
            delays = []
            for family, member in trees.items():
                tree = Tree(family)
                for resource_type, data in tree.resources():
                    code, _, body = member.request("POST", f"{REGISTRATION}/resource",
                                                   {"type": resource_type, "data": data})
                    self.assertEqual(code, 201, body)
                    # Read-your-writes on the member that took it.
                    self.assertEqual(member.request("GET", f"{QUERY}/{resource_type}s/{data['id']}")[0], 200)
                    if resource_type == "sender":
                        written = time.monotonic()
                        for other in self.members:
                            wait_until(lambda: other.request("GET", f"{QUERY}/senders/{data['id']}")[0] == 200, 2,
                                       step=0.001)
                        delays.append(time.monotonic() - written)
            for plural in ("nodes", "devices", "sources", "flows", "senders", "receivers"):
                self.assertEqual(len(self.assertSameEverywhere(plural)), 3)
            # The subscriber on C saw the senders registered through A, B and C, each once, as additions.
            seen = []
            deadline = time.monotonic() + 5
            while len(seen) < 3 and time.monotonic() < deadline:
                message = socket.receive_json(timeout=1)
                if message is None:
                    continue
                self.assertIsNone(validate.violation("queryapi-subscriptions-websocket.json", message))
                for event in message["grain"]["data"]:
                    self.assertNotIn("pre", event)
                    seen.append(event["post"]["id"])
            self.assertEqual(sorted(seen), sorted(Tree(f).sender for f in trees))
            print(f"cross-member propagation of a sender: max {max(delays) * 1000:.1f} ms", file=sys.stderr)
        finally:
            socket.close()

    def test_paging_is_the_same_through_every_member_after_concurrent_writes(self):
        a, b, c = self.members
        tree = Tree(0x70)
        self.register_tree(a, tree)
        # Three writers at once, one per member, so the members' stamps race for the cluster-wide order.
        family = int(tree.node[:8], 16)
        codes = []

        def write(index):
            for n in range(6):
                codes.append(post(self.members[index], "sender", sender(sample_id(200 + 10 * index + n, family),
                                                                        tree.device, tree.flow, label=f"s{index}")))
        writers = [threading.Thread(target=write, args=(index,)) for index in range(3)]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join()
        self.assertEqual(codes, [201] * 18)
        self.assertEqual(len(self.assertSameEverywhere("senders")), 19)
        walks = []
        for member in self.members:
            # Every member walks the collection newest first, five at a time, by its own Link cursors.
            walk, until = [], None
            while True:
                cursor = f"&paging.until={until}" if until else ""
                code, headers, body = member.request("GET", f"{QUERY}/senders?paging.limit=5{cursor}")
                self.assertEqual(code, 200)
                self.assertIsNone(validate.violation("senders.json", body))
                walk.append(([s["id"] for s in body], headers["x-paging-since"], headers["x-paging-until"]))
                if len(body) < 5:
                    break
                until = headers["x-paging-since"]
            walks.append(walk)
        # The same pages with the same cursors on every member, each sender exactly once.
        self.assertEqual(walks[0], walks[1])
        self.assertEqual(walks[0], walks[2])
        seen = [i for page in walks[0] for i in page[0]]
        self.assertEqual(len(seen), 19)
        self.assertEqual(len(set(seen)), 19)

    def test_a_device_deleted_through_one_member_goes_with_its_children_everywhere(self):
        a, b, c = self.members
        tree = Tree(0x71)
        self.register_tree(b, tree)
        self.assertEqual(c.request("DELETE", f"{REGISTRATION}/resource/devices/{tree.device}")[0], 204)
        for member in self.members:
            self.assertTrue(wait_until(lambda: member.request("GET", f"{QUERY}/senders/{tree.sender}")[0] == 404, 2))
            self.assertEqual(member.request("GET", f"{QUERY}/nodes/{tree.node}")[0], 200)
            self.assertEqual(member.request("GET", f"{QUERY}/receivers/{tree.receiver}")[0], 404)


class Failures(ClusterTestCase):
    def test_killing_a_registry_member_loses_nothing_and_nodes_fail_over(self):
        a, b, c = self.members
        subscribers = []
        for member in (b, c):
            code, _, subscription = member.request("POST", f"{QUERY}/subscriptions",
                                                   {"max_update_rate_ms": 0, "persist": False,
                                                    "resource_path": "/senders", "params": {}})
            self.assertEqual(code, 201)
            socket = WebSocketClient(subscription["ws_href"])
            socket.receive_json(timeout=5)  # sync
            subscribers.append(socket)
        nodes = [SimulatedNode(0x80 + n, [a, b, c] if n % 2 == 0 else [a, c, b], senders=5) for n in range(6)]
        for simulated in nodes:
            simulated.start()
        time.sleep(0.3)
        a.kill()  # during the registrations
        for simulated in nodes:
            self.assertTrue(wait_until(lambda: len(simulated.acknowledged) == len(simulated.resources()), 20),
                            f"node {simulated.tree.node} registered {len(simulated.acknowledged)}")
        survivors = [b, c]
        expected_senders = sorted(s for n in nodes for s in [n.tree.sender, *n.extra_senders])
        self.assertEqual(self.assertSameEverywhere("senders", survivors), expected_senders)
        # Heartbeats go on through the survivors: nothing expires after twice the expiry.
        time.sleep(2 * EXPIRY_MS / 1000)
        self.assertEqual(self.assertSameEverywhere("senders", survivors), expected_senders)
        self.assertTrue(any(n.failovers for n in nodes))
        for simulated in nodes:
            simulated.halt()
        for socket in subscribers:
            seen = set()
            while True:
                message = socket.receive_json(timeout=1)
                if message is None:
                    break
                seen.update(e["post"]["id"] for e in message["grain"]["data"] if "post" in e)
            self.assertEqual(sorted(seen), expected_senders)
            socket.close()

    def test_registrations_go_on_with_one_etcd_member_down_and_stop_cleanly_with_two(self):
        a, b, c = self.members
        tree = Tree(0x90)
        self.register_tree(a, tree)
        leader = self.cluster.leader()
        self.assertIsNotNone(leader)
        # Members other than a see the tree one watch round-trip later: wait for it before reading it there.
        for plural in ("nodes", "senders"):
            self.assertSameEverywhere(plural)
        for member in self.members:
            self.assertReadsMarked(member, tree, stale=False)
        self.cluster.kill(leader)  # the worst one to lose: writes wait out an election
        self.register_senders(tree, 300, 6, "s")
        before = self.assertSameEverywhere("senders")
        self.assertEqual(len(before), 7)

        second = (leader + 1) % 3
        self.cluster.kill(second)  # no quorum left
        refused = 0
        for n in range(6):
            member = self.members[n % 3]
            code = post(member, "sender", sender(sample_id(400 + n, 0x90), tree.device, tree.flow, label=f"t{n}"))
            self.assertNotIn(code, (200, 201), "a write acknowledged without a quorum")
            refused += code == 503
        self.assertEqual(refused, 6)
        for member in self.members:
            # Reads go on from the member's view; health says it is stale, and so does every query answer.
            self.assertEqual(ids(member, "senders"), before)
            self.assertTrue(wait_until(lambda: member.request("GET", "/x-crosspoint/registry/health")[0] == 503, 5))
            self.assertReadsMarked(member, tree, stale=True)

        self.cluster.restart(leader)
        self.cluster.restart(second)
        for member in self.members:
            self.assertTrue(wait_until(lambda: member.request("GET", "/x-crosspoint/registry/health")[0] == 200, 15))
            self.assertReadsMarked(member, tree, stale=False)
        self.register_senders(tree, 500, 3, "u")
        after = self.assertSameEverywhere("senders", timeout=10)
        self.assertTrue(set(before) <= set(after))
        self.assertEqual(len(set(after) - set(before) - {sample_id(400 + n, 0x90) for n in range(6)}), 3)


class Expiry(ClusterTestCase):
    def test_a_silent_node_expires_with_its_children_on_every_member_even_when_its_member_died(self):
        a, b, c = self.members
        tree = Tree(0xA0)
        self.register_tree(a, tree)
        for _ in range(4):
            time.sleep(EXPIRY_MS / 4000)
            self.assertEqual(b.request("POST", f"{REGISTRATION}/health/nodes/{tree.node}")[0], 200)
        a.kill()
        silent_since = time.monotonic()
        survivors = [b, c]
        for member in survivors:
            self.assertEqual(member.request("GET", f"{QUERY}/senders/{tree.sender}")[0], 200)
        gone = wait_until(lambda: all(m.request("GET", f"{QUERY}/nodes/{tree.node}")[0] == 404 for m in survivors),
                          EXPIRY_MS / 1000 + 3)
        took = time.monotonic() - silent_since
        self.assertTrue(gone, "the silent node was never expired")
        # etcd keeps a lease at least its TTL (up to a second more: it counts whole seconds) after the last beat.
        self.assertGreater(took, EXPIRY_MS / 1000 - EXPIRY_MS / 4000 - 0.2)
        for member in survivors:
            for plural, resource_id in [("devices", tree.device), ("sources", tree.source), ("flows", tree.flow),
                                        ("senders", tree.sender), ("receivers", tree.receiver)]:
                self.assertEqual(member.request("GET", f"{QUERY}/{plural}/{resource_id}")[0], 404)
        print(f"expiry after the last heartbeat: {took:.2f} s (TTL {EXPIRY_MS / 1000:.0f} s)", file=sys.stderr)


class WatchResumption(ClusterTestCase):
    def test_a_member_whose_etcd_dies_resumes_its_watch_and_its_subscribers_miss_no_change(self):
        a, b, c = self.members
        tree = Tree(0xB0)
        code, _, subscription = c.request("POST", f"{QUERY}/subscriptions",
                                          {"max_update_rate_ms": 0, "persist": False, "resource_path": "/senders",
                                           "params": {}})
        self.assertEqual(code, 201)
        socket = WebSocketClient(subscription["ws_href"])
        try:
            socket.receive_json(timeout=5)  # sync
            self.register_tree(a, tree)
            self.assertTrue(wait_until(lambda: c.request("GET", f"{QUERY}/senders/{tree.sender}")[0] == 200, 2))
            # C follows etcd member 2 (the first in its list): its watch stream breaks and moves to another member.
            self.cluster.kill(2)
            family = 0xB0
            updates = 12
            for n in range(updates):
                member = (a, b)[n % 2]
                self.assertEqual(post(member, "sender", sender(tree.sender, tree.device, tree.flow, label=f"v{n}",
                                                               version=f"1700000001:{n}")), 200)
            passing, staying = sample_id(900, family), sample_id(901, family)
            self.assertEqual(post(a, "sender", sender(passing, tree.device, tree.flow, label="passing")), 201)
            self.assertEqual(b.request("DELETE", f"{REGISTRATION}/resource/senders/{passing}")[0], 204)
            self.assertEqual(post(b, "sender", sender(staying, tree.device, tree.flow, label="staying")), 201)
            self.assertTrue(wait_until(lambda: c.request("GET", f"{QUERY}/senders/{staying}")[0] == 200, 10),
                            "member C never caught up")
            # Every change reached C's subscriber in order: each event of the updated sender starts where the one
            # before ended, from the registration to the last update; the passing sender came and went.
            events = []
            while True:
                message = socket.receive_json(timeout=1)
                if message is None:
                    break
                self.assertIsNone(validate.violation("queryapi-subscriptions-websocket.json", message))
                events += message["grain"]["data"]
            chain = [e for e in events if e["path"] == tree.sender]
            self.assertNotIn("pre", chain[0])
            for before, after in zip(chain, chain[1:]):
                self.assertEqual(after["pre"], before["post"])
            self.assertEqual(chain[-1]["post"]["label"], f"v{updates - 1}")
            self.assertEqual([("pre" in e, "post" in e) for e in events if e["path"] == staying], [(False, True)])
            passing_events = [("pre" in e, "post" in e) for e in events if e["path"] == passing]
            self.assertIn(passing_events, ([], [(False, True), (True, False)]))
            self.assertEqual(c.request("GET", f"{QUERY}/senders/{passing}")[0], 404)
            # C writes again through the etcd members that are left.
            self.assertEqual(post(c, "sender", sender(sample_id(902, family), tree.device, tree.flow)), 201)
        finally:
            socket.close()


if __name__ == "__main__":
    SERVER_BINARY = binary_argument_or_exit(__doc__)
    sys.exit(run_tests())
