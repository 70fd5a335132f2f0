#!/usr/bin/env python3
"""Loading ConvDiag and using its outputs changes nothing Wireshark itself prints.

For every capture of samples/captures/*.pcapng (and ../shared/captures/ppa when
present), tshark runs twice: with the plugin, its analysis switched on by every way
there is (a convdiag field with -T fields, a -Y filter naming convdiag,
-z convdiag,summary and -z convdiag,report, and -V), and without it (an empty
WIRESHARK_PLUGIN_DIR).  Built-in fields per frame, the conversation, endpoint,
expert (minus ConvDiag's own items) and protocol-hierarchy tables (minus ConvDiag's
own leaf node), and the -V text
(minus ConvDiag's own tree) must be identical, in a single pass and with -2.
The plugin used to shift tcp.stream on frames after an ICMP error quoting TCP when
-z convdiag,summary was on (reachability.pcapng frame 16 quotes a SYN).
"""
import glob
import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tshark_runner import Tshark, test_arguments  # noqa: E402

FIELDS = ["frame.protocols", "tcp.stream", "udp.stream", "tcp.analysis.flags",
          "tcp.analysis.ack_rtt", "tcp.analysis.initial_rtt", "tcp.analysis.retransmission",
          "tcp.analysis.duplicate_ack_num", "tcp.analysis.bytes_in_flight", "_ws.col.Protocol",
          "_ws.col.Info", "ip.src", "icmp.type", "dns.flags.rcode"]
STATS = ["-z", "conv,tcp", "-z", "conv,udp", "-z", "endpoints,ip", "-z", "expert",
         "-z", "io,phs"]
PLUGIN_ON = ["-Y", "frame or convdiag", "-z", "convdiag,summary", "-z", "convdiag,report"]
# -V is the costly one: the capture sizes it runs on are bounded
V_MAX_BYTES = 200_000


class NoPlugin(Tshark):
    """The same runner with an empty plugin directory."""

    def __init__(self, plugin_root):
        super().__init__(plugin_root)
        for staged in glob.glob(os.path.join(self.scratch, "plugins", "*", "epan", "convdiag.so")):
            os.remove(staged)


def field_args(two_pass, with_plugin):
    args = ["-2"] if two_pass else []
    args += ["-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,", "-E", "separator=\t",
             "-e", "frame.number"]
    for f in FIELDS:
        args += ["-e", f]
    if with_plugin:
        args += ["-e", "convdiag.conn.verdict"] + PLUGIN_ON
    return args + STATS


def split_output(text, with_plugin):
    """(per-frame rows of the built-in fields, the tables) of a -T fields + -z run."""
    rows, tables = [], []
    for line in text.splitlines():
        if re.match(r"^\d+\t", line):      # a frame's fields (tables hold no tab)
            rows.append("\t".join(line.split("\t")[:1 + len(FIELDS)]))
        else:
            tables.append(line)
    return rows, normalise_tables(tables, with_plugin)


def normalise_tables(lines, with_plugin):
    """The built-in tables: ConvDiag's own tables and expert items left out, and the
    expert severity headers (their counts include ConvDiag's items) dropped."""
    out, skip, report = [], False, 0
    for line in lines:
        if line == "ConvDiag report":
            report = 1           # the report runs past its title's ===== line to the next
            continue
        if report:
            if line.startswith("====="):
                report += 1
                if report == 3:
                    report = 0
            if report:
                continue
        if line.startswith("ConvDiag/"):
            skip = True          # a ConvDiag table runs to its closing ===== line
            continue
        if skip:
            if line.startswith("====="):
                skip = False
            continue
        if re.match(r"^(Errors|Warns|Notes|Chats|Comments) \(\d+\)$", line):
            continue
        if with_plugin and re.match(r"^\s+\d+\s+\S+\s+ConvDiag\s", line):
            continue
        # ConvDiag's protocol node in -z io,phs (a leaf: it changes no other count)
        if with_plugin and re.match(r"^\s+convdiag\s+frames:\d+ bytes:\d+$", line):
            continue
        # separators and the expert column heading: a section left empty by
        # ConvDiag's dropped items leaves them without the plugin's counterpart
        if re.match(r"^=+$", line) or line.split() == ["Frequency", "Group", "Protocol",
                                                        "Summary"]:
            continue
        if line.strip():
            out.append(line)
    return out


def strip_convdiag_tree(text, names):
    """-V text without ConvDiag's top-level subtree."""
    out, skip = [], False
    for line in text.splitlines():
        if not line.startswith(" "):    # a top-level line, or the blank line after a frame
            skip = bool(line) and any(line.lstrip("[").startswith(n) for n in names)
        if not skip:
            out.append(line)
    return out


def first_difference(a, b):
    if len(a) != len(b):
        extra = [x for x in a if x not in b][:1] or [x for x in b if x not in a][:1]
        return "%d lines with plugin, %d without (e.g. %r)" % (len(a), len(b), extra)
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return "line %d: with plugin %r, without %r" % (i + 1, x[:160], y[:160])
    return "line %d: %d lines with plugin, %d without" % (min(len(a), len(b)) + 1, len(a),
                                                          len(b))


def main():
    args = test_arguments()
    captures = sorted(glob.glob(os.path.join(args.samples, "*.pcapng")))
    shared = sorted(glob.glob(os.path.join(args.shared, "*.pcap*")))
    if not shared:
        print("note: %s absent, samples only" % args.shared)
    captures += shared

    on, off = Tshark(args.plugin_root), NoPlugin(args.plugin_root)
    failures, trees = [], {}
    try:
        protocols = on.run(["-G", "protocols"]).stdout.splitlines()
        # Name, short name, filter name (4.2+ adds columns after it).
        names = [p.split("\t")[0] for p in protocols if p.split("\t")[2:3] == ["convdiag"]]
        if not names:
            raise SystemExit("the plugin did not load: no convdiag protocol")
        if any(p.split("\t")[2:3] == ["convdiag"]
               for p in off.run(["-G", "protocols"]).stdout.splitlines()):
            raise SystemExit("the run without the plugin still has it")
        for c in captures:
            on.stage(c)
            off.stage(c)

        def compare(capture):
            name = os.path.basename(capture)
            found = []
            for two_pass in (False, True):
                mode = "-2" if two_pass else "single pass"
                with_p = on.run(["-r", on.stage(capture)] + field_args(two_pass, True)).stdout
                without = off.run(["-r", off.stage(capture)] + field_args(two_pass, False)).stdout
                rows_on, tables_on = split_output(with_p, True)
                rows_off, tables_off = split_output(without, False)
                if not rows_off or not tables_off:
                    found.append("%s %s: no output without the plugin" % (name, mode))
                for number, (a, b) in enumerate(zip(rows_on, rows_off), 1):
                    if a != b:
                        diff = [(f, x, y) for f, x, y in zip(["frame.number"] + FIELDS,
                                                             a.split("\t"), b.split("\t"))
                                if x != y]
                        found.append("%s %s: frame %d: %s" % (name, mode, number, "; ".join(
                            "%s %r with plugin, %r without" % d for d in diff[:3])))
                        break
                if len(rows_on) != len(rows_off):
                    found.append("%s %s: %d frames with plugin, %d without" % (
                        name, mode, len(rows_on), len(rows_off)))
                if tables_on != tables_off:
                    found.append("%s %s: tables differ, %s" % (
                        name, mode, first_difference(tables_on, tables_off)))
            if os.path.getsize(capture) <= V_MAX_BYTES:
                v_on = on.run(["-2", "-r", on.stage(capture), "-V"] + PLUGIN_ON[:2]).stdout
                v_off = off.run(["-2", "-r", off.stage(capture), "-V"]).stdout
                a, b = strip_convdiag_tree(v_on, names), v_off.splitlines()
                if a != b:
                    found.append("%s -2 -V: %s" % (name, first_difference(a, b)))
                trees[name] = len(v_on.splitlines()) - len(a)
            return name, found

        with ThreadPoolExecutor(max_workers=2) as pool:
            for name, found in pool.map(compare, captures):
                failures += found
                print("%s %s" % ("FAIL" if found else "ok  ", name))
    finally:
        on.close()
        off.close()
    # the -V comparison means something only if ConvDiag's tree was there to strip
    if not any(trees.values()):
        failures.append("-V: no ConvDiag tree in any capture: %s" % sorted(trees))
    for f in failures:
        print("FAIL " + f)
    print("-V compared on %d captures, %d with a ConvDiag tree" % (
        len(trees), sum(1 for n in trees.values() if n)))
    print("%d captures, %d differences" % (len(captures), len(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
