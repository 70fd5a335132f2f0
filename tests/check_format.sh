#!/usr/bin/env bash
# Every C++ source follows .clang-format.
set -euo pipefail
top="$(cd "$(dirname "$0")/.." && pwd)"
command -v clang-format >/dev/null || { echo "SKIP: clang-format is not installed"; exit 77; }
cd "$top"
bad=0
total=0
while IFS= read -r f; do
    total=$((total + 1))
    if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
        echo "FAIL $f is not formatted (clang-format -i $f)"
        bad=$((bad + 1))
    fi
done < <(git ls-files 'expert/*.cpp' 'expert/*.h' 'plugin/*.cpp' 'plugin/*.h' 'tests/unit/*.cpp' \
                      'tests/unit/*.h' 'tests/fuzz/*.cpp' 'bench/*.cpp')
echo "format: $((total - bad)) passed, $bad failed"
[ "$bad" -eq 0 ]
