#!/usr/bin/python3
"""A tiny authoritative DNS server over UDP for unicast DNS-SD tests (Python standard library only).

  tiny_dns_server.py ZONE.json      binds 127.0.0.1 on a free port and prints "<port> <pid>" on one line

ZONE.json: {"records": [{"name": "...", "type": "PTR|SRV|TXT|A", "data": ...}], "silent": ["name", ...]}
  PTR data: target name; SRV data: [priority, weight, port, target]; TXT data: ["k=v", ...]; A data: "1.2.3.4".
Queries for names in "silent" get no answer at all (a server that times out); unknown names get NXDOMAIN.
"""
import json
import os
import socket
import struct
import sys

TYPES = {"A": 1, "PTR": 12, "TXT": 16, "SRV": 33}


def encode_name(name):
    out = b""
    for label in name.strip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\x00"


def read_name(message, offset):
    labels = []
    while True:
        length = message[offset]
        if length == 0:
            return ".".join(labels), offset + 1
        labels.append(message[offset + 1:offset + 1 + length].decode())
        offset += 1 + length


def rdata(record):
    kind, data = record["type"], record["data"]
    if kind == "PTR":
        return encode_name(data)
    if kind == "SRV":
        priority, weight, port, target = data
        return struct.pack("!HHH", priority, weight, port) + encode_name(target)
    if kind == "TXT":
        return b"".join(bytes([len(s.encode())]) + s.encode() for s in data)
    if kind == "A":
        return socket.inet_aton(data)
    raise ValueError(kind)


def answer(zone, query):
    query_id, _flags, qdcount = struct.unpack("!HHH", query[:6])
    if qdcount != 1:
        return None
    name, offset = read_name(query, 12)
    qtype, _qclass = struct.unpack("!HH", query[offset:offset + 4])
    question = query[12:offset + 4]
    name = name.lower()
    if name in zone.get("silent", []):
        return None
    known = [r for r in zone["records"] if r["name"].lower().strip(".") == name]
    matching = [r for r in known if TYPES[r["type"]] == qtype]
    rcode = 0 if known else 3
    body = b""
    for r in matching:
        data = rdata(r)
        body += encode_name(r["name"]) + struct.pack("!HHIH", qtype, 1, 60, len(data)) + data
    header = struct.pack("!HHHHHH", query_id, 0x8400 | rcode, 1, len(matching), 0, 0)
    return header + question + body


def main():
    zone = json.load(open(sys.argv[1]))
    server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    server.bind(("127.0.0.1", 0))
    print(server.getsockname()[1], os.getpid(), flush=True)
    while True:
        query, client = server.recvfrom(4096)
        try:
            reply = answer(zone, query)
        except Exception as failure:  # a malformed query must not stop the server
            print("bad query:", failure, file=sys.stderr)
            continue
        if reply is not None:
            server.sendto(reply, client)


if __name__ == "__main__":
    main()
