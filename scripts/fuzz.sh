#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ (with AddressSanitizer) and runs each for a fixed
# time, starting from the seeds in Fuzz/Seeds/<target>/ with the dictionary of format tokens
# (Fuzz/Dictionaries/), after replaying every kept input in Fuzz/Regressions/<target>/.
#
# usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (default 300 s per target, every target)
# .ci/run calls `scripts/fuzz.sh 30`. Prints, per target, the runs done in the time.
# A new failure (crash, AddressSanitizer report, broken invariant such as an allocation
# above the input-size bound) is written to Fuzz/Regressions/<target>/ (libFuzzer's
# crash-<sha1> name), to be kept as a regression test once fixed; the script then exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-300}
shift || true
SCRATCH=${FUZZ_SCRATCH:-.build-fuzz}
echo "== building Fuzz/ with -sanitize=fuzzer,address"
swift build --package-path Fuzz --scratch-path "$SCRATCH" -c debug \
  -Xswiftc -sanitize=fuzzer,address 2>&1 | tail -1
BIN="$(swift build --package-path Fuzz --scratch-path "$SCRATCH" -c debug --show-bin-path)"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzTokenizer FuzzCheckpoint FuzzVectors FuzzModelHeaders FuzzCommands)
status=0
for target in "${targets[@]}"; do
  [ -x "$BIN/$target" ] || { echo "$target: not built"; status=1; continue; }
  name=$(echo "${target#Fuzz}" | tr '[:upper:]' '[:lower:]')
  seeds="Fuzz/Seeds/$name" regressions="Fuzz/Regressions/$name"
  mkdir -p "$regressions"
  work=$(mktemp -d)
  [ -d "$seeds" ] && cp "$seeds"/* "$work"/ 2> /dev/null || true
  flags=(-seed=1 -max_len=4096 -rss_limit_mb=2048 -timeout=10 -max_total_time="$SECONDS_PER_TARGET")
  case $target in
    FuzzVectors) flags+=(-dict=Fuzz/Dictionaries/vectors.dict) ;;
    FuzzModelHeaders) flags+=(-dict=Fuzz/Dictionaries/modelheaders.dict) ;;
    # The commands print answers and one error line: stdout and stderr are closed (the
    # harness checks stderr itself); its dictionary is the command tokens plus the format tokens.
    # Leak detection is off: Foundation's FileManager.contents(atPath:) leaks a 4 KB buffer on
    # some reads (swift-foundation readBytesFromFile), which LeakSanitizer reports in DataFiles.
    FuzzCommands) cat Fuzz/Dictionaries/commands.dict Fuzz/Dictionaries/vectors.dict > "$work.dict"
                  flags+=(-dict="$work.dict" -close_fd_mask=3 -detect_leaks=0) ;;
  esac
  if [ -n "$(ls -A "$regressions")" ]; then
    echo "== $target: replaying $(ls "$regressions" | wc -l) kept inputs"
    ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=$([ "$target" = FuzzCommands ] && echo 0 || echo 1) \
      "$BIN/$target" "${flags[@]}" "$regressions"/* > "$work.log" 2>&1 || { echo "regression failed:"; tail -20 "$work.log"; status=1; }
  fi
  echo "== $target: $SECONDS_PER_TARGET s"
  start=$(date +%s.%N)
  if ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=$([ "$target" = FuzzCommands ] && echo 0 || echo 1) \
       "$BIN/$target" "${flags[@]}" -artifact_prefix="$regressions/" "$work" > "$work.log" 2>&1; then
    runs=$(grep -E '^Done [0-9]+ runs' "$work.log" | tail -1)
    echo "$target: ${runs:-?} (wall $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s, corpus $(ls "$work" | wc -l) inputs)"
  else
    echo "$target found a failure:"; grep -E 'ERROR|Fatal error|invariant|Test unit written|deadly' "$work.log" | head -5; status=1
  fi
  rm -rf "$work" "$work.log" "$work.dict"
done
exit $status
