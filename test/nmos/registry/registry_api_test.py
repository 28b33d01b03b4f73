#!/usr/bin/python3
"""The embedded registry over real TCP: every Registration and Query API endpoint, error paths, paging, downgrade,
RQL, subscriptions over a real WebSocket and node expiry. Every response body is validated against the AMWA IS-04
v1.3 schemas (test/nmos/validate.py).

usage: registry_api_test.py PATH/TO/registry_test_server
"""
import json
import pathlib
import sys
import time
import unittest
import urllib.parse

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import validate  # noqa: E402  (test/nmos/validate.py)
from registry_client import RegistryProcess, WebSocketClient  # noqa: E402

SERVER = None
QUERY = "/x-nmos/query/v1.3"
REGISTRATION = "/x-nmos/registration/v1.3"
PLURAL = {"node": "nodes", "device": "devices", "source": "sources", "flow": "flows", "sender": "senders",
          "receiver": "receivers"}
SINGULAR = {plural: singular for singular, plural in PLURAL.items()}


def sample_id(number, family=0):
    return f"{family:08x}-0000-4000-8000-{number:012x}"


def core(resource_id, label, version="1700000000:0"):
    return {"id": resource_id, "version": version, "label": label, "description": label, "tags": {}}


def node(resource_id, label="node"):
    return {**core(resource_id, label), "href": "http://127.0.0.1:12345/", "hostname": "crosspoint-test",
            "api": {"versions": ["v1.3"],
                    "endpoints": [{"host": "127.0.0.1", "port": 12345, "protocol": "http", "authorization": False}]},
            "caps": {}, "services": [], "clocks": [{"name": "clk0", "ref_type": "internal"}],
            "interfaces": [{"name": "eth0", "chassis_id": "74-26-96-db-87-31", "port_id": "74-26-96-db-87-31"}]}


def device(resource_id, node_id):
    return {**core(resource_id, "device"), "type": "urn:x-nmos:device:generic", "node_id": node_id,
            "senders": [], "receivers": [], "controls": []}


def source(resource_id, device_id):
    return {**core(resource_id, "video source"), "format": "urn:x-nmos:format:video", "caps": {},
            "device_id": device_id, "parents": [], "clock_name": "clk0", "grain_rate": {"numerator": 50}}


def flow(resource_id, source_id, device_id):
    return {**core(resource_id, "video flow"), "format": "urn:x-nmos:format:video", "source_id": source_id,
            "device_id": device_id, "parents": [], "media_type": "video/raw", "frame_width": 1920,
            "frame_height": 1080, "interlace_mode": "progressive", "colorspace": "BT709",
            "components": [{"name": "Y", "width": 1920, "height": 1080, "bit_depth": 10},
                           {"name": "Cb", "width": 960, "height": 1080, "bit_depth": 10},
                           {"name": "Cr", "width": 960, "height": 1080, "bit_depth": 10}]}


def sender(resource_id, device_id, flow_id, label="sender", version="1700000000:0"):
    return {**core(resource_id, label, version), "flow_id": flow_id, "transport": "urn:x-nmos:transport:rtp.mcast",
            "device_id": device_id, "manifest_href": "http://127.0.0.1:12345/sdp", "interface_bindings": ["eth0"],
            "subscription": {"receiver_id": None, "active": False}}


def receiver(resource_id, device_id):
    return {**core(resource_id, "receiver"), "format": "urn:x-nmos:format:video",
            "caps": {"media_types": ["video/raw"]}, "device_id": device_id,
            "transport": "urn:x-nmos:transport:rtp.mcast", "interface_bindings": ["eth0"],
            "subscription": {"sender_id": None, "active": False}}


class Tree:
    """One node with a device, source, flow, sender and receiver, ids from a family of its own."""

    def __init__(self, family):
        self.node, self.device, self.source, self.flow, self.sender, self.receiver = (
            sample_id(n, family) for n in range(1, 7))

    def resources(self):
        return [("node", node(self.node)), ("device", device(self.device, self.node)),
                ("source", source(self.source, self.device)),
                ("flow", flow(self.flow, self.source, self.device)),
                ("sender", sender(self.sender, self.device, self.flow)),
                ("receiver", receiver(self.receiver, self.device))]


class RegistryTestCase(unittest.TestCase):
    server = None

    def request(self, method, path, body=None, **kwargs):
        return (self.server or SERVER).request(method, path, body, **kwargs)

    def assertValid(self, schema, document):
        reason = validate.violation(schema, document)
        self.assertIsNone(reason, reason)

    def assertError(self, response, status):
        code, headers, body = response
        self.assertEqual(code, status, body)
        self.assertValid("error.json", body)
        self.assertEqual(body["code"], status)
        return body

    def register(self, resource_type, data, version="v1.3"):
        code, headers, body = self.request("POST", f"/x-nmos/registration/{version}/resource",
                                           {"type": resource_type, "data": data})
        self.assertIn(code, (200, 201), body)
        if version == "v1.3":
            self.assertValid("registrationapi-resource-response.json", body)
        return code, headers, body

    def register_tree(self, tree):
        for resource_type, data in tree.resources():
            self.register(resource_type, data)


class BasePaths(RegistryTestCase):
    def test_api_roots_list_their_children(self):
        self.assertIn("x-nmos/", self.request("GET", "/")[2])
        self.assertEqual(sorted(self.request("GET", "/x-nmos/")[2]), ["query/", "registration/"])
        self.assertEqual(self.request("GET", "/x-nmos/query/")[2], ["v1.0/", "v1.1/", "v1.2/", "v1.3/"])
        self.assertEqual(self.request("GET", "/x-nmos/registration/")[2], ["v1.0/", "v1.1/", "v1.2/", "v1.3/"])
        code, _, body = self.request("GET", QUERY + "/")
        self.assertEqual(code, 200)
        self.assertValid("queryapi-base.json", body)
        code, _, body = self.request("GET", REGISTRATION)
        self.assertEqual(code, 200)
        self.assertValid("registrationapi-base.json", body)
        self.assertEqual(self.request("GET", REGISTRATION + "/health/")[2], ["nodes/"])

    def test_unknown_paths_and_versions_are_404_and_wrong_methods_405(self):
        self.assertError(self.request("GET", "/x-nmos/query/v9.9/nodes"), 404)
        self.assertError(self.request("GET", QUERY + "/widgets"), 404)
        self.assertError(self.request("PUT", REGISTRATION + "/resource", {}), 405)
        self.assertError(self.request("POST", QUERY + "/nodes", {}), 405)

    def test_preflight_requests_get_cors_headers(self):
        code, headers, _ = self.request("OPTIONS", REGISTRATION + "/resource",
                                        headers={"Origin": "http://controller", "Access-Control-Request-Method": "POST"})
        self.assertEqual(code, 200)
        self.assertIn("access-control-allow-origin", headers)


class Registration(RegistryTestCase):
    def test_resources_are_created_with_201_and_location_then_updated_with_200(self):
        tree = Tree(family=0x10)
        for resource_type, data in tree.resources():
            code, headers, body = self.register(resource_type, data)
            self.assertEqual(code, 201)
            self.assertEqual(headers["location"], f"{REGISTRATION}/resource/{PLURAL[resource_type]}/{data['id']}")
            self.assertEqual(body, data)
        updated = sender(tree.sender, tree.device, tree.flow, label="renamed", version="1700000001:0")
        code, headers, body = self.register("sender", updated)
        self.assertEqual(code, 200)
        self.assertEqual(body["label"], "renamed")

        code, _, body = self.request("GET", f"{REGISTRATION}/resource/senders/{tree.sender}")
        self.assertEqual(code, 200)
        self.assertValid("registrationapi-resource-response.json", body)
        self.assertEqual(body["label"], "renamed")

    def test_malformed_and_invalid_bodies_are_400_naming_the_field(self):
        self.assertError(self.request("POST", REGISTRATION + "/resource", raw_body="{not json"), 400)
        self.assertError(self.request("POST", REGISTRATION + "/resource", [1, 2]), 400)
        self.assertError(self.request("POST", REGISTRATION + "/resource", {"type": "widget", "data": {}}), 400)
        self.assertError(self.request("POST", REGISTRATION + "/resource", {"type": "node"}), 400)
        broken = node(sample_id(1, 0x11))
        broken["caps"] = "none"
        body = self.assertError(self.request("POST", REGISTRATION + "/resource", {"type": "node", "data": broken}), 400)
        self.assertIn("data.caps", body["error"] + (body["debug"] or ""))
        broken = node("not-a-uuid")
        body = self.assertError(self.request("POST", REGISTRATION + "/resource", {"type": "node", "data": broken}), 400)
        self.assertIn("data.id", body["error"] + (body["debug"] or ""))

    def test_a_child_whose_parent_is_unknown_is_refused(self):
        orphan = device(sample_id(2, 0x12), sample_id(1, 0x12))
        body = self.assertError(self.request("POST", REGISTRATION + "/resource", {"type": "device", "data": orphan}), 400)
        self.assertIn("node_id", body["error"])
        self.assertError(self.request("GET", f"{QUERY}/devices/{orphan['id']}"), 404)

    def test_deleting_a_device_removes_its_children(self):
        tree = Tree(family=0x13)
        self.register_tree(tree)
        code, _, body = self.request("DELETE", f"{REGISTRATION}/resource/devices/{tree.device}")
        self.assertEqual(code, 204)
        for plural, resource_id in [("devices", tree.device), ("sources", tree.source), ("flows", tree.flow),
                                    ("senders", tree.sender), ("receivers", tree.receiver)]:
            self.assertError(self.request("GET", f"{QUERY}/{plural}/{resource_id}"), 404)
        self.assertEqual(self.request("GET", f"{QUERY}/nodes/{tree.node}")[0], 200)
        self.assertError(self.request("DELETE", f"{REGISTRATION}/resource/devices/{tree.device}"), 404)
        self.assertError(self.request("DELETE", f"{REGISTRATION}/resource/widgets/{tree.device}"), 404)
        self.assertError(self.request("GET", f"{REGISTRATION}/resource/devices/{tree.device}"), 404)

    def test_heartbeats_answer_the_time_or_404(self):
        tree = Tree(family=0x14)
        self.register("node", node(tree.node))
        code, _, body = self.request("POST", f"{REGISTRATION}/health/nodes/{tree.node}")
        self.assertEqual(code, 200)
        self.assertValid("registrationapi-health-response.json", body)
        code, _, body = self.request("GET", f"{REGISTRATION}/health/nodes/{tree.node}")
        self.assertEqual(code, 200)
        self.assertValid("registrationapi-health-response.json", body)
        self.assertError(self.request("POST", f"{REGISTRATION}/health/nodes/{sample_id(99, 0x14)}"), 404)
        self.assertError(self.request("POST", f"{REGISTRATION}/health/nodes/not-an-id"), 404)

    def test_a_resource_registered_at_another_version_is_409_with_its_location(self):
        old = node(sample_id(1, 0x15))
        del old["interfaces"]
        self.register("node", old, version="v1.2")
        code, headers, body = self.request("POST", REGISTRATION + "/resource", {"type": "node", "data": node(old["id"])})
        self.assertError((code, headers, body), 409)
        self.assertEqual(headers["location"], f"/x-nmos/registration/v1.2/resource/nodes/{old['id']}")
        code, headers, body = self.request("POST", f"{REGISTRATION}/health/nodes/{old['id']}")
        self.assertError((code, headers, body), 409)
        self.assertEqual(headers["location"], f"/x-nmos/registration/v1.2/health/nodes/{old['id']}")


class Query(RegistryTestCase):
    @classmethod
    def setUpClass(cls):
        cls.tree = Tree(family=0x20)
        helper = RegistryTestCase()
        helper.register_tree(cls.tree)

    def test_every_collection_and_item_matches_its_schema(self):
        ids = dict(zip(PLURAL.values(), [r[1]["id"] for r in self.tree.resources()]))
        for plural, resource_id in ids.items():
            code, headers, body = self.request("GET", f"{QUERY}/{plural}?paging.limit=1000")
            self.assertEqual(code, 200)
            self.assertValid(f"{plural}.json", body)
            self.assertIn(resource_id, [r["id"] for r in body])
            code, _, body = self.request("GET", f"{QUERY}/{plural}/{resource_id}")
            self.assertEqual(code, 200)
            self.assertValid(f"{SINGULAR[plural]}.json", body)
            self.assertError(self.request("GET", f"{QUERY}/{plural}/{sample_id(999, 0x20)}"), 404)

    def test_basic_queries_match_attributes_nested_attributes_and_array_members(self):
        def ids(path):
            code, _, body = self.request("GET", path)
            self.assertEqual(code, 200, body)
            return [r["id"] for r in body]
        self.assertEqual(ids(f"{QUERY}/nodes?id={self.tree.node}"), [self.tree.node])
        self.assertIn(self.tree.receiver, ids(f"{QUERY}/receivers?subscription.active=false&device_id={self.tree.device}"))
        self.assertEqual(ids(f"{QUERY}/flows?components.name=Cb&id={self.tree.flow}"), [self.tree.flow])
        self.assertEqual(ids(f"{QUERY}/flows?frame_width=1920&id={self.tree.flow}"), [self.tree.flow])
        self.assertEqual(ids(f"{QUERY}/nodes?interfaces.name=eth7"), [])
        self.assertEqual(ids(f"{QUERY}/senders?no_such_attribute=1"), [])

    def test_rql_queries_filter_and_unsupported_operators_are_501(self):
        rql = urllib.parse.quote(f"and(eq(format,urn%3Ax-nmos%3Aformat%3Avideo),eq(id,{self.tree.source}))")
        code, _, body = self.request("GET", f"{QUERY}/sources?query.rql={rql}")
        self.assertEqual(code, 200)
        self.assertEqual([r["id"] for r in body], [self.tree.source])
        rql = urllib.parse.quote(f"and(ge(frame_width,1920),in(id,({self.tree.flow},{sample_id(7, 0x20)})))")
        self.assertEqual([r["id"] for r in self.request("GET", f"{QUERY}/flows?query.rql={rql}")[2]], [self.tree.flow])
        self.assertEqual(self.request("GET", f"{QUERY}/flows?query.rql=eq(frame_width,720)")[2], [])
        self.assertError(self.request("GET", f"{QUERY}/flows?query.rql=select(id)"), 501)
        self.assertError(self.request("GET", f"{QUERY}/flows?query.rql=eq(id"), 400)
        self.assertError(self.request("GET", f"{QUERY}/flows?query.ancestry_id={self.tree.source}"), 501)

    def test_downgrade_queries_and_409_for_resources_of_other_versions(self):
        older = node(sample_id(1, 0x21))
        del older["interfaces"]
        self.register("node", older, version="v1.2")
        self.register("device", device(sample_id(2, 0x21), older["id"]), version="v1.2")
        code, headers, body = self.request("GET", f"{QUERY}/nodes/{older['id']}")
        self.assertError((code, headers, body), 409)
        self.assertEqual(headers["location"], f"/x-nmos/query/v1.2/nodes/{older['id']}")
        code, _, body = self.request("GET", f"{QUERY}/nodes/{older['id']}?query.downgrade=v1.2")
        self.assertEqual(code, 200)
        self.assertEqual(body, older)
        listed = [r["id"] for r in self.request("GET", f"{QUERY}/nodes?paging.limit=1000")[2]]
        self.assertNotIn(older["id"], listed)
        listed = [r["id"] for r in self.request("GET", f"{QUERY}/nodes?paging.limit=1000&query.downgrade=v1.2")[2]]
        self.assertIn(older["id"], listed)
        self.assertIn(self.tree.node, listed)
        # A v1.3 node seen through v1.1 loses what v1.2 and v1.3 added.
        code, _, body = self.request("GET", f"/x-nmos/query/v1.1/nodes/{self.tree.node}")
        self.assertEqual(code, 200)
        self.assertNotIn("interfaces", body)
        self.assertNotIn("authorization", body["api"]["endpoints"][0])
        self.assertIn("clocks", body)
        self.assertError(self.request("GET", f"{QUERY}/nodes?query.downgrade=v2.0"), 400)
        self.assertError(self.request("GET", f"{QUERY}/nodes/{self.tree.node}?query.downgrade=v0.9"), 400)


class Paging(RegistryTestCase):
    def test_pages_follow_link_cursors_newest_first_without_gaps(self):
        tree = Tree(family=0x30)
        self.register_tree(tree)
        extra = [sample_id(100 + n, 0x30) for n in range(12)]
        for sender_id in extra:
            self.register("sender", sender(sender_id, tree.device, tree.flow, label="paged"))
        expected = [tree.sender] + extra
        code, headers, body = self.request("GET", f"{QUERY}/senders?device_id={tree.device}&paging.limit=5")
        self.assertEqual(code, 200)
        self.assertValid("senders.json", body)
        self.assertEqual(headers["x-paging-limit"], "5")
        self.assertEqual([r["id"] for r in body], list(reversed(expected))[:5])
        links = parse_links(headers["link"])
        self.assertEqual(set(links), {"next", "prev", "first", "last"})
        self.assertIn(f"paging.until={headers['x-paging-since']}", links["prev"])
        self.assertIn("device_id=", links["prev"])

        # Walk back with prev until the page is empty: every sender exactly once.
        seen = [r["id"] for r in body]
        url = links["prev"]
        for _ in range(10):
            parts = urllib.parse.urlsplit(url)
            code, headers, body = self.request("GET", f"{parts.path}?{parts.query}")
            self.assertEqual(code, 200)
            if not body:
                break
            seen += [r["id"] for r in body]
            url = parse_links(headers["link"])["prev"]
        self.assertEqual(sorted(seen), sorted(expected))

        # since: the oldest page after the cursor, bounded by its newest resource.
        code, headers, body = self.request("GET", f"{QUERY}/senders?device_id={tree.device}&paging.since=0:0&paging.limit=4")
        self.assertEqual([r["id"] for r in body], list(reversed(expected[:4])))
        self.assertEqual(headers["x-paging-since"], "0:0")

    def test_paging_by_creation_time_ignores_updates(self):
        tree = Tree(family=0x31)
        self.register_tree(tree)
        second = sample_id(200, 0x31)
        self.register("sender", sender(second, tree.device, tree.flow))
        self.register("sender", sender(tree.sender, tree.device, tree.flow, label="touched", version="1700000005:0"))
        by_update = [r["id"] for r in self.request("GET", f"{QUERY}/senders?device_id={tree.device}")[2]]
        by_create = [r["id"] for r in self.request("GET", f"{QUERY}/senders?device_id={tree.device}&paging.order=create")[2]]
        self.assertEqual(by_update, [tree.sender, second])
        self.assertEqual(by_create, [second, tree.sender])

    def test_limit_zero_answers_an_empty_page_closed_on_the_cursor(self):
        tree = Tree(family=0x32)
        self.register_tree(tree)
        self.register("sender", sender(sample_id(300, 0x32), tree.device, tree.flow))
        code, headers, body = self.request("GET", f"{QUERY}/senders?device_id={tree.device}&paging.limit=1")
        self.assertEqual(len(body), 1)
        cursor = headers["x-paging-since"]  # between the two senders: both sides hold one
        for bound in ["since", "until"]:
            with self.subTest(bound=bound):
                code, headers, body = self.request(
                    "GET", f"{QUERY}/senders?device_id={tree.device}&paging.{bound}={cursor}&paging.limit=0")
                self.assertEqual(code, 200, body)
                self.assertEqual(body, [])
                self.assertValid("senders.json", body)
                self.assertEqual(headers["x-paging-limit"], "0")
                self.assertEqual(headers["x-paging-since"], cursor)
                self.assertEqual(headers["x-paging-until"], cursor)
                links = parse_links(headers["link"])
                self.assertEqual(set(links), {"next", "prev", "first", "last"})
                self.assertIn(f"paging.since={cursor}", links["next"])
                self.assertIn(f"paging.until={cursor}", links["prev"])
                for url in links.values():
                    self.assertTrue(url.startswith("http://"), url)
                    self.assertIn("paging.limit=0", url)
                    self.assertIn(f"device_id={tree.device}", url)

    def test_link_header_keeps_an_encoded_ampersand_in_a_filter(self):
        code, headers, body = self.request("GET", f"{QUERY}/nodes?label=foo%26bar")
        self.assertEqual(code, 200, body)
        for url in parse_links(headers["link"]).values():
            self.assertIn("label=foo%26bar", url)

    def test_bad_paging_parameters_are_400(self):
        for query in ["paging.limit=abc", "paging.limit=-1", "paging.since=12", "paging.order=sideways",
                      "paging.since=0:5&paging.until=0:4"]:
            self.assertError(self.request("GET", f"{QUERY}/senders?{query}"), 400)


def parse_links(header):
    links = {}
    for part in header.split(","):
        url, rel = part.split(";")
        links[rel.strip().split("=")[1].strip('"')] = url.strip().strip("<>")
    return links


class Subscriptions(RegistryTestCase):
    def create(self, body, expected=201):
        code, headers, response = self.request("POST", QUERY + "/subscriptions", body)
        self.assertEqual(code, expected, response)
        self.assertValid("queryapi-subscription-response.json", response)
        self.assertEqual(headers["location"], f"{QUERY}/subscriptions/{response['id']}")
        self.assertTrue(response["ws_href"].startswith("ws://"))
        return response

    def test_subscriptions_are_created_listed_reused_and_deleted(self):
        request = {"max_update_rate_ms": 100, "persist": True, "resource_path": "/flows",
                   "params": {"label": "listed"}}
        created = self.create(request)
        self.assertEqual(created["secure"], False)
        self.assertEqual(self.create(request, expected=200)["id"], created["id"])
        code, _, listed = self.request("GET", QUERY + "/subscriptions")
        self.assertEqual(code, 200)
        self.assertValid("queryapi-subscriptions-response.json", listed)
        self.assertIn(created["id"], [s["id"] for s in listed])
        code, _, single = self.request("GET", f"{QUERY}/subscriptions/{created['id']}")
        self.assertEqual(code, 200)
        self.assertEqual(single, created)
        self.assertNotIn(created["id"], [s["id"] for s in self.request("GET", "/x-nmos/query/v1.2/subscriptions")[2]])
        code, headers, _ = self.request("GET", f"/x-nmos/query/v1.2/subscriptions/{created['id']}")
        self.assertEqual(code, 409)
        self.assertEqual(headers["location"], f"{QUERY}/subscriptions/{created['id']}")

        self.assertEqual(self.request("DELETE", f"{QUERY}/subscriptions/{created['id']}")[0], 204)
        self.assertError(self.request("GET", f"{QUERY}/subscriptions/{created['id']}"), 404)
        self.assertError(self.request("DELETE", f"{QUERY}/subscriptions/{created['id']}"), 404)

        transient = self.create({**request, "persist": False})
        self.assertError(self.request("DELETE", f"{QUERY}/subscriptions/{transient['id']}"), 403)

    def test_bad_subscription_requests_are_refused(self):
        good = {"max_update_rate_ms": 100, "persist": False, "resource_path": "/nodes", "params": {}}
        for bad in [{**good, "resource_path": "/widgets"}, {k: v for k, v in good.items() if k != "params"},
                    {**good, "max_update_rate_ms": "fast"}, {**good, "secure": True},
                    {**good, "authorization": True}, {**good, "params": {"paging.limit": "5"}}]:
            self.assertError(self.request("POST", QUERY + "/subscriptions", bad), 400)
        self.assertError(self.request("POST", QUERY + "/subscriptions", raw_body="[}"), 400)
        self.assertError(self.request("POST", QUERY + "/subscriptions",
                                      {**good, "params": {"query.ancestry_id": sample_id(1)}}), 501)
        self.assertError(self.request("POST", QUERY + "/subscriptions",
                                      {**good, "params": {"query.rql": "sort(+label)"}}), 501)

    def test_a_websocket_subscriber_sees_the_sync_grain_then_exactly_the_changes(self):
        tree = Tree(family=0x40)
        self.register_tree(tree)
        watched = sender(sample_id(300, 0x40), tree.device, tree.flow, label="watched")
        self.register("sender", watched)
        subscription = self.create({"max_update_rate_ms": 50, "persist": False, "resource_path": "/senders",
                                    "params": {"label": "watched"}})
        socket = WebSocketClient(subscription["ws_href"])
        self.assertEqual(socket.status, 101)
        try:
            def next_grain():
                grain = socket.receive_json(timeout=5)
                self.assertIsNotNone(grain, "no grain arrived")
                self.assertValid("queryapi-subscriptions-websocket.json", grain)
                self.assertEqual(grain["flow_id"], subscription["id"])
                self.assertEqual(grain["grain"]["topic"], "/senders/")
                return grain["grain"]["data"]

            sync = next_grain()
            self.assertEqual(sync, [{"path": watched["id"], "pre": watched, "post": watched}])

            added = sender(sample_id(301, 0x40), tree.device, tree.flow, label="watched")
            self.register("sender", added)
            self.assertEqual(next_grain(), [{"path": added["id"], "post": added}])

            modified = {**added, "version": "1700000001:0", "description": "changed"}
            self.register("sender", modified)
            self.assertEqual(next_grain(), [{"path": added["id"], "pre": added, "post": modified}])

            # Changing the label makes it stop matching: removed as far as this subscriber knows.
            unmatched = {**modified, "version": "1700000002:0", "label": "elsewhere"}
            self.register("sender", unmatched)
            self.assertEqual(next_grain(), [{"path": added["id"], "pre": modified}])

            # Changes the query does not see send nothing.
            self.register("sender", sender(sample_id(302, 0x40), tree.device, tree.flow, label="unwatched"))

            self.assertEqual(self.request("DELETE", f"{REGISTRATION}/resource/senders/{watched['id']}")[0], 204)
            self.assertEqual(next_grain(), [{"path": watched["id"], "pre": watched}])
            self.assertIsNone(socket.receive(timeout=0.5), "an unexpected grain arrived")
        finally:
            socket.close()
        # The last connection of a non-persistent subscription takes it away.
        deadline = time.monotonic() + 5
        while self.request("GET", f"{QUERY}/subscriptions/{subscription['id']}")[0] != 404:
            self.assertLess(time.monotonic(), deadline, "the non-persistent subscription stayed")
            time.sleep(0.05)

    def test_a_shared_non_persistent_subscription_waits_for_the_client_it_was_handed_to(self):
        # Two clients POST the same request and are given one subscription; the first connects and leaves
        # before the second connects: the second must still find it (found in the soak, where it was a 404).
        request = {"max_update_rate_ms": 100, "persist": False, "resource_path": "/receivers", "params": {}}
        first = self.create(request)
        second = self.create(request, expected=200)
        self.assertEqual(second["id"], first["id"])
        for turn in ("first", "second"):
            socket = WebSocketClient(first["ws_href"])
            try:
                self.assertEqual(socket.status, 101, f"the {turn} client's upgrade")
                sync = socket.receive_json(timeout=5)
                self.assertIsNotNone(sync, f"no sync grain for the {turn} client")
                self.assertEqual(sync["flow_id"], first["id"])
            finally:
                socket.close()
        # Nobody else was told of it: the last connection takes it away.
        deadline = time.monotonic() + 5
        while self.request("GET", f"{QUERY}/subscriptions/{first['id']}")[0] != 404:
            self.assertLess(time.monotonic(), deadline, "the non-persistent subscription stayed")
            time.sleep(0.05)

    def test_changes_within_the_update_interval_arrive_in_one_grain(self):
        tree = Tree(family=0x41)
        self.register_tree(tree)
        subscription = self.create({"max_update_rate_ms": 2000, "persist": True, "resource_path": "/senders",
                                    "params": {"device_id": tree.device}})
        socket = WebSocketClient(subscription["ws_href"])
        try:
            sync = socket.receive_json(timeout=5)
            self.assertEqual([e["path"] for e in sync["grain"]["data"]], [tree.sender])
            started = time.monotonic()
            batch = [sender(sample_id(400 + n, 0x41), tree.device, tree.flow) for n in range(3)]
            for data in batch:
                self.register("sender", data)
            grain = socket.receive_json(timeout=5)
            self.assertValid("queryapi-subscriptions-websocket.json", grain)
            # Not before the interval since the sync grain has passed.
            self.assertGreaterEqual(time.monotonic() - started, 1.0)
            self.assertEqual(grain["grain"]["data"], [{"path": d["id"], "post": d} for d in batch])
        finally:
            socket.close()
        self.assertEqual(self.request("GET", f"{QUERY}/subscriptions/{subscription['id']}")[0], 200)
        self.assertEqual(self.request("DELETE", f"{QUERY}/subscriptions/{subscription['id']}")[0], 204)

    def test_a_deleted_persistent_subscription_closes_its_sockets_and_refuses_new_ones(self):
        subscription = self.create({"max_update_rate_ms": 100, "persist": True, "resource_path": "/devices",
                                    "params": {"label": "nothing-here"}})
        socket = WebSocketClient(subscription["ws_href"])
        try:
            sync = socket.receive_json(timeout=5)
            self.assertEqual(sync["grain"]["data"], [])
            self.assertEqual(self.request("DELETE", f"{QUERY}/subscriptions/{subscription['id']}")[0], 204)
            self.assertIsNone(socket.receive(timeout=5))
            self.assertTrue(socket.closed)
        finally:
            socket.close()
        refused = WebSocketClient(subscription["ws_href"])
        self.assertEqual(refused.status, 404)
        refused.close()


class Expiry(RegistryTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = RegistryProcess(SERVER_BINARY, "--gc-ms", 1000)

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def test_a_node_that_stops_heartbeating_is_expired_with_its_children(self):
        tree = Tree(family=0x50)
        self.register_tree(tree)
        for _ in range(6):  # 1.5 s of heartbeats every 250 ms keeps it
            time.sleep(0.25)
            self.assertEqual(self.request("POST", f"{REGISTRATION}/health/nodes/{tree.node}")[0], 200)
        self.assertEqual(self.request("GET", f"{QUERY}/senders/{tree.sender}")[0], 200)
        deadline = time.monotonic() + 5
        while self.request("GET", f"{QUERY}/nodes/{tree.node}")[0] == 200:
            self.assertLess(time.monotonic(), deadline, "the silent node was never expired")
            time.sleep(0.1)
        for plural, resource_id in [("devices", tree.device), ("sources", tree.source), ("flows", tree.flow),
                                    ("senders", tree.sender), ("receivers", tree.receiver)]:
            self.assertError(self.request("GET", f"{QUERY}/{plural}/{resource_id}"), 404)
        self.assertError(self.request("POST", f"{REGISTRATION}/health/nodes/{tree.node}"), 404)


SERVER_BINARY = None

if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    SERVER_BINARY = sys.argv[1]
    SERVER = RegistryProcess(SERVER_BINARY, "--gc-ms", 600000, "--paging-default", 10)
    try:
        result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
    finally:
        SERVER.close()
    sys.exit(0 if result.wasSuccessful() else 1)
