#!/usr/bin/env python3
"""A file that holds its traffic twice tells nothing new the second time.

Each real sample is joined with itself (`mergecap -a f f`, as a user joining captures
does): the time goes back at the join and every frame after it repeats one before it.
With -2, frames 1..N must carry exactly the convdiag.* values they carry in the sample
alone; frame N+1 gets convdiag.capture.time_backwards (how far the time went back);
every frame of the second half is either a copy (convdiag.capture.duplicate_of) or a
repeat (convdiag.capture.repeated) and carries no other finding: no retransmission,
probe or reopening is made up from it. The report says what the sample's report says,
plus the time going back and the counts of left-out frames.

tcp_bulk_autotuning (3540 frames) is larger than the table of recent fingerprints, so
its second half exercises the repeat rule (segments already seen, times already passed)
as well as the copy rule.
"""
import collections
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tshark_runner import Tshark, test_arguments  # noqa: E402

SAMPLES = ["tcp_loss", "reachability", "tcp_slow_reader", "tcp_bulk_autotuning", "dns",
           "ftp", "syn_scan"]
CAPTURE_FIELDS = ("convdiag.capture.duplicate_of", "convdiag.capture.repeated",
                  "convdiag.capture.time_backwards")
# Report lines only the joined file may add.
ADDED_REPORT_LINES = ("The time goes back", "Copies made by the capture:",
                      "Repeated traffic:", "Other findings", "------", "Frames are read in file",
                      "No problem found.")


def convdiag_fields(tshark):
    out = tshark.run(["-G", "fields"]).stdout
    return sorted({cols[2] for cols in (line.split("\t") for line in out.splitlines())
                   if len(cols) > 3 and cols[0] == "F" and cols[2].startswith("convdiag.")
                   and cols[3] != "FT_NONE"})


def report_lines(tshark, capture):
    out = tshark.run(["-r", tshark.stage(capture), "-2", "-q", "-z", "convdiag,report"]).stdout
    return collections.Counter(line for line in out.splitlines() if line.strip())


def check(tshark, fields, plain_path, joined_path):
    problems = []
    plain = tshark.fields(plain_path, fields)
    joined = tshark.fields(joined_path, fields)
    n = len(plain)
    if len(joined) != 2 * n:
        return ["%d frames joined, want %d" % (len(joined), 2 * n)]
    if not any(v for row in plain.values() for v in row.values()):
        problems.append("the sample alone has no convdiag value: nothing is compared")
    for frame in range(1, n + 1):
        for f in fields:
            if joined[frame][f] != plain[frame][f]:
                problems.append("frame %d %s: %r, alone %r" % (frame, f, joined[frame][f],
                                                               plain[frame][f]))
    back = joined[n + 1]["convdiag.capture.time_backwards"]
    if not back or float(back) <= 0:
        problems.append("frame %d (after the join): time_backwards %r" % (n + 1, back))
    copies = repeats = 0
    for frame in range(n + 1, 2 * n + 1):
        row = joined[frame]
        copies += bool(row["convdiag.capture.duplicate_of"])
        repeats += row["convdiag.capture.repeated"] in ("1", "True")
        if not (row["convdiag.capture.duplicate_of"] or row["convdiag.capture.repeated"]):
            problems.append("frame %d repeats frame %d but is analysed" % (frame, frame - n))
        others = {f: v for f, v in row.items() if v and f not in CAPTURE_FIELDS}
        if others:
            problems.append("frame %d (a repeat of %d) has findings: %s" % (frame, frame - n,
                                                                          others))
        if frame > n + 1 and row["convdiag.capture.time_backwards"]:
            problems.append("frame %d: time_backwards without a jump" % frame)
    want, got = report_lines(tshark, plain_path), report_lines(tshark, joined_path)
    missing = want - got
    missing.pop("No problem found.", None)
    if missing:
        problems.append("report lost: %s" % list(missing)[:3])
    extra = [line for line in (got - want) if not any(a in line for a in ADDED_REPORT_LINES)]
    if extra:
        problems.append("report added: %s" % extra[:3])
    if not any("The time goes back" in line for line in got):
        problems.append("the report does not say the time goes back")
    print("     %d frames: second half %d copies, %d repeats" % (n, copies, repeats))
    return problems


def main():
    args = test_arguments()
    tshark = Tshark(args.plugin_root)
    failures = []
    repeats_seen = False
    try:
        fields = convdiag_fields(tshark)
        for f in CAPTURE_FIELDS:
            if f not in fields:
                raise SystemExit("field %s is not registered" % f)
        for name in SAMPLES:
            plain = tshark.stage(os.path.join(args.samples, name + ".pcapng"))
            joined = os.path.join(tshark.scratch, name + "__joined_twice.pcapng")
            subprocess.run(["mergecap", "-a", "-w", joined, plain, plain], check=True)
            os.chmod(joined, 0o644)
            problems = check(tshark, fields, plain, joined)
            if name == "tcp_bulk_autotuning":
                rows = tshark.fields(joined, ["convdiag.capture.repeated"],
                                     display_filter="convdiag.capture.repeated")
                repeats_seen = len(rows) > 100
                if not repeats_seen:
                    problems.append("only %d repeats: the repeat rule was not exercised"
                                    % len(rows))
            if problems:
                failures.append("%s joined twice: %d problems, first: %s" % (
                    name, len(problems), "; ".join(problems[:4])))
            else:
                print("ok   %s joined twice: same findings, plus the time going back" % name)
    finally:
        tshark.close()
    for f in failures:
        print("FAIL " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
