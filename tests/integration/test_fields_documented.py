#!/usr/bin/env python3
"""Every ConvDiag field, expert-info entry and preference the plugin registers is
documented in docs/FIELDS.md; every field row shows an example filter."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tshark_runner import Tshark, test_arguments  # noqa: E402

DOC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "FIELDS.md")


def main():
    args = test_arguments()
    with open(DOC, encoding="utf-8") as f:
        doc = f.read()
    rows = {}
    for line in doc.splitlines():
        m = re.match(r"\|\s*`(convdiag\.[a-z0-9_.]+)`\s*\|", line)
        if m:
            rows[m.group(1)] = line
    tshark = Tshark(args.plugin_root)
    try:
        fields = [l.split("\t") for l in tshark.run(["-G", "fields"]).stdout.splitlines()]
        prefs = tshark.run(["-G", "defaultprefs"]).stdout
    finally:
        tshark.close()
    problems, checked = [], 0
    for cells in fields:
        if len(cells) < 4 or cells[0] != "F" or not cells[2].startswith("convdiag."):
            continue
        name, ftype = cells[2], cells[3]
        checked += 1
        row = rows.get(name)
        if row is None:
            problems.append("%s (%s) is not documented in a table row of docs/FIELDS.md" % (name, ftype))
        elif ftype != "FT_NONE" and row.count("`") < 4:
            problems.append("%s: its row shows no example filter in backticks" % name)
    for pref in sorted(set(re.findall(r"#?convdiag\.([a-z0-9_]+):", prefs))):
        checked += 1
        if "convdiag." + pref not in doc:
            problems.append("preference convdiag.%s is not documented" % pref)
    if checked == 0:
        raise SystemExit("the plugin did not load: no convdiag field is registered")
    for p in problems:
        print("FAIL " + p)
    print("fields documented: %d passed, %d failed" % (checked - len(problems), len(problems)))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
