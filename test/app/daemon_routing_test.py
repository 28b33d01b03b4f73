#!/usr/bin/python3
"""Routing the daemon's embedded default end to end, over real TCP, with the real engine replaying its
captures and recording its monitor outputs: the IS-05 Connection API and /x-crosspoint/v1/routes (one staging
and activation path), immediate, scheduled absolute and relative activations landing on the recording,
cancelling a scheduled activation, bad input refused with a reason and nothing changed, concurrent PATCHes,
an ST 2022-7 receiver retargeted (and a partial leg change refused), IS-04 PUT /target applied through IS-05,
and every NMOS body validated against the AMWA IS-04 and IS-05 schemas.

  daemon_routing_test.py CROSSPOINT CROSSPOINT_CAP SOURCE_DIR
"""
import concurrent.futures
import json
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

CROSSPOINT, CAP, SOURCE = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
sys.path.insert(0, str(SOURCE / "test" / "nmos"))
import validate  # noqa: E402  (the schema checker the other NMOS tests use)
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from checks import check, failures  # noqa: E402
from recorded_frames import payload_hashes, rtp_packets, trace_sources  # noqa: E402

IS05 = "is-05-v1.1/"


def valid(schema, document, what):
    reason = validate.violation(schema, document)
    check(reason is None, f"{what} validates against {schema}" + (f": {reason}" if reason else ""))


def call(method, url, body=None, raw=None):
    """(status, parsed JSON or text, content type) of one request; error statuses are answers too."""
    data = raw.encode() if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json"} if data is not None else {})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            status, text, kind = response.status, response.read().decode(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        status, text, kind = error.code, error.read().decode(), error.headers.get("Content-Type", "")
    return status, (json.loads(text) if "json" in kind and text else text), kind


def tai(text):
    seconds, nanos = text.split(":")
    return int(seconds) + int(nanos) / 1e9


def tai_text(value):
    seconds = int(value)
    return f"{seconds}:{int(round((value - seconds) * 1e9))}"


class Daemon:
    def __init__(self, work):
        self.run_dir = work / "run"
        self.log_path = work / "routing.log"
        self.process = subprocess.Popen([CROSSPOINT, "--nmos-port", "0", "--run-dir", str(self.run_dir),
                                         "--status-interval", "1", "--record-limit-mb", "600"],
                                        stdout=open(self.log_path, "w"), stderr=subprocess.STDOUT)
        self.base = None
        deadline = time.time() + 90
        while time.time() < deadline and self.process.poll() is None and self.base is None:
            match = re.search(r"Routes API\s+(http://[0-9.]+:\d+)/", self.log_path.read_text())
            self.base = match.group(1) if match else None
            time.sleep(0.2)
        self.conn = f"{self.base}/x-nmos/connection/v1.1"
        self.routes = f"{self.base}/x-crosspoint/v1/routes"
        self.tai_offset = None

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return None

    def node(self, path):
        return call("GET", f"{self.base}/x-nmos/node/v1.3/{path}")[1]

    def now_tai(self):
        return time.time() + self.tai_offset

    def route(self, output):
        return next(r for r in call("GET", self.routes)[1] if r["output"] == output)

    def patch_routes(self, body):
        return call("PATCH", self.routes, body)


def same_route(a, b):
    """Routes compared with landing times within a microsecond: the clock model maps the engine's local
    landing time to TAI again on every read, and a servo step moves it by nanoseconds."""
    def without_time(route):
        copy = json.loads(json.dumps(route))
        if copy.get("last_landed"):
            copy["last_landed"]["at"] = None
        return copy

    def landed_at(route):
        return tai(route["last_landed"]["at"]) if route.get("last_landed") else None

    times = landed_at(a), landed_at(b)
    close = times[0] == times[1] or (None not in times and abs(times[0] - times[1]) < 1e-6)
    return close and without_time(a) == without_time(b)


def wait_for(predicate, seconds=10.0):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    return predicate()


def is04_advertises_is05(d, ids):
    devices = d.node("devices")
    valid("devices.json", devices, "the Node API's devices")
    controls = {c["type"]: c["href"] for c in devices[0]["controls"]}
    check(controls.get("urn:x-nmos:control:sr-ctrl/v1.1") == d.base + "/x-nmos/connection/v1.1/"
          and controls.get("urn:x-nmos:control:sr-ctrl/v1.0") == d.base + "/x-nmos/connection/v1.0/",
          f"the device advertises the Connection API v1.1 and v1.0 with hrefs ({controls})")
    for version in ["v1.2", "v1.3"]:
        senders = call("GET", f"{d.base}/x-nmos/node/{version}/senders")[1]
        check(all(s["manifest_href"] == f"{d.conn}/single/senders/{s['id']}/transportfile" for s in senders),
              f"Node API {version}: every sender's manifest_href is its Connection API transport file")
    status, sdp, kind = call("GET", f"{d.conn}/single/senders/{ids['monitor']}/transportfile")
    check(status == 200 and kind.startswith("application/sdp") and "c=IN IP4 239.200.4.1/" in sdp
          and re.search(r"a=ts-refclk:(ptp=IEEE1588-2008:|localmac=)", sdp) and "a=mediaclk:direct=0" in sdp,
          "the monitor's manifest is an SDP with its group, ts-refclk and mediaclk")


def connection_api_lists(d):
    valid(IS05 + "connectionapi-base.json", call("GET", d.conn)[1], "the Connection API's base")
    valid(IS05 + "connectionapi-single.json", call("GET", d.conn + "/single")[1], "/single")
    status, senders, _ = call("GET", f"{d.conn}/single/senders")
    valid(IS05 + "connectionapi-sender.json", call("GET", f"{d.conn}/single/senders/{senders[0]}")[1], "a sender's listing")
    status, receivers, _ = call("GET", f"{d.conn}/single/receivers")
    check(len(senders) == 6 and len(receivers) == 7, f"six senders and seven receivers ({len(senders)}, {len(receivers)})")
    for kind, ids, schema in [("senders", senders, "sender-response-schema.json"),
                              ("receivers", receivers, "receiver-response-schema.json")]:
        for item in ids:
            for leaf in ["staged", "active"]:
                document = call("GET", f"{d.conn}/single/{kind}/{item}{leaf}")[1]
                reason = validate.violation(IS05 + schema, document)
                if reason:
                    check(False, f"{kind} {item}{leaf}: {reason}")
            constraints = call("GET", f"{d.conn}/single/{kind}/{item}constraints")[1]
            reason = validate.violation(IS05 + "constraints-schema.json", constraints)
            if reason:
                check(False, f"{kind} {item}constraints: {reason}")
    check(True, "every sender's and receiver's staged, active and constraints validate")


def ids_by_name(d):
    ids = {s["label"].split(" ")[0].lower(): s["id"] for s in d.node("senders")}
    ids.update({"recv:" + r["label"].split(" (")[0].lower().replace(" ", "-"): r["id"] for r in d.node("receivers")})
    return ids


def learn_tai(d):
    """The daemon's TAI against this host's clock, from a relative activation's answer."""
    before = time.time()
    status, answer, _ = d.patch_routes({"routes": [{"output": "monitor", "input": "proxy-1"}],
                                        "activation": {"mode": "activate_scheduled_relative",
                                                       "requested_time": "0:100000000"}})
    after = time.time()
    check(status == 200 and answer[0]["code"] == 202, f"a relative route is accepted (202): {answer}")
    d.tai_offset = tai(answer[0]["activation"]["activation_time"]) - 0.1 - (before + after) / 2
    wait_for(lambda: d.route("monitor")["armed"] is None, 5)


def routes_api_activations(d):
    status, routes, _ = call("GET", d.routes)
    check(status == 200 and [r["output"] for r in routes] ==
          ["program", "preview", "aux", "monitor", "audio-monitor", "anc-monitor"]
          and d.route("monitor")["input"] == "proxy-1", "GET routes lists every output and what it forwards")

    # Immediate: answered once landed, with when.
    status, answer, _ = d.patch_routes({"routes": [{"output": "monitor", "input": "remote-1"}]})
    landed = d.route("monitor")
    check(status == 200 and answer[0]["code"] == 200 and answer[0]["activation"]["mode"] == "activate_immediate"
          and landed["input"] == "remote-1" and landed["last_landed"]["input"] == "remote-1"
          and abs(tai(landed["last_landed"]["at"]) - tai(answer[0]["activation"]["activation_time"])) < 1e-6,
          f"an immediate route lands and answers when ({answer}, {landed})")

    # Scheduled absolute: armed until its time, then landed at or after it.
    requested = d.now_tai() + 1.0
    status, answer, _ = d.patch_routes({"routes": [{"output": "monitor", "input": "proxy-1"}],
                                        "activation": {"mode": "activate_scheduled_absolute",
                                                       "requested_time": tai_text(requested)}})
    armed = d.route("monitor")
    check(answer[0]["code"] == 202 and answer[0]["activation"]["activation_time"] == tai_text(requested)
          and armed["armed"] is not None and armed["armed"]["input"] == "proxy-1" and armed["input"] == "remote-1",
          f"an absolute route answers 202 and waits armed ({answer}, {armed})")
    landed = wait_for(lambda: d.route("monitor")["last_landed"]["input"] == "proxy-1" and d.route("monitor"), 10)
    check(bool(landed) and tai(landed["last_landed"]["at"]) >= requested and landed["armed"] is None,
          f"it lands at or after its TAI time ({landed and landed['last_landed']}, asked {tai_text(requested)})")
    staged = call("GET", f"{d.conn}/single/senders/{d.ids['monitor']}/active")[1]
    valid(IS05 + "sender-response-schema.json", staged, "the monitor sender's active after a routes activation")
    check(staged["activation"]["mode"] == "activate_scheduled_absolute", "IS-05 active shows the routes activation")

    # Scheduled relative: likewise.
    status, answer, _ = d.patch_routes({"routes": [{"output": "monitor", "input": "remote-1"}],
                                        "activation": {"mode": "activate_scheduled_relative",
                                                       "requested_time": "0:500000000"}})
    when = tai(answer[0]["activation"]["activation_time"])
    landed = wait_for(lambda: d.route("monitor")["last_landed"]["input"] == "remote-1" and d.route("monitor"), 10)
    # IS-05 hears of the landing from the backend's watcher, a moment after the engine records it.
    wait_for(lambda: call("GET", f"{d.conn}/single/senders/{d.ids['monitor']}/staged")[1]["activation"]["mode"] is None)
    check(answer[0]["code"] == 202 and bool(landed) and tai(landed["last_landed"]["at"]) >= when,
          f"a relative route lands at or after now + its offset ({answer[0]['activation']})")

    # Cancel: mode null withdraws the pending switch; the route stays.
    before = d.route("monitor")
    status, answer, _ = d.patch_routes({"routes": [{"output": "monitor", "input": "proxy-1"}],
                                        "activation": {"mode": "activate_scheduled_relative",
                                                       "requested_time": "2:0"}})
    status, cancelled, _ = d.patch_routes({"routes": [{"output": "monitor"}], "activation": {"mode": None}})
    time.sleep(2.5)
    after = d.route("monitor")
    check(answer[0]["code"] == 202 and cancelled[0]["code"] == 200 and after["input"] == "remote-1"
          and after["armed"] is None and same_route(after, before),
          f"a cancelled scheduled route never lands ({answer}, {cancelled}, {before}, {after})")


def routes_api_refuses(d):
    before = call("GET", d.routes)[1]
    for body, raw, field in [({"routes": [{"output": "nowhere", "input": "remote-1"}]}, None, "routes[0].output"),
                             ({"routes": [{"output": "monitor", "input": "audio-1"}]}, None, "routes[0].input"),
                             ({"routes": [{"output": "monitor", "input": "remote-1"}, {"output": "aux", "input": "x"}]},
                              None, "routes[1].input"),
                             ({"routes": [{"output": "monitor", "input": "remote-1"}],
                               "activation": {"mode": "activate_later"}}, None, "activation"),
                             (None, '{"routes": [', "JSON")]:
        status, error, _ = call("PATCH", d.routes, body, raw)
        check(status == 400 and field in error.get("error", "") if isinstance(error, dict) else False,
              f"routes PATCH refused 400 naming {field}: {error}")
        valid(IS05 + "error.json", error, "the routes API's error")
    check(all(same_route(a, b) for a, b in zip(call("GET", d.routes)[1], before)),
          "refused route PATCHes changed nothing (salvos are checked whole)")


def receiver_retarget(d):
    remote = d.ids["recv:remote-1"]
    url = f"{d.conn}/single/receivers/{remote}"
    active = call("GET", url + "/active")[1]
    check(active["master_enable"] and [l["multicast_ip"] for l in active["transport_params"]] ==
          ["239.100.4.1", "239.101.4.1"], "the 2022-7 receiver's active shows the pair it takes at start")
    version = next(r for r in d.node("receivers") if r["id"] == remote)["version"]
    sdp = (d.run_dir / "remote-2.sdp").read_text()
    status, answer, _ = call("PATCH", url + "/staged", {"master_enable": True,
                                                         "transport_file": {"data": sdp, "type": "application/sdp"},
                                                         "activation": {"mode": "activate_immediate"}})
    valid(IS05 + "receiver-response-schema.json", answer, "an immediate receiver PATCH's answer")
    active = call("GET", url + "/active")[1]
    check(status == 200 and [l["multicast_ip"] for l in active["transport_params"]] == ["239.100.7.1", "239.101.7.1"],
          f"the receiver takes remote-2's pair from its SDP ({status}, {active['transport_params']})")
    receiver = wait_for(lambda: next(r for r in d.node("receivers") if r["id"] == remote and r["version"] != version), 5)
    check(bool(receiver) and receiver["subscription"]["active"], "IS-04: the receiver's version and subscription follow")
    route = d.route("monitor")
    check(route["input"] == "remote-1" and tai(route["last_landed"]["at"]) >= tai(answer["activation"]["activation_time"]) - 0.001,
          f"the monitor, following remote-1, switched to the new flow make-before-break ({route}, {answer['activation']})")

    # A scheduled move back, cancelled: nothing changes.
    own = (d.run_dir / "remote-1.sdp").read_text()
    status, scheduled, _ = call("PATCH", url + "/staged", {"transport_file": {"data": own, "type": "application/sdp"},
                                                            "activation": {"mode": "activate_scheduled_relative",
                                                                           "requested_time": "2:0"}})
    locked, _, _ = call("PATCH", url + "/staged", {"master_enable": False})
    status_cancel, cancelled, _ = call("PATCH", url + "/staged", {"activation": {"mode": None}})
    time.sleep(2.5)
    after = call("GET", url + "/active")[1]
    check(status == 202 and locked == 423 and status_cancel == 200 and cancelled["activation"]["mode"] is None
          and after == active and same_route(d.route("monitor"), route),
          f"a scheduled receiver move cancelled with mode null leaves active and the route as they were ({status}, {locked}, {status_cancel})")

    # ST 2022-7: both legs move or neither. Staged is first set back to what is active (the cancelled
    # activation left its parameters staged), then only leg 0 is moved.
    call("PATCH", url + "/staged", {"transport_file": {"data": None, "type": None},
                                    "transport_params": [{k: l[k] for k in ["multicast_ip", "source_ip", "destination_port"]}
                                                         for l in after["transport_params"]]})
    status, error, _ = call("PATCH", url + "/staged", {"transport_params": [{"multicast_ip": "239.100.4.1"}, {}],
                                                        "activation": {"mode": "activate_immediate"}})
    check(status == 400 and "transport_params[1]" in error["error"] and "2022-7" in error["error"],
          f"a partial 2022-7 leg change is refused naming the leg: {error}")
    check(call("GET", url + "/active")[1] == after, "and active is unchanged")


def receiver_bad_input(d):
    remote = d.ids["recv:remote-1"]
    url = f"{d.conn}/single/receivers/{remote}"
    staged, active = call("GET", url + "/staged")[1], call("GET", url + "/active")[1]
    sdp = (d.run_dir / "remote-2.sdp").read_text()
    wrong = sdp.replace("YCbCr-4:2:2", "YCbCr-4:4:4").replace("depth=10", "depth=12")
    cases = [
        ({"transport_file": {"data": "v=0\r\nm=video\r\n", "type": "application/sdp"}}, None, 400, "transport_file"),
        ({"transport_file": {"data": wrong, "type": "application/sdp"}}, None, 400, "transport_file"),
        ({"transport_params": [{"interface_ip": "10.9.9.9"}, {}]}, None, 400, "interface_ip"),
        ({"transport_params": [{"destination_port": 80}, {}]}, None, 400, "destination_port"),
        (None, '{"master_enable": tru', 400, ""),
    ]
    for body, raw, code, field in cases:
        status, error, _ = call("PATCH", url + "/staged", body, raw)
        check(status == code and field in json.dumps(error), f"bad input answers {code} naming {field or 'the JSON'}: {error}")
        valid(IS05 + "error.json", error, "the error")
    status, error, _ = call("PATCH", f"{d.conn}/single/receivers/5a1b0c2d-0000-4000-8000-00000000dead/staged",
                            {"master_enable": True})
    check(status == 404, "an unknown receiver id is 404")
    valid(IS05 + "error.json", error, "the 404")
    check(call("GET", url + "/staged")[1] == staged and call("GET", url + "/active")[1] == active,
          "after every refusal staged and active are as they were")


def concurrent_patches(d):
    url = f"{d.conn}/single/senders/{d.ids['aux']}/staged"

    def one(port):
        return port, call("PATCH", url, {"transport_params": [{"destination_port": port}],
                                         "activation": {"mode": "activate_immediate"}})

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(one, range(6000, 6024)))
    ok = all(s == 200 and a["transport_params"][0]["destination_port"] == p for p, (s, a, _) in results)
    check(ok, "24 concurrent immediate PATCHes each answer 200 with the state they left")
    last = max(results, key=lambda r: tai(r[1][1]["activation"]["activation_time"]))[0]
    active = call("GET", url.replace("/staged", "/active"))[1]
    sdp = call("GET", url.replace("/staged", "/transportfile"))[1]
    check(active["transport_params"][0]["destination_port"] == last and f"m=video {last} " in sdp,
          f"active and the transport file end at the last activation's port {last}")


def target_through_is05(d):
    remote = d.ids["recv:remote-1"]
    monitor = next(s for s in d.node("senders") if s["id"] == d.ids["monitor"])
    status, _, _ = call("PUT", f"{d.base}/x-nmos/node/v1.3/receivers/{remote}/target", monitor)
    active = wait_for(lambda: (a := call("GET", f"{d.conn}/single/receivers/{remote}/active")[1])["sender_id"] == monitor["id"] and a, 10)
    check(status == 202 and bool(active) and active["master_enable"]
          and active["transport_params"][0]["multicast_ip"] == "239.200.9.9",
          "IS-04 PUT /target stages the sender's manifest through IS-05 and activates it")
    receiver = wait_for(lambda: (r := next(r for r in d.node("receivers") if r["id"] == remote))["subscription"]["sender_id"] == monitor["id"] and r, 5)
    check(bool(receiver), "and the IS-04 subscription names the sender")
    status, _, _ = call("PUT", f"{d.base}/x-nmos/node/v1.3/receivers/{remote}/target", {})
    active = wait_for(lambda: not (a := call("GET", f"{d.conn}/single/receivers/{remote}/active")[1])["master_enable"] and a, 10)
    check(bool(active), "PUT /target {} disables the receiver through IS-05")


def sender_move(d):
    url = f"{d.conn}/single/senders/{d.ids['monitor']}"
    route = d.route("monitor")
    asked = d.now_tai()
    status, answer, _ = call("PATCH", url + "/staged", {"transport_params": [{"destination_ip": "239.200.9.9"}],
                                                         "activation": {"mode": "activate_immediate"}})
    sdp = call("GET", url + "/transportfile")[1]
    check(status == 200 and "c=IN IP4 239.200.9.9/" in sdp, "a sender moved with IS-05: its transport file follows")
    # The engine moves it at its next frame boundary (the recording below shows where): its route is untouched,
    # and the activation time is when the move took effect, within a frame or two of the request.
    after = d.route("monitor")
    check(after["armed"] is None and same_route(after, route),
          f"the moved sender keeps its route: no switch, no cut (before {route}, after {after})")
    took = tai(answer["activation"]["activation_time"]) - asked
    check(-0.5 < took < 0.5, f"the move took effect {took:.3f} s after it was asked")
    time.sleep(0.3)


def suite_style_activations(d):
    """What the AMWA IS-05-02 suite asks (IS05Utils.subscribe_resource): every leg of a receiver on one test
    group, a sender pointed at a unicast test address; both answer 200 and IS-04 follows."""
    import uuid
    remote, aux = d.ids["recv:remote-1"], d.ids["aux"]
    sender_id, receiver_id = str(uuid.uuid4()), str(uuid.uuid4())
    status, answer, _ = call("PATCH", f"{d.conn}/single/receivers/{remote}/staged",
                             {"master_enable": True, "sender_id": sender_id,
                              "transport_params": [{"multicast_ip": "233.252.0.1"}, {"multicast_ip": "233.252.0.1"}],
                              "activation": {"mode": "activate_immediate"}})
    check(status == 200, f"a 2022-7 receiver with both legs on one group (one path here) activates: {status} {answer}")
    status, answer, _ = call("PATCH", f"{d.conn}/single/senders/{aux}/staged",
                             {"master_enable": True, "receiver_id": receiver_id,
                              "transport_params": [{"destination_ip": "192.0.2.1"}],
                              "activation": {"mode": "activate_immediate"}})
    check(status == 200, f"a sender pointed at a unicast address without a known MAC activates (ARP resolves it): {status} {answer}")
    subscribed = wait_for(lambda: next(r for r in d.node("receivers") if r["id"] == remote)["subscription"]["sender_id"] == sender_id
                          and next(s for s in d.node("senders") if s["id"] == aux)["subscription"] == {"receiver_id": receiver_id, "active": True}, 5)
    check(bool(subscribed), "IS-04 subscriptions name the peers the activations gave")


def recording_shows_clean_switches(d):
    recording = d.run_dir / "recording.pcap"
    report = subprocess.run([CAP, "analyze", str(recording), "--json"], capture_output=True, text=True)
    flows = {f["destination"]: f for f in json.loads(report.stdout).get("flows", [])} if report.stdout else {}
    monitor = flows.get("239.200.4.1:5004", {})
    check(monitor.get("ssrc") == 1004 and monitor.get("sequence_errors") == 0 and monitor.get("width") == 320,
          f"crosspoint-cap analyze: the monitor's sequence is continuous across every switch ({monitor.get('sequence_errors')})")
    moved = flows.get("239.200.9.9:5004", {})
    check(moved.get("ssrc") == 1004 and moved.get("frames", 0) >= 1, "after the IS-05 move the monitor is at 239.200.9.9")

    # Which input each recorded frame came from: the one whose capture holds every packet of it (both legs
    # of a 2022-7 pair, as the merge forwards either). A torn frame would match none.
    # (A replayed 2022-7 loop restarts its sequence numbers and the merge drops its first packets: such a
    # frame lacks its start but is from one input; README "Known limits of the default".)
    hashes = {"proxy-1": payload_hashes(SOURCE / "captures" / "video_320x180p50.pcap", ["239.100.0.1"]),
              "remote-1": payload_hashes(d.run_dir / "sources.pcap", ["239.100.4.1", "239.101.4.1"]),
              "remote-2": payload_hashes(d.run_dir / "sources.pcap", ["239.100.7.1", "239.101.7.1"])}
    packets = rtp_packets(recording, ["239.200.4.1", "239.200.9.9"])
    trace = trace_sources([p for p in packets if p[0] == "239.200.4.1"], hashes)
    seen, mixed, torn_switches, sizes = trace.sources, trace.mixed, trace.torn_switches, trace.sizes
    expected = ["proxy-1", "remote-1", "proxy-1", "remote-1", "remote-2"]
    check(seen == expected, f"the recording shows each switch, in order: {seen}")
    # The remote flows' legs each lose packets the other carries: merged, every frame that starts is whole.
    check(all(len(counts) == 1 for counts in sizes.values()),
          f"the 2022-7 inputs lose nothing: every recorded frame of an input has its full packet count ({sizes})")
    check(mixed == 0 and torn_switches == 0,
          f"no recorded frame mixes two inputs ({mixed}) and each switch starts with a whole frame ({torn_switches} not)")
    first_moved = next((i for i, p in enumerate(packets) if p[0] == "239.200.9.9"), None)
    check(first_moved is not None and first_moved > 0 and packets[first_moved - 1][2] and packets[first_moved][3],
          "the sender moved between frames: the old address got a frame's last packet, the new one starts a frame")
    sequences = [p[1] for p in packets]
    check(all((b - a) % 65536 == 1 for a, b in zip(sequences, sequences[1:])),
          "RTP sequence numbers never skip, across the switches and the move to a new destination")


def main():
    work = pathlib.Path(tempfile.mkdtemp(prefix="crosspoint-routing-"))
    d = Daemon(work)
    try:
        check(d.base is not None, "the default starts and serves the routes API")
        if d.base is None:
            print(d.log_path.read_text()[-4000:])
            return
        d.ids = ids_by_name(d)
        # The replays run and the recorded monitor carries proxy-1 before anything moves.
        wait_for(lambda: d.route("monitor")["last_landed"] is not None, 20)
        is04_advertises_is05(d, d.ids)
        connection_api_lists(d)
        learn_tai(d)
        routes_api_activations(d)
        routes_api_refuses(d)
        receiver_retarget(d)
        receiver_bad_input(d)
        concurrent_patches(d)
        time.sleep(0.5)
        sender_move(d)
        target_through_is05(d)
        suite_style_activations(d)
        time.sleep(0.5)
    finally:
        code = d.stop()
    check(code == 0, f"SIGTERM stops the daemon cleanly (exit {code})")
    recording_shows_clean_switches(d)
    if failures:
        print(d.log_path.read_text()[-3000:])
    else:
        shutil.rmtree(work)  # the recording is some 100 MB; kept only to look into a failure


if __name__ == "__main__":
    main()
    print(f"{len(failures)} failed")
    sys.exit(1 if failures else 0)
