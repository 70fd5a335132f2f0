#!/usr/bin/env bash
# Builds a large, deterministic capture from REAL traffic for the benchmarks.
#
#   bench/make_capture.sh OUT N
#   MIX=samples bench/make_capture.sh OUT N
#   MIX=synthetic bench/make_capture.sh OUT N
#
# Four mixes (issue 19: the budgets must hold on traffic the benchmark was not tuned on):
#  ppa        (default) the public captures described below;
#  ppa_dense  the same captures with rounds 10 ms apart instead of 100 ms: ~200 copies of
#             every conversation at once, a flash crowd: the most conversations open at
#             once, so the most per-conversation state;
#  samples    the project's own scenarios, samples/captures/*.pcapng (real stacks in network
#             namespaces), each source rewritten with its own seed before the round is made,
#             because they were all recorded between the same namespace addresses; the VXLAN
#             sample is left out (tcprewrite does not rewrite addresses inside the tunnel, so
#             its inner conversations would be the same in every round);
#  synthetic  bench/make_synthetic_mix.py: many short DNS/HTTP conversations, four long bulk
#             transfers with loss, a SYN flood (a different conversation-length distribution).
#
# Source of the ppa mix: the captures of "Practical Packet Analysis" by Chris Sanders
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
# Environment: MIX, PPA_DIR (source captures), STEP (seconds between rounds, 0.1),
# UNIT (rounds per repeated unit, 16), WHOLE_ROUNDS=1 (N is rounded up to whole rounds, and
# beyond UNIT rounds to whole units, and nothing is cut: rounds overlap, so the first N
# packets of more rounds hold only their beginnings; the bench's (d) compares sizes of the
# same traffic this way).
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
mix=${MIX:-ppa}
case $mix in
    ppa) sources=${PPA_DIR:-$repo/../shared/captures/ppa} ;;
    ppa_dense) sources=${PPA_DIR:-$repo/../shared/captures/ppa}; step=${STEP:-0.01} ;;
    samples) sources=$repo/samples/captures ;;
    synthetic) exec python3 "$here/make_synthetic_mix.py" "$out" "$want" ;;
    *) echo "unknown MIX=$mix (ppa, ppa_dense, samples, synthetic)" >&2; exit 2 ;;
esac
for tool in editcap mergecap capinfos tcprewrite; do
    command -v $tool >/dev/null || { echo "$tool missing (apt-get install -y tshark tcpreplay)" >&2; exit 1; }
done
[ -d "$sources" ] || { echo "no source captures in $sources" >&2; exit 1; }

work=$(mktemp -d /tmp/convdiag-mkcap.XXXXXX)
trap 'rm -rf "$work"' EXIT

# 1. One round: every source capture starts at the same epoch.
epoch=1700000000
mkdir "$work/norm"
source_seed=1000
for src in "$sources"/*.pcap "$sources"/*.pcapng; do
    [ -e "$src" ] || continue
    name=$(basename "${src%.*}")
    [ "$mix" = samples ] && [ "$name" = vxlan_overlay ] && continue
    first=$(capinfos -T -r -a -S "$src" | awk -F'\t' 'NR==1{print $2}')
    shift_s=$(awk -v e=$epoch -v f="$first" 'BEGIN { printf "%.6f", e - f }')
    editcap -F pcap -t "$shift_s" "$src" "$work/norm/$name.pcap"
    if [ "$mix" = samples ]; then
        source_seed=$((source_seed + 1))
        tcprewrite --seed=$source_seed --fixcsum --infile="$work/norm/$name.pcap" \
            --outfile="$work/norm/$name.tmp"
        mv "$work/norm/$name.tmp" "$work/norm/$name.pcap"
    fi
done
mergecap -F pcap -w "$work/round.pcap" "$work/norm"/*.pcap
per_round=$(capinfos -c -M -T -r "$work/round.pcap" | awk -F'\t' 'NR==1{print $2}')
rounds=$(( (want + per_round - 1) / per_round ))
echo "make_capture: $per_round packets per round, $rounds rounds" >&2
unit_rounds=${UNIT:-16}
if [ "${WHOLE_ROUNDS:-0}" = 1 ]; then
    # Whole units of rounds (the last unit is not cut either).
    if [ "$rounds" -gt "$unit_rounds" ]; then
        rounds=$(( (rounds + unit_rounds - 1) / unit_rounds * unit_rounds ))
    fi
    want=$((rounds * per_round))
    echo "make_capture: whole rounds: $rounds rounds, $want packets" >&2
fi

# 2. Rounds with fresh addresses, shifted in time. Rounds 1..UNIT (at most) are made
#    one by one and merged into a "unit"; larger captures repeat the unit, each copy
#    rewritten with its own seed (100000 + j) and shifted by j * UNIT * STEP, which needs
#    ~30x fewer processes than one tcprewrite per round.
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", a * b }'; }
mkdir "$work/rounds" "$work/units"
first_rounds=$(( rounds < unit_rounds ? rounds : unit_rounds ))
for ((i = 1; i <= first_rounds; i++)); do
    tcprewrite --seed=$i --fixcsum --infile="$work/round.pcap" --outfile="$work/rounds/$i.tmp"
    editcap -F pcap -t "$(seconds $((i - 1)) "$step")" "$work/rounds/$i.tmp" "$work/rounds/$i.pcap"
    rm -f "$work/rounds/$i.tmp"
done
mergecap -F pcap -w "$work/unit.pcap" "$work/rounds"/*.pcap
units=$(( (rounds + unit_rounds - 1) / unit_rounds ))
for ((j = 0; j < units; j++)); do
    u="$work/units/$(printf '%05d' $j).pcap"
    if [ $j = 0 ]; then
        cp "$work/unit.pcap" "$u"
    else
        tcprewrite --seed=$((100000 + j)) --fixcsum --infile="$work/unit.pcap" --outfile="$u.tmp"
        editcap -F pcap -t "$(seconds $((j * unit_rounds)) "$step")" "$u.tmp" "$u"
        rm -f "$u.tmp"
    fi
done
# mergecap opens every input at once: merge in batches of 100.
mkdir "$work/batches"
ls "$work/units"/*.pcap | split -l 100 - "$work/batch-list."
for list in "$work"/batch-list.*; do
    mergecap -F pcap -w "$work/batches/${list##*.}.pcap" $(cat "$list")
done
mergecap -F pcap -w "$work/all.pcap" "$work/batches"/*.pcap
# 3. Exactly N packets.
editcap -F pcap -r "$work/all.pcap" "$out" "1-$want"
echo "make_capture: wrote $out ($(capinfos -c -M -T -r "$out" | awk -F'\t' 'NR==1{print $2}') packets)" >&2
