#!/usr/bin/env bash
# CPU seconds of a fields run and of a report run of tshark over one capture, with the
# plugin of PLUGIN_DIR (default: this build's). Issue 21: the report must cost about
# what a fields run costs, whatever the number of findings.
#
#   bench/time_report.sh CAPTURE [PLUGIN_DIR]
#
# As root, tshark runs as user 65534 (Wireshark ignores plugin folders as root), on a
# world-readable copy of the plugin. Prints "fields <user+sys s> <max RSS KB>" and
# "report <user+sys s> <max RSS KB>"; the report text goes to $OUT_DIR/report.txt.
set -euo pipefail
capture=$(readlink -f "$1")
here=$(cd "$(dirname "$0")" && pwd)
plugins=${2:-$here/../build/plugins}
out=${OUT_DIR:-/tmp/convdiag-time-report}
mkdir -p "$out"
scratch=$(mktemp -d /tmp/convdiag-time.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/plugins/4.0/epan" "$scratch/home"
cp "$plugins/4.0/epan/convdiag.so" "$scratch/plugins/4.0/epan/"
chmod -R a+rX "$scratch"
chmod 777 "$scratch/home" "$out"
run=()
[ "$(id -u)" = 0 ] && run=(setpriv --reuid=65534 --regid=65534 --clear-groups)
measure() {
    local name=$1
    shift
    env WIRESHARK_PLUGIN_DIR="$scratch/plugins" HOME="$scratch/home" LC_ALL=C.UTF-8 \
        /usr/bin/time -f "$name %U %S %M" -o "$scratch/$name.time" \
        "${run[@]}" tshark -r "$capture" "$@" >"$scratch/$name.out"
    awk '{ printf "%s %.2f s %d KB\n", $1, $2 + $3, $4 }' "$scratch/$name.time"
}
measure fields -2 -T fields -e frame.number -e _ws.expert.message
measure report -2 -q -z convdiag,report
cp "$scratch/report.out" "$out/report.txt"
