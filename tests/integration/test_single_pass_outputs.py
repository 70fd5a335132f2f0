#!/usr/bin/env python3
"""Plain `tshark -r` shows nothing of ConvDiag, so the plugin does not analyse it
(plugin/result_visibility.cpp). This checks both halves of that rule on a
project-made capture (samples/captures/tcp_loss.pcapng):
- the printed packet list is byte-for-byte the one tshark prints without the plugin;
- every single-pass run that *can* show our output still gets it complete, even
  without a protocol tree: `-z expert` (expert infos are tapped without a tree)
  and `-z convdiag,summary` give exactly what the same run gives when a display
  filter forces a tree.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tshark_runner import Tshark, skip, test_arguments  # noqa: E402

FAILURES = []


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        FAILURES.append(message)


def convdiag_expert_lines(text):
    """The rows of `-z expert` that ConvDiag wrote (protocol column CONVDIAG)."""
    return [line.strip() for line in text.splitlines() if re.search(r"\bCONVDIAG\b", line, re.I)]


def main():
    args = test_arguments()
    capture = os.path.join(args.samples, "tcp_loss.pcapng")
    if not os.path.exists(capture):
        skip("samples/captures/tcp_loss.pcapng missing")

    tshark = Tshark(args.plugin_root)
    try:
        staged = tshark.stage(capture)

        with_plugin = tshark.run(["-r", staged]).stdout
        no_plugin_dir = os.path.join(tshark.scratch, "no-plugins")
        os.makedirs(no_plugin_dir, exist_ok=True)
        os.chmod(no_plugin_dir, 0o755)
        saved = tshark.env["WIRESHARK_PLUGIN_DIR"]
        tshark.env["WIRESHARK_PLUGIN_DIR"] = no_plugin_dir
        without_plugin = tshark.run(["-r", staged]).stdout
        tshark.env["WIRESHARK_PLUGIN_DIR"] = saved
        check(with_plugin == without_plugin and with_plugin.count("\n") > 10,
              "plain tshark -r prints the same %d lines with and without the plugin"
              % with_plugin.count("\n"))

        # Without -q: packet summaries are printed (tshark fills columns), which is the
        # case the rule has to get right.
        no_tree = tshark.run(["-r", staged, "-z", "expert"]).stdout
        with_tree = tshark.run(["-r", staged, "-Y", "frame", "-z", "expert"]).stdout
        ours_no_tree = convdiag_expert_lines(no_tree)
        ours_with_tree = convdiag_expert_lines(with_tree)
        check(len(ours_no_tree) > 0, "single-pass -z expert without a tree lists %d ConvDiag rows"
              % len(ours_no_tree))
        check(ours_no_tree == ours_with_tree,
              "single-pass -z expert: the same ConvDiag rows with and without a tree")

        summary_no_tree = tshark.run(["-r", staged, "-z", "convdiag,summary"]).stdout
        summary_with_tree = tshark.run(["-r", staged, "-Y", "frame",
                                        "-z", "convdiag,summary"]).stdout
        check(summary_no_tree.count("\n") > 5 and summary_no_tree == summary_with_tree,
              "single-pass -z convdiag,summary: the same table with and without a tree")
    finally:
        tshark.close()

    if FAILURES:
        print("%d check(s) failed" % len(FAILURES))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
