"""Capture mutations that editcap cannot make: the shapes captures have in the field.

Each takes the frames of one capture (samples/encap/pcapng_io.Frame) and a seeded
random.Random, and returns new frames; the same seed gives the same file.
- reordered: frames swapped within small windows, as a multi-queue NIC or a merge writes them;
- duplicated: some frames written twice, the copy a few microseconds later (a SPAN port);
- time-warped: timestamps that jump backwards and forwards (clock steps, joined files);
- joined twice: the whole traffic once more after itself (`mergecap -a f f`).
"""
import copy

MUTATIONS = ("reordered", "duplicated", "time-warped", "joined-twice")


def _ticks_per_second(frame):
    return 10 ** frame.tsresol


def _clone(frame, ts=None):
    c = copy.copy(frame)
    if ts is not None:
        c.ts = max(0, ts)
    return c


def reordered(frames, rng):
    out = list(frames)
    i = 0
    while i < len(out):
        window = rng.randint(2, 6)
        chunk = out[i:i + window]
        rng.shuffle(chunk)
        out[i:i + window] = chunk
        i += window
    return out


def duplicated(frames, rng):
    out = []
    for f in frames:
        out.append(f)
        if rng.random() < 0.2:
            delay = rng.randint(0, 50) * _ticks_per_second(f) // 1_000_000
            out.append(_clone(f, f.ts + delay))
    return out


def time_warped(frames, rng):
    out = []
    shift = 0
    for f in frames:
        if rng.random() < 0.05:
            # Steps of up to an hour either way, so later frames can precede earlier ones.
            shift += rng.randint(-3600, 3600) * _ticks_per_second(f)
        out.append(_clone(f, f.ts + shift))
    return out


def joined_twice(frames, rng):
    del rng  # deterministic by construction
    return list(frames) + [_clone(f) for f in frames]


def mutate(kind, frames, rng):
    return {"reordered": reordered, "duplicated": duplicated, "time-warped": time_warped,
            "joined-twice": joined_twice}[kind](frames, rng)
