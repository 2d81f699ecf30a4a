#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ (with AddressSanitizer) and runs each for a fixed
# number of iterations, starting from the seeds in Fuzz/Seeds/<target>/ and first replaying
# every kept crashing input in Fuzz/Regressions/<target>/.
#
# usage: scripts/fuzz.sh [RUNS]        (default 200000 iterations per target)
# A new crash is written to Fuzz/Regressions/<target>/ (libFuzzer's crash-<sha1> name), to be
# kept as a regression test once fixed; the script then exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-200000}
SCRATCH=${FUZZ_SCRATCH:-.build-fuzz}
echo "== building Fuzz/ with -sanitize=fuzzer,address"
swift build --package-path Fuzz --scratch-path "$SCRATCH" -c debug \
  -Xswiftc -sanitize=fuzzer,address 2>&1 | tail -1
BIN="$(swift build --package-path Fuzz --scratch-path "$SCRATCH" -c debug --show-bin-path)"
status=0
for target in FuzzTokenizer FuzzCheckpoint $(ls Fuzz/Sources | grep -v -e '^FuzzTokenizer$' -e '^FuzzCheckpoint$' || true); do
  [ -x "$BIN/$target" ] || continue
  name=$(echo "${target#Fuzz}" | tr '[:upper:]' '[:lower:]')
  seeds="Fuzz/Seeds/$name" regressions="Fuzz/Regressions/$name"
  mkdir -p "$regressions"
  work=$(mktemp -d)
  [ -d "$seeds" ] && cp "$seeds"/* "$work"/ 2> /dev/null || true
  if [ -n "$(ls -A "$regressions")" ]; then
    echo "== $target: replaying $(ls "$regressions" | wc -l) kept crashing inputs"
    "$BIN/$target" "$regressions"/* > "$work.log" 2>&1 || { echo "regression failed:"; tail -20 "$work.log"; status=1; }
  fi
  echo "== $target: $RUNS runs"
  if "$BIN/$target" -runs="$RUNS" -seed=1 -max_len=4096 -rss_limit_mb=2048 -timeout=10 \
       -artifact_prefix="$regressions/" "$work" > "$work.log" 2>&1; then
    grep -E '^(#[0-9]+ *DONE|Done [0-9]+ runs)' "$work.log" | tail -1
  else
    echo "$target found a failure:"; grep -E 'ERROR|Fatal error|invariant|Test unit written' "$work.log" | head -5; status=1
  fi
  rm -rf "$work" "$work.log"
done
exit $status
