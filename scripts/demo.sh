#!/usr/bin/env bash
# The main job on a bundled sample: installs dependencies, builds the plugin and
# shows what ConvDiag says about a capture (default: the FTP lab sample).
set -euo pipefail
top="$(cd "$(dirname "$0")/.." && pwd)"
capture="${1:-$top/samples/captures/ftp.pcapng}"
"$top/scripts/install-deps.sh"
"$top/scripts/build.sh" >/dev/null
run() { "$top/scripts/tshark-with-plugin.sh" "$@"; }
echo "== Expert information from ConvDiag (tshark -2 -z expert) =="
run -2 -q -r "$capture" -z "expert,chat,convdiag" |
    awk '/^(Errors|Warns|Notes|Chats)/ {section=$0; next} $3 == "ConvDiag" {if (section) {print section; section=""} print}' |
    cut -c1-220
echo
echo "== Summary table (tshark -2 -z convdiag,summary) =="
run -2 -q -r "$capture" -z convdiag,summary
