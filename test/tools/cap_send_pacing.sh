#!/usr/bin/env bash
# crosspoint-cap send keeps a narrow capture's ST 2110-21 schedule: a 720p50 capture sent over lo and
# recorded by tcpdump with nanosecond timestamps has no burst beyond wide's CMAX (it had one of 2137
# packets when send slept and caught up in bursts). The buffer model (VRX) needs the sender never to be
# stalled, which a shared machine cannot promise: the class is printed, not asserted.
set -euo pipefail
cap="${CROSSPOINT_BUILD_DIR:?}/tools/cap/crosspoint-cap"
command -v tcpdump > /dev/null || { echo "SKIP: tcpdump is not installed"; exit 77; }
out="$(mktemp -d)"
trap 'kill "${dump:-0}" 2> /dev/null || true; rm -rf "$out"' EXIT
port=$((20000 + RANDOM % 20000))
"$cap" gen --video 720p50 --frames 10 --out "$out/in.pcap" > /dev/null
tcpdump -i lo -n -U -B 131072 --time-stamp-precision nano -w "$out/rec.pcap" "udp dst port $port" 2> "$out/tcpdump.log" &
dump=$!
for _ in $(seq 50); do grep -q "listening" "$out/tcpdump.log" && break; sleep 0.1; done
if ! grep -q "listening" "$out/tcpdump.log"; then
  echo "SKIP: tcpdump cannot capture on lo here: $(cat "$out/tcpdump.log")"
  exit 77
fi
"$cap" send "$out/in.pcap" --to "127.0.0.1:$port"
sleep 0.5
kill -INT "$dump"
wait "$dump" || true
grep -E "captured|dropped" "$out/tcpdump.log" || true
"$cap" analyze "$out/rec.pcap" --json > "$out/report.json"
python3 - "$out/report.json" <<'PY'
import json, sys
flows = json.load(open(sys.argv[1]))["flows"]
assert len(flows) == 1, f"one flow expected, got {len(flows)}"
f = flows[0]
t = f["st2110_21"]
print(f"720p50 sent: {f['packets']} packets, {f['frames']} frames, Cinst max {t['cmax']} "
      f"(narrow {t['cmax_limit_narrow']}, wide {t['cmax_limit_wide']}), VRX {t['vrx_min']}..{t['vrx_max']}, class {t['class']}")
# tcpdump itself may drop a few on a loaded machine (its counts are printed above).
assert f["packets"] >= 21600 * 0.99, "most packets recorded"
assert t["cmax"] <= t["cmax_limit_wide"], "a burst beyond wide's CMAX"
PY
