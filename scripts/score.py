#!/usr/bin/env python3
"""Score word vectors the way issue 2 and issue 4 ask, with gensim as the independent client.

Usage:
    scripts/score.py VECTORS [--binary] [--analogies FILE] [--wordsim FILE]
                     [--restrict-vocab 30000] [--json-only]

VECTORS is a word2vec file: text (`V D` header, then `word v1 ... vD`) or, with
--binary, word2vec.c's binary layout. The script
  1. loads it with `gensim.models.KeyedVectors.load_word2vec_format(path, binary=...)`
     and FAILS (exit 1) if the load emitted any Python warning or any gensim log
     record at WARNING level or above (a file we write must load cleanly);
  2. runs `evaluate_word_analogies(questions-words.txt, restrict_vocab=30000,
     case_insensitive=True)`: accuracy = correct / covered questions, as gensim reports it;
  3. runs `evaluate_word_pairs(wordsim353.tsv)`: Spearman, Pearson, OOV ratio.

Prints a few human-readable lines, then ONE line of JSON (the last line of stdout) with
the same figures; scripts/bench.py reads that line. --json-only prints just the JSON.

Eval files default to ../shared/data/eval/{questions-words.txt,wordsim353.tsv} relative to
the repository root (the parent of this scripts/ directory).

Exit status: 0 scored; 1 the file loaded with warnings or could not be loaded or scored;
2 usage error (bad flags, missing eval file).

Dependencies: python3, gensim 4.4 (`pip install "gensim==4.4.*"`, which brings numpy and scipy).
"""

import argparse
import json
import logging
import os
import sys
import time
import warnings

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVAL_DIR = os.path.join(REPO_ROOT, "..", "shared", "data", "eval")
DEFAULT_ANALOGIES = os.path.normpath(os.path.join(EVAL_DIR, "questions-words.txt"))
DEFAULT_WORDSIM = os.path.normpath(os.path.join(EVAL_DIR, "wordsim353.tsv"))


class _RecordingHandler(logging.Handler):
    """Keeps every log record it is given (attached to the `gensim` logger at WARNING)."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def load_vectors(path, binary):
    """Loads VECTORS with gensim; returns (KeyedVectors, [warning messages], seconds)."""
    from gensim.models import KeyedVectors

    gensim_logger = logging.getLogger("gensim")
    handler = _RecordingHandler()
    gensim_logger.addHandler(handler)
    previous_level = gensim_logger.level
    if gensim_logger.getEffectiveLevel() > logging.WARNING:
        gensim_logger.setLevel(logging.WARNING)
    started = time.monotonic()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            vectors = KeyedVectors.load_word2vec_format(path, binary=binary)
    finally:
        gensim_logger.removeHandler(handler)
        gensim_logger.setLevel(previous_level)
    seconds = time.monotonic() - started
    messages = [f"warning: {w.category.__name__}: {w.message}" for w in caught]
    messages += [f"gensim log {r.levelname}: {r.getMessage()}" for r in handler.records]
    return vectors, messages, seconds


def count_questions(path):
    """Questions in an analogy file: every non-empty line that is not a `: section` header."""
    with open(path, encoding="utf-8") as f:
        return sum(1 for line in f if line.strip() and not line.startswith(":"))


def _statistic(result):
    """scipy result objects (PearsonRResult, SignificanceResult) or plain tuples -> float."""
    return float(getattr(result, "statistic", result[0]))


def score(vectors, analogies, wordsim, restrict_vocab):
    """Runs both gensim evaluations; returns a dict of figures."""
    accuracy, sections = vectors.evaluate_word_analogies(
        analogies, restrict_vocab=restrict_vocab, case_insensitive=True)
    total_section = sections[-1]  # gensim appends the 'Total accuracy' section last
    correct = len(total_section["correct"])
    covered = correct + len(total_section["incorrect"])
    pearson, spearman, oov_ratio = vectors.evaluate_word_pairs(wordsim)
    return {
        "analogy_accuracy": float(accuracy),
        "analogy_correct": correct,
        "analogy_covered": covered,
        "analogy_total": count_questions(analogies),
        "ws353_spearman": _statistic(spearman),
        "ws353_pearson": _statistic(pearson),
        "ws353_oov_percent": float(oov_ratio),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Score word2vec-format vectors with gensim (analogies + WordSim-353).")
    parser.add_argument("vectors", help="word2vec text file, or binary with --binary")
    parser.add_argument("--binary", action="store_true", help="the file is word2vec.c binary")
    parser.add_argument("--analogies", default=DEFAULT_ANALOGIES,
                        help=f"analogy questions (default {DEFAULT_ANALOGIES})")
    parser.add_argument("--wordsim", default=DEFAULT_WORDSIM,
                        help=f"word-pair similarities (default {DEFAULT_WORDSIM})")
    parser.add_argument("--restrict-vocab", type=int, default=30000,
                        help="analogy search over the N most frequent words (default 30000)")
    parser.add_argument("--json-only", action="store_true", help="print only the JSON line")
    args = parser.parse_args(argv)

    for label, path in (("vectors", args.vectors), ("analogies", args.analogies),
                        ("wordsim", args.wordsim)):
        if not os.path.isfile(path):
            print(f"score.py: {label} file not found: {path}", file=sys.stderr)
            return 2

    result = {"vectors": os.path.abspath(args.vectors), "binary": args.binary, "ok": False}
    try:
        vectors, load_warnings, load_seconds = load_vectors(args.vectors, args.binary)
    except Exception as error:  # a file gensim cannot read is a result to report, not a traceback
        result["error"] = f"gensim could not load the file: {type(error).__name__}: {error}"
        print(f"score.py: {result['error']}", file=sys.stderr)
        print(json.dumps(result))
        return 1
    result.update({"vocab_size": len(vectors), "dim": int(vectors.vector_size),
                   "load_seconds": round(load_seconds, 3), "load_warnings": load_warnings})
    for message in load_warnings:
        print(f"score.py: load {message}", file=sys.stderr)
    try:
        result.update(score(vectors, args.analogies, args.wordsim, args.restrict_vocab))
    except Exception as error:  # e.g. gensim keeps a None key after a duplicate word
        result["error"] = f"gensim could not score the file: {type(error).__name__}: {error}"
        print(f"score.py: {result['error']}", file=sys.stderr)
        print(json.dumps(result))
        return 1
    result["ok"] = not load_warnings

    if not args.json_only:
        r = result
        print(f"vectors   {r['vectors']} ({'binary' if r['binary'] else 'text'}): "
              f"{r['vocab_size']} words x {r['dim']}, loaded in {r['load_seconds']:.1f} s, "
              f"{len(load_warnings)} load warnings")
        print(f"analogy   {100 * r['analogy_accuracy']:.2f}% "
              f"({r['analogy_correct']} correct of {r['analogy_covered']} covered; "
              f"{r['analogy_total']} questions; restrict_vocab={args.restrict_vocab}, case-insensitive)")
        print(f"WS-353    Spearman {r['ws353_spearman']:.4f}  Pearson {r['ws353_pearson']:.4f}  "
              f"OOV {r['ws353_oov_percent']:.1f}%")
    print(json.dumps(result))
    if load_warnings:
        print(f"score.py: {args.vectors} loaded with {len(load_warnings)} warning(s); "
              "a word2vec file must load cleanly", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
