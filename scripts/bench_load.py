#!/usr/bin/env python3
"""Loading and query benchmark: w2v beside gensim 4.4, in the same run.

Generates (outside the repository, in /tmp/w2v-bench by default) a 400,000 x 50 text file
(the shape of GloVe 6B 50d, ~170 MB) and its word2vec binary form, then times
  * `w2v neighbors FILE w0 -k 1 --timing` (load time printed by w2v itself on stderr),
  * gensim's KeyedVectors.load_word2vec_format on both files,
and the query speed on a 70,000 x 100 file (or on --vectors FILE):
  * `w2v repl FILE --timing` answering 1,000 'nn WORD' and 1,000 'analogy A B C' lines,
  * gensim's most_similar for the same queries.

usage: scripts/bench_load.py [--w2v .build/release/w2v] [--dir /tmp/w2v-bench] [--vectors FILE]
       scripts/bench_load.py --rss [--baseline OLD-w2v] [--repeat N]
  --rss: peak RSS (/usr/bin/time -v) and wall time of `w2v neighbors FILE w0 -k 1` on the
  400k x 50 files, of --baseline (an older build) interleaved with it, and of gensim's
  load_word2vec_format + most_similar in a fresh python3 process, in the same run.
Build first: swift build -c release
"""
import argparse, os, re, subprocess, sys, time
import numpy as np

def generate(path_txt, path_bin, rows, dim, seed):
    if os.path.exists(path_txt) and os.path.exists(path_bin):
        return
    rng = np.random.default_rng(seed)
    # Structured, not uniform: a few hundred topic centres plus noise, GloVe-like magnitudes.
    centres = rng.normal(0, 0.6, size=(256, dim)).astype(np.float32)
    vectors = (centres[rng.integers(0, 256, rows)] + rng.normal(0, 0.4, size=(rows, dim))).astype(np.float32)
    words = [f"w{i}" for i in range(rows)]
    with open(path_txt + ".tmp", "w") as f:
        f.write(f"{rows} {dim}\n")
        chunk = 10000
        for start in range(0, rows, chunk):
            block = vectors[start:start + chunk]
            lines = [words[start + i] + " " + " ".join(f"{v:.5f}" for v in row) for i, row in enumerate(block)]
            f.write("\n".join(lines) + "\n")
    os.rename(path_txt + ".tmp", path_txt)
    with open(path_bin + ".tmp", "wb") as f:
        f.write(f"{rows} {dim}\n".encode())
        # The binary holds exactly the values of the text file (parsed back), as word2vec.c writes them.
        rounded = np.round(vectors.astype(np.float64), 5).astype(np.float32)
        for word, row in zip(words, rounded):
            f.write(word.encode() + b" " + row.tobytes() + b"\n")
    os.rename(path_bin + ".tmp", path_bin)

def w2v_load_ms(w2v, path):
    out = subprocess.run([w2v, "neighbors", path, "w0", "-k", "1", "--timing"], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"w2v failed on {path}: {out.stderr}")
    m = re.search(r"loaded .* in ([0-9.]+) ms", out.stderr)
    return float(m.group(1))

def peak_rss(command):
    """(peak RSS in MB, wall seconds) of `command` from /usr/bin/time -v."""
    out = subprocess.run(["/usr/bin/time", "-v"] + command, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{command} failed: {out.stderr[-500:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr).group(1)) / 1024
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([0-9.]+)", out.stderr)
    seconds = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    return rss, seconds

def rss_table(args, files):
    tools = [("w2v", args.w2v)] + ([("baseline", args.baseline)] if args.baseline else [])
    for label, path, binary in files:
        gensim = ["python3", "-c", "import sys; from gensim.models import KeyedVectors as K; "
                  f"kv = K.load_word2vec_format(sys.argv[1], binary={binary}); kv.most_similar('w0', topn=1)", path]
        rows = {name: [] for name, _ in tools}
        rows["gensim"] = []
        for _ in range(args.repeat):  # interleaved: A B gensim, A B gensim...
            for name, binary_path in tools:
                rows[name].append(peak_rss([binary_path, "neighbors", path, "w0", "-k", "1"]))
            rows["gensim"].append(peak_rss(gensim))
        for name, runs in rows.items():
            print(f"{label:6} {name:8}: peak RSS {min(r for r, _ in runs):7.1f} MB (runs: {', '.join(f'{r:.1f}' for r, _ in runs)}), "
                  f"wall {min(w for _, w in runs):6.2f} s (runs: {', '.join(f'{w:.2f}' for _, w in runs)})")

def wall(f):
    t = time.perf_counter(); r = f(); return time.perf_counter() - t, r

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--w2v", default=".build/release/w2v")
    ap.add_argument("--dir", default="/tmp/w2v-bench")
    ap.add_argument("--vectors", help="query benchmark on this file instead of a generated 70k x 100 one")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rss", action="store_true", help="peak RSS table only (see above)")
    ap.add_argument("--baseline", help="with --rss: an older w2v binary measured in the same run")
    args = ap.parse_args()
    from gensim.models import KeyedVectors
    os.makedirs(args.dir, exist_ok=True)
    txt, binf = os.path.join(args.dir, "400k50.txt"), os.path.join(args.dir, "400k50.bin")
    generate(txt, binf, 400_000, 50, 1)
    print(f"files: {txt} ({os.path.getsize(txt) / 1e6:.0f} MB), {binf} ({os.path.getsize(binf) / 1e6:.0f} MB)")
    if args.rss:
        rss_table(args, [("text", txt, False), ("binary", binf, True)])
        return
    for label, path, binary in (("text", txt, False), ("binary", binf, True)):
        ours = [w2v_load_ms(args.w2v, path) for _ in range(args.repeat)]
        process = [wall(lambda: subprocess.run([args.w2v, "neighbors", path, "w0", "-k", "1"], capture_output=True))[0] for _ in range(args.repeat)]
        theirs = [wall(lambda: KeyedVectors.load_word2vec_format(path, binary=binary))[0] for _ in range(max(1, args.repeat - 1))]
        print(f"load 400k x 50 {label:6}: w2v {min(ours) / 1000:.3f} s (whole process incl. one query {min(process):.3f} s), "
              f"gensim {min(theirs):.2f} s   [best of {args.repeat}; w2v runs: {', '.join(f'{x / 1000:.3f}' for x in ours)}]")

    # Queries.
    qpath = args.vectors
    if not qpath:
        qpath = os.path.join(args.dir, "70k100.txt")
        generate(qpath, qpath.replace(".txt", ".bin"), 70_000, 100, 2)
    kv = KeyedVectors.load_word2vec_format(qpath, binary=False)
    rng = np.random.default_rng(3)
    top = min(len(kv), 30_000)
    nn = [kv.index_to_key[i] for i in rng.integers(0, top, 1000)]
    an = [[kv.index_to_key[i] for i in rng.integers(0, top, 3)] for _ in range(1000)]
    kv.fill_norms()
    for label, lines, gensim_call in (
        ("neighbours (k=10)", [f"nn {w}" for w in nn], lambda: [kv.most_similar(w, topn=10) for w in nn]),
        ("analogies (k=5)", [f"analogy {a} {b} {c}" for a, b, c in an],
         lambda: [kv.most_similar(positive=[b, c], negative=[a], topn=5) for a, b, c in an]),
    ):
        k = "10" if label.startswith("neigh") else "5"
        out = subprocess.run([args.w2v, "repl", qpath, "-k", k, "--timing"], input="\n".join(lines) + "\n",
                             capture_output=True, text=True)
        m = re.search(r"([0-9]+) queries in ([0-9.]+) ms \(([0-9.]+) ms each\)", out.stderr)
        seconds, _ = wall(gensim_call)
        print(f"{label} over {len(kv)} x {kv.vector_size}: w2v {float(m.group(3)):.3f} ms/query, "
              f"gensim {1000 * seconds / len(lines):.3f} ms/query ({len(lines)} queries)")

if __name__ == "__main__":
    main()
