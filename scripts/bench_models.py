#!/usr/bin/env python3
"""Config R for the training models, each tool after the other: wall time, peak RSS (from
/usr/bin/time -v) and `w2v eval` scores (google analogy restricted to 30k words, WS-353,
SimLex-999) of the vectors each run writes. Prints one Markdown row per run.

Usage: python3 scripts/bench_models.py W2V CORPUS.txt RUN... [--lock FILE] [--word2vec PATH]
  RUN is one of: w2v-sg, w2v-sg-sub (per pair, the default with --subwords), w2v-sg-sub-perpair
  (the same, said explicitly), w2v-sg-sub-batched (--batch on), w2v-cbow, w2v-cbow-sub, fasttext-sg-sub, fasttext-cbow,
  fasttext-cbow-sub, word2vec-cbow, and hierarchical softmax (negative 0):
  w2v-sg-hs, w2v-sg-hs-perpair, w2v-cbow-hs, word2vec-sg-hs, word2vec-cbow-hs;
  w2v-sg-sub-noise075: subword skip-gram with noise counts^0.75 (word2vec's; w2v-sg-sub has the
  default with --subwords, fastText's ^0.5). Each run is started under `flock FILE` when --lock is
  given (so nothing else runs during it). Outputs go to a temporary directory (removed).
Config R: dim 100, window 5, negative 5, sample 1e-4, min-count 5, 5 epochs, 2 threads;
subwords 3-6 with 2,000,000 buckets; CBOW alpha 0.05 (word2vec.c's), skip-gram 0.025.
fastText is the PyPI module (train_unsupervised), word2vec.c a build given by --word2vec.
"""
import argparse, os, re, subprocess, sys, tempfile

R = dict(dim=100, ws=5, neg=5, t=1e-4, min_count=5, epoch=5, thread=2)
FASTTEXT = """
import sys, fasttext
model, minn, maxn, lr, corpus, out = sys.argv[1:7]
m = fasttext.train_unsupervised(corpus, model=model, minn=int(minn), maxn=int(maxn), dim=%(dim)d, ws=%(ws)d,
    neg=%(neg)d, t=%(t)g, minCount=%(min_count)d, epoch=%(epoch)d, lr=float(lr), thread=%(thread)d, verbose=0,
    bucket=2000000 if int(maxn) else 0)
words = m.get_words()
with open(out, "w", encoding="utf-8") as f:
    f.write("%%d %%d\\n" %% (len(words), m.get_dimension()))
    for w in words:
        f.write(w + " " + " ".join("%%.6g" %% x for x in m.get_word_vector(w)) + "\\n")
""" % R


def command(run, w2v, corpus, out, word2vec):
    common = ["--dim", "100", "--window", "5", "--negative", "5", "--sample", "1e-4", "--min-count", "5",
              "--epochs", "5", "--threads", "2", "--quiet"]
    sub = ["--subwords", "3-6", "--buckets", "2000000"]

    def word2vec_c(cbow, negative, hs, alpha):
        return [word2vec or "word2vec", "-train", corpus, "-output", out, "-cbow", cbow, "-size", "100", "-window", "5",
                "-negative", negative, "-hs", hs, "-sample", "1e-4", "-min-count", "5", "-iter", "5", "-threads", "2",
                "-alpha", alpha, "-binary", "0"]

    table = {
        "w2v-sg": [w2v, "train", corpus, "--output", out] + common,
        "w2v-sg-sub": [w2v, "train", corpus, "--output", out] + common + sub,
        "w2v-sg-sub-perpair": [w2v, "train", corpus, "--output", out] + common + sub + ["--batch", "off"],
        "w2v-sg-sub-batched": [w2v, "train", corpus, "--output", out] + common + sub + ["--batch", "on"],
        "w2v-cbow": [w2v, "train", corpus, "--output", out, "--model", "cbow"] + common,
        "w2v-cbow-sub": [w2v, "train", corpus, "--output", out, "--model", "cbow"] + common + sub,
        "fasttext-sg-sub": [sys.executable, "-c", FASTTEXT, "skipgram", "3", "6", "0.025", corpus, out],
        "fasttext-cbow": [sys.executable, "-c", FASTTEXT, "cbow", "0", "0", "0.05", corpus, out],
        "fasttext-cbow-sub": [sys.executable, "-c", FASTTEXT, "cbow", "3", "6", "0.05", corpus, out],
        "w2v-sg-hs": [w2v, "train", corpus, "--output", out, "--loss", "hs"] + common,
        "w2v-sg-hs-perpair": [w2v, "train", corpus, "--output", out, "--loss", "hs", "--batch", "off"] + common,
        "w2v-sg-sub-noise075": [w2v, "train", corpus, "--output", out] + common + sub + ["--noise-power", "0.75"],
        "w2v-cbow-hs": [w2v, "train", corpus, "--output", out, "--model", "cbow", "--loss", "hs"] + common,
        "word2vec-cbow": word2vec_c("1", "5", "0", "0.05"),
        "word2vec-sg-hs": word2vec_c("0", "0", "1", "0.025"),
        "word2vec-cbow-hs": word2vec_c("1", "0", "1", "0.05"),
    }
    return table[run]


def score(w2v, vectors, lock):
    text = subprocess.run((["flock", lock] if lock else []) + [w2v, "eval", vectors], capture_output=True, text=True,
                          check=True).stdout
    google = re.search(r"Total accuracy\s+([\d.]+)%", text).group(1)
    pairs = re.findall(r"word pairs: \S*?(wordsim353|simlex999)\S*: Spearman ([\d.-]+)", text)
    return google, dict(pairs)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("w2v"); p.add_argument("corpus"); p.add_argument("runs", nargs="+")
    p.add_argument("--lock"); p.add_argument("--word2vec")
    a = p.parse_args()
    print("| run | wall s | peak RSS MB | google 30k % | WS-353 | SimLex |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as work:
        for run in a.runs:
            out = os.path.join(work, run + ".txt")
            cmd = ["/usr/bin/time", "-v"] + command(run, a.w2v, a.corpus, out, a.word2vec)
            if a.lock:
                cmd = ["flock", a.lock] + cmd
            done = subprocess.run(cmd, capture_output=True, text=True)
            if done.returncode != 0:
                print("| %s | failed: %s |" % (run, done.stderr.strip().splitlines()[-1:]))
                continue
            wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", done.stderr)
            seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
            peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1)) / 1024
            google, pairs = score(a.w2v, out, a.lock)
            print("| %s | %.1f | %.0f | %s | %s | %s |" % (run, seconds, peak, google, pairs.get("wordsim353", "?"),
                                                       pairs.get("simlex999", "?")), flush=True)


if __name__ == "__main__":
    main()
