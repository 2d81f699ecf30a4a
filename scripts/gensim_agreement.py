#!/usr/bin/env python3
"""Runs gensim 4.4's evaluate_word_analogies / evaluate_word_pairs and `w2v eval --json` on the
same vectors file and prints both, side by side, with the differences.

usage: scripts/gensim_agreement.py VECTORS [--w2v .build/release/w2v] [--analogies FILE]
                                   [--similarity FILE ...] [--restrict-vocab 30000]
                                   [--pairs-restrict-vocab 300000] [--case-sensitive] [--dummy4unknown]

Agreement required (issue 3): covered and skipped counts equal, per section and in total;
correct counts within 0.1% of the questions (a near-tie in float rounding may flip; every
question that differs is listed); Spearman within 1e-4. Exit status 1 if not.
Build first: swift build -c release. Needs: pip install "gensim==4.4.*".
"""
import argparse, collections, json, os, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load(path):
    from gensim.models import KeyedVectors
    with open(path, "rb") as f:
        first = f.readline().split()
    if len(first) == 2 and all(x.isdigit() for x in first):
        try:
            return KeyedVectors.load_word2vec_format(path, binary=False), "text"
        except (UnicodeDecodeError, ValueError):
            return KeyedVectors.load_word2vec_format(path, binary=True), "binary"
    return KeyedVectors.load_word2vec_format(path, binary=False, no_header=True), "text, no header"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("vectors")
    ap.add_argument("--w2v", default=os.path.join(ROOT, ".build/release/w2v"))
    ap.add_argument("--analogies", default=os.path.join(ROOT, "corpora/eval/questions-words.txt"))
    ap.add_argument("--similarity", action="append")
    ap.add_argument("--restrict-vocab", type=int, default=30000)
    ap.add_argument("--pairs-restrict-vocab", type=int, default=300000)
    ap.add_argument("--case-sensitive", action="store_true")
    ap.add_argument("--dummy4unknown", action="store_true")
    args = ap.parse_args()
    pair_files = args.similarity or [os.path.join(ROOT, "corpora/eval", f) for f in ("wordsim353.tsv", "simlex999.txt")]
    ci = not args.case_sensitive

    # gensim
    t = time.perf_counter()
    kv, fmt = load(args.vectors)
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    _, gsections = kv.evaluate_word_analogies(args.analogies, restrict_vocab=args.restrict_vocab,
                                              case_insensitive=ci, dummy4unknown=args.dummy4unknown)
    g_analogy_s = time.perf_counter() - t
    gpairs = [kv.evaluate_word_pairs(p, restrict_vocab=args.pairs_restrict_vocab, case_insensitive=ci,
                                     dummy4unknown=args.dummy4unknown) for p in pair_files]

    # w2v
    command = [args.w2v, "eval", args.vectors, "--json", "--details", "--analogies", args.analogies,
               "--restrict-vocab", str(args.restrict_vocab), "--pairs-restrict-vocab", str(args.pairs_restrict_vocab)]
    for p in pair_files:
        command += ["--similarity", p]
    if args.case_sensitive:
        command.append("--case-sensitive")
    if args.dummy4unknown:
        command.append("--dummy4unknown")
    t = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True)
    w_s = time.perf_counter() - t
    if run.returncode != 0:
        sys.exit("w2v eval failed: " + run.stderr)
    ours = json.loads(run.stdout)
    a = ours["analogies"]

    print(f"vectors: {args.vectors} ({len(kv)} words x {kv.vector_size}, {fmt})")
    print(f"analogies: {args.analogies}, restrict_vocab={args.restrict_vocab}, case_insensitive={ci}, "
          f"dummy4unknown={args.dummy4unknown}")
    print(f"time: gensim load {load_s:.1f} s + analogies {g_analogy_s:.1f} s; w2v eval (whole process) {w_s:.1f} s\n")
    print(f"{'section':30} {'gensim correct/covered':>24} {'w2v correct/covered':>22}  difference")
    ok = True
    questions = a["questions"]
    ours_by_name = {s["name"]: s for s in a["sections"] + [a["total"]]}
    for gs in gsections:
        name = gs["section"]
        gc, gi = len(gs["correct"]), len(gs["incorrect"])
        s = ours_by_name.get(name)
        if s is None:
            print(f"{name:30} {gc:>10}/{gc + gi:<13} {'missing':>22}")
            ok = False
            continue
        diff = []
        if gc + gi != s["correct"] + s["incorrect"]:
            diff.append("COVERED DIFFERS")
            ok = False
        if gc != s["correct"]:
            diff.append(f"correct {s['correct'] - gc:+d}")
        print(f"{name:30} {gc:>10}/{gc + gi:<13} {s['correct']:>8}/{s['correct'] + s['incorrect']:<13} {', '.join(diff) or 'same'}")

    # gensim's skipped count: valid questions minus covered (without dummy4unknown).
    g_total = gsections[-1]
    g_covered = len(g_total["correct"]) + len(g_total["incorrect"])
    print(f"\nquestions {questions}: covered gensim {g_covered}, w2v {a['covered']}; "
          f"skipped gensim {questions - g_covered if not args.dummy4unknown else 'n/a'}, w2v {a['skipped']} "
          f"({a['oovRatio']:.1f}% with unknown words)")

    # Per-question comparison.
    g_correct = collections.Counter()
    for gs in gsections[:-1]:
        for q in gs["correct"]:
            g_correct[(gs["section"], tuple(q))] += 1
    w_correct = collections.Counter()
    predicted = {}
    for d in a["details"] or []:
        key = (d["section"], tuple(d["words"]))
        predicted[key] = d["predicted"]
        if d["correct"]:
            w_correct[key] += 1
    only_gensim = g_correct - w_correct
    only_ours = w_correct - g_correct
    flips = sum(only_gensim.values()) + sum(only_ours.values())
    print(f"questions answered differently: {flips} ({100 * flips / questions:.3f}% of the questions; "
          f"allowed 0.1%)")
    for (section, q), _ in list(only_gensim.items())[:10]:
        print(f"  gensim right, w2v wrong: {section}: {' '.join(q)} (w2v predicted {predicted.get((section, q))})")
    for (section, q), _ in list(only_ours.items())[:10]:
        print(f"  w2v right, gensim wrong: {section}: {' '.join(q)}")
    if flips > 0.001 * questions:
        ok = False

    print(f"\n{'word pairs':24} {'gensim Spearman':>16} {'w2v Spearman':>13} {'difference':>11} "
          f"{'gensim Pearson':>15} {'w2v Pearson':>12} {'OOV % gensim/w2v':>18}")
    for path, (pearson, spearman, oov), ours_p in zip(pair_files, gpairs, ours["wordPairs"]):
        d = ours_p["spearman"] - spearman[0]
        print(f"{os.path.basename(path):24} {spearman[0]:16.6f} {ours_p['spearman']:13.6f} {d:11.2e} "
              f"{pearson[0]:15.6f} {ours_p['pearson']:12.6f} {oov:8.3f}/{ours_p['oovRatio']:.3f}")
        if abs(d) > 1e-4 or abs(oov - ours_p["oovRatio"]) > 1e-9:
            ok = False
    print("\nagreement: " + ("OK" if ok else "FAILED"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
