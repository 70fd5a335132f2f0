#!/usr/bin/env bash
# Issue 21: the report path and the fields run on adversarial captures, at two scales so
# that linearity shows. Generates (never commits) the captures into $STRESS_OUT:
#   retrans  one conversation, 2M packets of out-of-order and retransmitted segments
#            (bench/make_report_stress.py retrans 1000000 at scale 1)
#   ftp      one FTP control connection, 400k rejected login attempts (1.6M packets)
#   synflood 1M SYNs, each from its own (address, port), never answered
#
#   bench/run_stress.sh BUILD_DIR [DIVISOR...]     (default divisors: 8 4, i.e. 1/8 and 1/4)
#
# For each capture and scale: bench/time_report.sh with FIELDS="-e convdiag.conn.verdict":
# CPU seconds (user+sys) and peak RSS of bare tshark (-2, no plugin), the fields run and
# the report run, then the budgets: report <= 1.25x the fields run's CPU time and <= 1.10x
# its peak RSS; fields run <= 1.05x bare tshark's peak RSS. Exit 1 if one fails.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 BUILD_DIR [DIVISOR...]" >&2; exit 2; }
build=$(cd "$1" && pwd)
shift
divisors=${*:-8 4}
here=$(cd "$(dirname "$0")" && pwd)
out=${STRESS_OUT:-/tmp/convdiag-stress}
mkdir -p "$out"
chmod 755 "$out"
status=0
printf 'capture\tpackets\tbare_s\tbare_kb\tfields_s\tfields_kb\treport_s\treport_kb\treport/fields_time\treport/fields_rss\tfields/bare_rss\tverdict\n'
for kind in retrans ftp synflood; do
    for d in $divisors; do
        case $kind in
            retrans) n=$((1000000 / d)) ;;
            ftp) n=$((400000 / d)) ;;
            synflood) n=$((1000000 / d)) ;;
        esac
        cap=$out/${kind}_$n.pcap
        if [ ! -f "$cap" ]; then
            if [ $kind = synflood ]; then
                python3 "$here/make_synflood.py" "$cap" "$n"
            else
                python3 "$here/make_report_stress.py" "$cap" "$kind" "$n"
            fi
            chmod 644 "$cap"
        fi
        packets=$(capinfos -c -M -T -r "$cap" | awk -F'\t' 'NR==1{print $2}')
        result=$(FIELDS="-e convdiag.conn.verdict" OUT_DIR="$out/report-$kind-$n" \
            "$here/time_report.sh" "$cap" "$build/plugins")
        echo "$result" > "$out/${kind}_$n.times"
        echo "$result" | awk -v name="$kind" -v packets="$packets" '
            { s[$1] = $2; kb[$1] = $4 }
            END {
                t = s["report"] / s["fields"]; m = kb["report"] / kb["fields"]; f = kb["fields"] / kb["bare"]
                verdict = (t <= 1.25 && m <= 1.10 && f <= 1.05) ? "PASS" : "FAIL"
                printf "%s\t%d\t%.2f\t%d\t%.2f\t%d\t%.2f\t%d\t%.3f\t%.3f\t%.3f\t%s\n", name, packets,
                    s["bare"], kb["bare"], s["fields"], kb["fields"], s["report"], kb["report"],
                    t, m, f, verdict
                exit verdict == "FAIL" }' || status=1
    done
done
exit $status
