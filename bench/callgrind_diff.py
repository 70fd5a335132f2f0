#!/usr/bin/env python3
"""Function-level difference of two callgrind profiles (with plugin minus without):
where do the extra instructions go?  bench/callgrind_diff.py WITH WITHOUT [--inclusive] [N]"""
import re
import subprocess
import sys


def load(path, inclusive):
    args = ["callgrind_annotate", "--threshold=100"]
    if inclusive:
        args.append("--inclusive=yes")
    out = subprocess.run(args + [path], capture_output=True, text=True).stdout
    costs = {}
    for line in out.splitlines():
        m = re.match(r"\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.*)", line)
        if m:
            name = re.sub(r"^[^:]*:", "", m.group(2).split(" [")[0])
            costs[name] = costs.get(name, 0) + int(m.group(1).replace(",", ""))
    return costs


def main():
    inclusive = "--inclusive" in sys.argv
    rest = [a for a in sys.argv[1:] if a != "--inclusive"]
    top = int(rest[2]) if len(rest) > 2 else 30
    a, b = load(rest[0], inclusive), load(rest[1], inclusive)
    diff = sorted(((a.get(k, 0) - b.get(k, 0), k) for k in set(a) | set(b)), reverse=True)
    for d, k in diff[:top]:
        print("%14d  %s" % (d, k[:150]))


if __name__ == "__main__":
    main()
