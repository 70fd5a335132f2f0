#!/usr/bin/python3
"""Endpoints of samples/retrans/make_real.sh (python3 stdlib only).

  server-burst PORT SECONDS   accept one client, send 10 full-size segments at once,
                              wait SECONDS, then abort the connection (RST)
  client-hold  HOST PORT SECONDS
                              connect, read nothing, hold the connection SECONDS
  echo-server  PORT SECONDS   accept one client, echo what it sends, for SECONDS
  client-talk  HOST PORT READY_FILE GO_FILE SECONDS
                              connect, one request/response, write READY_FILE, wait
                              for GO_FILE, send 200 bytes, wait SECONDS, abort (RST)
"""
import os
import socket
import struct
import sys
import time


def abort(sock):
    # SO_LINGER 0: close() sends a RST, as an application giving up does.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def listen(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port))
    s.listen(1)
    return s


def server_burst(port, seconds):
    c, _ = listen(port).accept()
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    mss = c.getsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG)
    c.sendall(b"d" * (10 * mss))
    time.sleep(seconds)
    abort(c)


def client_hold(host, port, seconds):
    s = socket.create_connection((host, port), timeout=5)
    time.sleep(seconds)
    abort(s)


def echo_server(port, seconds):
    c, _ = listen(port).accept()
    c.settimeout(seconds)
    end = time.time() + seconds
    try:
        while time.time() < end:
            data = c.recv(4096)
            if not data:
                break
            c.sendall(data)
    except OSError:
        pass
    abort(c)


def client_talk(host, port, ready, go, seconds):
    s = socket.create_connection((host, port), timeout=5)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.sendall(b"hello\n")
    s.recv(100)
    open(ready, "w").close()
    for _ in range(200):
        if os.path.exists(go):
            break
        time.sleep(0.05)
    s.sendall(b"r" * 200)
    time.sleep(seconds)
    abort(s)


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "server-burst":
        server_burst(int(args[0]), float(args[1]))
    elif cmd == "client-hold":
        client_hold(args[0], int(args[1]), float(args[2]))
    elif cmd == "echo-server":
        echo_server(int(args[0]), float(args[1]))
    elif cmd == "client-talk":
        client_talk(args[0], int(args[1]), args[2], args[3], float(args[4]))
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()
