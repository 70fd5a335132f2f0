#!/usr/bin/python3
"""Userspace delay line between two interfaces (this lab's stand-in for
tc netem, which the lab kernel may lack).  Frames read on one interface are
written to the other after a fixed per-direction delay; order is kept.

usage: impair.py IF_A IF_B DELAY_A_TO_B_MS DELAY_B_TO_A_MS SECONDS
Runs at most SECONDS, then exits.
"""
import heapq
import select
import socket
import sys
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4


def open_if(name):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8 << 20)
    s.bind((name, 0))
    s.setblocking(False)
    return s


def main():
    a_name, b_name = sys.argv[1], sys.argv[2]
    d_ab, d_ba = float(sys.argv[3]) / 1000, float(sys.argv[4]) / 1000
    end = time.monotonic() + float(sys.argv[5])
    a, b = open_if(a_name), open_if(b_name)
    route = {a: (b, d_ab), b: (a, d_ba)}
    queue = []          # (due, seq, out_socket, frame)
    seq = 0
    print("impair: ready", flush=True)
    while True:
        now = time.monotonic()
        if now >= end:
            break
        while queue and queue[0][0] <= now:
            _, _, out, frame = heapq.heappop(queue)
            try:
                out.send(frame)
            except OSError:
                pass
        timeout = min(end - now, (queue[0][0] - now) if queue else 0.5)
        r, _, _ = select.select([a, b], [], [], max(timeout, 0))
        for s in r:
            for _ in range(256):
                try:
                    frame, addr = s.recvfrom(65535)
                except BlockingIOError:
                    break
                if addr[2] == PACKET_OUTGOING:
                    continue
                out, delay = route[s]
                seq += 1
                heapq.heappush(queue, (time.monotonic() + delay, seq, out, frame))


if __name__ == "__main__":
    main()
