#!/usr/bin/env python3
"""ctest: the bounded capture-fuzzing run (30 corrupted/cut captures through tshark with
the plugin; no crash, no hang). Skips (77) when editcap is missing."""
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "fuzz"))
from tshark_runner import skip, test_arguments  # noqa: E402


def main():
    args = test_arguments(lambda p: p.add_argument("--count", type=int, default=30))
    if not shutil.which("editcap"):
        skip("editcap is not installed")
    import fuzz_captures  # noqa: E402
    sys.exit(fuzz_captures.main(["--plugin-root", args.plugin_root, "--shared", args.shared,
                                 "--samples", args.samples, "--count", str(args.count)]))


if __name__ == "__main__":
    main()
