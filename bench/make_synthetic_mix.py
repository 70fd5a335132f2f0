#!/usr/bin/env python3
"""Writes a deterministic synthetic capture of N packets whose conversation lengths are
distributed unlike the PPA mix (issue 19): many short conversations, a few very long ones,
and a flood.

    bench/make_synthetic_mix.py OUT N

Shares of the packets (before the cut to exactly N):
  ~50 %  DNS lookups over UDP (2 packets; 5 % NXDOMAIN, 2 % never answered)
  ~30 %  short HTTP/1.1 conversations (handshake, GET, 1-3 response segments, FIN both ways;
         5 % refused by RST, 5 % redirected with 301 + Location)
  ~12 %  four bulk transfers lasting the whole capture, ~1 % of segments lost (three
         duplicate ACKs and a fast retransmission; every tenth loss recovered by timeout)
  ~8 %   a SYN flood: one SYN from each of many (address, port), never answered, in a burst
         in the middle of the capture
About 2,000 packets per second of capture time. Seeded random generator, so the same N gives
the same bytes; never commit the output.
"""
import os
import random
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcap_writer import ACK, FIN, HEADER, PSH, RST, SYN, record, tcp_frame, udp_frame  # noqa: E402

START_US = 1700000000 * 1000000
RESOLVERS = [(198 << 24) | (51 << 16) | (100 << 8) | i for i in (53, 54)]
FLOOD_TARGET = (203 << 24) | (113 << 8) | 80


def client(rng):
    return (10 << 24) | rng.randrange(1, 1 << 16)


def server(rng):
    return (198 << 24) | (18 << 16) | rng.randrange(1, 1 << 12)


class Capture:
    def __init__(self):
        self.frames = []  # (usec, order, frame)
        self.ip_id = 0

    def add(self, usec, frame):
        self.frames.append((usec, len(self.frames), frame))

    def tcp(self, usec, src, dst, sport, dport, seq, ack, flags, payload=b""):
        self.ip_id = (self.ip_id + 1) & 0xFFFF
        self.add(usec, tcp_frame(src, dst, sport, dport, seq, ack, flags, payload, self.ip_id))

    def udp(self, usec, src, dst, sport, dport, payload):
        self.ip_id = (self.ip_id + 1) & 0xFFFF
        self.add(usec, udp_frame(src, dst, sport, dport, payload, self.ip_id))


def dns_name(name):
    return b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"


def dns_lookup(cap, rng, t):
    host, resolver = client(rng), rng.choice(RESOLVERS)
    sport, txid = rng.randrange(1024, 65535), rng.randrange(1 << 16)
    question = dns_name("host%d.example%d.test" % (rng.randrange(5000), rng.randrange(50)))
    question += struct.pack("!HH", 1, 1)
    cap.udp(t, host, resolver, sport, 53, struct.pack("!HHHHHH", txid, 0x0100, 1, 0, 0, 0) + question)
    fate = rng.random()
    if fate < 0.02:
        return 1  # never answered
    rtt = rng.randrange(500, 40000)
    if fate < 0.07:
        reply = struct.pack("!HHHHHH", txid, 0x8183, 1, 0, 0, 0) + question
    else:
        answer = b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 300, 4) + struct.pack("!I", server(rng))
        reply = struct.pack("!HHHHHH", txid, 0x8180, 1, 1, 0, 0) + question + answer
    cap.udp(t + rtt, resolver, host, 53, sport, reply)
    return 2


def http_conversation(cap, rng, t):
    c, s = client(rng), server(rng)
    cport = rng.randrange(1024, 65535)
    cseq, sseq = rng.randrange(1 << 32), rng.randrange(1 << 32)
    rtt = rng.randrange(1000, 80000)
    cap.tcp(t, c, s, cport, 80, cseq, 0, SYN)
    if rng.random() < 0.05:
        cap.tcp(t + rtt, s, c, 80, cport, 0, cseq + 1, RST | ACK)
        return 2
    cap.tcp(t + rtt, s, c, 80, cport, sseq, cseq + 1, SYN | ACK)
    t += rtt + 200
    cap.tcp(t, c, s, cport, 80, cseq + 1, sseq + 1, ACK)
    path = "/page%d" % rng.randrange(1000)
    request = ("GET %s HTTP/1.1\r\nHost: www%d.example.test\r\nUser-Agent: bench\r\n\r\n"
               % (path, rng.randrange(200))).encode()
    cap.tcp(t + 100, c, s, cport, 80, cseq + 1, sseq + 1, ACK | PSH, request)
    c_next = cseq + 1 + len(request)
    t += 100 + rtt
    if rng.random() < 0.05:
        head = ("HTTP/1.1 301 Moved Permanently\r\nLocation: https://www%d.example.test%s\r\n"
                "Content-Length: 0\r\n\r\n" % (rng.randrange(200), path)).encode()
        body, segments = b"", 1
    else:
        segments = rng.randrange(1, 4)
        body = b"b" * (segments * 1400 - 60)
        head = ("HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body)).encode()
    data = head + body
    s_next = sseq + 1
    for i in range(segments):
        part = data[i * 1400:(i + 1) * 1400]
        cap.tcp(t, s, c, 80, cport, s_next, c_next, ACK | PSH, part)
        s_next += len(part)
        t += 50
    t += rtt
    cap.tcp(t, c, s, cport, 80, c_next, s_next, ACK)
    cap.tcp(t + 300, c, s, cport, 80, c_next, s_next, FIN | ACK)
    cap.tcp(t + 300 + rtt, s, c, 80, cport, s_next, c_next + 1, FIN | ACK)
    cap.tcp(t + 400 + rtt, c, s, cport, 80, c_next + 1, s_next + 1, ACK)
    return 8 + segments


def bulk_transfer(cap, rng, t, end, budget):
    """A long download with ~1 % loss, spread over [t, end); about `budget` packets."""
    c, s = client(rng), server(rng)
    cport, mss = rng.randrange(1024, 65535), 1448
    cseq, sseq = rng.randrange(1 << 32), rng.randrange(1 << 32)
    rtt = rng.randrange(20000, 60000)
    cap.tcp(t, c, s, cport, 443, cseq, 0, SYN)
    cap.tcp(t + rtt, s, c, 443, cport, sseq, cseq + 1, SYN | ACK)
    cap.tcp(t + rtt + 100, c, s, cport, 443, cseq + 1, sseq + 1, ACK)
    t += rtt + 200
    segments = budget * 2 // 3
    gap = max(50, (end - t) // max(1, segments + budget // 3))
    payload = b"d" * mss
    base, sent, count = sseq + 1, 0, 3
    while sent < segments and t < end:
        seq = base + sent * mss
        cap.tcp(t, s, c, 443, cport, seq, cseq + 1, ACK, payload)
        sent += 1
        count += 1
        t += gap
        if rng.random() < 0.01:  # lost after the capture point: the receiver asks again
            for _ in range(3):
                cap.tcp(t, s, c, 443, cport, base + sent * mss, cseq + 1, ACK, payload)
                sent += 1
                t += gap
                cap.tcp(t, c, s, cport, 443, cseq + 1, seq, ACK)
                t += gap
                count += 2
            t += 200000 if rng.random() < 0.1 else rtt
            cap.tcp(t, s, c, 443, cport, seq, cseq + 1, ACK, payload)
            cap.tcp(t + rtt, c, s, cport, 443, cseq + 1, base + sent * mss, ACK)
            t += rtt + gap
            count += 2
        elif sent % 2 == 0:
            cap.tcp(t, c, s, cport, 443, cseq + 1, base + sent * mss, ACK)
            count += 1
    return count


def flood(cap, rng, t, duration, count):
    for i in range(count):
        src = (100 << 24) | (64 << 16) | (i // 20 % (1 << 14)) << 2 | (i % 3)
        sport = 1024 + (i * 7919) % 60000
        cap.tcp(t + i * duration // count, src, FLOOD_TARGET, sport, 80,
                rng.randrange(1 << 32), 0, SYN)
    return count


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: make_synthetic_mix.py OUT N")
    out, want = sys.argv[1], int(sys.argv[2])
    rng = random.Random(19)
    cap = Capture()
    span = max(1, want // 2000) * 1000000  # capture time, microseconds
    made = 0
    for i in range(4):
        made += bulk_transfer(cap, rng, START_US + i * 1000, START_US + span, want * 3 // 100)
    made += flood(cap, rng, START_US + span * 4 // 10, span // 10, want * 8 // 100)
    while made < want + want // 50:  # a little more than N: the cut keeps the first N in time
        t = START_US + rng.randrange(span)
        made += dns_lookup(cap, rng, t) if rng.random() < 0.78 else http_conversation(cap, rng, t)
    cap.frames.sort()
    with open(out, "wb") as f:
        f.write(HEADER)
        for i in range(0, min(want, len(cap.frames)), 20000):
            f.write(b"".join(record(u, fr) for u, _, fr in cap.frames[i:min(want, i + 20000)]))


if __name__ == "__main__":
    main()
