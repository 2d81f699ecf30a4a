#!/usr/bin/env bash
# Loading GoogleNews-sized vectors (issue 20): wall time to the first `neighbors` answer and
# peak RSS (/usr/bin/time -v) for our readers (word2vec binary, text, --limit), the mapped
# format, and gensim 4.4 (load_word2vec_format(binary=True); KeyedVectors.load(mmap='r')
# after a one-off save), one tool after the other under the CPU lock.
#
# usage: scripts/bench_big_load.sh [W2V] [DIR]   (defaults .build/release/w2v, /tmp/big)
# Needs ~25 GB in DIR (binary 3.6 GB, text 8.6 GB, .w2vm 3.7 GB, gensim's save 3.6 GB) and
# `pip install --break-system-packages gensim==4.4.0`. Files already in DIR are reused.
# Every file is read once before it is timed, so the figures are for a warm page cache (a
# second run, or a file just downloaded); the disk's own read speed (O_DIRECT) is printed too.
set -euo pipefail
W=${1:-.build/release/w2v}
DIR=${2:-/tmp/big}
LOCK=/tmp/w2v-cpu.lock
ROOT=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$DIR"
BIN=$DIR/gn.bin TXT=$DIR/gn.txt MAP=$DIR/gn.w2vm KV=$DIR/gn.kv
if [ ! -s "$BIN" ]; then flock $LOCK python3 "$ROOT/scripts/make_googlenews_shaped.py" "$BIN" > "$DIR/gn.query"; fi
[ -s "$DIR/gn.query" ] || python3 "$ROOT/scripts/make_googlenews_shaped.py" "$DIR/probe.bin" --rows 1001 --dim 1 > "$DIR/gn.query"
WORD=$(cut -d' ' -f2 "$DIR/gn.query")
[ -s "$TXT" ] || flock $LOCK "$W" export "$BIN" --format text --output "$TXT" --quiet
[ -s "$MAP" ] || flock $LOCK "$W" export "$BIN" --format mapped --output "$MAP" --quiet
[ -s "$KV" ] || flock $LOCK python3 -c "
from gensim.models import KeyedVectors
KeyedVectors.load_word2vec_format('$BIN', binary=True).save('$KV')"

echo "query word: $WORD"
for f in "$BIN" "$TXT" "$MAP"; do
  s=$(stat -c %s "$f")
  r=$(dd if="$f" of=/dev/null bs=64M count=32 iflag=direct 2>&1 | grep -o '[0-9.]* [GM]B/s' || echo '?')
  echo "$(basename "$f"): $s bytes, disk read (O_DIRECT, first 2 GB): $r"
done

# run NAME FILE... -- COMMAND: warms FILEs, then times COMMAND under the lock.
run() {
  local name=$1; shift
  local files=()
  while [ "$1" != "--" ]; do files+=("$1"); shift; done
  shift
  cat "${files[@]}" > /dev/null
  flock $LOCK /usr/bin/time -v "$@" > "$DIR/run.out" 2> "$DIR/run.err" || { echo "$name failed:"; tail -3 "$DIR/run.err"; return; }
  local wall rss
  wall=$(grep 'Elapsed (wall' "$DIR/run.err" | awk '{print $NF}')
  rss=$(grep 'Maximum resident' "$DIR/run.err" | awk '{print $NF}')
  printf '| %-44s | %9s | %10.2f |\n' "$name" "$wall" "$(echo "$rss / 1048576" | bc -l)"
}
GENSIM_BIN="from gensim.models import KeyedVectors as K; v = K.load_word2vec_format('$BIN', binary=True); print(v.most_similar('$WORD', topn=10)[0])"
GENSIM_MMAP="from gensim.models import KeyedVectors as K; v = K.load('$KV', mmap='r'); print(v.most_similar('$WORD', topn=10)[0])"
SECOND=$(python3 -c "
import sys
f = open('$TXT', 'rb'); f.readline(); print(f.readline().split(b' ')[0].decode())")

echo
echo '| tool, file | wall to first answer (m:ss) | peak RSS (GB) |'
echo '|---|---:|---:|'
run "w2v neighbors, word2vec binary" "$BIN" -- "$W" neighbors "$BIN" "$WORD" -k 10
run "gensim load_word2vec_format(binary=True)" "$BIN" -- python3 -c "$GENSIM_BIN"
run "w2v neighbors, word2vec text" "$TXT" -- "$W" neighbors "$TXT" "$WORD" -k 10
run "w2v neighbors, binary --limit 500000" "$BIN" -- "$W" neighbors "$BIN" "$WORD" -k 10 --limit 500000
run "w2v neighbors, mapped (.w2vm)" "$MAP" -- "$W" neighbors "$MAP" "$WORD" -k 10
run "w2v similarity, mapped (two rows touched)" "$MAP" -- "$W" similarity "$MAP" "$WORD" "$SECOND"
run "gensim KeyedVectors.load(mmap='r')" "$KV" "$KV.vectors.npy" -- python3 -c "$GENSIM_MMAP"
run "w2v verify, mapped (full CRC-32)" "$MAP" -- "$W" verify "$MAP"

# Exact search throughput over the first 1,000,000 rows (in memory) and over the mapped
# file: 20 query words, one scan each; run with an older w2v as W to compare before/after.
WORDS=$(python3 -c "
f = open('$TXT', 'rb'); f.readline()
print(' '.join(f.readline().split(b' ')[0].decode() for _ in range(20)))")
echo
query_rate() {
  local label=$1; shift
  flock $LOCK "$W" neighbors "$@" $WORDS -k 10 --timing 2>&1 >/dev/null | grep 'queries' | sed "s|^|exact search, $label: |"
}
query_rate "binary --limit 1000000" "$BIN" --limit 1000000
query_rate "mapped, 3M rows" "$MAP"
