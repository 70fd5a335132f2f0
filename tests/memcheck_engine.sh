#!/usr/bin/env bash
# The engine, fed every sample capture by bench/engine_replay, under valgrind memcheck:
# no invalid access, no uninitialised use, no leak.
#   tests/memcheck_engine.sh ENGINE_REPLAY SAMPLES_DIR SHARED_DIR
set -euo pipefail
replay=$1 samples=$2 shared=$3
command -v valgrind >/dev/null || { echo "SKIP: valgrind is not installed"; exit 77; }
command -v editcap >/dev/null || { echo "SKIP: editcap is not installed"; exit 77; }
work=$(mktemp -d /tmp/convdiag-memcheck.XXXXXX)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
for capture in "$samples"/*.pcapng "$shared"/*.pcap*; do
    [ -f "$capture" ] || continue
    pcap="$work/$(basename "$capture").pcap"
    editcap -F pcap "$capture" "$pcap" 2>/dev/null || continue
    if valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite,indirect \
            --error-exitcode=9 -q "$replay" "$pcap" > "$work/out" 2>&1; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL $(basename "$capture")"
        tail -20 "$work/out"
    fi
done
echo "memcheck: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
