#!/usr/bin/env python3
"""gensim's KeyedVectors query set against `w2v repl --json` on the same vectors file.

For each verb (doesnt_match, n_similarity, rank_by_centrality, closer_than,
most_similar_to_given, similar_by_vector, wmdistance) draws N seeded random queries over the
most frequent words, answers them with gensim 4.4 (wmdistance through POT's emd2) and with
one `w2v repl --json` run, and counts the answers that differ (words or order, or a score
further than 1e-5 apart). Prints a table; exit status 1 if any answer differs.

    python3 scripts/gensim_queries_agreement.py VECTORS.bin --w2v .build/release/w2v [--queries 1000]
"""
import argparse, json, subprocess, sys

import numpy as np
from gensim.models import KeyedVectors

TOL = 1e-5


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("vectors")
    ap.add_argument("--w2v", default=".build/release/w2v")
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--pool", type=int, default=30000, help="draw words from the first POOL rows")
    args = ap.parse_args()
    kv = KeyedVectors.load_word2vec_format(args.vectors, binary=args.vectors.endswith(".bin"))
    words = kv.index_to_key[:args.pool]
    rng = np.random.default_rng(20)
    pick = lambda k: [words[i] for i in rng.integers(0, len(words), k)]
    cases = []  # (verb, line, gensim answer)
    for _ in range(args.queries):
        w = pick(int(rng.integers(3, 7)))
        cases.append(("doesnt_match", w, kv.doesnt_match(w)))
    for _ in range(args.queries):
        a, b = pick(int(rng.integers(1, 5))), pick(int(rng.integers(1, 5)))
        cases.append(("n_similarity", a + ["/"] + b, float(kv.n_similarity(a, b))))
    for _ in range(args.queries):
        w = pick(int(rng.integers(2, 7)))
        cases.append(("rank_by_centrality", w, [(x, float(s)) for s, x in kv.rank_by_centrality(w)]))
    for _ in range(args.queries):
        a = pick(1)[0]
        b = kv.most_similar(a, topn=30)[int(rng.integers(0, 30))][0]
        cases.append(("closer_than", [a, b], kv.closer_than(a, b)))
    for _ in range(args.queries):
        w = pick(int(rng.integers(3, 9)))
        cases.append(("most_similar_to_given", w, kv.most_similar_to_given(w[0], w[1:])))
    for _ in range(args.queries):
        v = rng.standard_normal(kv.vector_size).astype(np.float32)
        cases.append(("similar_by_vector", [repr(float(x)) for x in v], [(x, float(s)) for x, s in kv.similar_by_vector(v, topn=10)]))
    for _ in range(args.queries):
        a, b = pick(int(rng.integers(2, 9))), pick(int(rng.integers(2, 9)))
        cases.append(("wmdistance", a + ["/"] + b, float(kv.wmdistance(a, b))))

    text = "".join(verb + " " + " ".join(arguments) + "\n" for verb, arguments, _ in cases)
    p = subprocess.run([args.w2v, "repl", args.vectors, "-k", "10", "--json"], input=text, capture_output=True, text=True, check=True)
    answers = [json.loads(line) for line in p.stdout.splitlines()]
    assert len(answers) == len(cases), (len(answers), len(cases))

    def close(x, y):
        return abs(x - y) <= TOL

    def ranked_same(ours, theirs):
        return len(ours) == len(theirs) and all(a == b and close(s, t) for (a, s), (b, t) in zip(ours, theirs))

    differ, examples, worst = {}, {}, {}
    for (verb, arguments, expected), answer in zip(cases, answers):
        q = answer.get("query")
        if q is None:
            same, gap = False, None
        elif verb in ("doesnt_match", "most_similar_to_given"):
            same, gap = q["word"] == expected, 0.0
        elif verb == "n_similarity":
            same, gap = close(q["similarity"], expected), abs(q["similarity"] - expected)
        elif verb == "wmdistance":
            same, gap = close(q["distance"], expected), abs(q["distance"] - expected)
        elif verb == "closer_than":
            same, gap = q["words"] == expected, 0.0
        elif verb == "rank_by_centrality":
            ours = [(r["word"], r["score"]) for r in q["ranked"]]
            same, gap = ranked_same(ours, expected), max(abs(s - t) for (_, s), (_, t) in zip(ours, expected))
        else:
            ours = [(r["word"], r["score"]) for r in q["answers"]]
            same, gap = ranked_same(ours, expected), max(abs(s - t) for (_, s), (_, t) in zip(ours, expected))
        differ[verb] = differ.get(verb, 0) + (not same)
        if gap is not None:
            worst[verb] = max(worst.get(verb, 0.0), gap)
        if not same and verb not in examples:
            examples[verb] = (" ".join(arguments)[:120], expected if not isinstance(expected, list) else expected[:5], answer)
    print(f"vectors {args.vectors}: {len(kv)} x {kv.vector_size}; {args.queries} random queries per verb over the first {len(words)} rows")
    print("| verb | queries | differing answers | largest score gap |")
    for verb in dict.fromkeys(v for v, _, _ in cases):
        print(f"| {verb} | {args.queries} | {differ.get(verb, 0)} | {worst.get(verb, 0):.2e} |")
    for verb, (line, expected, got) in examples.items():
        print(f"\nfirst difference, {verb}: {line}\n  gensim: {expected}\n  w2v:    {json.dumps(got)[:400]}")
    sys.exit(1 if any(differ.values()) else 0)


if __name__ == "__main__":
    main()
