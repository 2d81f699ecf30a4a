#!/usr/bin/env python3
"""Checks `w2v debias` and `w2v align` against numpy versions of the reference procedures.

usage: scripts/debias_align_agreement.py A B [--w2v .build/release/w2v]

- debias: debiaswe's `debias.py` (Bolukbasi et al. 2016) step by step in numpy on A (unit rows;
  doPCA of the definitional pairs, components_[0]; drop() for every non-specific word; normalise;
  equalize over the lower/title/upper variants; normalise), against `w2v debias A` with the
  same lists (corpora/bias/). Reports the largest absolute difference of any value.
- align: orthogonal Procrustes as HistWords (numpy.linalg.svd of B^T A over the shared words,
  after unit-normalising and mean-centring both), against `w2v align A B`: largest difference of
  any value of the aligned B (shared and unshared rows).
Exit status 1 if a difference exceeds 1e-4. Needs numpy and gensim (to read the files).
"""
import argparse, json, os, subprocess, sys, tempfile
import numpy as np
from gensim.models import KeyedVectors

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load(path):
    with open(path, "rb") as f:
        f.readline()
        binary = b"\0" in f.read(4096) or not path.endswith(".txt")
    try:
        kv = KeyedVectors.load_word2vec_format(path, binary=binary)
    except Exception:
        kv = KeyedVectors.load_word2vec_format(path, binary=not binary)
    return list(kv.index_to_key), kv.vectors.astype(np.float64)


def unit(m):
    n = np.linalg.norm(m, axis=1, keepdims=True)
    n[n == 0] = 1
    return m / n


def debias_reference(words, vecs):
    index = {w: i for i, w in enumerate(words)}
    def v(w):  # w2v looks words up exactly, then in lowercase
        return vecs[index[w] if w in index else index[w.lower()]]
    bias = os.path.join(ROOT, "corpora/bias")
    definitional = json.load(open(os.path.join(bias, "definitional_pairs.json")))
    equalize = json.load(open(os.path.join(bias, "equalize_pairs.json")))
    specific = set(json.load(open(os.path.join(bias, "gender_specific_full.json"))))
    vecs = unit(vecs)
    rows = []
    for a, b in definitional:
        if (a in index or a.lower() in index) and (b in index or b.lower() in index):
            center = (v(a) + v(b)) / 2
            rows += [v(a) - center, v(b) - center]
    rows = np.array(rows)
    rows -= rows.mean(axis=0)
    g = np.linalg.svd(rows, full_matrices=False)[2][0]  # sklearn PCA components_[0], up to sign
    for i, w in enumerate(words):
        if w not in specific:
            vecs[i] = vecs[i] - g * vecs[i].dot(g)
    vecs = unit(vecs)
    candidates = {x for e1, e2 in equalize for x in [(e1.lower(), e2.lower()), (e1.title(), e2.title()), (e1.upper(), e2.upper())]}
    for a, b in candidates:
        if a in index and b in index:
            va, vb = vecs[index[a]], vecs[index[b]]
            y = (va + vb) / 2
            y = y - g * y.dot(g)
            z = np.sqrt(1 - np.linalg.norm(y) ** 2)
            if (va - vb).dot(g) < 0:
                z = -z
            vecs[index[a]] = z * g + y
            vecs[index[b]] = -z * g + y
    return unit(vecs)


def align_reference(words_a, a, words_b, b):
    ia = {w: i for i, w in enumerate(words_a)}
    shared = [(ia[w], j) for j, w in enumerate(words_b) if w in ia]
    ua, ub = unit(a), unit(b)
    ra, rb = [i for i, _ in shared], [j for _, j in shared]
    ma, mb = ua[ra].mean(axis=0), ub[rb].mean(axis=0)
    m = (ub[rb] - mb).T @ (ua[ra] - ma)
    u, _, vt = np.linalg.svd(m)
    return (ub - mb) @ (u @ vt) + ma


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--w2v", default=os.path.join(ROOT, ".build/release/w2v"))
    args = ap.parse_args()
    env = dict(os.environ, W2V_DATA=os.path.join(ROOT, "corpora"))
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        words, vecs = load(args.a)
        out = os.path.join(tmp, "debiased.txt")
        subprocess.run([args.w2v, "debias", args.a, "--output", out, "--text", "--quiet"], check=True, env=env, stdout=subprocess.DEVNULL)
        got_words, got = load(out)
        assert got_words == words
        diff = np.abs(got - debias_reference(words, vecs)).max()
        print(f"debias: {len(words)} x {vecs.shape[1]}, largest difference from the numpy debiaswe procedure {diff:.2e}")
        worst = max(worst, diff)
        words_b, b = load(args.b)
        out = os.path.join(tmp, "aligned.txt")
        subprocess.run([args.w2v, "align", args.a, args.b, "--output", out, "--text", "--quiet"], check=True, env=env, stdout=subprocess.DEVNULL)
        got_words, got = load(out)
        assert got_words == words_b
        diff = np.abs(got - align_reference(words, vecs, words_b, b)).max()
        print(f"align: {len(words_b)} x {b.shape[1]}, largest difference from numpy's SVD Procrustes {diff:.2e}")
        worst = max(worst, diff)
    sys.exit(0 if worst <= 1e-4 else 1)


if __name__ == "__main__":
    main()
