#!/usr/bin/python3
"""Crafts the retransmission and flood samples no real stack here makes (scapy).

  syn_flood_random.pcapng  hping3 --flood --rand-source --rand-dest style: 100 SYNs
                           in 5 ms, each from its own forged source to its own random
                           destination and port, all with window 512 and no TCP
                           options; nothing answers
  late_syn_burst.pcapng    the real tcp_backoff.pcapng (16 s, made by make_real.sh),
                           then 0.5 s later 3,000 such SYNs in 0.3 s ending the capture
  tcp_resegmented.pcapng   a connection whose lost 1,000-byte segment is resent as two
                           500-byte segments after 3 duplicate ACKs (a sender whose MSS
                           shrank between the original and the resend, as after an ICMP
                           "fragmentation needed"; the lab's kernel keeps its MSS)

Deterministic: a fixed random seed, fixed addresses and timestamps (nanoseconds).
"""
import os
import random
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "encap"))
import pcapng_io  # noqa: E402

import logging  # noqa: E402
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import raw  # noqa: E402
from scapy.layers.inet import IP, TCP  # noqa: E402
from scapy.layers.l2 import Ether  # noqa: E402

CAPTURES = os.path.join(HERE, "..", "captures")
ETHERNET = 1
NS = 9  # pcapng if_tsresol: nanoseconds
EPOCH = 1_790_000_000 * 10**9
MAC_A, MAC_B = "02:79:02:00:00:01", "02:79:02:00:00:02"


def flood_syns(rng, count, start, spacing):
    """hping3-style SYNs: random source, destination, ports, ISN and IP ID."""
    frames = []
    for i in range(count):
        src = "%d.%d.%d.%d" % (rng.randint(1, 223), rng.randint(0, 255), rng.randint(0, 255),
                               rng.randint(1, 254))
        dst = "10.%d.%d.%d" % (rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254))
        p = (Ether(src=MAC_A, dst=MAC_B) /
             IP(src=src, dst=dst, ttl=64, id=rng.randint(0, 65535)) /
             TCP(sport=rng.randint(1024, 65535), dport=rng.randint(1, 65535), flags="S",
                 seq=rng.getrandbits(32), window=512, options=[]))
        frames.append(pcapng_io.Frame(start + i * spacing, raw(p), ETHERNET, NS))
    return frames


def resegmented(start):
    c, s = ("10.79.3.1", 40100), ("10.79.3.2", 80)
    cisn, sisn = 1_000_000, 7_000_000
    out = []

    def seg(t_ms, from_client, flags, seq, ack, payload=b"", sack=None, win=502):
        a, b = (c, s) if from_client else (s, c)
        opts = [("SAck", sack)] if sack else []
        p = (Ether(src=MAC_A if from_client else MAC_B, dst=MAC_B if from_client else MAC_A) /
             IP(src=a[0], dst=b[0], ttl=64, id=len(out) + 1, flags="DF") /
             TCP(sport=a[1], dport=b[1], flags=flags, seq=seq, ack=ack, window=win,
                 options=opts) / payload)
        out.append(pcapng_io.Frame(start + int(t_ms * 1_000_000), raw(p), ETHERNET, NS))

    seg(0, True, "S", cisn, 0, win=64240)
    seg(20, False, "SA", sisn, cisn + 1, win=65160)
    seg(21, True, "A", cisn + 1, sisn + 1)
    base = cisn + 1
    for i in range(4):  # 1: the first of them is lost on the way
        seg(30 + i * 0.1, True, "PA", base + 1000 * i, sisn + 1, b"x" * 1000)
    # The receiver got the other three: duplicate ACKs with SACK blocks.
    seg(50, False, "A", sisn + 1, base, win=509)
    for i in range(1, 4):
        seg(50 + i * 0.1, False, "A", sisn + 1, base, sack=(base + 1000, base + 1000 * (i + 1)),
            win=509)
    # The lost 1,000 bytes resent as two 500-byte segments.
    seg(51, True, "PA", base, sisn + 1, b"x" * 500)
    seg(71, False, "A", sisn + 1, base + 500, sack=(base + 1000, base + 4000), win=509)
    seg(72, True, "PA", base + 500, sisn + 1, b"x" * 500)
    seg(92, False, "A", sisn + 1, base + 4000, win=509)
    seg(100, True, "FA", base + 4000, sisn + 1)
    seg(120, False, "FA", sisn + 1, base + 4001, win=509)
    seg(121, True, "A", base + 4001, sisn + 2)
    return out


def main():
    rng = random.Random(17)
    pcapng_io.write(os.path.join(CAPTURES, "syn_flood_random.pcapng"),
                    flood_syns(rng, 100, EPOCH, 50_000),
                    "100 forged SYNs to random destinations in 5 ms "
                    "(samples/retrans/make_crafted.py)")

    real = pcapng_io.read(os.path.join(CAPTURES, "tcp_backoff.pcapng"))
    assert real[0].tsresol == NS and real[0].linktype == ETHERNET
    burst = flood_syns(rng, 3000, real[-1].ts + 500_000_000, 100_000)
    pcapng_io.write(os.path.join(CAPTURES, "late_syn_burst.pcapng"), real + burst,
                    "tcp_backoff.pcapng, then 3000 forged SYNs in 0.3 s "
                    "(samples/retrans/make_crafted.py)")

    pcapng_io.write(os.path.join(CAPTURES, "tcp_resegmented.pcapng"), resegmented(EPOCH),
                    "a lost segment resent in two halves after 3 duplicate ACKs "
                    "(samples/retrans/make_crafted.py)")


if __name__ == "__main__":
    main()
