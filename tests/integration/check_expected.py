#!/usr/bin/env python3
"""Checks one expected-findings file against the real tshark with the plugin.

Format, one assertion per line ('#' starts a comment):
    capture ppa/tcp_handshake.pcapng     which capture (default: <name>.pcapng beside the file)
    option convdiag.min_rto:1000         a tshark -o option for every run of this file
    [single] <frame> <field> == <value>  exact printed value (with -2 unless 'single')
    [single] <frame> <field> ~= <number> <tolerance>
    [single] <frame> <field> absent
    [single] <frame> <field> present
    [single] <frame> <field> contains <text>
A frame may be written as a range 2-6 or list 3,5,7 to assert the same on each.
An assertion that holds only on some Wireshark versions, because Wireshark itself dissects
differently there, starts with `ws<X.Y` or `ws>=X.Y` (the version the plugin was built for)
and says why in a comment.
A boolean written 1 or 0 also matches True or False: Wireshark 4.2 and later print booleans
so in `-T fields` (tests/versions/allowed_differences.txt).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tshark_runner import Tshark, find_capture, plugin_path, skip, test_arguments  # noqa: E402

BOOLEAN_SPELLINGS = {("1", "True"), ("0", "False")}


def version_tuple(text):
    return tuple(int(x) for x in text.split("."))


def applies_to(condition, version):
    """`ws<4.4` / `ws>=4.4` against the Wireshark version the plugin was built for."""
    if condition.startswith("ws>="):
        return version_tuple(version) >= version_tuple(condition[4:])
    if condition.startswith("ws<"):
        return version_tuple(version) < version_tuple(condition[3:])
    raise ValueError(condition)


def expand_frames(spec):
    frames = []
    for part in spec.split(","):
        if "-" in part:
            a, b = part.split("-")
            frames.extend(range(int(a), int(b) + 1))
        else:
            frames.append(int(part))
    return frames


def parse(path, version):
    capture, options, checks = None, [], []
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
            if not line:
                continue
            words = line.split()
            if words[0] == "capture":
                capture = words[1]
                continue
            if words[0] == "option":
                options.append(words[1])
                continue
            if words[0].startswith("ws"):
                try:
                    if not applies_to(words[0], version):
                        continue
                except ValueError:
                    raise SystemExit("%s:%d: want ws<X.Y or ws>=X.Y: %s" % (path, number, line))
                words = words[1:]
            mode = "two-pass"
            if words[0] == "single":
                mode, words = "single", words[1:]
            if len(words) < 3:
                raise SystemExit("%s:%d: cannot read: %s" % (path, number, line))
            frames, field, op, rest = words[0], words[1], words[2], words[3:]
            checks.append((number, mode, expand_frames(frames), field, op, " ".join(rest), rest))
    return capture, options, checks


def main():
    args = test_arguments(lambda p: p.add_argument("expected"))

    built = plugin_path(args.plugin_root)
    version = os.path.basename(os.path.dirname(os.path.dirname(built)))
    capture_name, options, checks = parse(args.expected, version)
    if capture_name is None:
        base = os.path.basename(args.expected).split(".")[0]
        capture_name = "samples/%s.pcapng" % base
    capture = find_capture(capture_name, args.shared, args.samples)
    if capture is None:
        skip("%s is not here (../shared/captures absent?)" % capture_name)
    if not checks:
        raise SystemExit("%s holds no assertion" % args.expected)

    tshark = Tshark(args.plugin_root)
    try:
        fields = sorted({c[3] for c in checks})
        results = {}
        for mode in ("two-pass", "single"):
            if any(c[1] == mode for c in checks):
                results[mode] = tshark.fields(capture, fields, two_pass=(mode == "two-pass"),
                                              options=options)
    finally:
        tshark.close()

    failures, passed = [], 0
    for number, mode, frames, field, op, text, rest in checks:
        for frame in frames:
            row = results[mode].get(frame)
            got = None if row is None else row.get(field, "")
            ok = False
            if row is None:
                ok = False
            elif op == "==":
                ok = got == text or (text, got) in BOOLEAN_SPELLINGS
            elif op == "absent":
                ok = got == ""
            elif op == "present":
                ok = got != ""
            elif op == "contains":
                ok = text in got
            elif op == "~=":
                try:
                    ok = got != "" and all(abs(float(v) - float(rest[0])) <= float(rest[1])
                                           for v in got.split(","))
                except ValueError:
                    ok = False
            else:
                raise SystemExit("%s:%d: unknown operator %s" % (args.expected, number, op))
            if ok:
                passed += 1
            else:
                failures.append("%s:%d [%s] frame %d %s %s %s: got %r" % (
                    os.path.basename(args.expected), number, mode, frame, field, op, text, got))
    for f in failures:
        print("FAIL " + f)
    print("%s on %s: %d passed, %d failed" % (os.path.basename(args.expected), capture_name,
                                             passed, len(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
