#!/usr/bin/env bash
# Runs one libFuzzer harness over its committed seeds: fuzz_one.sh HARNESS NAME SOURCE_DIR LIMIT [FLAGS...]
# LIMIT is a libFuzzer flag: -runs=N (the Meson test: a fixed seed and a fresh corpus each time, so a run is
# repeatable) or -max_total_time=S (run.sh: the corpus grows in corpus/NAME beside the harness, run after
# run). Crashes go to artifacts/ beside the harness; the seeds in test/fuzz/corpus/NAME and the regressions in
# test/fuzz/regressions/NAME are read, never written.
set -euo pipefail
harness=$1 name=$2 source=$3 limit=$4
shift 4
build=$(dirname "$harness")
mkdir -p "$build/artifacts"
if [[ $limit == -runs=* ]]; then
  corpus=$(mktemp -d)
  trap 'rm -rf "$corpus"' EXIT
else
  corpus="$build/corpus/$name"
  mkdir -p "$corpus"
fi
seeds=("$source/test/fuzz/corpus/$name")
[ -d "$source/test/fuzz/regressions/$name" ] && seeds+=("$source/test/fuzz/regressions/$name")
dict=()
[ -f "$source/test/fuzz/dict/$name.dict" ] && dict=("-dict=$source/test/fuzz/dict/$name.dict")
# Leaks are reported too (LeakSanitizer is on by default with ASan).
"$harness" "$limit" -seed=2110 -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$build/artifacts/$name-" "${dict[@]}" "$@" "$corpus" "${seeds[@]}"
