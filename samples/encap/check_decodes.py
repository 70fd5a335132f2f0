#!/usr/bin/python3
"""Checks with plain tshark (no plugin) that Wireshark decodes the inner packets of
every re-wrapped capture in samples/captures/encap/ exactly as it decodes the plain
source capture: per frame the same transport fields, and no malformed frame.
Prints one line per capture; exits 1 if any differs.  Used by samples/verify.
"""
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
CAPTURES = os.path.join(HERE, "..", "captures")
# udp.stream is left out: a tunnel over UDP adds its own UDP conversations.
FIELDS = ["tcp.stream", "tcp.flags", "tcp.seq", "tcp.ack", "tcp.len", "tcp.analysis.flags",
          "dns.id", "dns.flags.rcode", "icmp.type", "icmp.code",
          "icmpv6.type", "icmpv6.code", "_ws.malformed"]


def table(path):
    args = ["tshark", "-n", "-2", "-r", path, "-T", "fields", "-E", "occurrence=l"]
    for f in FIELDS:
        args += ["-e", f]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return [line.split("\t") for line in out.splitlines()]


def main():
    wrapped = sorted(f for f in os.listdir(os.path.join(CAPTURES, "encap"))
                     if f.endswith(".pcapng"))
    sources = sorted({f.split("__")[0] for f in wrapped})
    with ThreadPoolExecutor(max_workers=2) as pool:
        plain = dict(zip(sources, pool.map(
            lambda s: table(os.path.join(CAPTURES, s + ".pcapng")), sources)))
        tables = dict(zip(wrapped, pool.map(
            lambda f: table(os.path.join(CAPTURES, "encap", f)), wrapped)))
    failed = 0
    for name in wrapped:
        want, got = plain[name.split("__")[0]], tables[name]
        problems = []
        if len(want) != len(got):
            problems.append("%d frames, plain has %d" % (len(got), len(want)))
        for number, (a, b) in enumerate(zip(want, got), 1):
            if a != b:
                diff = ["%s %r != %r" % (f, y, x) for f, x, y in zip(FIELDS, a, b) if x != y]
                problems.append("frame %d: %s" % (number, "; ".join(diff)))
        if any(row[-1] for row in got):
            problems.append("malformed frames")
        if problems:
            failed += 1
            print("FAIL encap/%s: %s" % (name, "; ".join(problems[:3])))
        else:
            print("ok   encap/%s: %d frames decoded as in the plain capture" % (name, len(got)))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
