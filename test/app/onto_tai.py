"""A net_pcap recording's packet times moved from UTC onto TAI (PTP time, 37 s ahead), so crosspoint-cap analyze
can compare them with RTP timestamps on PTP time. net_pcap stamps the UTC time of its probe plus TSC cycles over
DPDK's rounded TSC rate; that rate error (up to a few parts in a thousand) is left in: over the short recordings
of the tests it moves a packet by a few hundred microseconds at most."""
import struct

TAI_MINUS_UTC_SECONDS = 37


def onto_tai(source, target):
    data = bytearray(open(source, "rb").read())
    magic = struct.unpack_from("<I", data, 0)[0]
    if magic not in (0xA1B2C3D4, 0xA1B23C4D):
        raise ValueError(f"{source}: not a little-endian pcap (magic {magic:#x})")
    at = 24
    while at + 16 <= len(data):
        seconds, fraction, captured, _ = struct.unpack_from("<IIII", data, at)
        struct.pack_into("<II", data, at, seconds + TAI_MINUS_UTC_SECONDS, fraction)
        at += 16 + captured
    open(target, "wb").write(bytes(data))
