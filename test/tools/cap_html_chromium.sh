#!/usr/bin/env bash
# analyze --html writes one self-contained page that headless Chromium renders without console errors into
# a screenshot that is not blank, whose DOM holds the verdicts and the SVG plots. Skipped (77) without chromium.
set -euo pipefail
cap="$1"
source_dir="${CROSSPOINT_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "SKIP: chromium is not installed (apt-get install chromium)"
  exit 77
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$cap" analyze "$source_dir/captures/video_320x180p50_2022-7.pcap" --sdp "$source_dir/captures/video_320x180p50_2022-7.sdp" \
  --profile jt-nm-tested --html "$work/report.html" > /dev/null
grep -q '<svg' "$work/report.html"
if grep -Eq '(src|href)="(https?:)?//' "$work/report.html"; then
  echo "FAIL: the page refers to the network"; exit 1
fi
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync
       --no-first-run --user-data-dir="$work/profile" --enable-logging=stderr --v=0 --window-size=1000,1400)
timeout 120 "$browser" "${flags[@]}" --screenshot="$work/shot.png" "file://$work/report.html" > /dev/null 2> "$work/log.txt" || {
  echo "FAIL: chromium could not render the page"; cat "$work/log.txt"; exit 1; }
timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$work/report.html" > "$work/dom.html" 2>> "$work/log.txt"
if grep -E 'CONSOLE|Uncaught' "$work/log.txt"; then
  echo "FAIL: the page logged to the console"; exit 1
fi
grep -q 'Verdicts: profile jt-nm-tested' "$work/dom.html"
[ "$(grep -o '<svg' "$work/dom.html" | wc -l)" -ge 8 ] || { echo "FAIL: fewer than 8 plots in the DOM"; exit 1; }
python3 - "$work/shot.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
at, idat, width, height = 8, b'', 0, 0
while at < len(data):
    length, kind = struct.unpack('>I4s', data[at:at + 8])
    body = data[at + 8:at + 8 + length]
    if kind == b'IHDR':
        width, height = struct.unpack('>II', body[:8])
    if kind == b'IDAT':
        idat += body
    at += 12 + length
pixels = zlib.decompress(idat)
distinct = len(set(pixels[i:i + 3] for i in range(1, len(pixels) - 3, 997)))
print(f'screenshot {width}x{height}, {distinct} distinct sampled colours')
assert width > 0 and height > 0 and distinct > 3, 'the screenshot is blank'
PY
echo "OK: rendered, no console output, verdicts and plots in the DOM"
