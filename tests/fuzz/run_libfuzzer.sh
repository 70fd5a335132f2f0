#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each one.
#
#   tests/fuzz/run_libfuzzer.sh BUILD_DIR [seconds per target, default 60]
#
# BUILD_DIR is a separate clang build dir (created if needed), e.g. /tmp/build-fuzz.
# Seeds: tests/fuzz/corpus/<target without fuzz_> (copied, so new inputs stay out of the
# repository). Crashing inputs are written to BUILD_DIR/fuzz/artifacts/. Exit 1 on a crash.
set -euo pipefail
if [ $# -lt 1 ]; then
    echo "usage: $0 BUILD_DIR [seconds]" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel)
build=$1
seconds=${2:-60}
cxx=$(command -v clang++ || command -v clang++-14 || true)
[ -n "$cxx" ] || { echo "clang++ missing: apt-get install -y clang-14 libclang-rt-14-dev" >&2; exit 1; }
cc=$(command -v clang || command -v clang-14)
CXX=$cxx CC=$cc cmake -S "$repo" -B "$build" -DCONVDIAG_BUILD_FUZZERS=ON \
    -DCONVDIAG_BUILD_PLUGIN=OFF -DCONVDIAG_BUILD_TESTS=OFF > "$build.cmake.log" 2>&1 ||
    { cat "$build.cmake.log" >&2; exit 1; }
make -C "$build" -j"$(nproc)" fuzz_parsers fuzz_engine > "$build.make.log" 2>&1 ||
    { tail -30 "$build.make.log" >&2; exit 1; }

status=0
mkdir -p "$build/fuzz/artifacts"
for target in fuzz_parsers fuzz_engine; do
    corpus=$build/fuzz/corpus_$target
    rm -rf "$corpus"
    mkdir -p "$corpus"
    cp "$here/corpus/${target#fuzz_}"/* "$corpus/" 2>/dev/null || true
    log=$build/fuzz/$target.log
    echo "== $target: $seconds s, $(ls "$corpus" | wc -l) seeds" >&2
    if "$build/fuzz/$target" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/fuzz/artifacts/$target-" \
        "$corpus" > "$log" 2>&1; then
        result=ok
    else
        result=CRASH
        status=1
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || true)
    echo "$target: $result, $runs executions, $cov, corpus $(ls "$corpus" | wc -l) (log $log)"
    [ $result = CRASH ] && grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" | head -10
done
exit $status
