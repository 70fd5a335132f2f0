#!/usr/bin/env bash
# Runs the plugin built with AddressSanitizer + UndefinedBehaviorSanitizer inside the real
# tshark over every sample capture (samples/captures and the "Practical Packet Analysis"
# captures of Chris Sanders in ../shared/captures/ppa), unmodified, then FUZZ_COUNT
# corrupted variants (tests/fuzz/fuzz_captures.py). Any sanitizer report fails.
#
#   tests/sanitize_tshark.sh BUILD_DIR [fuzz_count, default 30] [PLUGIN_ROOT to list the -z tables with]
#
# BUILD_DIR: a build dir configured with -DCONVDIAG_SANITIZE=ON (configured and built here
# if it holds no plugin yet). tshark itself is not instrumented: libasan is preloaded
# (it must come first in the process), and leak checking is off because tshark does not
# free everything at exit.
set -euo pipefail
if [ $# -lt 1 ]; then
    echo "usage: $0 BUILD_DIR [fuzz_count]" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel)
build=$1
if ! ls "$build"/plugins/*/epan/convdiag.so >/dev/null 2>&1; then
    cmake -S "$repo" -B "$build" -DCONVDIAG_SANITIZE=ON > "$build.cmake.log" 2>&1 ||
        { cat "$build.cmake.log" >&2; exit 1; }
fi
grep -q 'CONVDIAG_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" ||
    { echo "$build is not configured with -DCONVDIAG_SANITIZE=ON" >&2; exit 1; }
make -C "$build" -j"$(nproc)" convdiag > "$build.make.log" 2>&1 || { tail -30 "$build.make.log" >&2; exit 1; }
libasan=$(gcc -print-file-name=libasan.so)
[ -e "$libasan" ] || { echo "libasan not found ($libasan)" >&2; exit 1; }
# Only into tshark (fuzz_captures.py sets it there): editcap hangs with libasan preloaded.
export TSHARK_LD_PRELOAD=$libasan
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:print_summary=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-300}  # everything is slower under ASan
exec python3 "$repo/tests/fuzz/fuzz_captures.py" --plugin-root "$build/plugins" \
    --shared "$repo/../shared/captures/ppa" --samples "$repo/samples/captures" \
    --as-is --count "${2:-30}" ${3:+--list-plugin-root "$3"}
