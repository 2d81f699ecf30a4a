#!/usr/bin/env python3
"""Writes corpora/fasttext/tiny.bin, a fastText 0.9 (version 12) unsupervised model laid out
byte by byte from fastText's own writers (FastText::saveModel, Args::save, Dictionary::save,
DenseMatrix::save), and corpora/fasttext/tiny.expected.json, the vectors fastText gives for a
few words (FastText::getWordVector: mean of the word's row and its n-gram rows), computed here
from the same rules (Dictionary::computeSubwords, Dictionary::hash with sign-extended bytes).
If the fasttext package is installed, its load_model + get_word_vector must agree (1e-6).

Usage: python3 scripts/make_fasttext_fixture.py [OUTPUT_DIR]   (default corpora/fasttext)
"""
import json, os, struct, sys

DIM, MINN, MAXN, BUCKET = 4, 3, 4, 50
WORDS = [("the", 40), ("café", 7), ("日本", 3)]
QUERIES = ["the", "café", "cafés", "日本語", "a", "xyzzy"]


def ft_hash(data):
    h = 2166136261
    for b in data:
        h ^= (b - 256 if b >= 128 else b) & 0xFFFFFFFF
        h = (h * 16777619) & 0xFFFFFFFF
    return h


def ngrams(word):
    b = b"<" + word.encode() + b">"
    out = []
    for i in range(len(b)):
        if b[i] & 0xC0 == 0x80:
            continue
        j, n, g = i, 1, b""
        while j < len(b) and n <= MAXN:
            g += bytes([b[j]]); j += 1
            while j < len(b) and b[j] & 0xC0 == 0x80:
                g += bytes([b[j]]); j += 1
            if n >= MINN and not (n == 1 and (i == 0 or j == len(b))):
                out.append(g)
            n += 1
    return out


def rows(word):
    ids = [len(WORDS) + ft_hash(g) % BUCKET for g in ngrams(word)]
    known = [w for w, _ in WORDS]
    return ([known.index(word)] if word in known else []) + ids


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "corpora", "fasttext")
    os.makedirs(out_dir, exist_ok=True)
    n_in = len(WORDS) + BUCKET
    # Distinct, exactly representable values: row r, column k -> (r * DIM + k) / 64 - 3.
    inp = [[(r * DIM + k) / 64.0 - 3.0 for k in range(DIM)] for r in range(n_in)]
    outm = [[(r + k) / 8.0 for k in range(DIM)] for r in range(len(WORDS))]
    b = bytearray()
    b += struct.pack("<ii", 793712314, 12)
    # dim ws epoch minCount neg wordNgrams loss(ns=2) model(sg=2) bucket minn maxn lrUpdateRate t
    b += struct.pack("<12id", DIM, 5, 5, 1, 5, 1, 2, 2, BUCKET, MINN, MAXN, 100, 1e-4)
    b += struct.pack("<iiiqq", len(WORDS), len(WORDS), 0, sum(c for _, c in WORDS), -1)
    for w, c in WORDS:
        b += w.encode() + b"\0" + struct.pack("<qb", c, 0)
    for m in (inp, outm):
        b += struct.pack("<?qq", False, len(m), DIM)
        for row in m:
            b += struct.pack("<%df" % DIM, *row)
    path = os.path.join(out_dir, "tiny.bin")
    with open(path, "wb") as f:
        f.write(b)
    expected = {}
    for q in QUERIES:
        ids = rows(q)
        expected[q] = [sum(inp[i][k] for i in ids) / len(ids) for k in range(DIM)] if ids else None
    with open(os.path.join(out_dir, "tiny.expected.json"), "w") as f:
        json.dump({"rows": {q: rows(q) for q in QUERIES}, "vectors": expected}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    try:
        import fasttext
    except ImportError:
        print("fasttext not installed: expected vectors not cross-checked")
        return
    model = fasttext.load_model(path)
    for q in QUERIES:
        got = list(model.get_word_vector(q))
        want = expected[q] or [0.0] * DIM
        assert max(abs(x - y) for x, y in zip(got, want)) < 1e-6, (q, got, want)
        assert list(model.get_subwords(q)[1]) == rows(q), (q, model.get_subwords(q), rows(q))
    print("fasttext %s agrees on %d words" % (getattr(fasttext, "__version__", "?"), len(QUERIES)))


if __name__ == "__main__":
    main()
