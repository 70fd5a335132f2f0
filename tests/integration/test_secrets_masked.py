#!/usr/bin/env python3
"""With convdiag.mask_passwords:TRUE no planted secret appears in anything ConvDiag prints,
in every output format, single pass and -2, English and Korean, and the output is valid
UTF-8 (issue 21). Without masking the same secrets do appear, so a secret that is missing
cannot pass for a masked one.

Secrets: the lab's passwords in the samples (ftp, http_basic, http_form_login,
mail_telnet) and those of secret_capture.py (a redirect Location with user-info and
?password=, &token=<non-ASCII>; an FTP user field holding the non-ASCII password).
Only ConvDiag's output is searched (-O/-J convdiag, convdiag.* fields, ConvDiag rows of
-z expert): the packets' own dissection shows them, which is not ours to mask.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import secret_capture  # noqa: E402
from tshark_runner import Tshark, has_invalid_utf8, test_arguments  # noqa: E402

SAMPLES = ["ftp.pcapng", "http_basic.pcapng", "http_form_login.pcapng", "mail_telnet.pcapng"]
SECRETS = secret_capture.SECRETS + ["labpass1", "wrongpass"]


def convdiag_fields(tshark):
    out = tshark.run(["-G", "fields"]).stdout
    return sorted({line.split("\t")[2] for line in out.splitlines()
                   if line.startswith("F\t") and "\tconvdiag." in line})


def convdiag_tables(tshark):
    proc = tshark.run(["-z", "help"], check=False)
    return [w.strip() for w in (proc.stdout + proc.stderr).splitlines()
            if w.strip().startswith("convdiag,")]


def outputs(tshark, capture, fields, tables, options):
    """{description: text} of every format, for single pass and -2."""
    texts = {}
    for passes in ([], ["-2"]):
        base = passes + ["-r", capture] + options
        field_args = ["-T", "fields", "-E", "occurrence=a"]
        for f in fields:
            field_args += ["-e", f]
        runs = {
            "-V": ["-V", "-O", "convdiag"],
            "-T fields": field_args,
            "-T json": ["-T", "json", "-J", "convdiag"],
            "-T pdml": ["-T", "pdml", "-J", "convdiag"],
            "-T ek": ["-T", "ek", "-J", "convdiag"],
        }
        tables_args = ["-q", "-z", "expert"]
        for t in tables:
            tables_args += ["-z", t]
        runs["-z tables"] = tables_args
        for name, args in runs.items():
            text = tshark.run(base + args).stdout
            if name == "-z tables":  # Wireshark's own expert rows quote the packets
                text = "\n".join(l for l in text.splitlines()
                                 if not l.startswith("   ") or "ConvDiag" in l)
            texts["%s %s" % (" ".join(passes) or "single pass", name)] = text
    return texts


def main():
    args = test_arguments()
    tshark = Tshark(args.plugin_root)
    failures = []
    try:
        planted = os.path.join(tshark.scratch, "secrets.pcap")
        secret_capture.write(planted)
        os.chmod(planted, 0o644)
        merged = os.path.join(tshark.scratch, "all.pcapng")
        subprocess.run(["mergecap", "-w", merged, planted] +
                       [os.path.join(args.samples, s) for s in SAMPLES], check=True)
        os.chmod(merged, 0o644)
        fields = convdiag_fields(tshark)
        tables = convdiag_tables(tshark)
        if len(fields) < 50 or "convdiag,report" not in tables:
            failures.append("could not list ConvDiag's fields (%d) and tables (%s)"
                            % (len(fields), tables))
        clear = "\n".join(outputs(tshark, merged, fields, tables, []).values())
        for secret in SECRETS:
            if secret not in clear:
                failures.append("without masking, %r appears nowhere: the test cannot see it"
                                % secret)
        for lang in ("en", "ko"):
            options = ["-o", "convdiag.mask_passwords:TRUE", "-o", "convdiag.language:" + lang]
            for name, text in outputs(tshark, merged, fields, tables, options).items():
                where = "%s (%s)" % (name, lang)
                if has_invalid_utf8(text):
                    failures.append("%s: output is not valid UTF-8" % where)
                if "********" not in text:
                    failures.append("%s: no mask at all (nothing of ours printed?)" % where)
                for secret in SECRETS:
                    for line in text.splitlines():
                        if secret in line:
                            failures.append("%s shows %r: %s" % (where, secret, line.strip()[:200]))
                            break
    finally:
        tshark.close()
    for f in failures:
        print("FAIL " + f)
    print("secrets masked: %d failures" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
