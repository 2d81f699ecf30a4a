#!/usr/bin/env bash
# Shell-level tests of the w2v command line: exit statuses, one clear message, no partial
# output, signals (SIGINT/SIGTERM, a second Ctrl-C), file-size limits (ulimit -f), hostile
# input files (empty, junk, invalid UTF-8, NUL bytes, a 1 MB token, a single 200 MB line),
# hostile checkpoints, and byte-identical reproducibility and resumption.
#
# usage: scripts/cli_tests.sh PATH/TO/w2v
# Self-contained: works in a mktemp directory that is removed at the end; the last line is
# "N passed, M failed"; the exit status is non-zero when a test failed.
set -u
if [ $# -ne 1 ] || [ ! -x "$1" ]; then echo "usage: $0 PATH/TO/w2v" >&2; exit 2; fi
W="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WIKI="$ROOT/corpora/wikivisual8-head.txt"
LATIN1="$ROOT/corpora/latin1-reviews.txt"
T="$(mktemp -d "${TMPDIR:-/tmp}/w2v-cli.XXXXXX")"
chmod 755 "$T"
trap 'rm -rf "$T"' EXIT
started=$SECONDS
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }

# expect NAME STATUS PATTERN COMMAND...
# Runs COMMAND in a fresh empty directory $T/out; checks the exit status, that stderr
# contains PATTERN (grep -E), that a failure says "w2v <cmd>:" on exactly one line, and that
# a failure leaves no file at all in $T/out (no partial output, no temporary file).
expect() {
  local name=$1 want=$2 pattern=$3
  shift 3
  rm -rf "$T/out"
  mkdir -p "$T/out"
  chmod 777 "$T/out"
  (cd "$T/out" && "$@") > "$T/stdout" 2> "$T/stderr"
  local got=$?
  local tail
  tail="$(tail -c 400 "$T/stderr" | tr '\n\0' '|@')"
  if [ "$got" != "$want" ]; then bad "$name" "exit $got, expected $want; stderr: $tail"; return 1; fi
  if [ -n "$pattern" ] && ! grep -Eq -- "$pattern" "$T/stderr"; then bad "$name" "stderr lacks /$pattern/: $tail"; return 1; fi
  if [ "$want" != 0 ]; then
    local lines
    lines=$(grep -c '^w2v [a-z]*: ' "$T/stderr")
    if [ "$want" != 130 ] && [ "$lines" != 1 ]; then bad "$name" "$lines error lines, expected 1: $tail"; return 1; fi
    if [ -n "$(ls -A "$T/out")" ]; then bad "$name" "left files behind: $(ls -A "$T/out" | tr '\n' ' ')"; return 1; fi
  fi
  ok "$name"
}

# Flips bit 4 of the byte at OFFSET in FILE.
flip() {
  local b
  b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
  printf "\\$(printf %o $((b ^ 16)))" | dd of="$1" bs=1 seek="$2" count=1 conv=notrunc status=none
}

# Waits (up to $2 seconds) until file $1 exists.
wait_for() {
  local i=0
  while [ ! -e "$1" ] && [ $i -lt $(($2 * 20)) ]; do sleep 0.05; i=$((i + 1)); done
  [ -e "$1" ]
}

# launch ARGS...: starts "w2v ARGS..." in the background in a fresh directory $T/sig, stderr
# to $T/sig/err; sets $pid.
launch() {
  rm -rf "$T/sig"
  mkdir -p "$T/sig"
  (cd "$T/sig" && exec "$W" "$@") 2> "$T/sig/err" &
  pid=$!
}

# Waits until the launched run prints its "training:" line, then 0.3 s more.
until_training() {
  for _ in $(seq 1 200); do grep -q '^training:' "$T/sig/err" && break; sleep 0.05; done
  sleep 0.3
}

# Files the launched run left, other than its stderr.
left() { ls -A "$T/sig" | grep -v '^err$' | tr '\n' ' '; }

# ---- fixtures (all under $T) ----
F="$T/fixtures"
mkdir -p "$F"
head -c 2000000 "$WIKI" > "$F/small.txt"
: > "$F/empty.txt"
printf 'alone alone alone alone alone alone\nalone alone\n' > "$F/one.txt"
printf 'every word here is rare\n' > "$F/rare.txt"
head -c 300000 /dev/urandom > "$F/junk.bin"
for i in $(seq 1 300); do printf 'nul\0byte word\0s and more plain words here\n'; done > "$F/nul.txt"
{ head -c 1048576 /dev/zero | tr '\0' 'x'; printf ' '; head -c 300000 "$WIKI"; } > "$F/bigtoken.txt"
cp "$F/small.txt" "$F/changed.txt"
printf 'Q' | dd of="$F/changed.txt" bs=1 seek=1000000 count=1 conv=notrunc status=none
mkdir -p "$F/dir.txt"
FAST=(--dim 10 --epochs 1 --threads 1 --quiet)

# ---- invalid command lines: exit 2 with the usage line, before any work ----
U='usage: w2v train'
expect "unknown flag" 2 "unknown option '--bogus'.*|$U" "$W" train "$F/small.txt" --output v.txt --bogus
expect "negative dimension" 2 "--dim must be" "$W" train "$F/small.txt" --output v.txt --dim -5
expect "window 0" 2 "--window must be" "$W" train "$F/small.txt" --output v.txt --window 0
expect "negative sample" 2 "--sample must be" "$W" train "$F/small.txt" --output v.txt --sample -1
expect "alpha 0" 2 "--alpha must be" "$W" train "$F/small.txt" --output v.txt --alpha 0
expect "missing --output" 2 "--output is required" "$W" train "$F/small.txt"
expect "missing corpus" 2 "missing CORPUS" "$W" train --output v.txt
expect "checkpoint-every 0" 2 "--checkpoint-every expects" "$W" train "$F/small.txt" --output v.txt --checkpoint c --checkpoint-every 0
expect "checkpoint-every alone" 2 "needs --checkpoint" "$W" train "$F/small.txt" --output v.txt --checkpoint-every 5
expect "bad memory size" 2 "--max-vocab-memory expects" "$W" train "$F/small.txt" --output v.txt --max-vocab-memory lots
expect "resume with --dim" 2 "--dim cannot be changed with --resume" "$W" train --resume x.ckpt --output v.txt --dim 50
expect "export without output" 2 "--output is required" "$W" export x.ckpt
expect "usage line shown" 2 "^$U" "$W" train "$F/small.txt" --output v.txt --window 0

# ---- hostile corpora: exit 1, one message naming the file, no output ----
expect "missing corpus file" 1 "nothing.txt: cannot open corpus: No such file" "$W" train "$F/nothing.txt" --output v.txt "${FAST[@]}"
expect "corpus is an empty directory" 1 "dir.txt: directory holds no regular file" "$W" train "$F/dir.txt" --output v.txt "${FAST[@]}"
expect "empty corpus" 1 "empty.txt: no words found" "$W" train "$F/empty.txt" --output v.txt "${FAST[@]}"
expect "one distinct word" 1 "vocabulary has 1 word.*lower --min-count" "$W" train "$F/one.txt" --output v.txt "${FAST[@]}"
expect "every word under min-count" 1 "rare.txt: no word occurs at least 5 times" "$W" train "$F/rare.txt" --output v.txt "${FAST[@]}"
expect "binary junk" 0 "[1-9][0-9,]* invalid UTF-8 sequences replaced" "$W" train "$F/junk.bin" --output v.txt --dim 10 --epochs 1 --threads 1 --sample 0
expect "binary junk, high min-count" 1 "junk.bin: no word occurs at least 100000 times" "$W" train "$F/junk.bin" --output v.txt "${FAST[@]}" --min-count 100000
expect "invalid UTF-8 (Latin-1)" 0 "[1-9][0-9,]* invalid UTF-8 sequences replaced" \
  "$W" train "$LATIN1" --output v.txt --dim 10 --epochs 1 --threads 1 --min-count 2
expect "NUL bytes" 0 "vocabulary" "$W" train "$F/nul.txt" --output v.txt --dim 10 --epochs 1 --threads 1 --min-count 1
expect "1 MB token" 0 "1 token truncated to 1,024 bytes" "$W" train "$F/bigtoken.txt" --output v.txt --dim 10 --epochs 1 --threads 1 --min-count 1
if setpriv --reuid=65534 --regid=65534 --clear-groups true 2> /dev/null; then
  cp "$F/small.txt" "$F/secret.txt"
  chmod 000 "$F/secret.txt"
  expect "unreadable corpus (as nobody)" 1 "secret.txt: cannot open corpus: Permission denied" \
    setpriv --reuid=65534 --regid=65534 --clear-groups "$W" train "$F/secret.txt" --output v.txt "${FAST[@]}"
  mkdir -p "$T/locked"
  chmod 555 "$T/locked"
  expect "unwritable output directory (as nobody)" 1 "locked/v.txt: cannot create output file: Permission denied" \
    setpriv --reuid=65534 --regid=65534 --clear-groups "$W" train "$F/small.txt" --output "$T/locked/v.txt" "${FAST[@]}"
else
  echo "skip permission tests (setpriv cannot drop privileges here)"
fi

# ---- outputs: missing directory, a directory, full disk (ulimit -f): refused or cleaned up ----
expect "output in a missing directory" 1 "cannot create output file: No such file" "$W" train "$F/small.txt" --output "$T/none/v.txt" "${FAST[@]}"
expect "output is a directory" 1 "it is a directory" "$W" train "$F/small.txt" --output "$F/dir.txt" "${FAST[@]}"
expect "checkpoint in a missing directory" 1 "none/c.ckpt: cannot create output file" "$W" train "$F/small.txt" --output v.txt --checkpoint "$T/none/c.ckpt" "${FAST[@]}"
expect "vectors hit ulimit -f" 1 "v.txt: write failed: File too large" \
  bash -c 'ulimit -f 200; exec "$0" train "$1" --output v.txt --dim 10 --epochs 1 --threads 1 --quiet' "$W" "$F/small.txt"
expect "checkpoint hits ulimit -f" 1 "c.ckpt: write failed: File too large" \
  bash -c 'ulimit -f 200; exec "$0" train "$1" --output v.txt --checkpoint c.ckpt --dim 10 --epochs 1 --threads 1 --quiet' "$W" "$F/small.txt"
expect "ids on disk hit ulimit -f" 1 "cannot keep the encoded corpus.*File too large" \
  bash -c 'ulimit -f 100; exec "$0" train "$1" --output v.txt --ids-on-disk --dim 10 --epochs 1 --threads 1 --quiet' "$W" "$F/small.txt"
expect "max-vocab-memory prunes" 0 "counting pruned rare words to bound memory, so the vocabulary cut is approximate" \
  "$W" train "$F/small.txt" --output v.txt --max-vocab-memory 1M --dim 10 --epochs 1 --threads 1
expect "ids on disk" 0 "ids memory-mapped from a temporary file" "$W" train "$F/small.txt" --output v.txt --ids-on-disk --dim 10 --epochs 1 --threads 1

# ---- reproducibility, checkpoints, export ----
expect "seeded run 1" 0 "" "$W" train "$F/small.txt" --output v.txt --dim 10 --epochs 2 --threads 1 --seed 3 --quiet --binary
cp "$T/out/v.txt" "$T/run1.bin"
expect "seeded run 2" 0 "" "$W" train "$F/small.txt" --output v.txt --dim 10 --epochs 2 --threads 1 --seed 3 --quiet --binary
if cmp -s "$T/out/v.txt" "$T/run1.bin"; then ok "two --threads 1 --seed 3 runs are byte-identical"; else bad "reproducibility" "the two runs differ"; fi

expect "train with a checkpoint" 0 "checkpoint: 100.0% saved to good.ckpt" "$W" train "$F/small.txt" --output v.txt --checkpoint good.ckpt --dim 10 --epochs 1 --threads 1
cp "$T/out/good.ckpt" "$T/good.ckpt"
cp "$T/out/v.txt" "$T/good.txt"
expect "export" 0 "vectors of a finished run" "$W" export "$T/good.ckpt" --output v.txt
if cmp -s "$T/out/v.txt" "$T/good.txt"; then ok "export equals the trained vectors"; else bad "export" "differs from train's output"; fi
expect "export: output in a missing directory" 1 "none/v.txt: cannot create output file: No such file" "$W" export "$T/good.ckpt" --output "$T/none/v.txt"
expect "export: ulimit -f" 1 "v.txt: write failed: File too large" bash -c 'ulimit -f 100; exec "$0" export "$1" --output v.txt' "$W" "$T/good.ckpt"
expect "export binary input+output" 0 "input\\+output vectors" "$W" export "$T/good.ckpt" --output v.bin --binary --vectors input+output
expect "resume a finished run" 0 "resuming .*100.0% done" "$W" train --resume "$T/good.ckpt" --checkpoint c.ckpt --output v.txt
if cmp -s "$T/out/v.txt" "$T/good.txt"; then ok "resuming a finished run writes the same vectors"; else bad "resume finished" "vectors differ"; fi

# ---- hostile checkpoints ----
size=$(wc -c < "$T/good.ckpt")
cp "$T/good.ckpt" "$F/flipped.ckpt"; flip "$F/flipped.ckpt" $((size / 2))
cp "$T/good.ckpt" "$F/future.ckpt"; printf '\x03' | dd of="$F/future.ckpt" bs=1 seek=8 count=1 conv=notrunc status=none
head -c $((size - 100)) "$T/good.ckpt" > "$F/truncated.ckpt"
for kind in export resume; do
  run() { if [ $kind = export ]; then "$W" export "$1" --output v.txt; else "$W" train --resume "$1" --output v.txt; fi; }
  expect "$kind: missing checkpoint" 1 "none.ckpt: cannot read checkpoint: No such file" run "$F/none.ckpt"
  expect "$kind: checkpoint is a directory" 1 "cannot read checkpoint: it is a directory" run "$F/dir.txt"
  expect "$kind: empty checkpoint" 1 "damaged checkpoint at byte 0: the file is empty" run "$F/empty.txt"
  expect "$kind: junk checkpoint" 1 "not a w2v checkpoint" run "$F/junk.bin"
  expect "$kind: vectors file as checkpoint" 1 "not a w2v checkpoint" run "$T/good.txt"
  expect "$kind: bad checksum" 1 "checksum mismatch" run "$F/flipped.ckpt"
  expect "$kind: future version" 1 "format version 3 is newer" run "$F/future.ckpt"
  expect "$kind: truncated checkpoint" 1 "truncated" run "$F/truncated.ckpt"
done
expect "resume on another corpus" 1 "does not match: it was made from a corpus of" "$W" train --resume "$T/good.ckpt" --output v.txt "$F/bigtoken.txt"
expect "resume on a changed corpus" 1 "does not match: the corpus is not the one" "$W" train --resume "$T/good.ckpt" --output v.txt "$F/changed.txt"

# ---- hostile vectors files (the reader behind every query command) and evaluation files ----
for i in 1 2 3 4 5 6; do echo "the cat sat on the mat"; done > "$F/tiny.txt"
(cd "$T" && "$W" train "$F/tiny.txt" --output tiny.txt --checkpoint tiny.ckpt --dim 2 --epochs 1 --threads 1 --min-count 1 --sample 0 --quiet &&
  "$W" export tiny.ckpt --output tiny.bin --binary --quiet)
s=$(wc -c < "$T/tiny.bin"); head -c $((s - 4)) "$T/tiny.bin" > "$F/cut-float.bin"
s=$(wc -c < "$T/tiny.txt"); head -c $((s - 10)) "$T/tiny.txt" > "$F/cut-row.txt"
head -c 600000 "$T/good.txt" > "$F/cut-half.txt"
(echo "9 2"; tail -n +2 "$T/tiny.txt") > "$F/more-rows.txt"
(echo "5 3"; tail -n +2 "$T/tiny.txt") > "$F/wrong-dim.txt"
(echo "99999999999 2"; tail -n +2 "$T/tiny.txt") > "$F/huge-header.txt"
# vec NAME PATTERN FILE: a query command reading FILE must fail with PATTERN.
vec() { expect "vectors: $1" 1 "$2" "$W" neighbors "$3" the; }
vec "missing" "none.vec: cannot read: No such file" "$F/none.vec"
vec "directory" "dir.txt: cannot read: it is a directory" "$F/dir.txt"
vec "empty" "empty.txt: the file is empty" "$F/empty.txt"
vec "binary junk" "junk.bin: not a vectors file" "$F/junk.bin"
vec "invalid UTF-8 text" "latin1-reviews.txt: not a vectors file" "$LATIN1"
vec "NUL bytes" "nul.txt: not a vectors file" "$F/nul.txt"
vec "1 MB token" "bigtoken.txt: not a vectors file" "$F/bigtoken.txt"
vec "truncated mid-float" "cut-float.bin: row 4 .*truncated binary data" "$F/cut-float.bin"
vec "truncated mid-row" "cut-row.txt: line 6: word 'mat' has 1 values, expected 2" "$F/cut-row.txt"
vec "truncated text" "cut-half.txt: line [0-9]+: word '.*' has [0-9] values, expected 10" "$F/cut-half.txt"
vec "header lies about rows" "more-rows.txt: line 7: the header declares 9 rows but the file ends after 5" "$F/more-rows.txt"
vec "header lies about dimension" "wrong-dim.txt: line 2: word 'the' has 2 values, expected 3" "$F/wrong-dim.txt"
vec "absurd header" "huge-header.txt: line 1: header '99999999999 2' does not match" "$F/huge-header.txt"
expect "vectors: a good binary file reads" 0 "" "$W" neighbors "$T/tiny.bin" the -k 2
if setpriv --reuid=65534 --regid=65534 --clear-groups true 2> /dev/null; then
  cp "$T/tiny.bin" "$F/secret.bin"
  chmod 000 "$F/secret.bin"
  expect "vectors: unreadable (as nobody)" 1 "secret.bin: cannot read: Permission denied" \
    setpriv --reuid=65534 --regid=65534 --clear-groups "$W" neighbors "$F/secret.bin" the
fi
for option in --analogies --similarity; do
  expect "eval $option: missing" 1 "none.txt: cannot read: No such file" "$W" eval "$T/tiny.txt" $option "$F/none.txt"
  expect "eval $option: directory" 1 "dir.txt: cannot read: it is a directory" "$W" eval "$T/tiny.txt" $option "$F/dir.txt"
  expect "eval $option: empty" 1 "empty.txt: line 1: no " "$W" eval "$T/tiny.txt" $option "$F/empty.txt"
  expect "eval $option: binary junk" 1 "junk.bin: line 1: " "$W" eval "$T/tiny.txt" $option "$F/junk.bin"
  expect "eval $option: invalid UTF-8" 1 "latin1-reviews.txt: line 1: " "$W" eval "$T/tiny.txt" $option "$LATIN1"
done

# word lists of bias and weat (--words, --pairs, --sets): the same refusals, naming the file and line
HEAD="$ROOT/corpora/vectors-head2000-50d.bin"
expect "bias --words: missing" 1 "none.txt: cannot read: no such file" "$W" bias "$HEAD" --words "$F/none.txt"
expect "bias --words: directory" 1 "dir.txt: cannot read: is a directory" "$W" bias "$HEAD" --words "$F/dir.txt"
expect "bias --words: empty" 1 "empty.txt: line 1: no words" "$W" bias "$HEAD" --words "$F/empty.txt"
expect "bias --words: binary junk" 1 "junk.bin: line [0-9]*: " "$W" bias "$HEAD" --words "$F/junk.bin"
expect "bias --words: invalid UTF-8" 1 "latin1-reviews.txt: line 27: not valid UTF-8" "$W" bias "$HEAD" --words "$LATIN1"
expect "bias --words: NUL bytes" 1 "nul.txt: line [0-9]*: NUL byte" "$W" bias "$HEAD" --words "$F/nul.txt"

# ---- numerical health: a diverging run stops with advice and writes nothing ----
expect "alpha 9 diverges" 1 "diverged.*lower --alpha" "$W" train "$F/small.txt" --output v.txt --alpha 9 --dim 50 --epochs 3 --threads 1 --quiet

# ---- signals ----
# SIGINT mid-run with --checkpoint: status 130, checkpoint saved; resuming it gives exactly the
# vectors of an uninterrupted run (one thread).
LONG=(--dim 20 --epochs 4 --threads 1 --seed 5)
launch train "$WIKI" --output v.txt --checkpoint run.ckpt --checkpoint-every 0.01 "${LONG[@]}"
if wait_for "$T/sig/run.ckpt" 60; then kill -INT $pid; fi
wait $pid
status=$?
if [ $status = 130 ] && grep -q "interrupted at .*checkpoint saved to run.ckpt" "$T/sig/err" && [ ! -e "$T/sig/v.txt" ]; then
  ok "SIGINT: checkpoint saved, status 130, no vectors"
  (cd "$T/sig" && "$W" train --resume run.ckpt --output v.txt --quiet)
  (cd "$T/sig" && "$W" train "$WIKI" --output ref.txt --quiet "${LONG[@]}")
  if cmp -s "$T/sig/v.txt" "$T/sig/ref.txt"; then ok "interrupted + resumed == uninterrupted, byte for byte"; else bad "resume after SIGINT" "vectors differ from the uninterrupted run"; fi
else
  bad "SIGINT with checkpoint" "status $status: $(tail -c 300 "$T/sig/err" | tr '\n' '|')"
fi

# SIGTERM without --checkpoint: status 130, says nothing was saved, writes nothing.
launch train "$WIKI" --output v.txt "${LONG[@]}"
until_training
kill -TERM $pid
wait $pid
status=$?
if [ $status = 130 ] && grep -q "nothing was saved" "$T/sig/err" && [ -z "$(left)" ]; then
  ok "SIGTERM without checkpoint: status 130, nothing saved, nothing written"
else
  bad "SIGTERM" "status $status, files: $(left), stderr: $(tail -c 300 "$T/sig/err" | tr '\n' '|')"
fi

# Two Ctrl-C in a row: the second quits at once (status 130 either way).
launch train "$WIKI" --output v.txt --checkpoint run.ckpt --dim 200 --epochs 4 --threads 1
until_training
kill -INT $pid; sleep 0.01; kill -INT $pid 2> /dev/null
t0=$SECONDS
wait $pid
status=$?
if [ $status = 130 ] && [ $((SECONDS - t0)) -le 5 ] && [ ! -e "$T/sig/v.txt" ]; then
  ok "second SIGINT: status 130$(grep -q 'second SIGINT' "$T/sig/err" && echo ', quit at once')"
else
  bad "second SIGINT" "status $status after $((SECONDS - t0)) s: $(tail -c 300 "$T/sig/err" | tr '\n' '|')"
fi

# ---- a single 200 MB line with no newline; and Ctrl-C while it is being read ----
yes 'alpha beta gamma delta epsilon zeta eta theta iota kappa' | head -c 200000000 | tr '\n' ' ' > "$F/line200.txt"
launch train "$F/line200.txt" --output v.txt --dim 10 --epochs 1 --threads 1
sleep 0.3
kill -INT $pid
wait $pid
status=$?
if [ $status = 130 ] && grep -q "while reading the corpus; nothing was saved" "$T/sig/err" && [ -z "$(left)" ]; then
  ok "SIGINT while reading: status 130 at once, nothing written"
else
  bad "SIGINT while reading" "status $status: $(tail -c 300 "$T/sig/err" | tr '\n' '|')"
fi
expect "a single 200 MB line" 0 "from 1 line; vocabulary 10 words" "$W" train "$F/line200.txt" --output v.txt --dim 10 --epochs 1 --threads 2 --sample 1e-5
expect "vectors: a single 200 MB line" 1 "line200.txt: not a vectors file" "$W" neighbors "$F/line200.txt" alpha
expect "checkpoint: a single 200 MB line" 1 "line200.txt is not a w2v checkpoint" "$W" export "$F/line200.txt" --output v.txt
rm -f "$F/line200.txt"

# ---- topic suites: each scripts/cli_tests.d/*.sh is sourced here and uses expect/ok/bad ----
for suite in "$ROOT"/scripts/cli_tests.d/*.sh; do
  [ -e "$suite" ] || continue
  echo "-- $(basename "$suite")"
  # shellcheck source=/dev/null
  . "$suite"
done

echo "($((SECONDS - started)) s)"
echo "$pass passed, $fail failed"
[ $fail = 0 ]
