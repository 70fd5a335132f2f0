#!/usr/bin/python3
"""Userspace delay line between two interfaces (this lab's stand-in for
tc netem, which the lab kernel may lack).  Frames read on one interface are
written to the other after a fixed per-direction delay; order is kept.

usage: impair.py IF_A IF_B DELAY_A_TO_B_MS DELAY_B_TO_A_MS SECONDS [OPTIONS]
Runs at most SECONDS, then exits.  Options (A to B only):
  --ramp MS_PER_S        the delay grows by MS_PER_S every second (a queue filling up)
  --syn-from IP EXTRA_MS SYNs (without ACK) from IP wait EXTRA_MS more (a firewall
                         inspecting each new inbound connection)
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


def is_syn_from(frame, src):
    """An IPv4 TCP SYN without ACK from src (bytes), in an Ethernet frame."""
    if len(frame) < 34 or frame[12:14] != b"\x08\x00" or frame[23] != 6:
        return False
    tcp = 14 + (frame[14] & 0x0F) * 4
    return frame[26:30] == src and len(frame) > tcp + 13 and frame[tcp + 13] & 0x12 == 0x02


def main():
    a_name, b_name = sys.argv[1], sys.argv[2]
    d_ab, d_ba = float(sys.argv[3]) / 1000, float(sys.argv[4]) / 1000
    start = time.monotonic()
    end = start + float(sys.argv[5])
    opts = sys.argv[6:]
    ramp = syn_extra = 0.0
    syn_src = None
    while opts:
        if opts[0] == "--ramp":
            ramp, opts = float(opts[1]) / 1000, opts[2:]
        elif opts[0] == "--syn-from":
            syn_src = socket.inet_aton(opts[1])
            syn_extra, opts = float(opts[2]) / 1000, opts[3:]
        else:
            raise SystemExit(__doc__)
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
                if s is a:
                    delay += ramp * (time.monotonic() - start)
                    if syn_src and is_syn_from(frame, syn_src):
                        delay += syn_extra
                seq += 1
                heapq.heappush(queue, (time.monotonic() + delay, seq, out, frame))


if __name__ == "__main__":
    main()
