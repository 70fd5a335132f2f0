#!/usr/bin/env bash
# Quiet forms are exact: the engine's dump (every field, note and table row) of each sample
# capture is the same when every detector state is packed into its quiet form after every
# packet (engine_replay --quiet-after-ns 0) as with the usual 2 s.
#   tests/quiet_forms_engine.sh ENGINE_REPLAY SAMPLES_DIR SHARED_DIR
set -euo pipefail
replay=$1 samples=$2 shared=$3
command -v editcap >/dev/null || { echo "SKIP: editcap is not installed"; exit 77; }
work=$(mktemp -d /tmp/convdiag-quiet.XXXXXX)
trap 'rm -rf "$work"' EXIT
same=0 differ=0
for capture in "$samples"/*.pcapng "$samples"/encap/*.pcap* "$shared"/*.pcap*; do
    [ -f "$capture" ] || continue
    pcap="$work/$(basename "$capture").pcap"
    editcap -F pcap "$capture" "$pcap" 2>/dev/null || continue
    "$replay" --dump "$work/usual" "$pcap" > /dev/null
    "$replay" --quiet-after-ns 0 --dump "$work/packed" "$pcap" > /dev/null
    if cmp -s "$work/usual" "$work/packed"; then
        same=$((same + 1))
    else
        differ=$((differ + 1))
        echo "DIFFERS $(basename "$capture")"
        diff "$work/usual" "$work/packed" | head -10
    fi
done
[ -d "$shared" ] || echo "note: $shared not present: its captures were not compared"
echo "quiet forms: $same captures the same, $differ differ"
[ "$same" -gt 0 ] && [ "$differ" -eq 0 ]
