#!/usr/bin/env bash
# The whole test suite: installs dependencies, builds, runs the unit tests, the
# integration tests (real tshark + real plugin + real captures), the unit tests and the
# plugin inside tshark again under AddressSanitizer and UndefinedBehaviorSanitizer, and
# the libFuzzer targets for a bounded time.
set -euo pipefail
top="$(cd "$(dirname "$0")/.." && pwd)"
"$top/scripts/install-deps.sh"

build="${CONVDIAG_BUILD_DIR:-$top/build}"
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)"
if [ ! -d "$top/../shared/captures/ppa" ]; then
    echo "note: ../shared/captures/ppa is absent: tests on third-party captures will be skipped"
fi
(cd "$build" && ctest --output-on-failure -j2)

# The same code under AddressSanitizer and UndefinedBehaviorSanitizer: the unit tests,
# then the plugin inside the real tshark over every capture, as-is and corrupted.
asan="$build-asan"
cmake -S "$top" -B "$asan" -DCMAKE_BUILD_TYPE=Debug -DCONVDIAG_SANITIZE=ON >/dev/null
cmake --build "$asan" -j"$(nproc)"
(cd "$asan" && ctest --output-on-failure -j2 -E '^tshark\.')
# The uninstrumented plugin lists the -z tables (tshark -z help hangs with libasan preloaded).
"$top/tests/sanitize_tshark.sh" "$asan" "${CONVDIAG_SANITIZE_FUZZ_COUNT:-20}" "$build/plugins"

# Coverage-guided fuzzing (libFuzzer, clang, ASan + UBSan) of the parsers and of the engine
# with every result, table and the report read back: a bounded time per target.
"$top/tests/fuzz/run_libfuzzer.sh" "$build-fuzz" "${CONVDIAG_LIBFUZZER_SECONDS:-60}"

# The same on Wireshark 4.4 and 4.6, in Debian chroots: opt-in (measured and why: INSTALL.md).
if [ "${CONVDIAG_TEST_VERSIONS:-0}" = 1 ]; then "$top/scripts/test-versions.sh"; fi
