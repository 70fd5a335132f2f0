#!/usr/bin/env python3
"""tshark whose output pipe is closed mid-file (`tshark ... | head`) exits as it does
without the plugin (status 2, "Broken pipe"), never with a crash. tshark then calls exit()
without Wireshark's cleanup; the plugin's engine used to be destroyed by a static
destructor after the pool of its conversation states, a SIGSEGV.

The reader takes one line and closes the pipe while tshark still has most of the
capture's detail to print (-V in one pass and two, JSON), with the plugin and without it.
"""
import os
import signal
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tshark_runner import Tshark, find_capture, skip, test_arguments  # noqa: E402

CAPTURE = "samples/tcp_loss.pcapng"


def status_after_closing(tshark, args, plugin):
    env = dict(tshark.env)
    if not plugin:
        env["WIRESHARK_PLUGIN_DIR"] = os.path.join(tshark.scratch, "no-plugins")
        os.makedirs(env["WIRESHARK_PLUGIN_DIR"], exist_ok=True)
        os.chmod(env["WIRESHARK_PLUGIN_DIR"], 0o755)
    proc = subprocess.Popen(tshark.prefix + ["tshark"] + args, env=env, cwd=tshark.scratch,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()
    _, err = proc.communicate(timeout=300)
    return proc.returncode, first, err.decode(errors="replace")


def main():
    args = test_arguments()
    capture = find_capture(CAPTURE, args.shared, args.samples)
    if capture is None:
        skip(CAPTURE + " is missing")
    tshark = Tshark(args.plugin_root)
    failures = []
    try:
        staged = tshark.stage(capture)
        # The whole detail is far more than a pipe holds, so tshark is still writing.
        whole = tshark.run(["-2", "-V", "-r", staged]).stdout
        if len(whole) < 1 << 20:
            failures.append("-V prints only %d bytes: the pipe may never fill" % len(whole))
        for mode in (["-2", "-V"], ["-V"], ["-2", "-T", "json"]):
            command = mode + ["-r", staged]
            base, _, _ = status_after_closing(tshark, command, plugin=False)
            status, first, err = status_after_closing(tshark, command, plugin=True)
            label = " ".join(mode)
            if not first:
                failures.append("%s: no output before the pipe was closed" % label)
            if status < 0:
                failures.append("%s: tshark killed by %s (without the plugin: exit %d)\n%s"
                                % (label, signal.Signals(-status).name, base, err[-500:]))
            elif status != base:
                failures.append("%s: exit %d, without the plugin %d" % (label, status, base))
            print("%s: exit %d with the plugin, %d without" % (label, status, base))
    finally:
        tshark.close()
    for f in failures:
        print("FAIL " + f)
    print("output closed early: %d failures" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
