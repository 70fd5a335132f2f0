#!/usr/bin/python3
"""Fill an expected-findings template with frame numbers from a capture.

Template syntax (everything else is copied verbatim):
  @[display filter]        number of the first frame matching the filter
  @N[display filter]       number of the N-th matching frame (1-based)
  @-1[display filter]      number of the last matching frame
  $[field@display filter]  value tshark prints for <field> on the first match

Every filter is run by tshark's own dissectors (two-pass), so a template
whose design is not visible in the capture fails loudly instead of writing
a wrong assertion.
"""
import re
import subprocess
import sys

_cache = {}


def tshark(pcap, flt, field):
    key = (flt, field)
    if key not in _cache:
        out = subprocess.run(
            ["tshark", "-2", "-n", "-r", pcap, "-Y", flt, "-T", "fields",
             "-e", field],
            capture_output=True, text=True, check=False)
        if out.returncode != 0:
            sys.exit(f"tshark failed on filter {flt!r}: {out.stderr.strip()}")
        _cache[key] = out.stdout.splitlines()
    return _cache[key]


def main():
    tmpl, pcap = sys.argv[1], sys.argv[2]
    frame_re = re.compile(r"@(-?\d*)\[([^\]]+)\]")
    value_re = re.compile(r"\$\[([^@\]]+)@([^\]]+)\]")
    failed = False
    out = []
    for lineno, line in enumerate(open(tmpl, encoding="utf-8"), 1):
        def frame(m):
            nonlocal failed
            idx = int(m.group(1)) if m.group(1) else 1
            rows = tshark(pcap, m.group(2), "frame.number")
            try:
                return rows[idx - 1 if idx > 0 else idx]
            except IndexError:
                print(f"{tmpl}:{lineno}: no match #{idx} for [{m.group(2)}]"
                      f" ({len(rows)} matches)", file=sys.stderr)
                failed = True
                return "?"

        def value(m):
            nonlocal failed
            rows = tshark(pcap, m.group(2), m.group(1))
            if not rows or rows[0] == "":
                print(f"{tmpl}:{lineno}: no value of {m.group(1)} for"
                      f" [{m.group(2)}]", file=sys.stderr)
                failed = True
                return "?"
            return rows[0]

        line = value_re.sub(value, line)
        line = frame_re.sub(frame, line)
        out.append(line)
    if failed:
        sys.exit(1)
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()
