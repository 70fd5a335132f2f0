#!/usr/bin/env python3
"""scripts/convdiag-batch on a directory of good samples plus an unreadable file, a truncated
capture and a text file (issue 20): run as the unprivileged user with the plugin where tshark
finds it, as a user who installed it would. The merged JSON lines parse, each good file
contributes exactly the conversations its own `-z convdiag,log` run gives, every bad file is
named once on stderr, the roll-up counts the files, and the exit status is non-zero.
"""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tshark_runner import Tshark, skip, test_arguments  # noqa: E402

GOOD = ["ftp.pcapng", "tcp_loss.pcapng", "dns.pcapng", "reachability.pcapng",
        "frag_syn_ipv6.pcapng"]
SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts",
                      "convdiag-batch")


def main():
    args = test_arguments()
    if not shutil.which("jq"):
        skip("jq is not installed (scripts/install-deps.sh installs it)")
    missing = [g for g in GOOD if not os.path.exists(os.path.join(args.samples, g))]
    if missing:
        skip("samples missing: %s" % missing)
    tshark = Tshark(args.plugin_root)
    failures = []
    try:
        work = os.path.join(tshark.home, "batch")
        inputs = os.path.join(work, "in")
        os.makedirs(inputs)
        for g in GOOD:
            shutil.copy(os.path.join(args.samples, g), inputs)
        with open(os.path.join(args.samples, "tcp_loss.pcapng"), "rb") as f:
            data = f.read()
        with open(os.path.join(inputs, "truncated.pcapng"), "wb") as f:
            f.write(data[:len(data) * 2 // 3])
        with open(os.path.join(inputs, "notes.pcap"), "w") as f:
            f.write("not a capture\n")
        shutil.copy(os.path.join(args.samples, "dns.pcapng"), os.path.join(inputs, "locked.pcapng"))
        script = os.path.join(work, "convdiag-batch")
        shutil.copy(SCRIPT, script)
        for root, dirs, files in os.walk(work):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o777)
            for name in files:
                os.chmod(os.path.join(root, name), 0o755 if name == "convdiag-batch" else 0o644)
        os.chmod(work, 0o777)
        os.chmod(os.path.join(inputs, "locked.pcapng"), 0o000)
        if os.geteuid() != 0 and os.access(os.path.join(inputs, "locked.pcapng"), os.R_OK):
            skip("cannot make a file unreadable here")
        out = os.path.join(work, "out.jsonl")
        proc = subprocess.run(tshark.prefix + [script, inputs, "-o", out, "-j", "2"],
                              env=tshark.env, capture_output=True, text=True, timeout=900, cwd=work)
        print(proc.stdout)
        print(proc.stderr)
        if proc.returncode == 0:
            failures.append("exit status 0 with three bad files")
        for bad, why in (("truncated.pcapng", "cut short"), ("notes.pcap", "isn't a capture file"),
                         ("locked.pcapng", "permission")):
            lines = [l for l in proc.stderr.splitlines() if bad in l]
            if len(lines) != 1 or "FAILED" not in lines[0] or why not in lines[0]:
                failures.append("%s: expected one FAILED line saying %r, got %r" % (bad, why, lines))
        for good in GOOD:
            if good in proc.stderr:
                failures.append("%s named on stderr: %s" % (good, proc.stderr))
        with open(out, encoding="utf-8") as f:
            records = [json.loads(line) for line in f if line.strip()]
        jq = subprocess.run(["jq", "-e", "-s", "length", out], capture_output=True, text=True)
        if jq.returncode != 0 or int(jq.stdout) != len(records):
            failures.append("jq disagrees on %s: %s %s" % (out, jq.stdout, jq.stderr))
        total_tcp = 0
        for good in GOOD:
            single = tshark.run(["-2", "-q", "-r", tshark.stage(os.path.join(args.samples, good)),
                                 "-z", "convdiag,log"]).stdout
            expected = [json.loads(l) for l in single.splitlines() if l.strip()]
            got = [r for r in records if os.path.basename(r["capture"]) == good]
            for kind in ("tcp", "dns"):
                want = sum(1 for r in expected if r["type"] == kind)
                have = sum(1 for r in got if r["type"] == kind)
                total_tcp += have if kind == "tcp" else 0
                if want != have:
                    failures.append("%s: %d %s records in the batch, %d in its own run"
                                    % (good, have, kind, want))
            strip = lambda rs: sorted(json.dumps({k: v for k, v in r.items() if k != "capture"},
                                                 sort_keys=True) for r in rs)
            if strip(expected) != strip(got):
                failures.append("%s: the batch's records differ from its own run" % good)
        if any(os.path.basename(r["capture"]) not in GOOD for r in records):
            failures.append("records from a failed file are in the output")
        if "files: %d (%d analysed, 3 failed)" % (len(GOOD) + 3, len(GOOD)) not in proc.stdout:
            failures.append("roll-up does not count the files: %r" % proc.stdout)
        if "TCP conversations: %d" % total_tcp not in proc.stdout:
            failures.append("roll-up does not count %d TCP conversations" % total_tcp)
        if "credentials in clear" not in proc.stdout or "worst conversations:" not in proc.stdout:
            failures.append("roll-up lacks the worst findings")
        # Only good files: exit status 0.
        ok = subprocess.run(tshark.prefix + [script] +
                            [os.path.join(inputs, g) for g in GOOD[:2]] +
                            ["-o", os.path.join(work, "ok.jsonl")],
                            env=tshark.env, capture_output=True, text=True, timeout=600, cwd=work)
        if ok.returncode != 0:
            failures.append("two good files: exit %d: %s" % (ok.returncode, ok.stderr))
    finally:
        tshark.close()
    for f in failures:
        print("FAIL " + f)
    print("batch: %d failures" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
