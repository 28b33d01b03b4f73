#!/usr/bin/env python3
"""Writes the fuzz harnesses' seed corpora into test/fuzz/corpus/<harness>/ (small, committed):
frames, RTP payloads and PTP messages taken from the committed captures, SDP files, small pcaps cut from the
captures, DNS-SD answers, daemon configs, and valid Query, Registration and Connection API inputs.

  tools/fuzz/make_seeds.py            (from anywhere; rewrites the corpus folders, byte for byte the same)
"""
import json
import pathlib
import struct

ROOT = pathlib.Path(__file__).resolve().parents[2]
CAPTURES = ROOT / "captures"
CORPUS = ROOT / "test" / "fuzz" / "corpus"


def records(path, limit=None):
    """(header bytes, frame bytes) of each record of a classic pcap (either byte order, us or ns)."""
    data = path.read_bytes()
    magic = data[:4]
    endian = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    at = 24
    count = 0
    while at + 16 <= len(data) and (limit is None or count < limit):
        _, _, caplen, _ = struct.unpack(endian + "IIII", data[at:at + 16])
        yield data[at:at + 16], data[at + 16:at + 16 + caplen]
        at += 16 + caplen
        count += 1


def udp_payload(frame):
    """(destination port, UDP payload) of an IPv4/UDP frame (one VLAN tag allowed), or None."""
    ether = 14
    ether_type = struct.unpack("!H", frame[12:14])[0]
    if ether_type == 0x8100:
        ether, ether_type = 18, struct.unpack("!H", frame[16:18])[0]
    if ether_type == 0x88F7:  # PTP over Ethernet
        return 0, frame[ether:]
    if ether_type != 0x0800 or len(frame) < ether + 28 or frame[ether + 9] != 17:
        return None
    ihl = (frame[ether] & 0x0F) * 4
    udp = ether + ihl
    length = struct.unpack("!H", frame[udp + 4:udp + 6])[0]
    return struct.unpack("!H", frame[udp + 2:udp + 4])[0], frame[udp + 8:udp + length]


def rtp_payload(packet):
    csrc = packet[0] & 0x0F
    at = 12 + 4 * csrc
    if packet[0] & 0x10:
        words = struct.unpack("!H", packet[at + 2:at + 4])[0]
        at += 4 + 4 * words
    end = len(packet) - (packet[-1] if packet[0] & 0x20 else 0)
    return packet[at:end]


def write(harness, name, data):
    folder = CORPUS / harness
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())


def packets_and_payloads():
    picks = {  # capture: records taken (the first ones, and a marker packet for video)
        "video_320x180p50.pcap": [0, 1, 179],
        "video_320x180i50.pcap": [0, 95],
        "video_720p50_8bit.pcap": [0, 2],
        "audio_l24_8ch_125us.pcap": [0],
        "anc_5994.pcap": [0, 1],
        "programme_320x180p50.pcap": [0, 1, 2, 3],
        "third-party/pilist_anc_with_some_rtp_padding.pcap": [0, 1],
        "third-party/zoo_misc_anc_2110-40.pcap": [0, 5, 9],
        "third-party/pilist_eemebe_t_1080i59_hdr128.pcap": [0, 1],
    }
    for capture, wanted in picks.items():
        stem = pathlib.Path(capture).stem
        for index, (_, frame) in enumerate(records(CAPTURES / capture, max(wanted) + 1)):
            if index not in wanted:
                continue
            write("packet_layout", f"{stem}-{index}", frame)
            found = udp_payload(frame)
            if not found:
                continue
            payload = rtp_payload(found[1])
            if "video" in stem or "eemebe" in stem or ("programme" in stem and len(payload) > 400):
                # Format prefix: YCbCr-4:2:2 (1), 10 bit (1), width 320 (5 x 64), height 160 (5 x 32).
                write("rfc4175", f"{stem}-{index}", bytes([0x01, 0x01, 5, 5]) + payload)
            elif "audio" in stem:
                write("pcm", f"{stem}-{index}", bytes([8, 0, 125]) + payload)
            elif "anc" in stem:
                write("anc", f"{stem}-{index}", payload)
    for index, (_, frame) in enumerate(records(CAPTURES / "programme_320x180p50.pcap", 400)):
        found = udp_payload(frame)
        if found and 100 < len(found[1]) < 400:  # the stereo audio of the programme capture
            write("pcm", f"programme-stereo-{index}", bytes([2, 0x07, 0xE8]) + rtp_payload(found[1]))
            break


def ptp_messages():
    for capture in ["tcpdump_ptp.pcap", "tcpdump_ptp_corrections.pcap", "tcpdump_ptp_management.pcap",
                    "tcpdump_ptp_v2_1.pcap", "pilist_PTP_clock.pcap", "pilist_wireshark-wiki_ptpv2.pcap",
                    "tcpdump_ptp_ethernet.pcap"]:
        seen = set()
        for index, (_, frame) in enumerate(records(CAPTURES / "third-party" / capture)):
            found = udp_payload(frame)
            if not found or found[0] not in (0, 319, 320) or len(found[1]) < 34:
                continue
            kind = (found[1][0] & 0x0F, len(found[1]))
            if kind in seen:
                continue
            seen.add(kind)
            write("ptp_message", f"{pathlib.Path(capture).stem}-{index}", found[1])


def sdps():
    for sdp in sorted(CAPTURES.glob("*.sdp")):
        write("sdp", sdp.name, sdp.read_bytes())


def small_pcaps():
    for capture in ["video_320x180p50.pcap", "audio_2022-7.pcap", "anc_5994.pcap",
                    "third-party/pilist_anc_with_some_rtp_padding.pcap", "third-party/tcpdump_ptp.pcap"]:
        path = CAPTURES / capture
        head = path.read_bytes()[:24]
        body = b"".join(h + f for h, f in records(path, 3))
        write("pcap_file", pathlib.Path(capture).stem, head + body)


def encode_name(name):
    return b"".join(bytes([len(label)]) + label.encode() for label in name.split(".")) + b"\x00"


def dns_answer(records_, rcode=0):
    header = struct.pack("!HHHHHH", 0x1234, 0x8400 | rcode, 1, len(records_), 0, 0)
    question = encode_name("_nmos-register._tcp.example.com") + struct.pack("!HH", 12, 1)
    out = header + question
    for name, kind, rdata in records_:
        out += name + struct.pack("!HHIH", kind, 1, 120, len(rdata)) + rdata
    return out


def dns():
    service = b"\xc0\x0c"  # compression pointer to the question's name
    instance = encode_name("reg1._nmos-register._tcp.example.com")
    txt = b"".join(bytes([len(s)]) + s for s in [b"api_proto=http", b"api_ver=v1.2,v1.3", b"pri=10",
                                                  b"api_auth=false"])
    write("dns_message", "ptr-srv-txt-a", dns_answer([
        (service, 12, instance),
        (instance, 33, struct.pack("!HHH", 0, 0, 8235) + encode_name("registry.example.com")),
        (instance, 16, txt),
        (encode_name("registry.example.com"), 1, bytes([192, 0, 2, 7])),
        (encode_name("registry.example.com"), 28, bytes(15) + b"\x01"),
    ]))
    write("dns_message", "nxdomain", dns_answer([], rcode=3))
    write("dns_message", "mdns-compressed", dns_answer([
        (service, 12, b"\x04reg2\xc0\x0c"),
        (b"\x04reg2\xc0\x0c", 33, struct.pack("!HHH", 0, 0, 80) + b"\x04host\xc0\x2d"),
    ]))


def configs():
    default = json.loads((ROOT / "src" / "app" / "default_config.cpp").read_text()
                         .split('R"json(')[1].split(')json"')[0].replace("{run_dir}", "{config_dir}"))
    for flow in default["inputs"] + default["outputs"]:
        flow["sdp"] = flow["sdp"].replace("camera-1", "video_320x180p50").replace("camera-2", "video_320x180i50") \
            .replace("camera-3", "video_720p50_8bit").replace("remote-1", "video_320x180p50_2022-7") \
            .replace("audio-1", "audio_l24_8ch_125us").replace("anc-1", "anc_5994")
    write("daemon_config", "default.json", json.dumps(default, indent=1))
    write("daemon_config", "registry-only.json", json.dumps({
        "ptp": {"enabled": False},
        "nmos": {"address": "127.0.0.1", "port": 0, "embedded_registry": True, "label": "registry",
                 "registry": {"store": "etcd", "etcd_endpoints": ["http://127.0.0.1:2379"], "priority": 10}}}))
    write("daemon_config", "ptp-and-nmos.json", json.dumps({
        "ptp": {"domain": 127, "log_sync_interval": -3, "log_min_delay_req_interval": -3,
                "timestamping": "software", "adjust_host_clock": "none", "slave_only": True},
        "nmos": {"registries": ["http://192.0.2.1:8235"], "heartbeat_interval_s": 5, "dns_sd": False,
                 "asset": {"manufacturer": "m", "product": "p", "instance_id": "i", "functions": ["Router"]}}}))


def http_edge():
    targets = ["/", "/x-nmos/", "/x-nmos/query/v1.3/flows?format=urn:x-nmos:format:video",
               "/x-nmos/query/v1.3/senders/?paging.limit=2&paging.since=0:0",
               "/x-nmos/node/v1.3/self%20x/?a=b+c&d&=e#frag", "//a//b/%2F/?x=%zz"]
    for index, target in enumerate(targets):
        write("request_target", f"target-{index}", target)
    expressions = ["eq(format,urn%3Ax-nmos%3Aformat%3Avideo)",
                   "and(eq(format,urn%3Ax-nmos%3Aformat%3Avideo),in(tags.location,(Salford,London)))",
                   "or(eq(label,foo),not(ne(label,video%20source)))", "gt(frame_width,1280)",
                   "le(frame_height,number:1080)", "out(tags.location,(Leeds,London))", "eq(caps.media_types,null)",
                   "sort(+label)", "eq(grain_rate.numerator,true)"]
    for index, expression in enumerate(expressions):
        write("rql", f"rql-{index}", expression)
    queries = ["format=urn:x-nmos:format:video", "label=video%20source&query.downgrade=v1.1",
               "query.rql=eq(frame_width,1920)&query.downgrade=v1.0", "tags.location=Salford",
               "caps.media_types=video/raw&device_id=00000000-0000-4000-8000-000000000002", "query.ancestry_id=x"]
    for index, query in enumerate(queries):
        write("basic_query", f"query-{index}", bytes([3 - index % 4]) + query.encode())
    pages = ["paging.limit=2", "paging.order=created&paging.since=1700000000:5&paging.limit=3",
             "paging.until=1700000000:40", "paging.since=1700000000:9&paging.until=1700000000:3",
             "paging.limit=0", "paging.order=updated&paging.limit=5000"]
    for index, query in enumerate(pages):
        write("paging", f"paging-{index}", query)


def sample_id(number):
    return f"00000000-0000-4000-8000-{number:012x}"


def registration():
    core = lambda i, label: {"id": sample_id(i), "version": "1700000000:0", "label": label, "description": label,
                             "tags": {}}
    node = {**core(7, "node"), "href": "http://127.0.0.1:12345/", "hostname": "h",
            "api": {"versions": ["v1.3"], "endpoints": [{"host": "127.0.0.1", "port": 12345, "protocol": "http",
                                                         "authorization": False}]},
            "caps": {}, "services": [], "clocks": [{"name": "clk0", "ref_type": "internal"}],
            "interfaces": [{"name": "eth0", "chassis_id": "74-26-96-db-87-31", "port_id": "74-26-96-db-87-31"}]}
    source = {**core(3, "video source"), "caps": {}, "device_id": sample_id(2), "parents": [], "clock_name": "clk0",
              "format": "urn:x-nmos:format:video", "grain_rate": {"numerator": 50, "denominator": 1}}
    flow = {**core(4, "flow"), "source_id": sample_id(3), "device_id": sample_id(2), "parents": [],
            "format": "urn:x-nmos:format:video", "media_type": "video/raw", "frame_width": 1920,
            "frame_height": 1080, "colorspace": "BT709", "interlace_mode": "progressive",
            "grain_rate": {"numerator": 50, "denominator": 1},
            "components": [{"name": n, "width": w, "height": 1080, "bit_depth": 10}
                           for n, w in (("Y", 1920), ("Cb", 960), ("Cr", 960))]}
    sender = {**core(5, "sender"), "flow_id": sample_id(4), "transport": "urn:x-nmos:transport:rtp.mcast",
              "device_id": sample_id(2), "manifest_href": None, "interface_bindings": ["eth0"],
              "subscription": {"receiver_id": None, "active": False}}
    receiver = {**core(6, "receiver"), "device_id": sample_id(2), "transport": "urn:x-nmos:transport:rtp.mcast",
                "interface_bindings": ["eth0"], "format": "urn:x-nmos:format:video",
                "caps": {"media_types": ["video/raw"]}, "subscription": {"sender_id": None, "active": False}}
    for version, (kind, data) in enumerate([("node", node), ("source", source), ("flow", flow), ("sender", sender),
                                            ("receiver", receiver)]):
        write("registration_body", f"{kind}-v1.3", b"\x03" + json.dumps({"type": kind, "data": data}).encode())
    write("registration_body", "source-v1.0", b"\x00" + json.dumps({"type": "source", "data": source}).encode())
    write("registration_body", "device-v1.2", b"\x02" + json.dumps({"type": "device", "data": {
        **core(8, "device"), "type": "urn:x-nmos:device:generic", "node_id": sample_id(1), "senders": [],
        "receivers": [], "controls": []}}).encode())


def connection():
    sdp = ("v=0\r\no=- 123 1 IN IP4 192.168.99.7\r\ns=camera 1\r\nt=0 0\r\nm=video 5010 RTP/AVP 96\r\n"
           "c=IN IP4 239.99.1.1/64\r\na=source-filter: incl IN IP4 239.99.1.1 192.168.99.7\r\n"
           "a=rtpmap:96 raw/90000\r\na=fmtp:96 sampling=YCbCr-4:2:2; width=1920; height=1080; exactframerate=50; "
           "depth=10; TCS=SDR; colorimetry=BT709; PM=2110GPM; SSN=ST2110-20:2017; TP=2110TPN\r\n"
           "a=ts-refclk:ptp=IEEE1588-2008:08-00-11-FF-FE-21-E4-30:0\r\na=mediaclk:direct=0\r\n")
    bodies = [
        (0, {"master_enable": True, "activation": {"mode": "activate_immediate"},
             "transport_params": [{"destination_ip": "239.10.0.9", "destination_port": 5004}, {}]}),
        (1, {"transport_params": [{"source_ip": "auto", "rtp_enabled": False}],
             "activation": {"mode": "activate_scheduled_relative", "requested_time": "0:500000000"}}),
        (2, {"sender_id": sample_id(9), "master_enable": True,
             "transport_file": {"type": "application/sdp", "data": sdp},
             "activation": {"mode": "activate_immediate"}}),
        (3, {"transport_params": [{"multicast_ip": "239.10.0.2", "source_ip": None, "destination_port": "auto"}],
             "activation": {"mode": "activate_scheduled_absolute", "requested_time": "1700000001:0"}}),
        (2, {"activation": {"mode": None}}),
        (0, {}),
    ]
    for index, (endpoint, body) in enumerate(bodies):
        write("is05_patch", f"patch-{index}", bytes([endpoint]) + json.dumps(body).encode())


if __name__ == "__main__":
    packets_and_payloads()
    ptp_messages()
    sdps()
    small_pcaps()
    dns()
    configs()
    http_edge()
    registration()
    connection()
