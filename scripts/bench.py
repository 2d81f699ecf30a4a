#!/usr/bin/env python3
"""Benchmark our trainer against gensim and fastText on one corpus, in one run (issue 4).

Usage:
    scripts/bench.py CORPUS [--threads 2] [--epochs 5] [--out bench-out/]
                     [--only ours,gensim,fasttext] [--w2v .build/release/w2v]

Runs, one after another on the same corpus, skip-gram with negative sampling and the
settings in SETTINGS below (dim 100, window 5, negative 5, sample 1e-4, min-count 5,
epochs 5, alpha 0.025, threads 2):
  ours      `w2v train CORPUS --output bench-out/ours.txt ...` (see `our_command`; build it
            first with `swift build -c release`)
  gensim    gensim 4.4 `Word2Vec(corpus_file=...)`, workers=threads, on a copy of the corpus
            with a newline every 10,000 words (made once in the out dir; gensim's
            corpus_file mode trains on almost nothing when the file is one huge line)
  fasttext  fastText skipgram without subwords (minn=0, maxn=0), if `pip install fasttext`
            worked (see scripts/train_peer.py)
Each tool runs as its own process under `/usr/bin/time -v`, so its peak RSS is its own, and
its vectors are then scored by scripts/score.py (gensim analogies over the 30,000 most
frequent words, case-insensitive; WordSim-353 Spearman). A CORPUS ending in .gz is unpacked
once into the out dir first. Nothing is ever written next to CORPUS.

Prints the machine (CPU model, cores, load) and ONE markdown table: tool, wall s (the whole
process: vocabulary, training, saving), words/s (= epochs x corpus tokens / wall), peak RSS
MB (MiB, from /usr/bin/time's "Maximum resident set size"), analogy %, WS-353 Spearman and
the ratio of each peer's wall time to ours (> 1: the peer is slower). Writes the same as
JSON to OUT/bench.json, with the command lines, per-phase times and logs (OUT/<tool>.log,
OUT/<tool>.time). A peer that is missing shows as "not installed", a failing run as
"failed (exit N)"; neither stops the others. The machine is shared and noisy: quote ratios
from one run, never absolute times across runs.

It is not a test; CI never runs it.

Dependencies: python3, gensim 4.4 (`pip install "gensim==4.4.*"`), optionally fasttext
(`pip install fasttext`), and GNU time at /usr/bin/time (Debian: `apt-get install -y time`).
"""

import argparse
import gzip
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time

SCRIPTS = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(SCRIPTS)
TIME = "/usr/bin/time"
# Our variants: the default build (x86-64-v3 for a root build), the host-CPU build (W2V_CPU=native, see README),
# and word2vec.c's per-pair update order (--batch off) on the default build.
OURS = ("ours", "ours-native", "ours-perpair")
TOOLS = OURS + ("gensim", "fasttext")
WORDS_PER_LINE_FOR_GENSIM = 10_000

# The one place the benchmark's settings live; --threads and --epochs override theirs.
SETTINGS = {"dim": 100, "window": 5, "negative": 5, "sample": 1e-4, "min_count": 5,
            "epochs": 5, "alpha": 0.025, "threads": 2, "seed": 1}


def our_command(w2v, corpus, output, s):
    """Our trainer's command line. The CLI is young: if a flag changes, change it here only."""
    return [w2v, "train", corpus, "--output", output,
            "--dim", str(s["dim"]), "--window", str(s["window"]),
            "--negative", str(s["negative"]), "--sample", repr(s["sample"]),
            "--min-count", str(s["min_count"]), "--epochs", str(s["epochs"]),
            "--alpha", repr(s["alpha"]), "--threads", str(s["threads"]),
            "--seed", str(s["seed"])]


def peer_command(peer, corpus, output, s, phases):
    return [sys.executable, os.path.join(SCRIPTS, "train_peer.py"), peer, corpus, output,
            "--settings", json.dumps(s), "--phases", phases]


# ---------------------------------------------------------------- machine and corpus

def machine():
    model = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory_mb = None
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    memory_mb = int(line.split()[1]) // 1024
    except OSError:
        pass
    return {"cpu": model, "logical_cpus": os.cpu_count(),
            "usable_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
            "memory_mb": memory_mb, "load_average": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(), "system": platform.platform(),
            "gensim": package_version("gensim"), "fasttext": package_version("fasttext")}


def package_version(name):
    if importlib.util.find_spec(name) is None:
        return None
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def is_fresh(derived, source):
    """True when `derived` exists and is at least as new as `source` (so it can be reused)."""
    return os.path.exists(derived) and os.path.getmtime(derived) >= os.path.getmtime(source)


def unpacked_corpus(corpus, out):
    """CORPUS itself, or for CORPUS.gz its unpacked copy in OUT (made once)."""
    if not corpus.endswith(".gz"):
        return corpus
    target = os.path.join(out, os.path.basename(corpus)[:-3])
    if not is_fresh(target, corpus):
        print(f"unpacking {corpus} -> {target}", flush=True)
        with gzip.open(corpus, "rb") as src, open(target + ".tmp", "wb") as dst:
            shutil.copyfileobj(src, dst, 16 << 20)
        os.replace(target + ".tmp", target)
    return target


def tokens(path, chunk_size=16 << 20):
    """Yields chunks of whitespace-separated tokens (bytes) without loading the whole file."""
    carry = b""
    with open(path, "rb") as f:
        while True:
            chunk = f.read(chunk_size)
            if not chunk:
                break
            chunk = carry + chunk
            cut = max(chunk.rfind(b" "), chunk.rfind(b"\n"), chunk.rfind(b"\t"), chunk.rfind(b"\r"))
            if cut < 0:
                carry = chunk
                continue
            carry = chunk[cut + 1:]
            yield chunk[:cut].split()
    if carry.split():
        yield carry.split()


def count_tokens(path):
    return sum(len(chunk) for chunk in tokens(path))


def lined_corpus(corpus, out):
    """A copy of CORPUS with a newline every 10,000 words, for gensim's corpus_file (made once)."""
    name = os.path.splitext(os.path.basename(corpus))[0]
    target = os.path.join(out, f"{name}.lines{WORDS_PER_LINE_FOR_GENSIM // 1000}k.txt")
    if is_fresh(target, corpus):
        return target
    print(f"writing {target} (a newline every {WORDS_PER_LINE_FOR_GENSIM} words, for gensim)",
          flush=True)
    n = WORDS_PER_LINE_FOR_GENSIM
    pending = []
    with open(target + ".tmp", "wb") as dst:
        for chunk in tokens(corpus):
            pending.extend(chunk)
            full = len(pending) - len(pending) % n
            for start in range(0, full, n):
                dst.write(b" ".join(pending[start:start + n]) + b"\n")
            pending = pending[full:]
        if pending:
            dst.write(b" ".join(pending) + b"\n")
    os.replace(target + ".tmp", target)
    return target


# ---------------------------------------------------------------- running and scoring

def parse_time_file(path):
    """Peak RSS (MiB) and exit status from GNU time's -v report."""
    result = {"peak_rss_mb": None, "time_exit_status": None, "time_report": None}
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        return result
    result["time_report"] = text
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    if rss:
        result["peak_rss_mb"] = round(int(rss.group(1)) / 1024, 1)
    status = re.search(r"Exit status: (\d+)", text)
    if status:
        result["time_exit_status"] = int(status.group(1))
    return result


def run_tool(tool, argv, out):
    """Runs argv under /usr/bin/time -v; its stdout and stderr go to OUT/<tool>.log."""
    log_path = os.path.join(out, f"{tool}.log")
    time_path = os.path.join(out, f"{tool}.time")
    print(f"running {tool}: {' '.join(argv)}", flush=True)
    started = time.monotonic()
    with open(log_path, "wb") as log:
        completed = subprocess.run([TIME, "-v", "-o", time_path] + argv,
                                   stdout=log, stderr=subprocess.STDOUT)
    wall = time.monotonic() - started
    report = parse_time_file(time_path)
    del report["time_report"]
    return {"exit_status": completed.returncode, "wall_s": round(wall, 2), "log": log_path,
            **report}


def score(vectors):
    """Runs score.py in its own process; returns its JSON (or an error description)."""
    completed = subprocess.run([sys.executable, os.path.join(SCRIPTS, "score.py"), vectors,
                                "--json-only"], capture_output=True, text=True)
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    result = json.loads(lines[-1]) if lines else {}
    result["score_exit_status"] = completed.returncode
    if completed.returncode != 0:
        result["score_error"] = (completed.stderr.strip().splitlines() or ["no output"])[-1]
    return result


def bench_tool(tool, args, corpus, settings):
    """One row of the table: availability check, run, score."""
    out = args.out
    output = os.path.join(out, f"{tool}.txt" if tool in OURS else f"{tool}.vec")
    phases = os.path.join(out, f"{tool}.phases.json")
    row = {"tool": tool}
    if tool in OURS:
        binary = args.w2v_native if tool == "ours-native" else args.w2v
        if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
            row["status"] = f"not built ({binary})"
            return row
        argv = our_command(binary, corpus, output, settings)
        if tool == "ours-perpair":
            argv += ["--batch", "off"]
        row["version"] = None
    else:
        version = package_version(tool)
        if version is None:
            row["status"] = "not installed"
            return row
        row["version"] = version
        if tool == "gensim":
            corpus = lined_corpus(corpus, out)
        argv = peer_command(tool, corpus, output, settings, phases)
    row["command"] = argv
    for stale in (output, phases):
        if os.path.exists(stale):
            os.remove(stale)
    row.update(run_tool(tool, argv, out))
    if os.path.exists(phases):
        with open(phases) as f:
            row["phases"] = json.load(f)
    if row["exit_status"] != 0:
        row["status"] = f"failed (exit {row['exit_status']}, see {row['log']})"
        return row
    row["vectors"] = output
    row["score"] = score(output)
    if row["score"]["score_exit_status"] == 0:
        row["status"] = "ok"
    else:
        row["status"] = f"scoring failed: {row['score'].get('score_error', '')}"
    return row


# ---------------------------------------------------------------- report

def fill_rates(rows, corpus_tokens, epochs):
    ours = next((r for r in rows if r["tool"] == "ours" and r.get("exit_status") == 0), None)
    for row in rows:
        if row.get("exit_status") != 0:
            continue
        row["words_per_s"] = round(epochs * corpus_tokens / row["wall_s"])
        row["wall_ratio_to_ours"] = round(row["wall_s"] / ours["wall_s"], 2) if ours else None


def table(rows):
    def cell(value, fmt):
        return fmt.format(value) if value is not None else "-"

    lines = ["| tool | status | wall s | words/s | peak RSS MB | analogy % | WS-353 | wall / ours |",
             "|---|---|---|---|---|---|---|---|"]
    for row in rows:
        ran = row.get("exit_status") == 0
        s = row.get("score", {})
        name = row["tool"] + (f" {row['version']}" if row.get("version") else "")
        accuracy = 100 * s["analogy_accuracy"] if "analogy_accuracy" in s else None
        lines.append("| " + " | ".join([
            name, row["status"],
            cell(row.get("wall_s") if ran else None, "{:.1f}"),
            cell(row.get("words_per_s"), "{:,}"),
            cell(row.get("peak_rss_mb") if ran else None, "{:.0f}"),
            cell(accuracy, "{:.1f}") + (f" ({s['analogy_covered']:,} q)" if accuracy is not None else ""),
            cell(s.get("ws353_spearman"), "{:.3f}"),
            cell(row.get("wall_ratio_to_ours"), "{:.2f}x"),
        ]) + " |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(
        description="Benchmark our trainer against gensim and fastText on one corpus.")
    parser.add_argument("corpus", help="text corpus (or .gz, unpacked once into --out)")
    parser.add_argument("--threads", type=int, default=SETTINGS["threads"])
    parser.add_argument("--epochs", type=int, default=SETTINGS["epochs"])
    parser.add_argument("--out", default=os.path.join(REPO_ROOT, "bench-out"),
                        help="output directory (default: bench-out/ in the repository)")
    parser.add_argument("--only", default=",".join(TOOLS),
                        help="comma-separated subset of " + ",".join(TOOLS))
    parser.add_argument("--w2v", default=os.path.join(REPO_ROOT, ".build", "release", "w2v"),
                        help="our binary (default .build/release/w2v)")
    parser.add_argument("--w2v-native", default=os.path.join(REPO_ROOT, ".build-native", "release", "w2v"),
                        help="our host-CPU build (default .build-native/release/w2v, made by "
                             "W2V_CPU=native swift build -c release --scratch-path .build-native)")
    args = parser.parse_args()

    only = [t.strip() for t in args.only.split(",") if t.strip()]
    unknown = [t for t in only if t not in TOOLS]
    if unknown or not only:
        parser.error(f"--only takes a subset of {','.join(TOOLS)}; got {args.only!r}")
    if not os.path.isfile(args.corpus):
        parser.error(f"corpus not found: {args.corpus}")
    if not os.access(TIME, os.X_OK):
        print(f"bench.py: {TIME} (GNU time) is missing; install it: apt-get install -y time",
              file=sys.stderr)
        return 2
    args.out = os.path.abspath(args.out)
    os.makedirs(args.out, exist_ok=True)
    settings = dict(SETTINGS, threads=args.threads, epochs=args.epochs)

    info = machine()
    print(f"machine: {info['cpu']}, {info['logical_cpus']} logical CPUs "
          f"({info['usable_cpus']} usable), {info['memory_mb']} MB RAM, "
          f"load average {' '.join(map(str, info['load_average']))}")
    print(f"python {info['python']}, gensim {info['gensim'] or 'not installed'}, "
          f"fasttext {info['fasttext'] or 'not installed'}")
    corpus = unpacked_corpus(os.path.abspath(args.corpus), args.out)
    corpus_tokens = count_tokens(corpus)
    print(f"corpus: {corpus}, {corpus_tokens:,} tokens; settings: {json.dumps(settings)}",
          flush=True)

    rows = [bench_tool(tool, args, corpus, settings) for tool in TOOLS if tool in only]
    fill_rates(rows, corpus_tokens, settings["epochs"])
    print()
    print(table(rows))
    report = {"machine": info, "corpus": corpus, "corpus_tokens": corpus_tokens,
              "settings": settings, "started_load_average": info["load_average"],
              "finished_load_average": [round(x, 2) for x in os.getloadavg()], "rows": rows}
    path = os.path.join(args.out, "bench.json")
    with open(path + ".tmp", "w") as f:
        json.dump(report, f, indent=2)
    os.replace(path + ".tmp", path)
    print(f"\nwrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
