#!/usr/bin/env python3
"""Train one peer (gensim or fastText) with given skip-gram settings; used by scripts/bench.py.

Usage (bench.py runs this under `/usr/bin/time -v`, so the peak RSS is the peer's own):
    scripts/train_peer.py gensim|fasttext CORPUS OUTPUT.vec --settings JSON [--phases FILE]

JSON holds the settings bench.py defines once: dim, window, negative, sample, min_count,
epochs, alpha, threads, seed. Output is a word2vec text file (`V D` header, then one word
and its input vector per line). --phases writes {"train_s": ..., "save_s": ...}.

  gensim   gensim 4.4 `Word2Vec(corpus_file=CORPUS, sg=1, hs=0, ...)`, then
           `wv.save_word2vec_format` (min_alpha left at gensim's default, 1e-4).
           CORPUS must not be one huge line: gensim's corpus_file mode silently
           trains on almost nothing then; bench.py gives it a copy with a newline
           every 10,000 words.
  fasttext fastText (PyPI `fasttext`) `train_unsupervised(model="skipgram", loss="ns",
           minn=0, maxn=0, bucket=0, ...)`: no subwords, so no hashed-bucket matrix either
           (with buckets it would allocate 2M x dim floats it never uses). Saved like the
           fastText CLI's .vec (input rows, 6 significant digits). The PyPI module
           (0.9.3) takes no seed.

Exit status: 0 trained and saved; 3 the peer is not installed; other = the peer's failure.
Dependencies: python3; gensim 4.4 and/or fasttext from PyPI.
"""

import argparse
import importlib.util
import json
import logging
import sys
import time

NOT_INSTALLED = 3


def train_gensim(corpus, output, s):
    from gensim.models import Word2Vec

    # gensim's INFO log (in OUT/gensim.log) shows raw and effective words per epoch: the
    # check that corpus_file mode really trained on the whole corpus.
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    started = time.monotonic()
    model = Word2Vec(corpus_file=corpus, sg=1, hs=0, negative=s["negative"],
                     vector_size=s["dim"], window=s["window"], sample=s["sample"],
                     min_count=s["min_count"], epochs=s["epochs"], alpha=s["alpha"],
                     workers=s["threads"], seed=s["seed"])
    trained = time.monotonic()
    model.wv.save_word2vec_format(output, binary=False)
    return trained - started, time.monotonic() - trained


def train_fasttext(corpus, output, s):
    import fasttext

    started = time.monotonic()
    model = fasttext.train_unsupervised(
        corpus, model="skipgram", loss="ns", dim=s["dim"], ws=s["window"], neg=s["negative"],
        t=s["sample"], minCount=s["min_count"], epoch=s["epochs"], lr=s["alpha"],
        thread=s["threads"], minn=0, maxn=0, bucket=0, wordNgrams=1, verbose=1)
    trained = time.monotonic()
    words = model.get_words()
    with open(output, "w", encoding="utf-8") as f:
        f.write(f"{len(words)} {model.get_dimension()}\n")
        for word in words:
            vector = model.get_word_vector(word)  # no subwords: the word's own input row
            f.write(word + " " + " ".join("%.6g" % x for x in vector) + "\n")
    return trained - started, time.monotonic() - trained


PEERS = {"gensim": ("gensim", train_gensim), "fasttext": ("fasttext", train_fasttext)}


def main():
    parser = argparse.ArgumentParser(description="Train one peer for scripts/bench.py.")
    parser.add_argument("peer", choices=sorted(PEERS))
    parser.add_argument("corpus")
    parser.add_argument("output")
    parser.add_argument("--settings", required=True, help="JSON object of training settings")
    parser.add_argument("--phases", help="write train/save seconds as JSON here")
    args = parser.parse_args()
    module, train = PEERS[args.peer]
    if importlib.util.find_spec(module) is None:
        print(f"train_peer.py: python module '{module}' is not installed", file=sys.stderr)
        return NOT_INSTALLED
    train_s, save_s = train(args.corpus, args.output, json.loads(args.settings))
    if args.phases:
        with open(args.phases, "w") as f:
            json.dump({"train_s": round(train_s, 3), "save_s": round(save_s, 3)}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
