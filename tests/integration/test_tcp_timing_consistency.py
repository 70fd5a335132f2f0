#!/usr/bin/env python3
"""Consistency of the TCP timing fields on every real capture (ppa) and sample.

For each capture, with the real tshark and the built plugin (tshark -2):
  1. every frame carrying srtt, rttvar and rto has RTO = max(min_rto, SRTT + 4*RTTVAR)
     within 1 ms (min_rto = 0.2 s, the default preference);
  2. every segment Wireshark flags as a retransmission (retransmission,
     fast_retransmission or spurious_retransmission) has convdiag.tcp.retrans.cause, unless
     ConvDiag names it a copy the capture made (convdiag.capture.duplicate_of) or traffic the
     file repeats after its time went back (convdiag.capture.repeated): those are no resends;
  3. over all captures, convdiag.tcp.rtt equals tcp.analysis.ack_rtt (within 1 us) on at
     least 90% of the frames where ours exists.
Exits 77 (skip) when ../shared/captures is absent.
"""
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tshark_runner import Tshark, skip, test_arguments  # noqa: E402

FIELDS = ["convdiag.tcp.rtt", "convdiag.tcp.srtt", "convdiag.tcp.rttvar", "convdiag.tcp.rto",
          "convdiag.tcp.retrans.cause", "tcp.analysis.ack_rtt", "tcp.analysis.retransmission",
          "tcp.analysis.fast_retransmission", "tcp.analysis.spurious_retransmission",
          "convdiag.capture.duplicate_of", "convdiag.capture.repeated"]
WIRESHARK_FLAGS = FIELDS[6:9]
MIN_RTO = 0.2
RTO_TOLERANCE = 0.001
RTT_TOLERANCE = 1e-6
RTT_AGREEMENT = 0.90


def captures(shared, samples):
    found = sorted(glob.glob(os.path.join(shared, "*.pcap*")))
    found += sorted(glob.glob(os.path.join(samples, "*.pcap*")))
    return found


def main():
    args = test_arguments(lambda p: p.add_argument("-v", "--verbose", action="store_true"))
    if not os.path.isdir(args.shared):
        skip("%s is absent" % args.shared)

    failures = []
    rtt_frames = rtt_equal = checked_rto = flagged = 0
    tshark = Tshark(args.plugin_root)
    try:
        for capture in captures(args.shared, args.samples):
            name = os.path.basename(capture)
            table = tshark.fields(capture, FIELDS, two_pass=True)
            c_rtt = c_eq = c_flag = 0
            for frame, row in sorted(table.items()):
                srtt, rttvar, rto = (row["convdiag.tcp." + f] for f in ("srtt", "rttvar", "rto"))
                if srtt and rttvar and rto:
                    checked_rto += 1
                    want = max(MIN_RTO, float(srtt) + 4 * float(rttvar))
                    if abs(float(rto) - want) > RTO_TOLERANCE:
                        failures.append("%s frame %d: rto %s != max(0.2, %s + 4*%s)" % (
                            name, frame, rto, srtt, rttvar))
                copy = row["convdiag.capture.duplicate_of"] or row["convdiag.capture.repeated"]
                if any(row[f] for f in WIRESHARK_FLAGS):
                    flagged += 1
                    c_flag += 1
                    if not row["convdiag.tcp.retrans.cause"] and not copy:
                        failures.append("%s frame %d: Wireshark flags a retransmission, no cause"
                                        % (name, frame))
                ours = row["convdiag.tcp.rtt"]
                if ours:
                    rtt_frames += 1
                    c_rtt += 1
                    theirs = row["tcp.analysis.ack_rtt"]
                    if theirs and abs(float(ours) - float(theirs)) <= RTT_TOLERANCE:
                        rtt_equal += 1
                        c_eq += 1
                    elif args.verbose:
                        print("  %s frame %d: rtt %s, ack_rtt %r" % (name, frame, ours, theirs))
            print("%s: %d flagged retransmissions, RTT samples %d (%d equal to ack_rtt)" % (
                name, c_flag, c_rtt, c_eq))
    finally:
        tshark.close()

    share = rtt_equal / rtt_frames if rtt_frames else 1.0
    print("RTO formula checked on %d frames; %d Wireshark-flagged retransmissions; "
          "RTT equal to ack_rtt on %d of %d frames (%.1f%%)" % (
              checked_rto, flagged, rtt_equal, rtt_frames, 100 * share))
    if share < RTT_AGREEMENT:
        failures.append("RTT agreement %.1f%% < %.0f%%" % (100 * share, 100 * RTT_AGREEMENT))
    if checked_rto == 0 or flagged == 0:
        failures.append("nothing was checked: the timing fields are missing")
    for f in failures:
        print("FAIL " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
