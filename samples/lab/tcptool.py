#!/usr/bin/python3
"""Small TCP endpoints for the lab's TCP scenarios.  Every mode is bounded.

server modes (one connection each, then exit):
  slow-sink  IP PORT RCVBUF PAUSE   accept, do not read for PAUSE s, then drain
  sink       IP PORT [RCVBUF]       read until EOF
  source     IP PORT THINK          serve "GET n" lines with n bytes, after THINK s
  listeners  IP PORTS SECONDS      accept-and-close on each port (comma list)
client modes:
  connect    IP PORT TIMEOUT [SRC]  one connect() attempt (from SRC), report the outcome
  keepalive  IP PORT BYTES IDLE     GET BYTES, stay idle IDLE s with SO_KEEPALIVE
                                    (1 s idle, 1 s interval), GET BYTES again, close
  upload     IP PORT BYTES          connect, send BYTES, half-close, wait EOF
  download   IP PORT BYTES          connect, GET BYTES once, read them, close
  reqresp    IP PORT ROUNDS BYTES GAP   ROUNDS small requests, GAP s apart
"""
import socket
import sys
import time

DEADLINE = time.monotonic() + 60


def listen(ip, port, rcvbuf=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if rcvbuf:
        # must be set before listen() so the window scale is chosen from it
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.bind((ip, port))
    s.listen(1)
    s.settimeout(60)
    return s


def drain(c, chunk=65536):
    total = 0
    c.settimeout(30)
    while time.monotonic() < DEADLINE:
        d = c.recv(chunk)
        if not d:
            break
        total += len(d)
    return total


def fetch(c, n):
    """Ask a `source` server for n bytes and read them."""
    c.sendall(f"GET {n}\n".encode())
    got = 0
    while got < n:
        d = c.recv(65536)
        if not d:
            raise SystemExit("server closed early")
        got += len(d)


def main():
    mode, ip = sys.argv[1], sys.argv[2]
    port = 0 if mode == "listeners" else int(sys.argv[3])
    args = sys.argv[3:] if mode == "listeners" else sys.argv[4:]
    if mode == "slow-sink":
        rcvbuf, pause = int(args[0]), float(args[1])
        ls = listen(ip, port, rcvbuf)
        c, _ = ls.accept()
        time.sleep(pause)             # the application is busy: nothing is read
        n = drain(c)                  # then it reads everything at once
        c.close()
        print(f"slow-sink read {n} bytes", file=sys.stderr)
    elif mode == "sink":
        ls = listen(ip, port, int(args[0]) if args else None)
        c, _ = ls.accept()
        n = drain(c)
        c.close()
        print(f"sink read {n} bytes", file=sys.stderr)
    elif mode == "source":
        think = float(args[0])
        ls = listen(ip, port)
        c, _ = ls.accept()
        c.settimeout(30)
        f = c.makefile("rb")
        while time.monotonic() < DEADLINE:
            line = f.readline()
            if not line:
                break
            n = int(line.split()[1])
            time.sleep(think)
            c.sendall(b"x" * n)
        c.close()
    elif mode == "upload":
        n = int(args[0])
        c = socket.create_connection((ip, port), timeout=30)
        c.sendall(b"u" * n)
        c.shutdown(socket.SHUT_WR)
        drain(c)
        c.close()
    elif mode == "download":
        n = int(args[0])
        c = socket.create_connection((ip, port), timeout=30)
        c.sendall(f"GET {n}\n".encode())
        got = 0
        while got < n and time.monotonic() < DEADLINE:
            d = c.recv(65536)
            if not d:
                break
            got += len(d)
        c.close()
        print(f"download got {got} bytes", file=sys.stderr)
    elif mode == "reqresp":
        rounds, n, gap = int(args[0]), int(args[1]), float(args[2])
        c = socket.create_connection((ip, port), timeout=30)
        for _ in range(rounds):
            fetch(c, n)
            time.sleep(gap)
        c.close()
    elif mode == "keepalive":
        n, idle = int(args[0]), float(args[1])
        c = socket.create_connection((ip, port), timeout=30)
        c.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 5)
        fetch(c, n)
        time.sleep(idle)              # the kernel sends keep-alives meanwhile
        fetch(c, n)
        c.close()
    elif mode == "listeners":
        ports = [int(p) for p in args[0].split(",")]
        secs = float(args[1])
        socks = [listen(ip, p) for p in ports]
        for s in socks:
            s.setblocking(False)
        import select
        end = time.monotonic() + secs
        print("listening", flush=True)
        while time.monotonic() < end:
            r, _, _ = select.select(socks, [], [], 0.5)
            for s in r:
                try:
                    c, _ = s.accept()
                    c.close()
                except OSError:
                    pass
    elif mode == "connect":
        timeout = float(args[0])
        c = socket.socket()
        c.settimeout(timeout)
        if len(args) > 1:
            c.bind((args[1], 0))
        t0 = time.monotonic()
        try:
            c.connect((ip, port))
            res = "connected"
        except OSError as e:
            res = type(e).__name__ + ": " + str(e)
        print(f"connect {ip}:{port}: {res} after {time.monotonic() - t0:.1f}s",
              file=sys.stderr)
        c.close()
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
