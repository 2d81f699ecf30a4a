#!/usr/bin/env python3
"""Checks a `w2v export --format npy` file from NumPy and PyTorch against the text export.

usage: scripts/npy_torch_check.py VECTORS.npy VECTORS.txt WORD
Loads VECTORS.npy with np.load and its VECTORS.words.txt, wraps the matrix with
torch.from_numpy (no copy), and compares shape, dtype, word order and WORD's row with the
text file's. Exit 1 on any difference (text keeps 6 decimals, so rows agree to 5e-7).
"""
import sys
import numpy as np
import torch

npy, text, word = sys.argv[1:4]
a = np.load(npy)
t = torch.from_numpy(a)
words = open(npy[:-4] + ".words.txt", encoding="utf-8").read().split("\n")[:-1]
with open(text, encoding="utf-8") as f:
    rows, dim = map(int, f.readline().split())
    text_words, row = [], None
    for line in f:
        parts = line.rstrip("\n").split(" ")
        text_words.append(parts[0])
        if parts[0] == word:
            row = np.array([float(x) for x in parts[1:]], dtype=np.float32)
i = words.index(word)
diff = float((t[i] - torch.from_numpy(row)).abs().max())
print(f"np.load: shape {a.shape} dtype {a.dtype}; torch.from_numpy: {tuple(t.shape)} {t.dtype}, shares memory: {t.data_ptr() == a.ctypes.data}")
print(f"words: {len(words)}, same order as the text export: {words == text_words}; text header {rows} x {dim}")
print(f"row of '{word}' (index {i}): max |torch - text| = {diff:.2e}; first values {t[i][:4].tolist()}")
ok = a.dtype == np.float32 and a.shape == (rows, dim) and t.dtype == torch.float32 and words == text_words and diff <= 5e-7
print("OK" if ok else "MISMATCH")
sys.exit(0 if ok else 1)
