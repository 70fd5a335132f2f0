#!/usr/bin/env python3
"""Bad ConvDiag arguments stop tshark with a message and a non-zero exit status instead of
being silently ignored (issue 21): an unknown language, a mask_passwords value that
Wireshark would read as FALSE, a report filter that does not compile, a table name that
only starts like the report. The valid spellings still work. In a preferences file (read
by the GUI too, so not refused), such a value is named on stderr, and a switch of ours
Wireshark would read as FALSE is taken as TRUE: "mask_passwords: yes" masks.
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
    # Wireshark chooses a table by the prefix of -z: the name must end where ours does.
    (["-z", "convdiag,summaryX"], "invalid -z argument \"convdiag,summaryX\""),
    (["-z", "convdiag,summary_detailX,tcp"], "ConvDiag has no such table"),
    (["-z", "convdiag,dnsX"], "invalid -z argument \"convdiag,dnsX\""),
    (["-z", "convdiag,summary,tcp.port="], "Filter \"tcp.port=\" is invalid"),
]
ACCEPTED = [
    ["-o", "convdiag.language:ko"],
    ["-o", "convdiag.language:Korean (한국어)"],
    ["-o", "convdiag.mask_passwords:TRUE"],
    ["-o", "convdiag.mask_passwords:false"],
    ["-z", "convdiag,report"],
    ["-z", "convdiag,report,ftp"],
    ["-z", "convdiag,summary"],
    ["-z", "convdiag,summary_detail,tcp"],
    ["-z", "convdiag,dns,limit=2"],
]


def preference_file_failures(tshark, staged):
    failures = []
    config = os.path.join(tshark.home, ".config", "wireshark")
    os.makedirs(config, exist_ok=True)
    prefs = os.path.join(config, "preferences")
    with open(prefs, "w") as f:
        f.write("# written by test_bad_arguments.py\nconvdiag.mask_passwords: yes\n"
                "convdiag.language: Klingon\n")
    os.chmod(config, 0o755)
    os.chmod(prefs, 0o644)
    try:
        proc = tshark.run(["-2", "-q", "-r", staged, "-z", "convdiag,credentials"], check=False)
        if proc.returncode != 0:
            failures.append("preferences file: tshark exit %d" % proc.returncode)
        for message in ('"convdiag.mask_passwords: yes": convdiag.mask_passwords must be TRUE or '
                        'FALSE; taken as TRUE', '"convdiag.language: Klingon": convdiag.language '
                        'must be one of en, ko; the default is used'):
            if message not in proc.stderr:
                failures.append("preferences file: expected %r on stderr, got %r"
                                % (message, proc.stderr.strip()[:300]))
        if "labpass1" in proc.stdout or "********" not in proc.stdout:
            failures.append("preferences file: mask_passwords: yes did not mask")
        # -o overrides the file, and is checked on its own.
        proc = tshark.run(["-2", "-q", "-r", staged, "-o", "convdiag.mask_passwords:FALSE",
                           "-z", "convdiag,credentials"], check=False)
        if "labpass1" not in proc.stdout or "mask_passwords: yes" in proc.stderr:
            failures.append("preferences file: -o convdiag.mask_passwords:FALSE did not win")
    finally:
        os.remove(prefs)
    return failures


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
        failures += preference_file_failures(tshark, staged)
    finally:
        tshark.close()
    for f in failures:
        print("FAIL " + f)
    print("bad arguments: %d failures" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
