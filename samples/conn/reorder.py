#!/usr/bin/python3
"""reorder.py SOURCE OUT -- SOURCE (a real capture) as a capture that saw its first
SYN/ACK just before its SYN: the two frames swap places and
timestamps, so time still runs forward (two capture points merged, or a SPAN port
copying two directions through different queues, can show that). Every other frame is untouched.
No stack can send a SYN/ACK before the SYN, so this one is arranged, not captured.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "encap"))
import pcapng_io  # noqa: E402


def main():
    source, out = sys.argv[1], sys.argv[2]
    frames = pcapng_io.read(source)
    syn, syn_ack = frames[0], frames[1]
    syn_ack.ts, syn.ts = syn.ts, syn_ack.ts
    frames[0], frames[1] = syn_ack, syn
    pcapng_io.write(out, frames, "conn_endings.pcapng with frames 1 and 2 swapped (reorder.py)")
    os.chmod(out, 0o644)


if __name__ == "__main__":
    main()
