#!/usr/bin/env python3
"""With convdiag.mask_passwords on, no password of tickedoffdeveloper.pcapng
(Practical Packet Analysis, Chris Sanders) appears in clear in ConvDiag's
output -- detail tree, expert texts, fields, the credentials table -- while the
password field itself is still there. Without the option the same outputs do
show it, so the test can tell a masked password from a missing one.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tshark_runner import Tshark, find_capture, skip, test_arguments  # noqa: E402

PASSWORD = "p@ssw0rd"
MASK = ["-o", "convdiag.mask_passwords:TRUE"]


def outputs(tshark, capture, options):
    """Everything ConvDiag can print about the capture, as one list of texts."""
    staged = tshark.stage(capture)
    runs = {
        # Only our tree expanded: the FTP dissector itself shows "PASS p@ssw0rd",
        # which is the packet's content, not ours to mask.
        "-V -O convdiag": ["-2", "-r", staged, "-V", "-O", "convdiag"] + options,
        "-T fields": ["-2", "-r", staged, "-T", "fields", "-E", "occurrence=a",
                      "-e", "frame.number", "-e", "convdiag.cred.password",
                      "-e", "convdiag.cred.user", "-e", "_ws.expert.message"] + options,
        "-z convdiag,credentials": ["-2", "-q", "-r", staged,
                                    "-z", "convdiag,credentials"] + options,
    }
    return {name: tshark.run(args).stdout for name, args in runs.items()}


def main():
    args = test_arguments()
    capture = find_capture("ppa/tickedoffdeveloper.pcapng", args.shared, args.samples)
    if capture is None:
        skip("ppa/tickedoffdeveloper.pcapng is not here (../shared/captures absent?)")

    tshark = Tshark(args.plugin_root)
    failures = []
    try:
        clear = outputs(tshark, capture, [])
        masked = outputs(tshark, capture, MASK)
        fields = tshark.fields(capture, ["convdiag.cred.password"],
                               options=["convdiag.mask_passwords:TRUE"])
    finally:
        tshark.close()

    # Sanity: without the option the password is shown where we look.
    for name in ("-V -O convdiag", "-T fields", "-z convdiag,credentials"):
        if PASSWORD not in clear[name]:
            failures.append("without masking, %s does not show the password" % name)
    for name, text in masked.items():
        if PASSWORD in text:
            line = next(l for l in text.splitlines() if PASSWORD in l)
            failures.append("masked %s still shows the password: %r" % (name, line.strip()))
    value = fields.get(7, {}).get("convdiag.cred.password", "")
    if value != "********":
        failures.append("frame 7 convdiag.cred.password: expected the masked value "
                        "'********', got %r" % value)
    if "Password: ********" not in masked["-V -O convdiag"]:
        failures.append("the masked password field is missing from the -V tree")

    for f in failures:
        print("FAIL " + f)
    print("credentials masking: %d failures" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
