#!/usr/bin/env python3
"""The PyTorch peer of `w2v lm train` (issue 9): a word-level RNN language model written as
PyTorch's examples/word_language_model does it (batchify, truncated BPTT with the hidden state
carried between chunks and detached by repackage_hidden, mean cross-entropy, clip_grad_norm_,
perplexity on the dev data after each epoch, the best dev model kept and scored on test),
with Adam in place of the example's hand-written SGD.

Differences from the example, to match `w2v lm train`: the vocabulary is the training file's
tokens plus `</s>` (the example adds dev/test words too); dev/test tokens outside it become
`<unk>`; no learning-rate annealing; optional --vectors (word2vec/gensim text format) to
initialise the embedding, rows of words missing from it left random (and counted).

usage: scripts/lm_torch.py --data ../shared/data/lm/sotu [--vectors V] [--epochs 6] ...
Prints one line per epoch and a final line with test perplexity and training tokens/s.
"""
import argparse
import math
import time

import torch
import torch.nn as nn

EOS = "</s>"
UNK = "<unk>"


def read_tokens(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            words = line.split()
            if words:
                yield from words
                yield EOS


def build_vocab(path):
    index = {}
    for w in read_tokens(path):
        if w not in index:
            index[w] = len(index)
    if UNK not in index:
        index[UNK] = len(index)
    return index


def encode(path, index):
    unk = index[UNK]
    return torch.tensor([index.get(w, unk) for w in read_tokens(path)], dtype=torch.long)


def batchify(data, bsz):
    nbatch = data.size(0) // bsz
    data = data.narrow(0, 0, nbatch * bsz)
    return data.view(bsz, -1).t().contiguous()


def get_batch(source, i, bptt):
    seq_len = min(bptt, len(source) - 1 - i)
    return source[i:i + seq_len], source[i + 1:i + 1 + seq_len].reshape(-1)


class RNNModel(nn.Module):
    def __init__(self, cell, ntoken, ninp, nhid, nlayers, dropout, tie):
        super().__init__()
        self.drop = nn.Dropout(dropout)
        self.encoder = nn.Embedding(ntoken, ninp)
        kind = {"gru": nn.GRU, "lstm": nn.LSTM, "rnn": nn.RNN}[cell]
        self.rnn = kind(ninp, nhid, nlayers, dropout=dropout if nlayers > 1 else 0)
        self.decoder = nn.Linear(nhid, ntoken)
        if tie:
            self.decoder.weight = self.encoder.weight
        self.cell, self.nhid, self.nlayers = cell, nhid, nlayers
        initrange = 0.1
        nn.init.uniform_(self.encoder.weight, -initrange, initrange)
        nn.init.zeros_(self.decoder.bias)
        if not tie:
            nn.init.uniform_(self.decoder.weight, -initrange, initrange)

    def forward(self, inp, hidden):
        emb = self.drop(self.encoder(inp))
        output, hidden = self.rnn(emb, hidden)
        output = self.drop(output)
        return self.decoder(output).view(-1, self.decoder.out_features), hidden

    def init_hidden(self, bsz):
        w = next(self.parameters())
        if self.cell == "lstm":
            return (w.new_zeros(self.nlayers, bsz, self.nhid), w.new_zeros(self.nlayers, bsz, self.nhid))
        return w.new_zeros(self.nlayers, bsz, self.nhid)


def repackage_hidden(h):
    if isinstance(h, torch.Tensor):
        return h.detach()
    return tuple(repackage_hidden(v) for v in h)


def load_vectors(path, index, weight):
    found = 0
    with open(path, encoding="utf-8") as f:
        header = f.readline().split()
        dim = int(header[1])
        if dim != weight.size(1):
            raise SystemExit(f"{path}: dimension {dim}, model has {weight.size(1)}")
        with torch.no_grad():
            for line in f:
                parts = line.rstrip().split(" ")
                row = index.get(parts[0])
                if row is not None:
                    weight[row] = torch.tensor([float(x) for x in parts[1:]])
                    found += 1
    return found


def evaluate(model, source, bptt, criterion, eval_batch):
    model.eval()
    total, count = 0.0, 0
    hidden = model.init_hidden(eval_batch)
    with torch.no_grad():
        for i in range(0, source.size(0) - 1, bptt):
            data, targets = get_batch(source, i, bptt)
            output, hidden = model(data, hidden)
            hidden = repackage_hidden(hidden)
            total += len(targets) * criterion(output, targets).item()
            count += len(targets)
    return total / count


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default="../shared/data/lm/sotu", help="prefix of .train.txt/.valid.txt/.test.txt")
    p.add_argument("--vectors", help="word2vec text file to initialise the embedding")
    p.add_argument("--cell", default="gru", choices=["gru", "lstm", "rnn"])
    p.add_argument("--emsize", type=int, default=100)
    p.add_argument("--nhid", type=int, default=256)
    p.add_argument("--nlayers", type=int, default=1)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--clip", type=float, default=5.0)
    p.add_argument("--epochs", type=int, default=6)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--eval-batch", type=int, default=10)
    p.add_argument("--bptt", type=int, default=35)
    p.add_argument("--dropout", type=float, default=0.3)
    p.add_argument("--tie", action="store_true")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    index = build_vocab(args.data + ".train.txt")
    train = batchify(encode(args.data + ".train.txt", index), args.batch)
    valid = batchify(encode(args.data + ".valid.txt", index), args.eval_batch)
    test = batchify(encode(args.data + ".test.txt", index), args.eval_batch)
    ntokens = len(index)
    model = RNNModel(args.cell, ntokens, args.emsize, args.nhid, args.nlayers, args.dropout, args.tie)
    if args.vectors:
        found = load_vectors(args.vectors, index, model.encoder.weight)
        print(f"vectors: {found} of {ntokens} rows from {args.vectors}, {ntokens - found} random", flush=True)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, vocabulary {ntokens}, "
          f"train {train.numel()} tokens in {args.batch} streams", flush=True)

    best_val, best_state, best_epoch = None, None, 0
    train_tokens, train_seconds = 0, 0.0
    for epoch in range(1, args.epochs + 1):
        model.train()
        hidden = model.init_hidden(args.batch)
        start = time.time()
        total, count = 0.0, 0
        for i in range(0, train.size(0) - 1, args.bptt):
            data, targets = get_batch(train, i, args.bptt)
            hidden = repackage_hidden(hidden)
            optimizer.zero_grad()
            output, hidden = model(data, hidden)
            loss = criterion(output, targets)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
            optimizer.step()
            total += loss.item() * len(targets)
            count += len(targets)
        seconds = time.time() - start
        train_tokens += count
        train_seconds += seconds
        val = evaluate(model, valid, args.bptt, criterion, args.eval_batch)
        print(f"epoch {epoch}: train ppl {math.exp(total / count):.2f}  dev ppl {math.exp(val):.2f}  "
              f"{count / seconds:.0f} tokens/s", flush=True)
        if best_val is None or val < best_val:
            best_val, best_epoch = val, epoch
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    test_loss = evaluate(model, test, args.bptt, criterion, args.eval_batch)
    print(f"best epoch {best_epoch}: dev ppl {math.exp(best_val):.2f}  test ppl {math.exp(test_loss):.2f}  "
          f"training {train_tokens / train_seconds:.0f} tokens/s", flush=True)


if __name__ == "__main__":
    main()
