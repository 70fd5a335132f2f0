#!/usr/bin/env python3
"""`tshark -2 -z convdiag,handshakes`: one row per server and direction with the handshake
RTTs over time, and the set-up trend, on the samples made for it (samples/README.md)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tshark_runner import Tshark, test_arguments  # noqa: E402

# capture: {(server, direction): (handshakes, trend)}; the medians' order is checked apart.
EXPECTED = {
    "tcp_setup_growing.pcapng": {("10.77.2.2:5001", "internal"): (16, "growing")},
    "tcp_setup_slow_inbound.pcapng": {("10.77.2.2:5001", "internal"): (6, ""),
                                      ("10.77.2.2:5001", "inbound"): (6, "slow-inbound")},
    "tcp_keepalive.pcapng": {("10.77.2.2:5001", "internal"): (1, "")},
}


def rows_of(out):
    """The table's data rows as lists of cells (tshark's stat-table text)."""
    rows = []
    for line in out.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) >= 8 and ":" in cells[0] and cells[2].isdigit():
            rows.append(cells[:8])
    return rows


def main():
    args = test_arguments()
    tshark = Tshark(args.plugin_root)
    failures, passed = [], 0
    try:
        for capture, want in sorted(EXPECTED.items()):
            path = tshark.stage(os.path.join(args.samples, capture))
            out = tshark.run(["-2", "-q", "-r", path, "-z", "convdiag,handshakes"]).stdout
            rows = {(r[0], r[1]): r for r in rows_of(out)}
            if set(rows) != set(want):
                failures.append("%s: rows %s, expected %s" % (capture, sorted(rows), sorted(want)))
                continue
            for key, (count, trend) in want.items():
                server, direction, n, median, first, last, worst, got = rows[key]
                if int(n) != count or got != trend:
                    failures.append("%s %s: %s handshakes, trend %r; expected %d, %r" %
                                    (capture, key, n, got, count, trend))
                elif float(worst) < float(median):
                    failures.append("%s %s: worst %s below the median %s" %
                                    (capture, key, worst, median))
                elif trend == "growing" and not float(last) > 2 * float(first):
                    failures.append("%s %s: growing, but last quarter %s, first %s" %
                                    (capture, key, last, first))
                else:
                    passed += 1
        # The table is filled at the end of the capture: a single pass prints no row
        # rather than a partial one.
        path = tshark.stage(os.path.join(args.samples, "tcp_setup_growing.pcapng"))
        out = tshark.run(["-q", "-r", path, "-z", "convdiag,handshakes"]).stdout
        if rows_of(out):
            failures.append("single pass: rows %s, expected none (needs -2)" % rows_of(out))
        else:
            passed += 1
    finally:
        tshark.close()
    for f in failures:
        print("FAIL " + f)
    print("handshakes table: %d passed, %d failed" % (passed, len(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
