"""Compares ConvDiag's findings on a later Wireshark with those on 4.0 (the reference), both
written by collect_findings.py. Exits 1 on any difference that allowed_differences.txt does
not allow, or on a rule there that this comparison never used.

  compare_findings.py REFERENCE_DIR OTHER_DIR OTHER_VERSION [--allowed FILE] [--used-out FILE]
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def version_tuple(text):
    return tuple(int(x) for x in text.split("."))


def read_rules(path, version):
    """{(field, old value): new value} of the rules that apply to `version`."""
    rules = {}
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            cells = line.split()
            if len(cells) != 4:
                sys.exit("%s:%d: want SINCE FIELD OLD NEW, got %r" % (path, number, line))
            since, field, old, new = cells
            if version_tuple(version) >= version_tuple(since):
                rules[(field, old)] = new
    return rules


def rewrite_fields_line(line, rules, used):
    """A reference `-T fields` line as the other version prints it."""
    cells = line.rstrip("\n").split("\t")
    out = [cells[0]]
    for cell in cells[1:]:
        field, _, value = cell.partition("=")
        values = []
        for v in value.split(","):
            new = rules.get((field, v))
            if new is not None:
                used.add((field, v))
                v = new
            values.append(v)
        out.append(field + "=" + ",".join(values))
    return "\t".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("reference")
    ap.add_argument("other")
    ap.add_argument("version")
    ap.add_argument("--allowed", default=os.path.join(HERE, "allowed_differences.txt"))
    args = ap.parse_args()
    rules = read_rules(args.allowed, args.version)
    used = set()
    names = sorted(set(os.listdir(args.reference)) | set(os.listdir(args.other)))
    failures = 0
    for name in names:
        ref_path, other_path = (os.path.join(d, name) for d in (args.reference, args.other))
        if not os.path.exists(ref_path) or not os.path.exists(other_path):
            print("FAIL %s: only in %s" % (name, args.reference if os.path.exists(ref_path)
                                            else args.other))
            failures += 1
            continue
        with open(ref_path) as f:
            expected = f.readlines()
        with open(other_path) as f:
            got = f.readlines()
        if name.endswith(".fields"):
            expected = [rewrite_fields_line(line, rules, used) for line in expected]
        if expected == got:
            continue
        failures += 1
        print("FAIL %s differs on Wireshark %s:" % (name, args.version))
        shown = 0
        for i in range(max(len(expected), len(got))):
            e = expected[i] if i < len(expected) else "(none)\n"
            g = got[i] if i < len(got) else "(none)\n"
            if e != g and shown < 5:
                print("  4.0 (allowed differences applied): " + e, end="")
                print("  %s: " % args.version + g, end="")
                shown += 1
    for rule in sorted(set(rules) - used):
        print("FAIL rule never used on %s: %s %s (remove it from %s)"
              % (args.version, rule[0], rule[1], args.allowed))
        failures += 1
    print("findings on Wireshark %s vs 4.0: %d files compared, %d differ, %d rules used"
          % (args.version, len(names), failures, len(used)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
