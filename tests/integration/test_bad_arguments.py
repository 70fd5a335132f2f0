#!/usr/bin/env python3
"""Bad ConvDiag arguments stop tshark with a message and a non-zero exit status instead of
being silently ignored (issue 21): an unknown language, a mask_passwords value that
Wireshark would read as FALSE, a report filter that does not compile, a table name that
only starts like the report. The valid spellings still work.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tshark_runner import Tshark, find_capture, skip, test_arguments  # noqa: E402

REFUSED = [
    (["-o", "convdiag.language:xx"], "convdiag.language must be one of en, ko"),
    (["-o", "convdiag.mask_passwords:1"], "convdiag.mask_passwords must be TRUE or FALSE"),
    (["-o", "convdiag.mask_passwords:yes"], "convdiag.mask_passwords must be TRUE or FALSE"),
    (["-oconvdiag.mask_passwords:off"], "convdiag.mask_passwords must be TRUE or FALSE"),
    (["-z", "convdiag,report,tcp.port="], "Couldn't register convdiag,report tap"),
    (["-z", "convdiag,reportX"], "invalid -z argument \"convdiag,reportX\""),
]
ACCEPTED = [
    ["-o", "convdiag.language:ko"],
    ["-o", "convdiag.language:Korean (한국어)"],
    ["-o", "convdiag.mask_passwords:TRUE"],
    ["-o", "convdiag.mask_passwords:false"],
    ["-z", "convdiag,report"],
    ["-z", "convdiag,report,ftp"],
]


def main():
    args = test_arguments()
    capture = find_capture("samples/ftp.pcapng", args.shared, args.samples)
    if capture is None:
        skip("samples/ftp.pcapng is missing")
    tshark = Tshark(args.plugin_root)
    failures = []
    try:
        staged = tshark.stage(capture)
        for extra, message in REFUSED:
            proc = tshark.run(["-q", "-r", staged] + extra, check=False)
            if proc.returncode == 0:
                failures.append("%s accepted (exit 0)" % " ".join(extra))
            if message not in proc.stderr:
                failures.append("%s: expected %r on stderr, got %r"
                                % (" ".join(extra), message, proc.stderr.strip()[:200]))
        for extra in ACCEPTED:
            proc = tshark.run(["-q", "-r", staged] + extra, check=False)
            if proc.returncode != 0 or "convdiag" in proc.stderr.lower():
                failures.append("%s refused (%d): %s"
                                % (" ".join(extra), proc.returncode, proc.stderr.strip()[:200]))
        # The masking switch really is on with TRUE in any case.
        masked = tshark.run(["-2", "-q", "-r", staged, "-o", "convdiag.mask_passwords:true",
                             "-z", "convdiag,credentials"]).stdout
        if "labpass1" in masked or "********" not in masked:
            failures.append("-o convdiag.mask_passwords:true did not mask the credentials table")
    finally:
        tshark.close()
    for f in failures:
        print("FAIL " + f)
    print("bad arguments: %d failures" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
