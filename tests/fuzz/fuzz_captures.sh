#!/usr/bin/env bash
# Fuzzes the plugin with corrupted and cut captures (see fuzz_captures.py).
#
#   tests/fuzz/fuzz_captures.sh BUILD_DIR [count]
#
# count: corrupted files to run, default 30 (a few minutes); the full run uses >= 150.
# Environment: FUZZ_TIMEOUT (s per tshark run, 60), FUZZ_OUT (kept failing files),
# TSHARK_LD_PRELOAD (preloaded into tshark only) and ASAN_OPTIONS/UBSAN_OPTIONS, for a
# sanitizer build of the plugin (see tests/sanitize_tshark.sh).
set -euo pipefail
if [ $# -lt 1 ]; then
    echo "usage: $0 BUILD_DIR [count]" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel)
build=$(cd "$1" && pwd)
out_args=()
[ -n "${FUZZ_OUT:-}" ] && out_args=(--out "$FUZZ_OUT")
exec python3 "$here/fuzz_captures.py" --plugin-root "$build/plugins" \
    --shared "$repo/../shared/captures/ppa" --samples "$repo/samples/captures" \
    --count "${2:-30}" "${out_args[@]}"
