#!/usr/bin/python3
"""Thumbnails and meters on the running daemon (embedded default), over HTTP: camera-1 (moving 75% bars) and the
output it feeds, program, decode to the eight bars in their order above a grey ramp; audio-1's tones meter at a
finite level on both channels; unknown ids are 404 and a picture of audio 409, with NMOS error bodies.

  thumbnails_live_test.py CROSSPOINT
"""
import json
import struct
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from checks import check, verdict  # noqa: E402
from colour_bars import check_bars  # noqa: E402
from running_daemon import RunningDaemon  # noqa: E402

CROSSPOINT = sys.argv[1]


def get(url):
    """(status, content type, body) of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def poll(url, limit=20):
    """GETs `url` until it answers 200 (the first requests start the tap) or `limit` seconds pass."""
    deadline = time.time() + limit
    while True:
        status, content_type, body = get(url)
        if status == 200 or time.time() > deadline:
            return status, content_type, body
        time.sleep(0.5)


def decode_bmp(data):
    """width, height and rows (top first) of (r, g, b) from a 24-bit bottom-up BMP."""
    assert data[:2] == b"BM", "not a BMP"
    offset, = struct.unpack_from("<I", data, 10)
    width, height, _, bits = struct.unpack_from("<iiHH", data, 18)
    assert bits == 24 and height > 0
    stride = (width * 3 + 3) // 4 * 4
    rows = []
    for y in range(height):
        start = offset + (height - 1 - y) * stride
        rows.append([(data[start + 3 * x + 2], data[start + 3 * x + 1], data[start + 3 * x]) for x in range(width)])
    return width, height, rows


def check_thumbnail(name, url):
    status, content_type, body = poll(url)
    check(status == 200, f"{name}: the thumbnail is served ({status}" + ("" if status == 200 else f" {body[:200]!r}") + ")")
    if status != 200:
        return
    check(content_type == "image/bmp", f"{name}: as image/bmp ({content_type})")
    width, height, rows = decode_bmp(body)
    check(width == 160 and height == 90, f"{name}: 160 x 90 for 1920 x 1080 ({width} x {height})")
    check_bars(check, name, rows)


def main():
    with RunningDaemon(CROSSPOINT) as daemon:
        base = daemon.base_url + "/x-crosspoint/v1"
        check_thumbnail("camera-1", base + "/thumbnails/inputs/camera-1")
        check_thumbnail("program (from camera-1)", base + "/thumbnails/outputs/program")

        status, content_type, body = poll(base + "/meters/inputs/audio-1")
        check(status == 200 and content_type.startswith("application/json"), f"audio-1's meters are served ({status})")
        if status == 200:
            peaks = json.loads(body)["peak_dbfs"]
            check(len(peaks) == 2, f"one peak per channel ({peaks})")
            check(all(p is not None and -60 < p <= 0 for p in peaks), f"both channels' tones at a finite level ({peaks})")

        for url, code, what in [(base + "/thumbnails/inputs/no-such-input", 404, "an unknown input"),
                                (base + "/thumbnails/outputs/no-such-output", 404, "an unknown output"),
                                (base + "/meters/inputs/no-such-input", 404, "meters of an unknown input"),
                                (base + "/thumbnails/inputs/audio-1", 409, "a picture of audio"),
                                (base + "/meters/inputs/camera-1", 409, "meters of video")]:
            status, content_type, body = get(url)
            error = json.loads(body) if content_type.startswith("application/json") else {}
            check(status == code and error.get("code") == code and error.get("error") and "debug" in error,
                  f"{what} is {code} with an NMOS error body ({status} {body[:160]!r})")
    return verdict()


if __name__ == "__main__":
    sys.exit(main())
