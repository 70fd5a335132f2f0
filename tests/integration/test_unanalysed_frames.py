#!/usr/bin/env python3
"""Frames ConvDiag cannot analyse are named in the report's overview, never dropped in
silence: a copy of samples/captures/reachability.pcapng cut to 44 bytes a frame (the
TCP header is cut after 10 of its 20 bytes), and one relabelled as a link type Wireshark
does not decode (DLT_USER0); and samples/captures/frag_syn_ipv4.pcapng read with IP
reassembly off (its SYN's first fragment). The plain capture names nothing, and neither copy gives a
connection verdict (nothing wrong is said about what could not be read)."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tshark_runner import Tshark, test_arguments  # noqa: E402


def report(tshark, capture, language="en", options=()):
    args = ["-2", "-q", "-r", tshark.stage(capture), "-o", "convdiag.language:" + language]
    for option in options:
        args += ["-o", option]
    return tshark.run(args + ["-z", "convdiag,report"]).stdout


def verdicts(tshark, capture):
    table = tshark.fields(capture, ["convdiag.conn.verdict"])
    return {frame: row["convdiag.conn.verdict"] for frame, row in table.items()
            if row["convdiag.conn.verdict"]}


def derived(source, scratch, name, editcap_args):
    target = os.path.join(scratch, name)
    subprocess.run(["editcap"] + editcap_args + [source, target], check=True)
    os.chmod(target, 0o644)
    return target


def main():
    args = test_arguments()
    source = os.path.join(args.samples, "reachability.pcapng")
    tshark = Tshark(args.plugin_root)
    failures, passed = [], 0

    def expect(condition, what):
        nonlocal passed
        if condition:
            passed += 1
        else:
            failures.append(what)

    try:
        plain = report(tshark, source)
        expect("not analysed" not in plain, "the plain capture names unanalysed frames:\n" + plain)
        expect(verdicts(tshark, source), "the plain capture has no verdict at all")

        cut = derived(source, tshark.scratch, "reachability_cut44.pcapng", ["-s", "44"])
        text = report(tshark, cut)
        expect("Frames not analysed: 15" in text and "TCP header cut short by the capture" in text
               and "larger snaplen" in text, "cut headers not named:\n" + text)
        ko = report(tshark, cut, "ko")
        expect("분석하지 못한 프레임 15개" in ko and "잘린 TCP 헤더" in ko,
               "cut headers not named in Korean:\n" + ko)
        expect(not verdicts(tshark, cut), "a verdict from cut headers: %s" % verdicts(tshark, cut))

        relabelled = derived(source, tshark.scratch, "reachability_user0.pcap", ["-T", "user0"])
        text = report(tshark, relabelled)
        expect("Frames not analysed: 16" in text and "payload Wireshark does not decode" in text,
               "an undecoded link not named:\n" + text)
        expect(not verdicts(tshark, relabelled), "a verdict from an undecoded link")

        fragmented = os.path.join(args.samples, "frag_syn_ipv4.pcapng")
        no_reassembly = ["ip.defragment:FALSE"]
        text = report(tshark, fragmented, options=no_reassembly)
        expect("Frames not analysed: 1" in text and "first fragment of a TCP datagram" in text
               and "ip.defragment" in text, "an unreassembled fragment not named:\n" + text)
        expect("not analysed" not in report(tshark, fragmented),
               "a reassembled fragment named as not analysed")
    finally:
        tshark.close()
    for f in failures:
        print("FAIL:", f)
    print("%d passed, %d failed" % (passed, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
