#!/usr/bin/env python3
"""Results must not depend on how Wireshark walks the capture.

For every capture we have: the ConvDiag fields printed by `tshark -2` must equal
those sharkd shows when frames are requested in reverse order (random access, as
the GUI does), and every value a single pass prints must equal the -2 value,
except for the fields listed in LATE_FIELDS, whose value on a frame may be
decided by later packets (docs/ARCHITECTURE.md, "Verdicts that need later packets").
"""
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tshark_runner import Tshark, skip, test_arguments  # noqa: E402

# Fields a single pass may show with a provisional value, or not yet at all.
LATE_FIELDS = {
    "convdiag.conn.syn_attempts",  # more SYNs of the same attempt may follow
    "convdiag.login.flow",  # persistent-tls until a later cleartext request to the site
    "convdiag.dns.servers_tried",  # the client may ask more servers for the name later
    # A scan's totals count every probe of the source, including later ones.
    "convdiag.scan.ports",
    "convdiag.scan.syns",
    "convdiag.scan.hosts",
    "convdiag.scan.open_ports",
    "convdiag.scan.closed_ports",
}


def convdiag_fields(tshark):
    out = tshark.run(["-G", "fields"]).stdout
    fields = []
    for line in out.splitlines():
        cells = line.split("\t")
        if len(cells) > 3 and cells[0] == "F" and cells[2].startswith("convdiag."):
            if cells[3] != "FT_NONE":
                fields.append(cells[2])
    return fields


def sharkd_values(tshark, capture, frames):
    requests = [("frame", {"frame": f, "proto": True}) for f in sorted(frames, reverse=True)]
    responses = tshark.sharkd(capture, requests)
    by_id = {r.get("id"): r for r in responses}
    table = {}
    for i, frame in enumerate(sorted(frames, reverse=True)):
        response = by_id.get(i + 2, {})
        values = {}

        def walk(nodes):
            for n in nodes:
                f = n.get("f", "")
                if f.startswith("convdiag.") and " == " in f:
                    name, value = f.split(" == ", 1)
                    values.setdefault(name, []).append(value.strip('"'))
                walk(n.get("n", []))

        walk(response.get("result", {}).get("tree", []))
        table[frame] = {k: ",".join(v) for k, v in values.items()}
    return table


def main():
    args = test_arguments()

    captures = sorted(glob.glob(os.path.join(args.shared, "*.pcap*")))
    captures += sorted(glob.glob(os.path.join(args.samples, "*.pcap*")))
    if not captures:
        skip("no capture found")
    tshark = Tshark(args.plugin_root)
    problems, compared = [], 0
    try:
        fields = convdiag_fields(tshark)
        if not fields:
            raise SystemExit("the plugin did not load: no convdiag field is registered")
        for capture in captures:
            name = os.path.basename(capture)
            two_pass = tshark.fields(capture, fields, two_pass=True)
            single = tshark.fields(capture, fields, two_pass=False)
            frames_with_results = [f for f, row in two_pass.items() if any(row.values())]
            random_access = sharkd_values(tshark, capture, frames_with_results)
            for frame, row in two_pass.items():
                for field, value in row.items():
                    # Relative times print alike in both; values are compared as printed.
                    ra = random_access.get(frame, {}).get(field, "") if frame in random_access else ""
                    if ra != value and not (value and ra and _same_number(ra, value)):
                        problems.append("%s frame %d %s: -2 %r, random access %r"
                                        % (name, frame, field, value, ra))
                    sp = single.get(frame, {}).get(field, "")
                    if sp and sp != value and field not in LATE_FIELDS:
                        problems.append("%s frame %d %s: single pass %r, -2 %r"
                                        % (name, frame, field, sp, value))
                    compared += 1
    finally:
        tshark.close()
    for p in problems[:50]:
        print("FAIL " + p)
    print("pass consistency: %d captures, %d values compared: %d passed, %d failed"
          % (len(captures), compared, compared - len(problems), len(problems)))
    sys.exit(1 if problems else 0)


def _same_number(a, b):
    try:
        return all(abs(float(x) - float(y)) < 1e-9 for x, y in zip(a.split(","), b.split(",")))
    except ValueError:
        return False


if __name__ == "__main__":
    main()
