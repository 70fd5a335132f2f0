#!/usr/bin/python3
"""Crafts the fragmented-SYN samples, which no real stack here sends (a SYN is far
below any MTU, and Linux sets DF on TCP): the real port-80 connection of
samples/captures/reachability.pcapng (frames 1-6) with its SYN cut into IP fragments.

  frag_syn_ipv4.pcapng  the SYN in 3 IPv4 fragments (16+16+8 bytes of TCP header),
                        then the real SYN/ACK, ACK and close: 8 frames
  frag_syn_ipv6.pcapng  the same 6 packets moved to IPv6 (fd78:9::1 -> fd78:9::2),
                        the SYN in 2 IPv6 fragments (24+16 bytes): 7 frames

The last fragment keeps the SYN's timestamp; earlier fragments come 1 us apart
before it.  Deterministic: fixed addresses, fragment IDs and timestamps.
"""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pcapng_io  # noqa: E402

import logging  # noqa: E402
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import raw  # noqa: E402
from scapy.layers.inet import IP, TCP, fragment  # noqa: E402
from scapy.layers.inet6 import IPv6, IPv6ExtHdrFragment, fragment6  # noqa: E402
from scapy.layers.l2 import Ether  # noqa: E402

CAPTURES = os.path.join(HERE, "..", "captures")
V6 = {"10.77.1.2": "fd78:9::1", "10.77.2.2": "fd78:9::2"}


def frames_with_fragmented_syn(packets, stamps, fragments_of_syn, resol):
    first = fragments_of_syn
    out = [pcapng_io.Frame(stamps[0] - 1000 * (len(first) - 1 - i), raw(f), 1, resol)
           for i, f in enumerate(first)]
    out += [pcapng_io.Frame(t, raw(p), 1, resol) for p, t in zip(packets[1:], stamps[1:])]
    return out


def main():
    src = pcapng_io.read(os.path.join(CAPTURES, "reachability.pcapng"))[:6]
    resol = src[0].tsresol
    assert resol == 9, "the source has nanosecond timestamps"
    stamps = [f.ts for f in src]
    v4 = [Ether(f.data) for f in src]
    assert v4[0][TCP].flags == "S" and v4[0][TCP].dport == 80

    syn = v4[0].copy()
    syn[IP].flags = 0                      # the SYN must be fragmentable
    syn[IP].id = 0x4d31
    del syn[IP].chksum
    frags = [Ether(src=syn.src, dst=syn.dst) / f for f in fragment(syn[IP], fragsize=16)]
    assert len(frags) == 3
    pcapng_io.write(os.path.join(CAPTURES, "frag_syn_ipv4.pcapng"),
                    frames_with_fragmented_syn(v4, stamps, frags, resol),
                    "reachability.pcapng frames 1-6, the SYN in IPv4 fragments "
                    "(samples/encap/make_crafted.py)")

    v6 = []
    for p in v4:
        ip = p[IP]
        tcp = ip[TCP].copy()
        del tcp.chksum
        v6.append(Ether(src=p.src, dst=p.dst)
                  / IPv6(src=V6[ip.src], dst=V6[ip.dst], hlim=ip.ttl, fl=0) / tcp)
    v6 = [Ether(raw(p)) for p in v6]     # checksums computed now
    syn6 = v6[0][IPv6].copy()
    syn6 = IPv6(src=syn6.src, dst=syn6.dst, hlim=syn6.hlim) / IPv6ExtHdrFragment(id=0x4d31) \
        / syn6[TCP]
    # fragment6 cuts at 8-byte multiples of the fragmentable part: 24 + 16 bytes
    frags6 = [Ether(src=v6[0].src, dst=v6[0].dst) / f for f in fragment6(syn6, 40 + 8 + 24)]
    assert len(frags6) == 2
    pcapng_io.write(os.path.join(CAPTURES, "frag_syn_ipv6.pcapng"),
                    frames_with_fragmented_syn(v6, stamps, frags6, resol),
                    "reachability.pcapng frames 1-6 moved to IPv6, the SYN in IPv6 "
                    "fragments (samples/encap/make_crafted.py)")


if __name__ == "__main__":
    main()
