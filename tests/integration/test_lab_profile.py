#!/usr/bin/env python3
"""The lab profile shows ConvDiag's diagnoses as columns: `tshark -C ConvDiag-Lab`
prints them on the summary lines of the frames that carry them."""
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tshark_runner import Tshark, find_capture, skip, test_arguments  # noqa: E402

PROFILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "profiles",
                       "ConvDiag-Lab")

# (capture, frame, text the summary line must show in a diagnosis column)
CASES = [
    ("ppa/nowebaccess2.pcapng", 3, "refused"),
    ("ppa/nowebaccess2.pcapng", 8, "refused"),
    ("ppa/nowebaccess3.pcapng", 3, "unanswered"),
    ("ppa/tcp_handshake.pcapng", 1, "established"),
]


def main():
    args = test_arguments()
    cases = [(find_capture(c, args.shared, args.samples), c, f, t) for c, f, t in CASES]
    cases = [c for c in cases if c[0]]
    if not cases:
        skip("no capture for the profile cases (../shared/captures absent?)")
    tshark = Tshark(args.plugin_root)
    failures, passed = [], 0
    try:
        profiles = os.path.join(tshark.home, ".config", "wireshark", "profiles")
        os.makedirs(profiles)
        shutil.copytree(PROFILE, os.path.join(profiles, "ConvDiag-Lab"))
        for root, dirs, files in os.walk(os.path.join(tshark.home, ".config")):
            os.chmod(root, 0o777)
            for f in files:
                os.chmod(os.path.join(root, f), 0o666)
        for path, name, frame, text in cases:
            out = tshark.run(["-2", "-C", "ConvDiag-Lab", "-r", tshark.stage(path)]).stdout
            lines = {int(l.split()[0]): l for l in out.splitlines() if l.strip()}
            line = lines.get(frame, "")
            # The diagnosis columns come after Info: the text must close the line.
            if line.rstrip().endswith(text):
                passed += 1
            else:
                failures.append("%s frame %d: %r does not end with %r" % (name, frame, line, text))
    finally:
        tshark.close()
    for f in failures:
        print("FAIL " + f)
    print("lab profile: %d passed, %d failed" % (passed, len(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
