"""Runs the real tshark (and sharkd) with the freshly built ConvDiag plugin.

Wireshark silently ignores plugin directories when it runs as root, and CI runs
as root: so when we are root, tshark runs as the unprivileged user 65534, on
copies of the plugin and the capture in a world-readable scratch directory.
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77  # ctest SKIP_RETURN_CODE


class Tshark:
    def __init__(self, plugin_root):
        self.scratch = tempfile.mkdtemp(prefix="convdiag-test-")
        os.chmod(self.scratch, 0o755)
        built = plugin_path(plugin_root)
        version = os.path.basename(os.path.dirname(os.path.dirname(built)))
        plugin_dir = os.path.join(self.scratch, "plugins", version, "epan")
        os.makedirs(plugin_dir)
        shutil.copy(built, plugin_dir)
        self.home = os.path.join(self.scratch, "home")
        os.makedirs(self.home)
        for root, dirs, files in os.walk(self.scratch):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o777 if root == self.scratch and d == "home" else 0o755)
            for f in files:
                os.chmod(os.path.join(root, f), 0o644)
        os.chmod(self.home, 0o777)
        self.env = dict(os.environ)
        self.env.update({
            "WIRESHARK_PLUGIN_DIR": os.path.join(self.scratch, "plugins"),
            "HOME": self.home,
            "XDG_CONFIG_HOME": os.path.join(self.home, ".config"),
            "LC_ALL": "C.UTF-8",
        })
        self.prefix = []
        if os.geteuid() == 0:
            self.prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]

    def stage(self, capture):
        """A world-readable copy of the capture."""
        target = os.path.join(self.scratch, os.path.basename(capture))
        if not os.path.exists(target):
            shutil.copy(capture, target)
            os.chmod(target, 0o644)
        return target

    def run(self, args, check=True, timeout=300, input_text=None):
        cmd = self.prefix + ["tshark"] + list(args)
        # surrogateescape: output that is not UTF-8 (a defect tests look for, see
        # has_invalid_utf8) must not stop the harness.
        proc = subprocess.run(cmd, env=self.env, capture_output=True, text=True,
                              errors="surrogateescape", timeout=timeout, input=input_text,
                              cwd=self.scratch)
        if check and proc.returncode != 0:
            raise RuntimeError("tshark failed (%d): %s\n%s" % (proc.returncode, " ".join(cmd),
                                                              proc.stderr))
        return proc

    def fields(self, capture, fields, two_pass=True, options=(), display_filter=None):
        """{frame number: {field: printed value}} for every frame."""
        args = ["-r", self.stage(capture), "-T", "fields", "-E", "occurrence=a",
                "-E", "aggregator=,", "-E", "separator=\t", "-e", "frame.number"]
        if two_pass:
            args.insert(0, "-2")
        for option in options:
            args += ["-o", option]
        if display_filter:
            args += ["-Y", display_filter]
        for f in fields:
            args += ["-e", f]
        out = self.run(args).stdout
        table = {}
        for line in out.splitlines():
            cells = line.split("\t")
            if not cells or not cells[0].strip():
                continue
            frame = int(cells[0])
            table[frame] = {f: (cells[i + 1] if i + 1 < len(cells) else "")
                            for i, f in enumerate(fields)}
        return table

    def sharkd(self, capture, requests):
        """Runs sharkd's console mode with JSON-RPC requests; returns the responses."""
        staged = self.stage(capture)
        lines = [json.dumps({"jsonrpc": "2.0", "id": 1, "method": "load", "params": {"file": staged}})]
        for i, (method, params) in enumerate(requests):
            lines.append(json.dumps({"jsonrpc": "2.0", "id": i + 2, "method": method,
                                     "params": params}))
        cmd = self.prefix + ["sharkd", "-"]
        proc = subprocess.run(cmd, env=self.env, capture_output=True, text=True, timeout=300,
                              input="\n".join(lines) + "\n", cwd=self.scratch)
        responses = []
        for line in proc.stdout.splitlines():
            line = line.strip()
            if line.startswith("{"):
                responses.append(json.loads(line))
        return responses

    def close(self):
        shutil.rmtree(self.scratch, ignore_errors=True)


def plugin_path(plugin_root):
    """The built plugin: <root>/<major>.<minor>/epan/convdiag.so, for the Wireshark the
    build found (scripts/plugin-path.sh does the same for shell scripts)."""
    found = glob.glob(os.path.join(plugin_root, "*", "epan", "convdiag.so"))
    if len(found) != 1:
        raise RuntimeError("expected one plugin in %s/*/epan, found %s (a build dir reused "
                           "for another Wireshark version holds several: remove it)"
                           % (plugin_root, found or "none"))
    return found[0]


def has_invalid_utf8(text):
    """True if `text` (decoded with surrogateescape) held bytes that are not UTF-8."""
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def test_arguments(extra=None):
    """The arguments ctest passes to every integration test (tests/CMakeLists.txt);
    `extra(parser)` may add the test's own."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--plugin-root", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--samples", required=True)
    if extra:
        extra(ap)
    return ap.parse_args()


def find_capture(name, shared_dir, samples_dir):
    """`ppa/x.pcapng` from ../shared/captures, `samples/x.pcapng` from the repo."""
    group, _, file_name = name.partition("/")
    base = shared_dir if group == "ppa" else samples_dir
    path = os.path.join(base, file_name)
    return path if os.path.exists(path) else None


def skip(message):
    print("SKIP: " + message)
    sys.exit(SKIP)
