#!/usr/bin/env python3
"""Builds the libFuzzer seed corpora from the project's own sample captures
(samples/captures; never from third-party captures, which stay out of the repository).

    tests/fuzz/make_corpus.py [--samples DIR ...] [--out tests/fuzz/corpus]

corpus/parsers/: distinct TCP/UDP payloads (tshark -T fields -e tcp.payload -e udp.payload),
    the ones starting like HTTP, DNS or TLS first, at most 120 files of at most 2 KB.
corpus/engine/: per capture, its first frames in the fuzz_engine input format
    (see fuzz_engine.cpp): link byte, then [u16 length LE][u8 time step][frame]...
Bounded: fewer than 200 files, less than 1 MB in all.
"""
import argparse
import glob
import hashlib
import os
import struct
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MAX_PAYLOADS = 120
MAX_PAYLOAD_BYTES = 2048
MAX_ENGINE_FRAMES = 48
MAX_FRAME_BYTES = 600
LINK_ETHERNET = 0  # index into fuzz_engine.cpp's kLinks


def payloads(capture):
    out = subprocess.run(["tshark", "-r", capture, "-T", "fields", "-e", "tcp.payload",
                          "-e", "udp.payload"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        for cell in line.split("\t"):
            cell = cell.replace(":", "").strip()
            if cell:
                try:
                    yield bytes.fromhex(cell)[:MAX_PAYLOAD_BYTES]
                except ValueError:
                    pass


def interest(data):
    if data[:4] in (b"GET ", b"POST", b"HTTP", b"HEAD", b"PUT ") or data[:1] in (b"\x16", b"\x15"):
        return 0
    return 1


def frames(capture):
    """(seconds, frame bytes) of an Ethernet capture, read via a pcap copy."""
    with tempfile.TemporaryDirectory() as tmp:
        pcap = os.path.join(tmp, "x.pcap")
        subprocess.run(["editcap", "-F", "pcap", "-r", capture, pcap,
                        "1-%d" % MAX_ENGINE_FRAMES], check=True, capture_output=True)
        data = open(pcap, "rb").read()
    if struct.unpack("<I", data[20:24])[0] != 1:
        return []
    offset, result = 24, []
    while offset + 16 <= len(data):
        sec, usec, caplen, _ = struct.unpack("<IIII", data[offset:offset + 16])
        result.append((sec + usec / 1e6, data[offset + 16:offset + 16 + caplen]))
        offset += 16 + caplen
    return result


def engine_input(frame_list):
    out = bytearray([LINK_ETHERNET])
    previous = frame_list[0][0] if frame_list else 0
    for seconds, frame in frame_list:
        frame = frame[:MAX_FRAME_BYTES]
        step = min(255, max(0, int(round((seconds - previous) * 100))))  # 10 ms units
        previous = seconds
        out += struct.pack("<HB", len(frame), step) + frame
    return bytes(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", action="append",
                    default=None, help="sample capture dir (repeatable)")
    ap.add_argument("--out", default=os.path.join(HERE, "corpus"))
    args = ap.parse_args()
    dirs = args.samples or [os.path.join(HERE, "..", "..", "samples", "captures")]
    captures = sorted({os.path.basename(p): p for d in dirs
                       for p in glob.glob(os.path.join(d, "*.pcap*"))}.values())

    seen, found = set(), []
    for capture in captures:
        for data in payloads(capture):
            digest = hashlib.sha1(data).hexdigest()
            if digest not in seen:
                seen.add(digest)
                found.append((interest(data), len(found), digest, data))
    found.sort()
    parser_dir = os.path.join(args.out, "parsers")
    engine_dir = os.path.join(args.out, "engine")
    for d in (parser_dir, engine_dir):
        os.makedirs(d, exist_ok=True)
        for old in glob.glob(os.path.join(d, "*")):
            os.remove(old)
    for _, _, digest, data in found[:MAX_PAYLOADS]:
        open(os.path.join(parser_dir, digest[:16]), "wb").write(data)
    for capture in captures:
        blob = engine_input(frames(capture))
        if len(blob) > 1:
            name = os.path.basename(capture).split(".")[0]
            open(os.path.join(engine_dir, name), "wb").write(blob)
    total = sum(os.path.getsize(p) for p in glob.glob(os.path.join(args.out, "*", "*")))
    count = len(glob.glob(os.path.join(args.out, "*", "*")))
    print("corpus: %d files, %d bytes in %s" % (count, total, args.out))
    if count >= 200 or total >= 1 << 20:
        raise SystemExit("corpus too large")


if __name__ == "__main__":
    main()
