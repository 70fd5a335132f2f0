#!/usr/bin/python3
"""Re-wraps real project captures in other encapsulations, frame for frame.

    samples/encap/make_encapsulated.py            # every source x every encapsulation
    samples/encap/make_encapsulated.py --list

Every frame of a source capture in samples/captures/ (real traffic of the lab,
Ethernet link type) becomes exactly one frame of each output, with the same
timestamp, so the frame numbers of the plain and of each wrapped capture are
the same and ConvDiag must say the same of both (tests/integration/
test_encapsulations.py).  The inner packet (the source's IP packet, or its
whole Ethernet frame for layer-2 tunnels) is copied byte for byte; only the
outer headers are made here, with scapy, from fixed values: the output is the
same on every run.  No real stack here can make these encapsulations (the
kernel has no gre/geneve/ipip/vlan modules), except VXLAN, which also has a real
capture: samples/encap/make_real.sh.

Outputs: samples/captures/encap/<source>__<encapsulation>.pcapng
"""
import os
import struct
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pcapng_io  # noqa: E402

import logging  # noqa: E402
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import raw, Raw  # noqa: E402
from scapy.layers.inet import IP, UDP  # noqa: E402
from scapy.layers.inet6 import IPv6  # noqa: E402
from scapy.layers.l2 import Ether, GRE, Dot1Q, Dot1AD, LLC, SNAP  # noqa: E402
from scapy.layers.ppp import PPPoE, PPP  # noqa: E402
from scapy.layers.vxlan import VXLAN  # noqa: E402
from scapy.layers.dot11 import RadioTap, Dot11  # noqa: E402
from scapy.contrib.mpls import MPLS  # noqa: E402
from scapy.contrib.geneve import GENEVE  # noqa: E402
from scapy.contrib.gtp import GTP_U_Header  # noqa: E402

CAPTURES = os.path.join(HERE, "..", "captures")
OUT = os.path.join(CAPTURES, "encap")

# Real captures of the lab (see samples/README.md) and of make_real.sh, and the
# fragmented SYNs of make_crafted.py.
SOURCES = ["reachability", "tcp_loss", "tcp_slow_reader", "dns", "reject_icmp", "dns_fragmented",
           "frag_syn_ipv4", "frag_syn_ipv6"]

LINKTYPE_ETHERNET, LINKTYPE_WLAN_RADIOTAP, LINKTYPE_NFLOG = 1, 127, 239
ETH_IPV4, ETH_IPV6, ETH_TEB = 0x0800, 0x86DD, 0x6558

# The outer (underlay / carrier) side: direction 0 is the source's first sender.
OUTER_MAC = ("02:99:00:00:00:01", "02:99:00:00:00:02")
OUTER_V4 = ("10.99.0.1", "10.99.0.2")
OUTER_V6 = ("fd99::1", "fd99::2")


class Packet:
    """One source frame: its Ethernet frame, inner IP packet and direction."""

    def __init__(self, index, eth, direction):
        self.index, self.eth, self.direction = index, eth, direction
        self.ethertype = struct.unpack_from("!H", eth, 12)[0]
        self.ip = eth[14:]
        if self.ethertype not in (ETH_IPV4, ETH_IPV6):
            raise SystemExit("frame %d: ethertype 0x%04x, want IPv4/IPv6" % (index + 1,
                                                                           self.ethertype))

    @property
    def v6(self):
        return self.ethertype == ETH_IPV6


def outer_eth(p, ethertype):
    d = p.direction
    return Ether(src=OUTER_MAC[d], dst=OUTER_MAC[1 - d], type=ethertype)


def outer_ipv4(p, proto):
    d = p.direction
    return IP(src=OUTER_V4[d], dst=OUTER_V4[1 - d], id=p.index & 0xFFFF, ttl=64, proto=proto,
              flags="DF")


def outer_udp(p, dport, payload):
    # a fixed source port per direction (real tunnel endpoints hash the inner flow)
    return (outer_eth(p, ETH_IPV4) / outer_ipv4(p, 17)
            / UDP(sport=49152 + p.direction, dport=dport) / payload)


def gre_proto(p):
    return ETH_IPV6 if p.v6 else ETH_IPV4


# Each encapsulation: packet -> (link type, frame bytes).

def vlan(p):
    return raw(outer_eth(p, 0x8100) / Dot1Q(vlan=77, type=p.ethertype) / p.ip)


def qinq(p):
    return raw(outer_eth(p, 0x88A8) / Dot1AD(vlan=100, type=0x8100)
               / Dot1Q(vlan=77, type=p.ethertype) / p.ip)


def mpls1(p):
    return raw(outer_eth(p, 0x8847) / MPLS(label=1001, s=1, ttl=64) / p.ip)


def mpls2(p):
    return raw(outer_eth(p, 0x8847) / MPLS(label=2002, s=0, ttl=64)
               / MPLS(label=1001, s=1, ttl=64) / p.ip)


def pbb(p):
    # 802.1ah: B-DA B-SA, B-TAG (0x88a8), I-TAG (0x88e7: flags + 24-bit I-SID),
    # then the customer's whole Ethernet frame
    b_tag = struct.pack("!HH", 100, 0x88E7)
    i_tag = struct.pack("!I", 0x00010077)
    return raw(outer_eth(p, 0x88A8) / Raw(b_tag + i_tag + p.eth))


def pppoe_qinq(p):
    ppp_proto = 0x0057 if p.v6 else 0x0021
    return raw(outer_eth(p, 0x88A8) / Dot1AD(vlan=100, type=0x8100)
               / Dot1Q(vlan=77, type=0x8864) / PPPoE(sessionid=0x0077)
               / PPP(proto=ppp_proto) / p.ip)


def gre(p):
    return raw(outer_eth(p, ETH_IPV4) / outer_ipv4(p, 47) / GRE(proto=gre_proto(p)) / p.ip)


def gre_udp(p):
    # RFC 8086 GRE-in-UDP, port 4754
    return raw(outer_udp(p, 4754, GRE(proto=gre_proto(p)) / p.ip))


def erspan1(p):
    # ERSPAN type I: GRE without sequence number, protocol 0x88be, then the frame
    return raw(outer_eth(p, ETH_IPV4) / outer_ipv4(p, 47) / GRE(proto=0x88BE) / Raw(p.eth))


def erspan2(p):
    # ERSPAN type II: GRE with sequence number, 0x88be, 8-byte header (ver 1)
    hdr = struct.pack("!II", (1 << 28) | (0 << 16) | 77, 0)   # ver 1, vlan 0, session 77
    return raw(outer_eth(p, ETH_IPV4) / outer_ipv4(p, 47)
               / GRE(seqnum_present=1, seqence_number=p.index, proto=0x88BE) / Raw(hdr + p.eth))


def erspan3(p):
    # ERSPAN type III: GRE with sequence number, 0x22eb, 12-byte header (ver 2, no
    # platform subheader); the timestamp field is the frame's index (deterministic)
    hdr = struct.pack("!IIHH", (2 << 28) | (0 << 16) | 77, p.index, 0, 0)
    return raw(outer_eth(p, ETH_IPV4) / outer_ipv4(p, 47)
               / GRE(seqnum_present=1, seqence_number=p.index, proto=0x22EB) / Raw(hdr + p.eth))


def vxlan(p):
    return raw(outer_udp(p, 4789, VXLAN(flags=0x08, vni=77) / p.eth))


def geneve(p):
    return raw(outer_udp(p, 6081, GENEVE(vni=77, proto=ETH_TEB) / p.eth))


def gtpu(p):
    return raw(outer_eth(p, ETH_IPV4) / outer_ipv4(p, 17) / UDP(sport=2152, dport=2152)
               / GTP_U_Header(teid=0x77 + p.direction, gtp_type=255) / p.ip)


def ip_in_ipv4(p):
    # IPv4-in-IPv4 (protocol 4) and IPv6-in-IPv4 (6in4, protocol 41)
    return raw(outer_eth(p, ETH_IPV4) / outer_ipv4(p, 41 if p.v6 else 4) / p.ip)


def ip_in_ipv6(p):
    # IPv4-in-IPv6 (next header 4) and IPv6-in-IPv6 (41)
    d = p.direction
    return raw(outer_eth(p, ETH_IPV6)
               / IPv6(src=OUTER_V6[d], dst=OUTER_V6[1 - d], nh=41 if p.v6 else 4, hlim=64)
               / p.ip)


def nflog(p):
    # Linux NFLOG (link type 239): family, version, resource id, then TLVs in host
    # (here little-endian) order: packet header, prefix, payload
    def tlv(kind, value):
        body = struct.pack("<HH", 4 + len(value), kind) + value
        return body + b"\0" * ((4 - len(body) % 4) % 4)
    family = 10 if p.v6 else 2
    return (struct.pack("!BBH", family, 0, 77)
            + tlv(1, struct.pack("!HBB", p.ethertype, 1, 0))
            + tlv(10, b"convdiag\0")
            + tlv(9, p.ip))


def wlan(p):
    # an unencrypted 802.11 data frame with LLC/SNAP: direction 0 is the station
    # (to the AP), direction 1 comes from the AP
    sta, ap = "02:99:00:00:00:0a", "02:99:00:00:00:0b"
    src, dst = p.eth[6:12], p.eth[0:6]
    mac = lambda b: ":".join("%02x" % x for x in b)  # noqa: E731
    if p.direction == 0:
        dot11 = Dot11(type=2, subtype=0, FCfield="to-DS", addr1=ap, addr2=sta, addr3=mac(dst))
    else:
        dot11 = Dot11(type=2, subtype=0, FCfield="from-DS", addr1=sta, addr2=ap, addr3=mac(src))
    dot11.SC = (p.index & 0xFFF) << 4
    return raw(RadioTap() / dot11 / LLC(dsap=0xAA, ssap=0xAA, ctrl=3)
               / SNAP(OUI=0, code=p.ethertype) / p.ip)


ENCAPSULATIONS = {
    "vlan": (LINKTYPE_ETHERNET, vlan),
    "qinq": (LINKTYPE_ETHERNET, qinq),
    "mpls1": (LINKTYPE_ETHERNET, mpls1),
    "mpls2": (LINKTYPE_ETHERNET, mpls2),
    "pbb": (LINKTYPE_ETHERNET, pbb),
    "pppoe_qinq": (LINKTYPE_ETHERNET, pppoe_qinq),
    "gre": (LINKTYPE_ETHERNET, gre),
    "gre_udp": (LINKTYPE_ETHERNET, gre_udp),
    "erspan1": (LINKTYPE_ETHERNET, erspan1),
    "erspan2": (LINKTYPE_ETHERNET, erspan2),
    "erspan3": (LINKTYPE_ETHERNET, erspan3),
    "vxlan": (LINKTYPE_ETHERNET, vxlan),
    "geneve": (LINKTYPE_ETHERNET, geneve),
    "gtpu": (LINKTYPE_ETHERNET, gtpu),
    "ip_in_ipv4": (LINKTYPE_ETHERNET, ip_in_ipv4),
    "ip_in_ipv6": (LINKTYPE_ETHERNET, ip_in_ipv6),
    "nflog": (LINKTYPE_NFLOG, nflog),
    "wlan": (LINKTYPE_WLAN_RADIOTAP, wlan),
}


def rewrap(frame, packet, linktype, wrap):
    """The wrapped frame.  A source captured with a snap length holds only the start
    of long packets: the outer headers are made for the whole packet (their length
    fields count the bytes that were not captured, as on the wire), and the wrapped
    frame is cut as much as the source was.  NFLOG cannot say that a packet was cut
    (the payload TLV would run past the captured bytes, and Wireshark then stops
    before the IP header), so there the bytes the source did not capture are zeros."""
    missing = frame.origlen - len(frame.data)
    whole = wrap(Packet(packet.index, packet.eth + b"\0" * missing, packet.direction))
    if linktype == LINKTYPE_NFLOG:
        return pcapng_io.Frame(frame.ts, whole, linktype, frame.tsresol)
    return pcapng_io.Frame(frame.ts, whole[:len(whole) - missing], linktype, frame.tsresol,
                           origlen=len(whole))


def packets(source):
    frames = pcapng_io.read(os.path.join(CAPTURES, source + ".pcapng"))
    first_src = frames[0].data[6:12]
    out = []
    for i, f in enumerate(frames):
        if f.linktype != LINKTYPE_ETHERNET:
            raise SystemExit("%s: link type %d, want Ethernet" % (source, f.linktype))
        out.append(Packet(i, f.data, 0 if f.data[6:12] == first_src else 1))
    return frames, out


def main():
    if "--list" in sys.argv:
        print("sources: " + " ".join(SOURCES))
        print("encapsulations: " + " ".join(ENCAPSULATIONS))
        return
    os.makedirs(OUT, exist_ok=True)
    for source in SOURCES:
        frames, pkts = packets(source)
        for name, (linktype, wrap) in ENCAPSULATIONS.items():
            wrapped = [rewrap(f, p, linktype, wrap) for f, p in zip(frames, pkts)]
            path = os.path.join(OUT, "%s__%s.pcapng" % (source, name))
            pcapng_io.write(path, wrapped, "samples/captures/%s.pcapng re-wrapped in %s by "
                            "samples/encap/make_encapsulated.py" % (source, name))
            print("%s: %d frames" % (os.path.relpath(path, os.path.join(HERE, "..")),
                                     len(wrapped)))


if __name__ == "__main__":
    main()
