"""Minimal pcapng reading and writing for the sample generators in samples/encap/.

Timestamps stay the raw 64-bit counts of the source interface's resolution
(dumpcap writes nanoseconds), so a re-wrapped frame keeps its exact time.
"""
import struct

SHB, IDB, EPB = 0x0A0D0D0A, 0x00000001, 0x00000006
BYTE_ORDER_MAGIC = 0x1A2B3C4D


class Frame:
    """A packet: captured bytes `data`, and `origlen` on the wire (larger when the
    capture was made with a snap length)."""
    __slots__ = ("ts", "data", "origlen", "linktype", "tsresol")

    def __init__(self, ts, data, linktype, tsresol, origlen=None):
        self.ts, self.data, self.linktype, self.tsresol = ts, data, linktype, tsresol
        self.origlen = len(data) if origlen is None else origlen


def _options(body):
    """{code: value} of a block's option list."""
    out, i = {}, 0
    while i + 4 <= len(body):
        code, length = struct.unpack_from("<HH", body, i)
        i += 4
        if code == 0:
            break
        out[code] = body[i:i + length]
        i += (length + 3) & ~3
    return out


def read(path):
    """Every packet of a little-endian pcapng file (the kind dumpcap writes here)."""
    with open(path, "rb") as f:
        raw = f.read()
    frames, interfaces, i = [], [], 0
    while i < len(raw):
        btype, blen = struct.unpack_from("<II", raw, i)
        body = raw[i + 8:i + blen - 4]
        if btype == SHB:
            if struct.unpack_from("<I", body, 0)[0] != BYTE_ORDER_MAGIC:
                raise SystemExit("%s: only little-endian pcapng is supported" % path)
            interfaces = []
        elif btype == IDB:
            linktype = struct.unpack_from("<H", body, 0)[0]
            resol = _options(body[8:]).get(9, b"\x06")[0]
            if resol & 0x80:
                raise SystemExit("%s: power-of-two time resolution not supported" % path)
            interfaces.append((linktype, resol))
        elif btype == EPB:
            iface, hi, lo, caplen, origlen = struct.unpack_from("<IIIII", body, 0)
            linktype, resol = interfaces[iface]
            frames.append(Frame((hi << 32) | lo, body[20:20 + caplen], linktype, resol, origlen))
        i += blen
    return frames


def _block(btype, body):
    body += b"\0" * ((4 - len(body) % 4) % 4)
    length = len(body) + 12
    return struct.pack("<II", btype, length) + body + struct.pack("<I", length)


def _option(code, value):
    return struct.pack("<HH", code, len(value)) + value + b"\0" * ((4 - len(value) % 4) % 4)


def write(path, frames, comment):
    """Writes frames (all of one link type and time resolution) as one pcapng interface."""
    linktype, resol = frames[0].linktype, frames[0].tsresol
    assert all(f.linktype == linktype and f.tsresol == resol for f in frames)
    shb = struct.pack("<IHHq", BYTE_ORDER_MAGIC, 1, 0, -1)
    shb += _option(1, comment.encode()) + _option(0, b"")
    idb = struct.pack("<HHI", linktype, 0, 262144) + _option(9, bytes([resol])) + _option(0, b"")
    out = [_block(SHB, shb), _block(IDB, idb)]
    for f in frames:
        out.append(_block(EPB, struct.pack("<IIIII", 0, f.ts >> 32, f.ts & 0xFFFFFFFF,
                                           len(f.data), f.origlen) + f.data))
    with open(path, "wb") as fh:
        fh.write(b"".join(out))
