"""Writes what ConvDiag finds in every sample capture, for comparing Wireshark versions
(scripts/test-versions.sh runs it on the host and inside each version's chroot).

  collect_findings.py --plugin-root BUILD/plugins --samples samples/captures --out DIR

DIR gets `fields.list` (every convdiag.* field `tshark -G fields` lists), and per capture
`<capture>.fields` (`tshark -2 -T fields` of frame.number and every such field, one line per
frame that has one) and `<capture>.report` (`tshark -2 -q -z convdiag,report`), and
`builtin.fields`: two of Wireshark's own boolean fields, which show how this Wireshark prints
booleans (see allowed_differences.txt).
"""
import argparse
import glob
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from tshark_runner import Tshark  # noqa: E402


def convdiag_fields(tshark):
    fields = []
    for line in tshark.run(["-G", "fields"]).stdout.splitlines():
        cells = line.split("\t")
        if len(cells) > 2 and cells[0] == "F" and cells[2].startswith("convdiag."):
            fields.append(cells[2])
    return sorted(fields)


def write_fields(path, table):
    with open(path, "w") as f:
        for frame in sorted(table):
            cells = ["%s=%s" % (k, v) for k, v in table[frame].items() if v]
            if cells:
                f.write("%d\t%s\n" % (frame, "\t".join(cells)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plugin-root", required=True)
    ap.add_argument("--samples", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    tshark = Tshark(args.plugin_root)
    try:
        fields = convdiag_fields(tshark)
        if not fields:
            sys.exit("tshark lists no convdiag.* field: the plugin did not load")
        with open(os.path.join(args.out, "fields.list"), "w") as f:
            f.write("\n".join(fields) + "\n")
        for capture in sorted(glob.glob(os.path.join(args.samples, "*.pcapng"))):
            name = os.path.basename(capture)
            write_fields(os.path.join(args.out, name + ".fields"), tshark.fields(capture, fields))
            report = tshark.run(["-2", "-q", "-r", tshark.stage(capture), "-z", "convdiag,report"])
            with open(os.path.join(args.out, name + ".report"), "w") as f:
                f.write(report.stdout)
        write_fields(os.path.join(args.out, "builtin.fields"),
                     tshark.fields(os.path.join(args.samples, "ftp.pcapng"),
                                   ["tcp.flags.syn", "tcp.flags.ack"]))
        print("findings of %d fields written to %s" % (len(fields), args.out))
    finally:
        tshark.close()


if __name__ == "__main__":
    main()
