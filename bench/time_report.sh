#!/usr/bin/env bash
# CPU seconds and peak RSS of tshark over one capture without the plugin, with it for a
# fields run, and with it for the report, with the plugin of PLUGIN_DIR (default: this
# build's). Issue 21: the report must cost about what a fields run costs, whatever the
# number of findings, and the fields run must stay within the memory budget of bare tshark.
#
#   bench/time_report.sh CAPTURE [PLUGIN_DIR]
#
# FIELDS (default "-e frame.number -e _ws.expert.message") are the fields of the fields run;
# bench/run_stress.sh uses "-e convdiag.conn.verdict", the run issue 21 names.
# As root, tshark runs as user 65534 (Wireshark ignores plugin folders as root), on a
# world-readable copy of the plugin. Prints "bare <user+sys s> <max RSS KB>" (no plugin,
# `-2 -T fields -e frame.number`), "fields ..." and "report ..."; the report text goes to
# $OUT_DIR/report.txt. SKIP_BARE=1 leaves the run without the plugin out.
set -euo pipefail
capture=$(readlink -f "$1")
here=$(cd "$(dirname "$0")" && pwd)
plugins=${2:-$here/../build/plugins}
out=${OUT_DIR:-/tmp/convdiag-time-report}
read -r -a fields <<< "${FIELDS:--e frame.number -e _ws.expert.message}"
mkdir -p "$out"
scratch=$(mktemp -d /tmp/convdiag-time.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/plugins/4.0/epan" "$scratch/noplugins" "$scratch/home"
cp "$plugins/4.0/epan/convdiag.so" "$scratch/plugins/4.0/epan/"
chmod -R a+rX "$scratch"
chmod 777 "$scratch/home" "$out"
run=()
[ "$(id -u)" = 0 ] && run=(setpriv --reuid=65534 --regid=65534 --clear-groups)
measure() {  # measure NAME PLUGIN_DIR TSHARK_ARGS...
    local name=$1 dir=$2
    shift 2
    env WIRESHARK_PLUGIN_DIR="$dir" HOME="$scratch/home" LC_ALL=C.UTF-8 \
        /usr/bin/time -f "$name %U %S %M" -o "$scratch/$name.time" \
        "${run[@]}" tshark -r "$capture" "$@" >"$scratch/$name.out"
    awk '{ printf "%s %.2f s %d KB\n", $1, $2 + $3, $4 }' "$scratch/$name.time"
}
[ "${SKIP_BARE:-0}" = 1 ] || measure bare "$scratch/noplugins" -2 -T fields -e frame.number
measure fields "$scratch/plugins" -2 -T fields "${fields[@]}"
measure report "$scratch/plugins" -2 -q -z convdiag,report
cp "$scratch/report.out" "$out/report.txt"
