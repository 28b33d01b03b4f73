#!/usr/bin/env bash
# The committed captures are exactly what captures/regenerate.sh writes today: gen is reproducible and the
# files in captures/ are not stale.
set -euo pipefail
source_dir="${CROSSPOINT_SOURCE_DIR:?}"
cap="${CROSSPOINT_BUILD_DIR:?}/tools/cap/crosspoint-cap"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
CAPTURES_OUT="$out" "$source_dir/captures/regenerate.sh" "$cap" > /dev/null
status=0
for generated in "$out"/*; do
  name="$(basename "$generated")"
  if ! cmp -s "$generated" "$source_dir/captures/$name"; then
    echo "captures/$name differs from what regenerate.sh writes"
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "all $(ls "$out" | wc -l) generated captures and SDPs match"
exit "$status"
