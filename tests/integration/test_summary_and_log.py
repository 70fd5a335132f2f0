#!/usr/bin/env python3
"""The compact summary, the row limit and the JSON log on every sample (issues 20 and 21).

- `-z convdiag,summary` fits 100 columns: every line tshark prints for it is at most 100
  characters, except the frame of 101 '=' that tshark's own table printer draws around every
  `-z` table (ui/cli/tap-simple_stattable.c; a plugin cannot change it). The full table is
  `-z convdiag,summary_detail`, with the same rows.
- `limit=N[,filter]` on every convdiag table keeps N rows and says how many it left out; a
  bad limit stops tshark with a message and a non-zero status.
- `-z convdiag,log`, single pass and -2: every line is a JSON object (Python's json and jq),
  one per summary_detail row plus one per DNS row, typed as docs/LOG.md says; with
  mask_passwords on, no planted password appears; convdiag.log_file writes to a file.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tshark_runner import Tshark, has_invalid_utf8, skip, test_arguments  # noqa: E402

TABLES = ["summary", "summary_detail", "credentials", "dns", "logins", "scans", "findings"]
FRAME = "=" * 101
TCP_KEYS = {
    "type": str, "capture": str, "stream": int, "transport": str, "client_ip": str,
    "client_port": int, "server_ip": str, "server_port": int, "first_time": float,
    "last_time": float, "duration": float, "packets": int, "packets_c2s": int,
    "packets_s2c": int, "bytes_c2s": int, "bytes_s2c": int, "verdict": (str, type(None)),
    "end_state": (str, type(None)), "reset_by": (str, type(None)), "syns": (int, type(None)),
    "handshake_rtt": (float, type(None)), "srtt": (float, type(None)),
    "rto": (float, type(None)), "retransmissions": dict, "zero_windows": int,
    "window_stall": (float, type(None)), "smallest_window": (int, type(None)),
    "largest_window": (int, type(None)), "window_bottleneck": (str, type(None)),
    "longest_idle": (float, type(None)), "keepalives": int,
    "credentials_exposed": bool, "credentials": list, "login_flows": list,
}
END_STATES = {"closed", "half-closed", "reset", "open", "stalled"}
DNS_KEYS = {
    "type": str, "capture": str, "frame": int, "client_ip": (str, type(None)),
    "client_port": (int, type(None)), "server_ip": (str, type(None)),
    "server_port": (int, type(None)), "name": (str, type(None)), "qtype": (str, type(None)),
    "verdict": (str, type(None)), "wait": (float, type(None)),
    "servers_tried": (int, type(None)),
}


def table_rows(stdout, title):
    """The data rows of a tshark stat table: the lines after the title line, up to the frame."""
    lines = stdout.splitlines()
    rows, inside = [], False
    for line in lines:
        if line == title:
            inside = True
            continue
        if inside and line == FRAME:
            break
        if inside and line.strip():
            rows.append(line)
    return rows


def check_log(failures, name, stdout, detail_rows, dns_rows):
    lines = [l for l in stdout.splitlines() if l.strip()]
    tcp = dns = 0
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError as e:
            failures.append("%s: not JSON (%s): %r" % (name, e, line[:120]))
            continue
        keys = TCP_KEYS if record.get("type") == "tcp" else DNS_KEYS
        if record.get("type") == "tcp":
            tcp += 1
            for cause in ("rto", "fast", "spurious", "syn_rto", "total"):
                if not isinstance(record["retransmissions"].get(cause), int):
                    failures.append("%s: retransmissions.%s not a number" % (name, cause))
            # With -2 every conversation has ended one way or another by the end of the file.
            if record.get("end_state") not in END_STATES:
                failures.append("%s: end_state %r" % (name, record.get("end_state")))
            if (record.get("end_state") == "reset") != (record.get("reset_by") in ("client", "server")):
                failures.append("%s: end_state %r with reset_by %r"
                                % (name, record.get("end_state"), record.get("reset_by")))
        elif record.get("type") == "dns":
            dns += 1
        else:
            failures.append("%s: unknown record type %r" % (name, record.get("type")))
            continue
        if set(record) != set(keys):
            failures.append("%s: keys differ from docs/LOG.md: %s"
                            % (name, sorted(set(record) ^ set(keys))))
        for key, kind in keys.items():
            value = record.get(key)
            if isinstance(value, bool) and kind is not bool:
                failures.append("%s: %s is a boolean" % (name, key))
            elif not isinstance(value, kind):
                failures.append("%s: %s is %r" % (name, key, value))
    if tcp != detail_rows:
        failures.append("%s: %d TCP records, summary_detail has %d rows" % (name, tcp, detail_rows))
    if dns != dns_rows:
        failures.append("%s: %d DNS records, the dns table has %d rows" % (name, dns, dns_rows))
    jq = subprocess.run(["jq", "-c", "."], input=stdout, capture_output=True, text=True)
    if jq.returncode != 0 or len(jq.stdout.splitlines()) != len(lines):
        failures.append("%s: jq refused the log: %s" % (name, jq.stderr.strip()[:200]))
    return tcp


def main():
    args = test_arguments()
    if not shutil.which("jq"):
        skip("jq is not installed (scripts/install-deps.sh installs it)")
    captures = sorted(glob.glob(os.path.join(args.samples, "*.pcapng")) +
                      glob.glob(os.path.join(args.samples, "*", "*.pcapng")))
    if not captures:
        skip("no samples")
    tshark = Tshark(args.plugin_root)
    failures = []
    checked_lines = 0
    try:
        for capture in captures:
            name = os.path.relpath(capture, args.samples)
            staged = tshark.stage(capture)
            out = tshark.run(["-2", "-q", "-r", staged, "-z", "convdiag,summary",
                              "-z", "convdiag,summary_detail", "-z", "convdiag,dns"]).stdout
            if has_invalid_utf8(out):
                failures.append("%s: tables print bytes that are not UTF-8" % name)
            compact = out.split("ConvDiag/TCP conversations:")[1].split(FRAME)[0]
            for line in compact.splitlines():
                checked_lines += 1
                if len(line) > 100:
                    failures.append("%s: summary line of %d characters: %r" % (name, len(line), line))
            summary = table_rows(out, "ConvDiag/TCP conversations")
            detail = table_rows(out, "ConvDiag/TCP conversations (detail)")
            dns_rows = table_rows(out, "ConvDiag/DNS")
            if len(summary) != len(detail):
                failures.append("%s: summary %d rows, summary_detail %d" % (name, len(summary), len(detail)))
            for two_pass in (False, True):
                run = (["-2"] if two_pass else []) + ["-q", "-r", staged, "-z", "convdiag,log"]
                log = tshark.run(run).stdout
                check_log(failures, "%s%s" % (name, " -2" if two_pass else ""), log,
                          len(detail), len(dns_rows))
            if len(summary) > 1:
                limited = tshark.run(["-2", "-q", "-r", staged, "-z", "convdiag,summary,limit=1"]).stdout
                rows = table_rows(limited, "ConvDiag/TCP conversations")
                note = "\u2026 {:,} more row{} not shown; limit=1".format(
                    len(summary) - 1, "" if len(summary) == 2 else "s")
                if len(rows) != 2 or rows[1] != note:
                    failures.append("%s: limit=1 printed %r, expected one row and %r" % (name, rows, note))

        staged = tshark.stage(os.path.join(args.samples, "ftp.pcapng"))
        # Every table takes the limit, with and without a filter.
        for table in TABLES:
            for arg in ("limit=1", "limit=2,tcp"):
                proc = tshark.run(["-2", "-q", "-r", staged, "-z", "convdiag,%s,%s" % (table, arg)],
                                  check=False)
                if proc.returncode != 0:
                    failures.append("convdiag,%s,%s refused: %s" % (table, arg, proc.stderr.strip()))
        creds = tshark.run(["-2", "-q", "-r", staged, "-z", "convdiag,credentials,limit=1,ftp"]).stdout
        if "\u2026 1 more row not shown; limit=1" not in creds:
            failures.append("credentials,limit=1,ftp: no note of the row left out:\n" + creds)
        for bad in ("limit=abc", "limit=-1", "limit=0", "limit=", "limit=1x,tcp"):
            for table in ("summary", "credentials"):
                proc = tshark.run(["-q", "-r", staged, "-z", "convdiag,%s,%s" % (table, bad)],
                                  check=False)
                if proc.returncode == 0 or "invalid row limit" not in proc.stderr:
                    failures.append("convdiag,%s,%s: exit %d, stderr %r"
                                    % (table, bad, proc.returncode, proc.stderr.strip()[:200]))

        # Masking reaches the log; without it the log says what the capture says.
        masked = tshark.run(["-2", "-q", "-r", staged, "-o", "convdiag.mask_passwords:TRUE",
                             "-z", "convdiag,log"]).stdout
        clear = tshark.run(["-2", "-q", "-r", staged, "-o", "convdiag.mask_passwords:FALSE",
                            "-z", "convdiag,log"]).stdout
        if "labpass1" in masked or '"password":"********"' not in masked:
            failures.append("mask_passwords on: the log shows a password or no mask")
        if "labpass1" not in clear:
            failures.append("mask_passwords off: the log lacks the FTP password")
        exposed = [json.loads(l) for l in masked.splitlines() if '"credentials_exposed":true' in l]
        if not exposed or exposed[0]["credentials"][0]["protocol"] != "ftp":
            failures.append("ftp.pcapng: no conversation with its FTP credentials in the log")

        # convdiag.log_file: the lines go to the file, none to standard output.
        log_file = os.path.join(tshark.home, "convdiag.jsonl")
        proc = tshark.run(["-2", "-q", "-r", staged, "-o", "convdiag.log_file:" + log_file,
                           "-z", "convdiag,log"])
        with open(log_file, encoding="utf-8") as f:
            in_file = f.read()
        if proc.stdout.strip() or in_file != clear:
            failures.append("convdiag.log_file: stdout %r, file differs from stdout run: %r"
                            % (proc.stdout[:100], in_file[:100]))
        # A filter keeps the conversations with a packet that passes it: FTP control only.
        ftp_only = [json.loads(l) for l in tshark.run(
            ["-2", "-q", "-r", staged, "-z", "convdiag,log,ftp"]).stdout.splitlines() if l.strip()]
        if not ftp_only or any(r["server_port"] != 21 for r in ftp_only):
            failures.append("convdiag,log,ftp: %r" % [(r["stream"], r["server_port"]) for r in ftp_only])
        # The log is asked for by name only.
        proc = tshark.run(["-q", "-r", staged, "-z", "convdiag,logX"], check=False)
        if proc.returncode == 0 or 'invalid -z argument "convdiag,logX"' not in proc.stderr:
            failures.append("convdiag,logX accepted: %r" % proc.stderr[:200])
        if not re.search(r"\S", clear):
            failures.append("empty log for ftp.pcapng")
    finally:
        tshark.close()
    for f in failures:
        print("FAIL " + f)
    print("summary and log: %d captures, %d summary lines checked, %d failures"
          % (len(captures), checked_lines, len(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
