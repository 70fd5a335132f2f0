#!/usr/bin/env bash
# Whether two builds of the plugin print the same `-2 -q -z convdiag,report` (English and
# Korean) on every capture given: for changes to the report that must not change its text.
#
#   bench/compare_reports.sh PLUGINS_BEFORE PLUGINS_AFTER CAPTURE...
#
# PLUGINS_* are folders holding 4.0/epan/convdiag.so. Exit 1 if any report differs.
set -euo pipefail
before=$1 after=$2
shift 2
scratch=$(mktemp -d /tmp/convdiag-cmp.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
for side in before after; do
    mkdir -p "$scratch/$side/4.0/epan"
    cp "${!side}/4.0/epan/convdiag.so" "$scratch/$side/4.0/epan/"
done
mkdir -p "$scratch/home" "$scratch/cap"
chmod -R a+rX "$scratch"
chmod 777 "$scratch/home"
run=()
[ "$(id -u)" = 0 ] && run=(setpriv --reuid=65534 --regid=65534 --clear-groups)
differ=0 same=0
for capture in "$@"; do
    cp "$capture" "$scratch/cap/" && chmod a+r "$scratch/cap/$(basename "$capture")"
    staged="$scratch/cap/$(basename "$capture")"
    for lang in en ko; do
        for side in before after; do
            env WIRESHARK_PLUGIN_DIR="$scratch/$side" HOME="$scratch/home" LC_ALL=C.UTF-8 \
                "${run[@]}" tshark -2 -q -r "$staged" -o "convdiag.language:$lang" \
                -z convdiag,report >"$scratch/$side.txt" 2>&1 || true
        done
        if cmp -s "$scratch/before.txt" "$scratch/after.txt"; then
            same=$((same + 1))
        else
            differ=$((differ + 1))
            echo "DIFFERS: $capture ($lang)"
            diff "$scratch/before.txt" "$scratch/after.txt" | head -5
        fi
    done
done
echo "reports identical: $same, different: $differ"
[ "$differ" = 0 ]
