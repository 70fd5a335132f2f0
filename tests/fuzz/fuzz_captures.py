#!/usr/bin/env python3
"""Capture fuzzing in the style of Wireshark's tools/fuzz-test.sh.

Every source capture (the project's samples/captures and the "Practical Packet
Analysis" captures of Chris Sanders in ../shared/captures/ppa) is, in turn, corrupted
(`editcap -E <probability> --seed <seed>`), cut (`editcap -s <snaplen>`), reordered,
duplicated (a SPAN port's copies), time-warped, or joined to itself (mutate_capture.py),
at fixed seeds, so a run is reproducible. Each file goes through tshark with the plugin
as a user runs it: `-2 -V` with the report and every `-z convdiag,*` table, under a
timeout; a second run asks for every convdiag.* field with -T fields.

Counted against us: a crash (killed by a signal / exit >= 128, or a sanitizer report or
a Wireshark "dissector bug" abort in stderr) or a hang (timeout), unless bare tshark
(no plugin, same file) fails the same way: then it is reported as Wireshark's own.
Files that fail are kept in the output dir for reproduction.
"""
import argparse
import glob
import os
import re
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "samples", "encap"))
import mutate_capture  # noqa: E402
import pcapng_io  # noqa: E402
from tshark_runner import Tshark, has_invalid_utf8  # noqa: E402

PROBABILITIES = [0.02, 0.05, 0.01, 0.1]
SNAPLENS = [54, 60, 74, 96, 128, 256]
SANITIZER = re.compile(r"AddressSanitizer|UndefinedBehaviorSanitizer|runtime error:|"
                       r"LeakSanitizer|ThreadSanitizer|MemorySanitizer|"
                       r"dissector bug|DISSECTOR_ASSERT|terminate called|Assertion .* failed")


def sources(samples_dir, shared_dir):
    found = []
    for base in (samples_dir, shared_dir):
        if base and os.path.isdir(base):
            for pattern in ("*.pcap", "*.pcapng", "*.cap"):
                found.extend(glob.glob(os.path.join(base, pattern)))
    # One capture in every encapsulation the samples have: the handlers in front of
    # Wireshark's TCP/UDP/ICMP dissectors meet each tunnel and the ICMP quote inside it.
    if samples_dir and os.path.isdir(os.path.join(samples_dir, "encap")):
        found.extend(glob.glob(os.path.join(samples_dir, "encap", "reject_icmp__*.pcapng")))
    return sorted(found, key=lambda p: (os.path.dirname(p), os.path.basename(p)))


KINDS = ("corrupted", "cut") + mutate_capture.MUTATIONS


def variants(files, count):
    """The k-th variant: (source, seed, kind, probability, snaplen or None); deterministic.
    Kinds rotate, shifted each round, so every source meets every kind."""
    for k in range(count):
        source = files[k % len(files)]
        round_ = k // len(files)
        kind = KINDS[(k + round_) % len(KINDS)]
        probability = PROBABILITIES[round_ % len(PROBABILITIES)]
        snaplen = SNAPLENS[(k + round_) % len(SNAPLENS)] if kind == "cut" else None
        yield source, 1000 + k, kind, probability, snaplen


def make_variant(source, seed, kind, probability, snaplen, fuzzed):
    """Writes the variant to `fuzzed`; returns (the kind made, how: for reproduction)."""
    if kind in mutate_capture.MUTATIONS:
        plain = fuzzed + ".src.pcapng"
        subprocess.run(["editcap", "-F", "pcapng", source, plain], check=True,
                       capture_output=True)
        try:
            frames = pcapng_io.read(plain)
            if frames:
                pcapng_io.write(fuzzed, mutate_capture.mutate(kind, frames, random.Random(seed)),
                                "convdiag fuzz: %s seed %d" % (kind, seed))
                return kind, "%s, seed %d (tests/fuzz/mutate_capture.py)" % (kind, seed)
        except (SystemExit, AssertionError, struct.error, IndexError):
            pass  # several link types or an unusual pcapng: corrupt it instead
        finally:
            os.remove(plain)
        kind = "corrupted"
    cmd = ["editcap", "-E", str(probability), "--seed", str(seed)]
    if kind == "cut":
        cmd = ["editcap", "-s", str(snaplen)]
    subprocess.run(cmd + [source, fuzzed], check=True, capture_output=True)
    return kind, " ".join(cmd)


def classify(proc_or_none, timed_out):
    if timed_out:
        return "hang"
    match = SANITIZER.search(proc_or_none.stderr or "")
    if match:
        return "crash (%s)" % match.group(0)
    rc = proc_or_none.returncode
    if rc < 0 or rc >= 128:
        return "crash (signal %d)" % (-rc if rc < 0 else rc - 128)
    # Packet bytes quoted in a field or table must reach the output as valid UTF-8.
    if has_invalid_utf8(proc_or_none.stdout or ""):
        return "output that is not valid UTF-8"
    return None


def run_once(tshark, args, timeout):
    start = time.time()
    try:
        proc = tshark.run(args, check=False, timeout=timeout)
        return proc, False, time.time() - start
    except subprocess.TimeoutExpired:
        return None, True, time.time() - start


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--plugin-root", required=True, help="BUILD_DIR/plugins")
    ap.add_argument("--shared", default=None, help="../shared/captures/ppa")
    ap.add_argument("--samples", default=None, help="samples/captures")
    ap.add_argument("--count", type=int, default=30, help="corrupted files to run (default 30)")
    ap.add_argument("--timeout", type=float, default=float(os.environ.get("FUZZ_TIMEOUT", 60)))
    ap.add_argument("--out", default=None, help="where failing files are kept")
    ap.add_argument("--stat", default=None,
                    help="the -z statistics asked for (comma-free names separated by ';'; "
                         "default: every convdiag table tshark lists, and the report)")
    ap.add_argument("--list-plugin-root", default=None,
                    help="a plugin root (uninstrumented build) to list the -z tables with: "
                         "`tshark -z help` hangs with libasan preloaded")
    ap.add_argument("--as-is", action="store_true",
                    help="also run every source capture unmodified first (sanitizer runs)")
    args = ap.parse_args(argv)

    if not shutil.which("editcap"):
        print("SKIP: editcap missing")
        return 77
    files = sources(args.samples, args.shared)
    if not files:
        print("SKIP: no source capture")
        return 77
    out = args.out or tempfile.mkdtemp(prefix="convdiag-fuzz-out-")
    os.makedirs(out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="convdiag-fuzz-")
    # Wireshark turns an exception in a dissector (ours included) into an abort.
    os.environ["WIRESHARK_ABORT_ON_DISSECTOR_BUG"] = "1"
    tshark = Tshark(args.plugin_root)
    bare = Tshark(args.plugin_root)
    empty = os.path.join(bare.scratch, "no-plugins")
    os.makedirs(empty)
    os.chmod(empty, 0o755)
    bare.env["WIRESHARK_PLUGIN_DIR"] = empty
    # A sanitizer runtime to preload into tshark only: editcap (and `tshark -G plugins`)
    # hang with libasan preloaded, so it must not be in this process's environment.
    preload = os.environ.get("TSHARK_LD_PRELOAD")
    if preload:
        tshark.env["LD_PRELOAD"] = bare.env["LD_PRELOAD"] = preload

    listing = tshark.run(["-G", "fields"]).stdout
    fields = [line.split("\t")[2] for line in listing.splitlines()
              if line.startswith("F\t") and line.split("\t")[2].startswith("convdiag.")]
    if not fields:
        print("FAIL: the plugin registers no convdiag.* field (not loaded?)")
        return 1
    field_args = []
    for f in fields:
        field_args += ["-e", f]

    if args.stat is None:
        lister = Tshark(args.list_plugin_root) if args.list_plugin_root else tshark
        try:
            help_run = lister.run(["-z", "help"], check=False)  # 4.0 lists them on stderr
        finally:
            if lister is not tshark:
                lister.close()
        stats = sorted({line.strip() for line in (help_run.stdout + help_run.stderr).splitlines()
                        if line.strip().startswith("convdiag,")})
        if not stats:
            print("FAIL: tshark -z help lists no convdiag table (plugin not loaded?)")
            return 1
    else:
        stats = [s for s in args.stat.split(";") if s]
    stat_args = [a for s in stats for a in ("-z", s)]
    # What users run: the tree of every frame with every table; then every field.
    # Each with the command that asks bare tshark for the same output without ours.
    commands = [(["-2", "-V"] + stat_args, ["-2", "-V"]),
                (["-2", "-T", "fields", "-e", "frame.number"] + field_args,
                 ["-2", "-T", "fields", "-e", "frame.number"])]
    # A command tshark refuses (unknown -z, unknown field) would test nothing: check each
    # once on an unmodified capture first.
    for command, _ in commands:
        probe = tshark.run(["-r", tshark.stage(files[0])] + command, check=False,
                           timeout=args.timeout)
        if probe.returncode != 0:
            print("FAIL: tshark %s on the unmodified %s: %s" % (
                classify(probe, False) or "refuses the fuzzing command (exit %d)" %
                probe.returncode, files[0], probe.stderr.strip()[:300]))
            return 1
    print("each file: tshark %s" % " ; tshark ".join(
        " ".join(c if len(c) < 40 else c[:8] + ["..."]) for c, _ in commands))

    ours, wireshark_own, ran, slowest, made = [], [], 0, 0.0, {}
    try:
        plan = [(source, None, None, None, None) for source in files] if args.as_is else []
        plan += list(variants(files, args.count))
        for source, seed, kind, probability, snaplen in plan:
            if seed is None:
                name = os.path.basename(source)
                fuzzed = os.path.join(work, name)
                shutil.copy(source, fuzzed)
                how = "unmodified"
            else:
                name = "%s.seed%d.%s.pcapng" % (os.path.basename(source).split(".")[0], seed, kind)
                fuzzed = os.path.join(work, name)
                kind, how = make_variant(source, seed, kind, probability, snaplen, fuzzed)
                made[kind] = made.get(kind, 0) + 1
            staged = tshark.stage(fuzzed)
            for command, bare_command in commands:
                proc, timed_out, took = run_once(tshark, ["-r", staged] + command, args.timeout)
                slowest = max(slowest, took)
                ran += 1
                verdict = classify(proc, timed_out)
                if verdict is None:
                    continue
                shutil.copy(fuzzed, os.path.join(out, name))
                bare_proc, bare_timed_out, _ = run_once(
                    bare, ["-r", bare.stage(fuzzed)] + bare_command, args.timeout)
                bare_verdict = classify(bare_proc, bare_timed_out)
                stderr = "" if proc is None else proc.stderr
                with open(os.path.join(out, name + ".stderr.txt"), "w") as f:
                    f.write(stderr)
                line = "%s: %s (%s; %s; tshark %s)" % (name, verdict, how, source,
                                                       " ".join(command[:3]))
                if bare_verdict:
                    wireshark_own.append(line + "; bare tshark too: " + bare_verdict)
                else:
                    ours.append(line + "\n    " + "\n    ".join(stderr.strip().splitlines()[-15:]))
    finally:
        tshark.close()
        bare.close()
        shutil.rmtree(work, ignore_errors=True)

    for line in wireshark_own:
        print("WIRESHARK (not ours): " + line)
    for line in ours:
        print("FAIL: " + line)
    print("variants made: %s" % ", ".join("%s %d" % kv for kv in sorted(made.items())))
    print("ran %d tshark runs from %d captures: %d failures (crash, hang, non-UTF-8 output) with the "
          "plugin, %d of Wireshark itself; slowest run %.1f s; failing files in %s"
          % (ran, len(files), len(ours), len(wireshark_own), slowest, out))
    return 1 if ours else 0


if __name__ == "__main__":
    sys.exit(main())
