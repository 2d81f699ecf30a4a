#!/usr/bin/env python3
"""Writes a GoogleNews-shaped word2vec binary: 3,000,000 x 300 float32 rows (Gaussian,
seeded), words with Zipf-like lengths (many short words, a long tail of phrases joined by
'_', as in GoogleNews-vectors-negative300.bin), each unique, no newline after a row (as in
the published file). Prints the path and a query word (row 1000) on stdout.

usage: make_googlenews_shaped.py OUT.bin [--rows N] [--dim D] [--seed S]
The text twin is written by `w2v export OUT.bin --format text --output OUT.txt` (see
scripts/bench_big_load.sh): same rows, 6 decimals.
"""
import argparse
import numpy as np


def words(rows, rng):
    letters = np.frombuffer(b"abcdefghijklmnopqrstuvwxyz", dtype=np.uint8)
    # Zipf-like lengths: P(extra = n) ~ n^-1.8, so most words take 3-9 letters and a few run
    # past 30 (GoogleNews' phrases); capped at 60.
    lengths = np.minimum(2 + rng.zipf(1.8, size=rows), 60)
    pool = letters[rng.integers(0, 26, size=int(lengths.sum()))].tobytes().decode()
    out, start = [], 0
    for i, n in enumerate(lengths):
        body = pool[start:start + n]
        start += n
        if n > 12:  # phrases, as GoogleNews' "New_York_Times"
            body = body[: n // 2] + "_" + body[n // 2:]
        # A base-36 row tag keeps every word unique without changing the length profile much.
        out.append(body + np.base_repr(i, 36).lower())
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--rows", type=int, default=3_000_000)
    ap.add_argument("--dim", type=int, default=300)
    ap.add_argument("--seed", type=int, default=20)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    vocab = words(a.rows, rng)
    with open(a.out, "wb", buffering=1 << 24) as f:
        f.write(f"{a.rows} {a.dim}\n".encode())
        block = 100_000
        for lo in range(0, a.rows, block):
            hi = min(a.rows, lo + block)
            m = (rng.standard_normal((hi - lo, a.dim), dtype=np.float32) * np.float32(0.1)).astype("<f4")
            for i in range(hi - lo):
                f.write(vocab[lo + i].encode() + b" ")
                f.write(m[i].tobytes())
    print(a.out, vocab[min(1000, a.rows - 1)])


if __name__ == "__main__":
    main()
