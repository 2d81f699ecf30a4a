#!/usr/bin/env python3
"""PyTorch peer of `w2v tag train` / `w2v tag eval`, for the speed comparison in the README.

The same tagger as w2v's: per token [word vector | three hashed suffix vectors (last 1, 2, 3
characters, lowercased, digits as 0) | 9 indicator flags] -> dropout -> bidirectional GRU ->
dropout -> linear -> softmax per token; Adam, gradient-norm clipping 5, word dropout 0.05,
sentences shuffled into batches. Word lookup: exact form, else lowercase, else a shared
unknown vector (row 0). Padded batches through pack_padded_sequence.

usage: scripts/tag_torch.py --vectors V.bin --data TRAIN --test TEST [--hidden 64]
       [--epochs 1] [--batch 16] [--lr 0.003] [--threads 2] [--seed 1]
Prints training tokens/s, tagging tokens/s (no gradient, the whole test file, in batches of
256; also with the test file's feature extraction counted, as `w2v tag eval` times it) and
test token accuracy. What differs from w2v's tagger: PyTorch's GRU applies the reset gate
after U_n (w2v's before, Cho et al. 2014), has two bias vectors per gate, and initialises the
output layer Kaiming-uniform (w2v: Glorot). Needs torch and gensim (comparison only; not part of the product).
"""
import argparse
import random
import time

import numpy as np
import torch
import torch.nn as nn
from gensim.models import KeyedVectors

SUFFIXES, BUCKETS, FLAGS = 3, 2048, 9


def read(path):
    sentences, tokens, tags = [], [], []
    with open(path, encoding="utf-8", newline="\n") as f:
        for line in f:
            line = line.rstrip("\n").rstrip("\r")
            if line.strip(" \t") == "":
                if tokens:
                    sentences.append((tokens, tags))
                tokens, tags = [], []
                continue
            cols = line.split("\t")
            tokens.append(cols[0])
            tags.append(cols[1])
    if tokens:
        sentences.append((tokens, tags))
    return sentences


def flags(token):
    letters = [c for c in token if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    digits = sum(c.isdigit() for c in token)
    if not letters:
        case = 4
    elif upper == 0:
        case = 0
    elif token[0].isupper() and upper == 1:
        case = 1
    elif upper == len(letters) and len(letters) >= 2:
        case = 2
    else:
        case = 3
    v = [0.0] * FLAGS
    v[case] = 1.0
    numeric = all(c.isdigit() or c in ".,:/-" for c in token)
    v[5] = float(digits > 0)
    v[6] = float(digits > 0 and numeric)
    v[7] = float("-" in token)
    v[8] = float(not letters and digits == 0)
    return v


def suffix_rows(token):
    folded = "".join("0" if c.isdigit() else c for c in token.lower())
    rows = []
    for n in range(1, SUFFIXES + 1):
        piece = "^" + folded if len(folded) < n else folded[-n:]
        h = 0xCBF29CE484222325 ^ n
        for b in piece.encode("utf-8"):
            h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
        rows.append(h % BUCKETS)
    return rows


class Tagger(nn.Module):
    def __init__(self, table, hidden, tags, suffix_dim=10, dropout=0.25):
        super().__init__()
        self.words = nn.Embedding.from_pretrained(torch.tensor(table), freeze=False, sparse=False)
        self.suffixes = nn.ModuleList([nn.Embedding(BUCKETS, suffix_dim) for _ in range(SUFFIXES)])
        for suffix_table in self.suffixes:  # as w2v's suffix tables: uniform in +-0.1
            nn.init.uniform_(suffix_table.weight, -0.1, 0.1)
        width = table.shape[1] + SUFFIXES * suffix_dim + FLAGS
        self.drop = nn.Dropout(dropout)
        self.rnn = nn.GRU(width, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, tags)

    def forward(self, words, suffixes, flag, lengths):
        x = torch.cat([self.words(words)] + [e(suffixes[:, :, i]) for i, e in enumerate(self.suffixes)] + [flag], dim=2)
        x = self.drop(x)
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        y, _ = self.rnn(packed)
        y, _ = nn.utils.rnn.pad_packed_sequence(y, batch_first=True)
        return self.out(self.drop(y))


def encode(sentences, index, tag_index):
    out = []
    for tokens, tags in sentences:
        w = [index.get(t, index.get(t.lower(), 0)) for t in tokens]
        out.append((w, [suffix_rows(t) for t in tokens], [flags(t) for t in tokens], [tag_index.get(t, 0) for t in tags]))
    return out


def batch(examples, word_dropout=0.0):
    lengths = [len(e[0]) for e in examples]
    n, m = len(examples), max(lengths)
    words = torch.zeros(n, m, dtype=torch.long)
    suffixes = torch.zeros(n, m, SUFFIXES, dtype=torch.long)
    flag = torch.zeros(n, m, FLAGS)
    tags = torch.full((n, m), -100, dtype=torch.long)
    for i, (w, s, f, t) in enumerate(examples):
        k = len(w)
        ww = torch.tensor(w)
        if word_dropout > 0:
            ww[torch.rand(k) < word_dropout] = 0
        words[i, :k] = ww
        suffixes[i, :k] = torch.tensor(s)
        flag[i, :k] = torch.tensor(f)
        tags[i, :k] = torch.tensor(t)
    return words, suffixes, flag, torch.tensor(lengths), tags


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--vectors", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--test", required=True)
    p.add_argument("--hidden", type=int, default=64)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--lr", type=float, default=0.003)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    random.seed(a.seed)
    kv = KeyedVectors.load_word2vec_format(a.vectors, binary=a.vectors.endswith(".bin"))
    table = np.vstack([np.zeros((1, kv.vector_size), dtype=np.float32), kv.vectors.astype(np.float32)])
    index = {w: i + 1 for i, w in enumerate(kv.index_to_key)}
    train, test = read(a.data), read(a.test)
    tag_names = sorted({t for _, tags in train for t in tags})
    tag_index = {t: i for i, t in enumerate(tag_names)}
    train_x = encode(train, index, tag_index)
    encode_start = time.perf_counter()
    test_x = encode(test, index, tag_index)
    encode_seconds = time.perf_counter() - encode_start
    model = Tagger(table, a.hidden, len(tag_names))
    optimizer = torch.optim.Adam(model.parameters(), lr=a.lr)
    loss_fn = nn.CrossEntropyLoss(ignore_index=-100, reduction="mean")
    train_tokens = sum(len(e[0]) for e in train_x)
    seconds = 0.0
    for epoch in range(a.epochs):
        model.train()
        order = list(range(len(train_x)))
        random.shuffle(order)
        start = time.perf_counter()
        total = 0.0
        for b in range(0, len(order), a.batch):
            words, suffixes, flag, lengths, tags = batch([train_x[i] for i in order[b:b + a.batch]], word_dropout=0.05)
            optimizer.zero_grad()
            logits = model(words, suffixes, flag, lengths)
            loss = loss_fn(logits.reshape(-1, logits.shape[-1]), tags[:, :logits.shape[1]].reshape(-1))
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimizer.step()
            total += loss.item()
        seconds += time.perf_counter() - start
        print(f"epoch {epoch + 1}: loss {total / max(1, (len(order) + a.batch - 1) // a.batch):.4f}  "
              f"{train_tokens / (time.perf_counter() - start):.0f} tokens/s", flush=True)
    model.eval()
    correct = count = 0
    start = time.perf_counter()
    with torch.no_grad():
        for b in range(0, len(test_x), 256):
            words, suffixes, flag, lengths, tags = batch(test_x[b:b + 256])
            predicted = model(words, suffixes, flag, lengths).argmax(-1)
            mask = tags[:, :predicted.shape[1]] != -100
            correct += (predicted[mask] == tags[:, :predicted.shape[1]][mask]).sum().item()
            count += mask.sum().item()
    tag_seconds = time.perf_counter() - start
    print(f"torch BiGRU hidden {a.hidden}, {a.threads} threads: training {a.epochs * train_tokens / seconds:.0f} tokens/s, "
          f"tagging {count / tag_seconds:.0f} tokens/s ({count / (tag_seconds + encode_seconds):.0f} with feature "
          f"extraction, as w2v tag eval times it), test accuracy {correct / count:.4f}")


if __name__ == "__main__":
    main()
