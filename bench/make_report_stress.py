#!/usr/bin/env python3
"""Writes a synthetic capture whose findings are many and all different, for timing the
report (`tshark -2 -q -z convdiag,report`) against a fields run (issue 21: the report
merged identical sentences by comparing each finding with every earlier line of its kind).

    bench/make_report_stress.py OUT KIND N

KIND
  retrans  one TCP conversation of N data segments in pairs: the second of a pair sent
           before the first (out of order), the first sent again after 200-250 ms (a
           retransmission), then both acknowledged: timing findings with their own
           numbers in every sentence.
  ftp      one FTP control connection with N login attempts (USER, 331, PASS, 530),
           every password different: one credential finding per attempt.

Pure Python pcap writer (Ethernet, IPv4, TCP), deterministic; never commit the output.
"""
import struct
import sys

CLIENT = (10 << 24) | 1
SERVER = (192 << 24) | (2 << 8) | 10
START_US = 1700000000 * 1000000


def fold(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total) & 0xFFFF


class Writer:
    def __init__(self, path):
        self.f = open(path, "wb")
        self.f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        self.chunk = []
        self.ip_id = 0

    def tcp(self, usec, src, dst, sport, dport, seq, ack, flags, payload=b""):
        tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF,
                          5 << 4, flags, 64240, 0, 0) + payload
        pseudo = struct.pack("!IIBBH", src, dst, 0, 6, len(tcp))
        tcp = tcp[:16] + struct.pack("!H", fold(pseudo + tcp)) + tcp[18:]
        self.ip_id = (self.ip_id + 1) & 0xFFFF
        ip = struct.pack("!BBHHHBBHII", 0x45, 0, 20 + len(tcp), self.ip_id, 0x4000, 64, 6, 0,
                         src, dst)
        ip = ip[:10] + struct.pack("!H", fold(ip)) + ip[12:]
        eth = struct.pack("!HI", 0x0200, dst) + struct.pack("!HI", 0x0200, src) + b"\x08\x00"
        frame = eth + ip + tcp
        self.chunk.append(struct.pack("<IIII", usec // 1000000, usec % 1000000, len(frame),
                                      len(frame)))
        self.chunk.append(frame)
        if len(self.chunk) >= 40000:
            self.flush()

    def flush(self):
        self.f.write(b"".join(self.chunk))
        self.chunk = []

    def close(self):
        self.flush()
        self.f.close()


SYN, ACK, PSH = 0x02, 0x10, 0x08


def handshake(w, t, sport, dport, cseq, sseq):
    w.tcp(t, CLIENT, SERVER, sport, dport, cseq, 0, SYN)
    w.tcp(t + 1000, SERVER, CLIENT, dport, sport, sseq, cseq + 1, SYN | ACK)
    w.tcp(t + 2000, CLIENT, SERVER, sport, dport, cseq + 1, sseq + 1, ACK)


def retrans(w, n):
    cseq, sseq, size = 1000, 5000, 100
    t = START_US
    handshake(w, t, 40000, 80, cseq, sseq)
    t += 10000
    base = cseq + 1
    payload = b"x" * size
    for pair in range(n // 2):
        first = base + 2 * pair * size
        # Out of order: the second segment of the pair before the first...
        w.tcp(t, CLIENT, SERVER, 40000, 80, first + size, sseq + 1, ACK | PSH, payload)
        w.tcp(t + 100, CLIENT, SERVER, 40000, 80, first, sseq + 1, ACK | PSH, payload)
        # ...and the first again after an RTO, before the server acknowledges both.
        gap = 200000 + (pair % 50) * 1000
        w.tcp(t + gap, CLIENT, SERVER, 40000, 80, first, sseq + 1, ACK | PSH, payload)
        w.tcp(t + gap + 2000, SERVER, CLIENT, 80, 40000, sseq + 1, first + 2 * size, ACK)
        t += gap + 3000 + (pair % 7) * 13


def ftp(w, n):
    cseq, sseq = 2000, 9000
    t = START_US
    handshake(w, t, 40001, 21, cseq, sseq)
    t += 10000
    c, s = cseq + 1, sseq + 1

    def send(src_is_client, text):
        nonlocal c, s, t
        data = text.encode()
        if src_is_client:
            w.tcp(t, CLIENT, SERVER, 40001, 21, c, s, ACK | PSH, data)
            c += len(data)
        else:
            w.tcp(t, SERVER, CLIENT, 21, 40001, s, c, ACK | PSH, data)
            s += len(data)
        t += 500

    send(False, "220 stress FTP\r\n")
    for i in range(n):
        send(True, "USER user%d\r\n" % (i % 97))
        send(False, "331 Password required\r\n")
        send(True, "PASS secret%d\r\n" % i)
        send(False, "530 Login incorrect\r\n")


def main():
    if len(sys.argv) != 4 or sys.argv[2] not in ("retrans", "ftp"):
        sys.exit("usage: make_report_stress.py OUT retrans|ftp N")
    w = Writer(sys.argv[1])
    (retrans if sys.argv[2] == "retrans" else ftp)(w, int(sys.argv[3]))
    w.close()


if __name__ == "__main__":
    main()
