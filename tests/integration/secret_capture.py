"""A small capture planting known secrets where ConvDiag quotes them (used by
test_secrets_masked.py; written at test time, never committed):

* an HTTP 302 whose Location carries user-info and secret-named query parameters,
  one of them non-ASCII, followed by the client (the Location shows in the field, the
  "followed" note with its chain, the report and the findings table);
* an FTP login whose user field holds the password itself, non-ASCII.
"""
import struct

CLIENT = (10 << 24) | (9 << 16) | 1
SERVER = (10 << 24) | (9 << 16) | 2

SECRET_QUERY = "p%40ss%21word"
SECRET_USERINFO = "hunter2"
SECRET_UTF8 = "비밀암호"
SECRET_FTP = "비밀번호99"
LOCATION = ("http://erin:%s@shop.example/welcome?user=erin&password=%s&token=%s"
            % (SECRET_USERINFO, SECRET_QUERY, SECRET_UTF8))
SECRETS = [SECRET_QUERY, "p@ss!word", SECRET_USERINFO, SECRET_UTF8, SECRET_FTP]


def _fold(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total) & 0xFFFF


def _frame(src, dst, sport, dport, seq, ack, flags, payload=b""):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 64240, 0, 0) + payload
    tcp = tcp[:16] + struct.pack("!H", _fold(struct.pack("!IIBBH", src, dst, 0, 6, len(tcp)) +
                                             tcp)) + tcp[18:]
    ip = struct.pack("!BBHHHBBHII", 0x45, 0, 20 + len(tcp), 1, 0x4000, 64, 6, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", _fold(ip)) + ip[12:]
    return struct.pack("!HI", 0x0200, dst) + struct.pack("!HI", 0x0200, src) + b"\x08\x00" + ip + tcp


def _conversation(frames, sport, dport, exchange):
    """Handshake, then (from_client, bytes) in order, each acknowledged by the data after it."""
    c, s = 1000, 5000
    frames.append(_frame(CLIENT, SERVER, sport, dport, c, 0, 0x02))
    frames.append(_frame(SERVER, CLIENT, dport, sport, s, c + 1, 0x12))
    c, s = c + 1, s + 1
    frames.append(_frame(CLIENT, SERVER, sport, dport, c, s, 0x10))
    for from_client, data in exchange:
        if from_client:
            frames.append(_frame(CLIENT, SERVER, sport, dport, c, s, 0x18, data))
            c += len(data)
        else:
            frames.append(_frame(SERVER, CLIENT, dport, sport, s, c, 0x18, data))
            s += len(data)


def write(path):
    frames = []
    target = LOCATION.split("shop.example", 1)[1]
    _conversation(frames, 41000, 80, [
        (True, b"GET /login HTTP/1.1\r\nHost: shop.example\r\n\r\n"),
        (False, ("HTTP/1.1 302 Found\r\nLocation: %s\r\nContent-Length: 0\r\n\r\n"
                 % LOCATION).encode()),
        (True, ("GET %s HTTP/1.1\r\nHost: shop.example\r\n\r\n" % target).encode()),
        (False, b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
    ])
    _conversation(frames, 41001, 21, [
        (False, b"220 ready\r\n"),
        (True, ("USER %s\r\n" % SECRET_FTP).encode()),
        (False, b"331 Password required\r\n"),
        (True, ("PASS %s\r\n" % SECRET_FTP).encode()),
        (False, b"230 Logged in\r\n"),
    ])
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, frame in enumerate(frames):
            f.write(struct.pack("<IIII", 1700000000, i * 1000, len(frame), len(frame)) + frame)
