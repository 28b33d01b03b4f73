#!/usr/bin/env bash
# Regenerates the generated captures in this folder (and their SDPs) with crosspoint-cap. Every output is
# reproducible: the same fixed PTP start instant, sequence numbers and loss patterns each run.
#   captures/regenerate.sh [path/to/crosspoint-cap]     (default: build/tools/cap/crosspoint-cap)
# CAPTURES_OUT=DIR writes into DIR instead of this folder (the tests compare such a run with the files here).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${CAPTURES_OUT:-$here}"
cap="${1:-$here/../build/tools/cap/crosspoint-cap}"
if [ ! -x "$cap" ]; then
  echo "crosspoint-cap not found at $cap: build first (ninja -C build tools/cap/crosspoint-cap) or pass its path" >&2
  exit 1
fi
gen() { "$cap" gen "$@"; }

# Video: a small raster so several frames fit in well under 2 MiB; narrow gapped unless said otherwise.
gen --video 720p50 --raster 320x180 --frames 8 --out "$out/video_320x180p50.pcap"
gen --video 1080i50 --raster 320x180 --frames 4 --out "$out/video_320x180i50.pcap"
gen --video 720p50 --raster 320x180 --frames 4 --burst --out "$out/video_320x180p50_burst.pcap"
gen --video 720p50 --depth 8 --frames 1 --out "$out/video_720p50_8bit.pcap"
# Audio: 8 channels of L24 at 125 us, 200 ms.
gen --audio --channels 8 --ptime 125 --duration-ms 200 --out "$out/audio_l24_8ch_125us.pcap"
# Ancillary: ATC timecode and CEA-708 CDP, one packet per frame, one second at 59.94.
gen --anc --rate 59.94 --frames 60 --out "$out/anc_5994.pcap"
# All three essences of one 50 Hz programme in one capture.
gen --video 720p50 --raster 320x180 --audio --anc --frames 4 --out "$out/programme_320x180p50.pcap"
# ST 2022-7 pairs: the legs lose different packets (the merge recovers all of them) ...
gen --audio --duration-ms 500 --leg-a-loss 10,11,200 --leg-b-loss 300 --out "$out/audio_2022-7.pcap"
gen --video 720p50 --raster 320x180 --frames 4 --leg-a-loss 5,6,400 --leg-b-loss 100,600 \
  --out "$out/video_320x180p50_2022-7.pcap"
# ... and a pair where packets 40 and 41 are lost on both legs.
gen --audio --duration-ms 100 --leg-a-loss 20,40,41 --leg-b-loss 40,41,60 --out "$out/audio_2022-7_double_loss.pcap"
