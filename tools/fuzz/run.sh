#!/usr/bin/env bash
# Runs every libFuzzer harness of a fuzz build (or those named) for SECONDS each, one after another:
#   tools/fuzz/run.sh SECONDS [BUILD_DIR [NAME...]]     (BUILD_DIR: build-fuzz, set up with -Dfuzz=true)
# FUZZ_RUNS=N stops a harness earlier, once it has run N inputs (the issue's goal: 10 million or 30 minutes).
# Each harness's corpus grows in BUILD_DIR/test/fuzz/corpus/NAME across runs; crashes land in
# BUILD_DIR/test/fuzz/artifacts/. Logs go to BUILD_DIR/test/fuzz/logs/NAME.log, and a table of executions,
# executions/s, coverage (edges) and crashes is printed at the end (the README's figures come from it).
set -uo pipefail
seconds=${1:?usage: run.sh SECONDS [BUILD_DIR]}
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
build=${2:-$source_dir/build-fuzz}
shift $(($# < 2 ? $# : 2))
fuzz_dir="$build/test/fuzz"
[ -d "$fuzz_dir" ] || { echo "no fuzz build in $build: CXX=clang++-14 meson setup $build -Dfuzz=true" >&2; exit 2; }
mkdir -p "$fuzz_dir/logs"
status=0
printf '%-18s %12s %8s %7s %s\n' harness executions exec/s edges 'oom/timeout/crash'
harnesses=("$fuzz_dir"/*_fuzz)
(($#)) && harnesses=("${@/#/$fuzz_dir/}") && harnesses=("${harnesses[@]/%/_fuzz}")
for harness in "${harnesses[@]}"; do
  name=$(basename "$harness" _fuzz)
  log="$fuzz_dir/logs/$name.log"
  # -fork keeps fuzzing after a crash (the crash is saved); one job so the machine keeps its other core.
  started=$(date +%s)
  "$source_dir/tools/fuzz/fuzz_one.sh" "$harness" "$name" "$source_dir" "-max_total_time=$seconds" \
    ${FUZZ_RUNS:+-runs=$FUZZ_RUNS} -fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 >"$log" 2>&1 ||
    status=1
  elapsed=$(( $(date +%s) - started ))
  crashes=$(grep -oE 'oom/timeout/crash: [0-9/]+' "$log" | tail -1 | cut -d' ' -f2)
  runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  edges=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  printf '%-18s %12s %8s %7s %s\n' "$name" "${runs:-?}" "$(( ${runs:-0} / (elapsed > 0 ? elapsed : 1) ))" "${edges:-?}" \
    "${crashes:-?}"
done
exit $status
