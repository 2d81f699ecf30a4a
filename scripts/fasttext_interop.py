#!/usr/bin/env python3
"""Model files both ways between w2v and fastText 0.9 (pip install fasttext, or fasttext-wheel):

1. `w2v train --subwords 3-6 --save-model m.bin` -> fasttext.load_model(m.bin): the vectors of an
   in-vocabulary word and of an unseen word equal those `w2v export m.bin --words` writes.
2. fasttext.train_unsupervised(...).save_model(ft.bin) -> `w2v export ft.bin --words`: the same
   two kinds of word give fastText's own get_word_vector.
Both for skip-gram with negative sampling and for CBOW with hierarchical softmax.

Prints the largest absolute difference of each check and exits 1 if any exceeds 1e-5.
Usage: python3 scripts/fasttext_interop.py W2V [CORPUS]   (default corpora/wikivisual8-head.txt)
"""
import os, subprocess, sys, tempfile

import fasttext

TOLERANCE = 1e-5


def read_text_vectors(path):
    with open(path, encoding="utf-8") as f:
        next(f)
        return {parts[0]: [float(x) for x in parts[1:]] for parts in (line.rstrip("\n").split(" ") for line in f)}


def w2v_vectors(w2v, model, words, work):
    words_path, out = os.path.join(work, "words.txt"), os.path.join(work, "exported.txt")
    with open(words_path, "w", encoding="utf-8") as f:
        f.write("\n".join(words) + "\n")
    subprocess.run([w2v, "export", model, "--words", words_path, "--output", out, "--quiet"], check=True)
    return read_text_vectors(out)


def check(label, w2v, ft_model, path, work):
    """fastText's vectors from `ft_model` against `w2v export path --words` for the eleventh
    vocabulary word and an unseen one; returns the largest difference."""
    vocabulary = ft_model.get_words()
    words = [vocabulary[10], "unseenwordness"]
    assert words[1] not in vocabulary
    return compare(label, ft_model, w2v_vectors(w2v, path, words, work), words)


def compare(label, ft_model, ours, words):
    worst = 0.0
    for word in words:
        theirs = ft_model.get_word_vector(word)
        diff = max(abs(float(a) - b) for a, b in zip(theirs, ours[word]))
        print("%s: %-14s max |difference| %.3g" % (label, repr(word), diff))
        worst = max(worst, diff)
    return worst


def fasttext_model(corpus, model, loss, attempts=20):
    for attempt in range(attempts):
        try:
            return fasttext.train_unsupervised(corpus, model=model, loss=loss, dim=32, minn=3, maxn=6, bucket=200000,
                                               epoch=1, minCount=5, thread=1, verbose=0)
        except RuntimeError as error:
            print("fastText %s/%s, attempt %d: %s; retrying" % (model, loss, attempt + 1, error))
    sys.exit("fastText %s/%s failed %d times" % (model, loss, attempts))


def main():
    w2v = sys.argv[1]
    corpus = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "corpora", "wikivisual8-head.txt")
    worst = 0.0
    with tempfile.TemporaryDirectory() as work:
        # Skip-gram with negative sampling, and CBOW with hierarchical softmax (the .bin records
        # model and loss; fastText rebuilds the Huffman tree from the saved counts). fastText's
        # own hierarchical-softmax training stops with "Encountered NaN" in about half its runs
        # on this corpus (skip-gram and CBOW, lr 0.01 to 0.05), and even with thread=1 a run is
        # not repeatable, so fasttext_model retries a failed one.
        for model, loss in [("skipgram", "ns"), ("cbow", "hs")]:
            ours_bin = os.path.join(work, "w2v-%s-%s.bin" % (model, loss))
            subprocess.run([w2v, "train", corpus, "--output", os.path.join(work, "v.txt"), "--save-model", ours_bin,
                            "--model", model, "--loss", loss, "--subwords", "3-6", "--buckets", "200000", "--dim", "32",
                            "--epochs", "1", "--threads", "1", "--min-count", "5", "--quiet"], check=True)
            loaded = fasttext.load_model(ours_bin)
            args = loaded.f.getArgs()
            assert (str(args.model).split(".")[-1], str(args.loss).split(".")[-1]) == (model, loss), (args.model, args.loss)
            worst = max(worst, check("w2v %s/%s model in fastText" % (model, loss), w2v, loaded, ours_bin, work))

            ft_bin = os.path.join(work, "fasttext-%s-%s.bin" % (model, loss))
            trained = fasttext_model(corpus, model, loss)
            trained.save_model(ft_bin)
            worst = max(worst, check("fastText %s/%s model in w2v" % (model, loss), w2v, trained, ft_bin, work))
    print("interop %s: worst difference %.3g (tolerance %g)" % ("passed" if worst <= TOLERANCE else "FAILED", worst, TOLERANCE))
    sys.exit(0 if worst <= TOLERANCE else 1)


if __name__ == "__main__":
    main()
