#!/usr/bin/env bash
# The main job on a bundled sample: installs dependencies, builds the plugin and
# shows what ConvDiag says about a capture (default: the FTP lab sample).
#   scripts/demo.sh [capture] [en|ko]
set -euo pipefail
top="$(cd "$(dirname "$0")/.." && pwd)"
capture="${1:-$top/samples/captures/ftp.pcapng}"
language="${2:-en}"
"$top/scripts/install-deps.sh"
"$top/scripts/build.sh" >/dev/null
run() { "$top/scripts/tshark-with-plugin.sh" "$@"; }
echo "== tshark -2 -q -z convdiag,report ($(basename "$capture")) =="
run -2 -q -o "convdiag.language:$language" -r "$capture" -z convdiag,report
echo
echo "== tshark -2 -q -z convdiag,summary =="
run -2 -q -r "$capture" -z convdiag,summary
