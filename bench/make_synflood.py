#!/usr/bin/env python3
"""Writes a synthetic capture of N TCP SYNs, each from a different source, for the
bounded-state test (memory must stay bounded per conversation, with 1M connections).

    bench/make_synflood.py OUT N

Pure Python pcap writer (Ethernet, IPv4, TCP SYN with an MSS option); every SYN has
its own (source address, source port), all to 192.0.2.80:80, 1 microsecond apart.
No reply is ever sent, so every connection stays "unanswered". Deterministic.
"""
import struct
import sys

SERVER = (192 << 24) | (0 << 16) | (2 << 8) | 80
SERVER_PORT = 80
START_SECONDS = 1700000000


def checksum_words(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    return total


def fold(total):
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total) & 0xFFFF


def syn_frame(index):
    src = (10 << 24) | (index // 50 + 1)  # 10.0.0.1 upwards, 50 connections per host
    sport = 1024 + (index % 50) * 1000 + (index // 50) % 1000
    seq = (index * 2654435761) & 0xFFFFFFFF
    tcp = struct.pack("!HHIIBBHHH", sport, SERVER_PORT, seq, 0, 6 << 4, 0x02, 64240, 0, 0)
    tcp += struct.pack("!BBH", 2, 4, 1460)  # MSS
    pseudo = struct.pack("!IIBBH", src, SERVER, 0, 6, len(tcp))
    tcp = tcp[:16] + struct.pack("!H", fold(checksum_words(pseudo + tcp))) + tcp[18:]
    ip = struct.pack("!BBHHHBBHII", 0x45, 0, 20 + len(tcp), index & 0xFFFF, 0x4000, 64, 6, 0,
                     src, SERVER)
    ip = ip[:10] + struct.pack("!H", fold(checksum_words(ip))) + ip[12:]
    eth = bytes.fromhex("020000000001") + struct.pack("!HI", 0x0200, src) + b"\x08\x00"
    return eth + ip + tcp


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: make_synflood.py OUT N")
    out, count = sys.argv[1], int(sys.argv[2])
    if count <= 0 or count // 50 + 1 >= (1 << 24):
        sys.exit("N must be between 1 and 800 million")
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        chunk = []
        for i in range(count):
            frame = syn_frame(i)
            usec = START_SECONDS * 1000000 + i
            chunk.append(struct.pack("<IIII", usec // 1000000, usec % 1000000, len(frame),
                                     len(frame)))
            chunk.append(frame)
            if len(chunk) >= 20000:
                f.write(b"".join(chunk))
                chunk = []
        f.write(b"".join(chunk))


if __name__ == "__main__":
    main()
