#!/usr/bin/env python3
"""HNSW index against hnswlib and faiss-cpu IndexHNSWFlat, and exact search, on one vectors file.

Prints recall@10 (against exact search, the query word left out) and queries/s on ONE thread
for a sweep of ef, the ef/queries-s at recall 0.90, 0.95 and 0.99, build time on --threads and
index size, for w2v, hnswlib and faiss with the same M and efConstruction; then exact-search
throughput (single thread) and GFLOP/s. Run the whole script under the CPU lock:

    flock /tmp/w2v-cpu.lock python3 scripts/bench_hnsw.py VECTORS.bin --w2v .build/release/w2v

Needs numpy, gensim (to read the file), hnswlib, faiss-cpu. Not a test: it prints figures.
"""
import argparse, json, os, re, subprocess, sys, tempfile, time

import numpy as np


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def recall_of(found, truth):
    return float(np.mean([len(set(f[:10]) & set(t)) / 10 for f, t in zip(found, truth)]))


def drop_self(ids, queries):
    return [[int(i) for i in row if i != q and i >= 0][:10] for row, q in zip(ids, queries)]


def at_targets(sweep, targets=(0.90, 0.95, 0.99)):
    """For each target recall, the first (smallest) ef of the sweep reaching it."""
    out = {}
    for t in targets:
        hit = [s for s in sweep if s["recall"] >= t]
        out[t] = hit[0] if hit else None
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("vectors")
    ap.add_argument("--w2v", default=".build/release/w2v")
    ap.add_argument("--queries", type=int, default=10000)
    ap.add_argument("--m", type=int, default=16)
    ap.add_argument("--ef-construction", type=int, default=200)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--efs", default="10,16,24,32,48,64,96,128,192,256,384")
    ap.add_argument("--peers", default="hnswlib,faiss")
    ap.add_argument("--workdir", default=tempfile.gettempdir())
    args = ap.parse_args()
    efs = [int(x) for x in args.efs.split(",")]

    from gensim.models import KeyedVectors
    kv = KeyedVectors.load_word2vec_format(args.vectors, binary=args.vectors.endswith(".bin"))
    words = kv.index_to_key
    unit = kv.get_normed_vectors().astype(np.float32)
    kv = None  # the raw rows are not needed again (3.6 GB at GoogleNews size)
    n, d = unit.shape
    rng = np.random.default_rng(0)
    queries = rng.choice(n, size=min(args.queries, n), replace=False)
    print(f"vectors {args.vectors}: {n} x {d}; {len(queries)} query words; M {args.m}, efConstruction {args.ef_construction}, "
          f"build threads {args.threads}, search 1 thread")

    # Exact top 10 (the query row left out), in blocks.
    # Blocks of queries whose similarity matrix stays near 800 MB (1,000 rows at 219k words,
    # 66 at GoogleNews' 3M).
    block = max(1, min(1000, int(2e8 // n)))
    truth = []
    for start in range(0, len(queries), block):
        q = queries[start:start + block]
        sims = unit[q] @ unit.T
        sims[np.arange(len(q)), q] = -np.inf
        top = np.argpartition(-sims, 10, axis=1)[:, :10]
        order = np.take_along_axis(sims, top, 1).argsort(axis=1)[:, ::-1]
        truth += [list(map(int, r)) for r in np.take_along_axis(top, order, 1)]

    results = {}
    one_core = ["taskset", "-c", "0"]
    # w2v
    index_path = os.path.join(args.workdir, "bench.hnsw")
    t = time.perf_counter()
    run([args.w2v, "index", args.vectors, "--output", index_path, "--m", str(args.m), "--ef-construction",
         str(args.ef_construction), "--threads", str(args.threads), "--quiet"])
    build_total = time.perf_counter() - t
    load = run([args.w2v, "neighbors", args.vectors, words[0], "--timing"]).stderr
    load_ms = float(re.search(r"loaded .* in ([0-9.]+) ms", load).group(1))
    sweep = []
    query_words = [words[q] for q in queries]
    row_of = {w: i for i, w in enumerate(words)}
    for ef in efs:
        p = run(one_core + [args.w2v, "neighbors", args.vectors, "--index", index_path, "--ef", str(ef), "-k", "10",
                            "--json", "--timing"] + query_words)
        ms = float(re.search(r"timing: \d+ queries in ([0-9.]+) ms", p.stderr).group(1))
        cost = re.search(r"([0-9]+) dot products and ([0-9]+) nodes", p.stderr)
        found = [[row_of[x["word"]] for x in o["neighbours"]] for o in json.loads(p.stdout)]
        sweep.append({"ef": ef, "recall": recall_of(found, truth), "qps": len(queries) / (ms / 1000),
                      "dots": int(cost.group(1))})
    results["w2v"] = {"build_s": build_total - load_ms / 1000, "build_wall_s": build_total,
                      "size_mb": os.path.getsize(index_path) / 1e6, "sweep": sweep,
                      "note": "index file holds the graph only; the vectors file is read alongside"}

    if "hnswlib" in args.peers:
        import hnswlib
        p = hnswlib.Index(space="ip", dim=d)
        p.init_index(max_elements=n, ef_construction=args.ef_construction, M=args.m, random_seed=100)
        p.set_num_threads(args.threads)
        t = time.perf_counter()
        p.add_items(unit, np.arange(n))
        build = time.perf_counter() - t
        path = os.path.join(args.workdir, "bench.hnswlib")
        p.save_index(path)
        p.set_num_threads(1)
        sweep = []
        for ef in efs:
            p.set_ef(max(ef, 11))
            t = time.perf_counter()
            ids, _ = p.knn_query(unit[queries], k=11)
            el = time.perf_counter() - t
            sweep.append({"ef": ef, "recall": recall_of(drop_self(ids, queries), truth), "qps": len(queries) / el})
        results["hnswlib " + getattr(hnswlib, "__version__", "")] = {"build_s": build, "size_mb": os.path.getsize(path) / 1e6,
                                                                     "sweep": sweep, "note": "index holds the vectors"}
        os.unlink(path)

    if "faiss" in args.peers:
        import faiss
        f = faiss.IndexHNSWFlat(d, args.m, faiss.METRIC_INNER_PRODUCT)
        f.hnsw.efConstruction = args.ef_construction
        faiss.omp_set_num_threads(args.threads)
        t = time.perf_counter()
        f.add(unit)
        build = time.perf_counter() - t
        path = os.path.join(args.workdir, "bench.faiss")
        faiss.write_index(f, path)
        faiss.omp_set_num_threads(1)
        sweep = []
        for ef in efs:
            f.hnsw.efSearch = max(ef, 11)
            t = time.perf_counter()
            _, ids = f.search(unit[queries], 11)
            el = time.perf_counter() - t
            sweep.append({"ef": ef, "recall": recall_of(drop_self(ids, queries), truth), "qps": len(queries) / el})
        results["faiss " + faiss.__version__] = {"build_s": build, "size_mb": os.path.getsize(path) / 1e6, "sweep": sweep,
                                                 "note": "index holds the vectors"}
        os.unlink(path)

    for name, r in results.items():
        print(f"\n## {name}: build {r['build_s']:.1f} s on {args.threads} threads, index {r['size_mb']:.1f} MB ({r['note']})")
        print("| ef | recall@10 | queries/s (1 thread) |" + (" dot products/query |" if "dots" in r["sweep"][0] else ""))
        for s in r["sweep"]:
            print(f"| {s['ef']} | {s['recall']:.4f} | {s['qps']:.0f} |" + (f" {s['dots']} |" if "dots" in s else ""))
    print("\n## at target recall: smallest ef of the sweep reaching it, and its queries/s")
    print("| library | " + " | ".join(f"recall {t:.2f}: ef, q/s" for t in (0.90, 0.95, 0.99)) + " | build s | MB |")
    for name, r in results.items():
        cells = [f"{s['ef']}, {s['qps']:.0f}" if s else "not reached" for s in at_targets(r["sweep"]).values()]
        print(f"| {name} | " + " | ".join(cells) + f" | {r['build_s']:.1f} | {r['size_mb']:.1f} |")

    # Exact search, one thread: 16 words take the plain scan, 1000 the bfloat16 pre-scan (same answers).
    print("\n## exact search, 1 thread")
    for label, count in (("plain scan (Embeddings.nearest)", 16), ("bfloat16 pre-scan + exact rescore (NeighbourIndex)", 1000)):
        p = run(one_core + [args.w2v, "neighbors", args.vectors, "-k", "10", "--timing"] + query_words[:count])
        ms = float(re.search(r"timing: \d+ queries in ([0-9.]+) ms", p.stderr).group(1))
        per = ms / 1000 / count
        print(f"{label}: {1 / per:.1f} queries/s, {2 * n * d / per / 1e9:.1f} GFLOP/s (2 x {n} x {d} flops per query)")


if __name__ == "__main__":
    main()
