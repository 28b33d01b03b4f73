#!/usr/bin/env bash
# crosspoint-cap analyze against tshark -q -z rtp,streams on the same generated captures in the same run:
# prints a Markdown table of GB/s and packets/s for 8K video, audio-only and mixed captures, then the
# analyzer's peak memory (RSS) on captures of 8K video and of ST 2022-7 pairs, each small and ten times larger.
#   tools/cap/speed_table.sh [path/to/crosspoint-cap]   (captures go to $SPEED_DIR, default /dev/shm)
set -euo pipefail
cap="${1:-$(dirname "$0")/../../build/tools/cap/crosspoint-cap}"
dir="$(mktemp -d "${SPEED_DIR:-/dev/shm}/cap-speed.XXXXXX")"
trap 'rm -rf "$dir"' EXIT
command -v tshark > /dev/null || { echo "tshark is needed" >&2; exit 1; }
"$cap" gen --video 4320p59.94 --frames 2 --out "$dir/8k.pcap" > /dev/null
"$cap" gen --audio --channels 8 --ptime 125 --duration-ms 20000 --out "$dir/audio.pcap" > /dev/null
"$cap" gen --video 1080p50 --audio --anc --frames 50 --out "$dir/mixed.pcap" > /dev/null
python3 - "$cap" "$dir" <<'PY'
import json, os, subprocess, sys, time
cap, folder = sys.argv[1], sys.argv[2]

def run(command):
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one run."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024

def best_of(command, rounds):
    # The best of several: the machine may be shared.
    runs = [run(command) for _ in range(rounds)]
    return min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs)

print("| capture | packets | MB | crosspoint-cap s (CPU s) | GB/s | Mpackets/s | tshark s (CPU s) | GB/s | Mpackets/s | ratio (CPU ratio) |")
print("|---|---|---|---|---|---|---|---|---|---|")
for name in ("8k", "audio", "mixed"):
    path = os.path.join(folder, name + ".pcap")
    size = os.path.getsize(path)
    packets = json.loads(subprocess.run([cap, "analyze", path, "--json"], capture_output=True, text=True).stdout)["records"]
    ours, ours_cpu, _ = best_of([cap, "analyze", path], 3)
    theirs, theirs_cpu, _ = best_of(["tshark", "-r", path, "-q", "-z", "rtp,streams"], 1)
    print(f"| {name} | {packets} | {size / 1e6:.0f} | {ours:.3f} ({ours_cpu:.3f}) | {size / ours / 1e9:.2f} | "
          f"{packets / ours / 1e6:.2f} | {theirs:.2f} ({theirs_cpu:.2f}) | {size / theirs / 1e9:.3f} | "
          f"{packets / theirs / 1e6:.3f} | {theirs / ours:.1f}x ({theirs_cpu / ours_cpu:.1f}x) |")

# Memory: the same analysis on a capture ten times the size takes the same RSS.
print()
print("| capture | packets | MB | crosspoint-cap s (CPU s) | peak RSS MB |")
print("|---|---|---|---|---|")
def generate(name, words):
    path = os.path.join(folder, name + ".pcap")
    if not os.path.exists(path):
        subprocess.run([cap, "gen", *words, "--out", path], stdout=subprocess.DEVNULL, check=True)
    return path

pair = ["--video", "1080p50", "--audio", "--dup", "--leg-a-loss-rate", "0.001", "--leg-b-loss-rate", "0.001"]
for path in (os.path.join(folder, "8k.pcap"), generate("8k-20", ["--video", "4320p59.94", "--frames", "20"]),
             generate("2022-7-20", pair + ["--frames", "20"]), generate("2022-7-200", pair + ["--frames", "200"])):
    packets = json.loads(subprocess.run([cap, "analyze", path, "--json"], capture_output=True, text=True).stdout)["records"]
    seconds, cpu, rss = best_of([cap, "analyze", path], 1)
    print(f"| {os.path.basename(path)} | {packets} | {os.path.getsize(path) / 1e6:.0f} | {seconds:.2f} ({cpu:.2f}) | {rss:.0f} |")
    if path != os.path.join(folder, "8k.pcap"):
        os.remove(path)  # the large captures take RAM in /dev/shm
PY
