#!/usr/bin/env bash
# Builds a large, deterministic capture from REAL traffic for the benchmarks.
#
#   bench/make_capture.sh OUT N
#
# Source: the captures of "Practical Packet Analysis" by Chris Sanders
# (github.com/chrissanders/packets), read from ../shared/captures/ppa beside the
# repository; they are never copied into the repository.
#
# How: every source capture is converted to pcap and shifted to start at the same
# instant; they are merged into one "round" (~930 packets, 95 s). Round i is
# that file with every IPv4/IPv6 address rewritten by `tcprewrite --seed=i`
# (fresh addresses, so every round's conversations are new conversations) and
# shifted by i * STEP seconds, so rounds overlap and their packets interleave in
# time like many hosts talking at once. Rounds are merged chronologically with
# mergecap until N packets, and the result is cut to exactly N packets.
# Same OUT for the same N: no randomness other than the fixed seeds.
#
# Environment: PPA_DIR (source captures), STEP (seconds between rounds, 0.1).
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 OUT N" >&2
    exit 2
fi
out=$1
want=$2
step=${STEP:-0.1}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel)
ppa=${PPA_DIR:-$repo/../shared/captures/ppa}
for tool in editcap mergecap capinfos tcprewrite; do
    command -v $tool >/dev/null || { echo "$tool missing (apt-get install -y tshark tcpreplay)" >&2; exit 1; }
done
[ -d "$ppa" ] || { echo "no source captures in $ppa" >&2; exit 1; }

work=$(mktemp -d /tmp/convdiag-mkcap.XXXXXX)
trap 'rm -rf "$work"' EXIT

# 1. One round: every source capture starts at the same epoch.
epoch=1700000000
mkdir "$work/norm"
for src in "$ppa"/*.pcap "$ppa"/*.pcapng; do
    [ -e "$src" ] || continue
    name=$(basename "${src%.*}")
    first=$(capinfos -T -r -a -S "$src" | awk -F'\t' 'NR==1{print $2}')
    shift_s=$(python3 -c "print('%.6f' % ($epoch - float('$first')))")
    editcap -F pcap -t "$shift_s" "$src" "$work/norm/$name.pcap"
done
mergecap -F pcap -w "$work/round.pcap" "$work/norm"/*.pcap
per_round=$(capinfos -c -M -T -r "$work/round.pcap" | awk -F'\t' 'NR==1{print $2}')
rounds=$(( (want + per_round - 1) / per_round ))
echo "make_capture: $per_round packets per round, $rounds rounds" >&2

# 2. Rounds with fresh addresses, shifted in time; merged in batches (open-file limits).
mkdir "$work/rounds" "$work/batches"
batch_size=100
batch=0
files=()
flush() {
    if [ ${#files[@]} -gt 0 ]; then
        mergecap -F pcap -w "$work/batches/$(printf '%05d' $batch).pcap" "${files[@]}"
        rm -f "${files[@]}"
        files=()
        batch=$((batch + 1))
    fi
}
for ((i = 1; i <= rounds; i++)); do
    r="$work/rounds/$i.pcap"
    tcprewrite --seed=$i --fixcsum --infile="$work/round.pcap" --outfile="$r.tmp"
    editcap -F pcap -t "$(python3 -c "print('%.6f' % (($i - 1) * $step))")" "$r.tmp" "$r"
    rm -f "$r.tmp"
    files+=("$r")
    [ ${#files[@]} -ge $batch_size ] && flush
done
flush
mergecap -F pcap -w "$work/all.pcap" "$work/batches"/*.pcap
# 3. Exactly N packets.
editcap -F pcap -r "$work/all.pcap" "$out" "1-$want"
echo "make_capture: wrote $out ($(capinfos -c -M -T -r "$out" | awk -F'\t' 'NR==1{print $2}') packets)" >&2
