"""A small pcap writer (Ethernet, IPv4, TCP/UDP with correct checksums) shared by the
synthetic capture generators in bench/. Deterministic: the bytes depend only on the calls."""
import struct

SYN, RST, PSH, ACK, FIN = 0x02, 0x04, 0x08, 0x10, 0x01


def fold(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total) & 0xFFFF


def ipv4(src, dst, proto, ip_id, transport):
    ip = struct.pack("!BBHHHBBHII", 0x45, 0, 20 + len(transport), ip_id, 0x4000, 64, proto, 0,
                     src, dst)
    ip = ip[:10] + struct.pack("!H", fold(ip)) + ip[12:]
    eth = struct.pack("!HI", 0x0200, dst) + struct.pack("!HI", 0x0200, src) + b"\x08\x00"
    return eth + ip + transport


def tcp_frame(src, dst, sport, dport, seq, ack, flags, payload=b"", ip_id=0, window=64240):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 5 << 4,
                      flags, window, 0, 0) + payload
    pseudo = struct.pack("!IIBBH", src, dst, 0, 6, len(tcp))
    tcp = tcp[:16] + struct.pack("!H", fold(pseudo + tcp)) + tcp[18:]
    return ipv4(src, dst, 6, ip_id, tcp)


def udp_frame(src, dst, sport, dport, payload, ip_id=0):
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    pseudo = struct.pack("!IIBBH", src, dst, 0, 17, len(udp))
    udp = udp[:6] + struct.pack("!H", fold(pseudo + udp) or 0xFFFF) + udp[8:]
    return ipv4(src, dst, 17, ip_id, udp)


def record(usec, frame):
    return struct.pack("<IIII", usec // 1000000, usec % 1000000, len(frame), len(frame)) + frame


HEADER = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)


class Writer:
    """Writes frames in the order given (callers give them in time order)."""

    def __init__(self, path):
        self.f = open(path, "wb")
        self.f.write(HEADER)
        self.chunk = []
        self.ip_id = 0

    def tcp(self, usec, src, dst, sport, dport, seq, ack, flags, payload=b""):
        self.ip_id = (self.ip_id + 1) & 0xFFFF
        self.write(usec, tcp_frame(src, dst, sport, dport, seq, ack, flags, payload, self.ip_id))

    def write(self, usec, frame):
        self.chunk.append(record(usec, frame))
        if len(self.chunk) >= 20000:
            self.flush()

    def flush(self):
        self.f.write(b"".join(self.chunk))
        self.chunk = []

    def close(self):
        self.flush()
        self.f.close()
