#!/usr/bin/env python3
"""ConvDiag analyses the inner conversation whatever carries it.

samples/captures/encap/<source>__<encapsulation>.pcapng holds every frame of
samples/captures/<source>.pcapng re-wrapped 1:1 (samples/encap/make_encapsulated.py):
VLAN, QinQ, MPLS, PBB, PPPoE, GRE, GRE-in-UDP, ERSPAN, VXLAN, Geneve, GTP-U, IP-in-IP,
NFLOG, 802.11.  With -2, every convdiag.* field (all of them, from tshark -G fields)
of every frame must print exactly as on the plain source.  No field is exempt:
ConvDiag names the inner addresses and lengths, never the outer packet's.
"""
import os
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tshark_runner import Tshark, test_arguments  # noqa: E402

# Fields that may legitimately differ between the plain and a wrapped capture.
EXEMPT = set()


def convdiag_fields(tshark):
    out = tshark.run(["-G", "fields"]).stdout
    fields = sorted({cols[2] for cols in (line.split("\t") for line in out.splitlines())
                     if len(cols) > 3 and cols[0] == "F" and cols[2].startswith("convdiag.")
                     and cols[3] != "FT_NONE"})
    return [f for f in fields if f not in EXEMPT]


def main():
    args = test_arguments()
    encap_dir = os.path.join(args.samples, "encap")
    wrapped = sorted(f for f in os.listdir(encap_dir) if f.endswith(".pcapng"))
    if not wrapped:
        raise SystemExit("no capture in %s" % encap_dir)
    sources = sorted({f.split("__")[0] for f in wrapped})

    tshark = Tshark(args.plugin_root)
    try:
        fields = convdiag_fields(tshark)
        if len(fields) < 20:
            raise SystemExit("only %d convdiag fields registered: %s" % (len(fields), fields))
        for s in sources:
            tshark.stage(os.path.join(args.samples, s + ".pcapng"))
        for w in wrapped:
            tshark.stage(os.path.join(encap_dir, w))

        def table(path):
            return tshark.fields(path, fields, two_pass=True)
        with ThreadPoolExecutor(max_workers=2) as pool:
            plain = dict(zip(sources, pool.map(
                lambda s: table(os.path.join(args.samples, s + ".pcapng")), sources)))
            tables = dict(zip(wrapped, pool.map(
                lambda w: table(os.path.join(encap_dir, w)), wrapped)))
    finally:
        tshark.close()

    failures = []
    for source, rows in plain.items():
        # the comparison means something only if the plain capture has findings
        if not any(v for row in rows.values() for v in row.values()):
            failures.append("%s: the plain capture has no convdiag value at all" % source)
    for name in wrapped:
        source, encap = name[:-len(".pcapng")].split("__")
        want, got = plain[source], tables[name]
        diffs = []
        if sorted(want) != sorted(got):
            diffs.append("frames %d..%d, plain has %d..%d" % (min(got, default=0),
                                                             max(got, default=0),
                                                             min(want), max(want)))
        for frame in sorted(want):
            for field in fields:
                a, b = want[frame][field], got.get(frame, {}).get(field, "")
                if a != b:
                    diffs.append("frame %d %s: %r, plain %r" % (frame, field, b, a))
        if diffs:
            failures.append("%s in %s: %d differences, first: %s" % (
                source, encap, len(diffs), "; ".join(diffs[:4])))
        else:
            print("ok   %s in %s: %d frames, %d fields as in the plain capture" % (
                source, encap, len(got), len(fields)))
    for f in failures:
        print("FAIL " + f)
    print("%d wrapped captures, %d differ" % (len(wrapped), len(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
