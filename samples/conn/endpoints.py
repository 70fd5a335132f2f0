#!/usr/bin/python3
"""TCP endpoints for samples/conn/make_real.sh: each ends its connection one way.

server modes (one connection, then exit):
  reply      IP PORT          read a line, answer it, close (FIN)
  reset      IP PORT          read a line, then abort (RST: SO_LINGER 0)
  talk-on    IP PORT SECONDS  read until the client's FIN, then keep sending for SECONDS
  sink       IP PORT SECONDS  read whatever comes for SECONDS
client modes:
  graceful   IP PORT          send a line, read the answer, close after the server
  abort      IP PORT          send a line, read the answer, abort (RST)
  half-close IP PORT SECONDS  send a line, shut down writing, read for SECONDS
  stall      IP PORT WAIT GIVEUP  send a line; after WAIT s send another, and abort
                                  (RST) GIVEUP s later if it is still unacknowledged
"""
import socket
import struct
import sys
import time


def listen(ip, port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((ip, port))
    s.listen(1)
    s.settimeout(30)
    return s


def abort(c):
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()


def drain(c, seconds):
    """Reads until EOF, or until nothing came for `seconds`."""
    c.settimeout(seconds)
    try:
        while c.recv(1000):
            pass
    except OSError:
        pass


def read_line(c):
    data = b""
    while not data.endswith(b"\n"):
        d = c.recv(1000)
        if not d:
            break
        data += d
    return data


def main():
    mode, ip, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    args = [float(a) for a in sys.argv[4:]]
    if mode in ("reply", "reset", "talk-on", "sink"):
        c, _ = listen(ip, port).accept()
        c.settimeout(30)
        if mode == "reply":
            c.sendall(b"answer to " + read_line(c))
            c.close()
        elif mode == "reset":
            read_line(c)
            time.sleep(0.05)
            abort(c)
        elif mode == "talk-on":
            while c.recv(1000):
                pass
            end = time.monotonic() + args[0]
            while time.monotonic() < end:
                c.sendall(b"still talking\n")
                time.sleep(0.2)
            time.sleep(5)
        else:
            drain(c, args[0])
        return
    c = socket.create_connection((ip, port), timeout=30)
    c.sendall(b"hello\n")
    if mode == "graceful":
        while c.recv(1000):
            pass
        c.close()
    elif mode == "abort":
        read_line(c)
        abort(c)
    elif mode == "half-close":
        c.shutdown(socket.SHUT_WR)
        drain(c, args[0])
    elif mode == "stall":
        time.sleep(args[0])
        c.sendall(b"are you there?\n")
        time.sleep(args[1])
        abort(c)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
