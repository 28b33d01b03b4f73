"""Which input each frame of a recorded output came from: the RTP packets of a pcap, split into frames at the
marker bit, each frame matched to the input capture that holds every one of its payloads. Tests of routes
taken on the embedded default use it to see each switch in the recording, in order, and that none tore a frame.

  packets = rtp_packets(recording, ["239.200.4.1"])
  trace = trace_sources(packets, {"proxy-1": payload_hashes(proxy_pcap, ["239.100.0.1"]), ...})
  trace.sources   # ["proxy-1", "remote-1", ...], one entry per switch
"""
import dataclasses
import struct


def rtp_packets(path, destinations):
    """(destination, sequence, marker, opens a frame, payload hash) of each RTP packet to one of
    `destinations` (IPv4 texts), in capture order; the hash skips the RFC 4175 extended sequence number,
    which an output rewrites."""
    data = path.read_bytes()
    groups = {bytes(int(x) for x in d.split(".")): d for d in destinations}
    offset, out = 24, []
    while offset + 16 <= len(data):
        length = struct.unpack_from("<I", data, offset + 8)[0]
        frame = data[offset + 16: offset + 16 + length]
        offset += 16 + length
        if len(frame) < 62 or frame[30:34] not in groups:
            continue
        rtp = frame[42:]
        payload = rtp[12:]
        opens = (struct.unpack_from(">H", payload, 4)[0] & 0x7FFF) == 0 and (struct.unpack_from(">H", payload, 6)[0] & 0x7FFF) == 0
        out.append((groups[frame[30:34]], struct.unpack_from(">H", rtp, 2)[0], bool(rtp[1] & 0x80), opens,
                    hash(payload[2:])))
    return out


def payload_hashes(path, destinations):
    """The payload hashes of an input's packets (both legs of a 2022-7 pair: the merge forwards either)."""
    return {p[4] for p in rtp_packets(path, destinations)}


def frames_of(packets):
    """The packets split into frames at markers; a trailing frame without its marker is left out."""
    frames, current = [], []
    for p in packets:
        current.append(p)
        if p[2]:
            frames.append(current)
            current = []
    return frames


@dataclasses.dataclass
class SourceTrace:
    sources: list          # the input of each run of frames, in order: one entry per switch
    mixed: int             # frames that match no single input (a torn frame would)
    torn_switches: int     # switches whose first frame does not start at the frame's first packet
    sizes: dict            # input -> the packet counts of its frames that start whole


def trace_sources(packets, hashes):
    """Matches each whole recorded frame to the input (name -> payload hashes) holding all its packets."""
    trace = SourceTrace([], 0, 0, {})
    for frame in frames_of(packets):
        matches = [name for name, known in hashes.items() if all(p[4] in known for p in frame)]
        if not matches:
            trace.mixed += 1
            continue
        if frame[0][3]:
            trace.sizes.setdefault(matches[0], set()).add(len(frame))
        if not trace.sources or trace.sources[-1] not in matches:
            trace.sources.append(matches[0])
            trace.torn_switches += 0 if frame[0][3] else 1
    return trace
