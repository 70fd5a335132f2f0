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
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcap_writer import ACK, PSH, SYN, Writer  # noqa: E402

CLIENT = (10 << 24) | 1
SERVER = (192 << 24) | (2 << 8) | 10
START_US = 1700000000 * 1000000


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
