#!/usr/bin/python3
"""crosspoint in registry-only mode on etcd, end to end: two `crosspoint --config registry.json` members (no ports,
so no engine; PTP disabled; nmos.registry.store "etcd") and a third crosspoint as a plain node registering with
them by priority. The node registers through the first member and is visible through the second; when the first
is killed the node's registration client fails over and keeps its resources alive past the expiry; on SIGTERM it
deregisters everywhere. A member that has lost its etcd member answers the node's registration with 503, and the
node fails over to the next member. Exits 77 (skipped) when etcd is not installed.

usage: registry_daemon_cluster_test.py PATH/TO/crosspoint
"""
import json
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from etcd_cluster import EtcdCluster, binary_argument_or_exit, run_tests, wait_until  # noqa: E402

CROSSPOINT = None
EXPIRY_S = 3
QUERY = "/x-nmos/query/v1.3"


def get_json(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, None
    except OSError:
        return None, None


class Daemon:
    def __init__(self, folder, name, config):
        self.log = folder / f"{name}.log"
        path = folder / f"{name}.json"
        path.write_text(json.dumps(config))
        check = subprocess.run([CROSSPOINT, "--config", str(path), "--check-config"], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"{name}: {check.stderr}")
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen([CROSSPOINT, "--config", str(path)], stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL)

    def url(self, api, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(rf"{api}\s+(http://[0-9.]+:\d+)/", self.log.read_text())
            if match:
                return match.group(1)
            if self.process.poll() is not None:
                raise RuntimeError(f"exited: {self.log.read_text()[-2000:]}")
            time.sleep(0.05)
        raise RuntimeError(f"no {api} URL in {self.log}")

    def stop(self, sig=signal.SIGTERM):
        if self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=30)


def health_detail(base):
    """The detail of a registry member's /x-crosspoint/registry/health, whatever its status."""
    try:
        with urllib.request.urlopen(f"{base}/x-crosspoint/registry/health", timeout=5) as response:
            return json.load(response)["detail"]
    except urllib.error.HTTPError as error:
        return json.load(error)["detail"]
    except OSError:
        return ""


def registry_config(endpoints):
    return {"ptp": {"enabled": False},
            "nmos": {"port": 0, "label": "registry", "registry_expiry_s": EXPIRY_S, "heartbeat_interval_s": 1,
                     "registry": {"store": "etcd", "etcd_endpoints": endpoints, "priority": 10}}}


class RegistryOnlyMode(unittest.TestCase):
    def setUp(self):
        self.folder = pathlib.Path(tempfile.mkdtemp(prefix="crosspoint-registry-mode-"))
        self.cluster = EtcdCluster(3)
        self.daemons = []

    def tearDown(self):
        for daemon in self.daemons:
            daemon.stop(signal.SIGKILL)
        self.cluster.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def test_a_bad_registry_store_config_is_refused_naming_the_key(self):
        for registry, key in [({"store": "etcd"}, "nmos.registry.etcd_endpoints"),
                              ({"store": "zookeeper"}, "nmos.registry.store"),
                              ({"store": "etcd", "etcd_endpoints": ["10.0.0.1:2379"]}, "nmos.registry.etcd_endpoints"),
                              ({"store": "etcd", "etcd_endpoints": ["http://10.0.0.1:2379"], "ttl": 3},
                               "nmos.registry")]:
            path = self.folder / "bad.json"
            path.write_text(json.dumps({"nmos": {"registry": registry}}))
            result = subprocess.run([CROSSPOINT, "--config", str(path), "--check-config"], capture_output=True,
                                    text=True)
            self.assertEqual(result.returncode, 2, result.stderr)
            self.assertIn(key, result.stderr)

    def test_a_node_fails_over_between_registry_only_members_and_keeps_its_resources(self):
        first = Daemon(self.folder, "registry-a", registry_config(self.cluster.endpoints))
        second = Daemon(self.folder, "registry-b", registry_config(list(reversed(self.cluster.endpoints))))
        self.daemons += [first, second]
        a, b = first.url("Registration API"), second.url("Registration API")
        for daemon in (first, second):
            text = daemon.log.read_text()
            self.assertIn("packet engine stays down", text)
            self.assertIn("ptp", text)
            self.assertIn("registry store: etcd", text)

        node = Daemon(self.folder, "node", {
            "ptp": {"enabled": False},
            "nmos": {"port": 0, "label": "a node", "seed": "cluster-test-node", "embedded_registry": False,
                     "heartbeat_interval_s": 1, "registries": [a, b]}})
        self.daemons.append(node)
        node_self = get_json(node.url("Node API") + "/x-nmos/node/v1.3/self")[1]
        node_id = node_self["id"]
        # Registered through a, visible through b.
        self.assertTrue(wait_until(lambda: get_json(f"{b}{QUERY}/nodes/{node_id}")[0] == 200, 15))
        # With no ports the node has no devices: the node itself is what must survive.
        node_before = get_json(f"{b}{QUERY}/nodes/{node_id}")[1]

        first.stop(signal.SIGKILL)
        time.sleep(EXPIRY_S * 2 + 1)  # the node heartbeats through b now, or it would have expired
        code, node_after = get_json(f"{b}{QUERY}/nodes/{node_id}")
        self.assertEqual(code, 200)
        self.assertEqual(node_after["label"], node_before["label"])
        self.assertIn("failing over", node.log.read_text())

        node.stop(signal.SIGTERM)  # deregisters through b
        self.assertTrue(wait_until(lambda: get_json(f"{b}{QUERY}/nodes/{node_id}")[0] == 404, 5))

    def test_a_registry_member_that_lost_etcd_answers_503_and_the_node_fails_over(self):
        # Member a reaches only etcd member 0; b reaches the other two, which keep a quorum when 0 dies.
        first = Daemon(self.folder, "registry-a", registry_config(self.cluster.endpoints[:1]))
        second = Daemon(self.folder, "registry-b", registry_config(self.cluster.endpoints[1:]))
        self.daemons += [first, second]
        a, b = first.url("Registration API"), second.url("Registration API")
        self.cluster.kill(0)  # a is still up, but has lost etcd
        # Once a's own keep-alive has failed, past its lease, a refuses writes up front.
        self.assertTrue(wait_until(lambda: "etcd lost" in health_detail(a), 10))

        node = Daemon(self.folder, "node", {
            "ptp": {"enabled": False},
            "nmos": {"port": 0, "label": "a node", "seed": "cluster-test-node-503", "embedded_registry": False,
                     "heartbeat_interval_s": 1, "registries": [a, b]}})
        self.daemons.append(node)
        node_id = get_json(node.url("Node API") + "/x-nmos/node/v1.3/self")[1]["id"]
        self.assertTrue(wait_until(lambda: get_json(f"{b}{QUERY}/nodes/{node_id}")[0] == 200, 15))
        log = node.log.read_text()
        self.assertRegex(log, rf"POST node {node_id} to {a}\S*: 503 ")
        self.assertIn(f"failing over from {a}", log)
        self.assertEqual(get_json(f"{a}{QUERY}/nodes/{node_id}")[0], 404)  # a never took it
        time.sleep(EXPIRY_S * 2 + 1)  # the node heartbeats through b, or it would have expired
        self.assertEqual(get_json(f"{b}{QUERY}/nodes/{node_id}")[0], 200)


if __name__ == "__main__":
    CROSSPOINT = binary_argument_or_exit(__doc__)
    sys.exit(run_tests())
