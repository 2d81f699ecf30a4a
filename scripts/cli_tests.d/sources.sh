# Corpus inputs (issue 12): gzip, standard input, several files and directories, vocabulary
# files, phrases and continued training. Sourced by scripts/cli_tests.sh.
S="$T/sources"
mkdir -p "$S/dir/sub" "$S/emptydir/sub"
head -c 400000 "$F/small.txt" > "$S/a.txt"
gzip -c "$S/a.txt" > "$S/a.txt.gz"
head -c 3000 "$S/a.txt.gz" > "$S/truncated.gz"
cp "$S/a.txt" "$S/notgzip.gz"
cp "$S/a.txt" "$S/dir/one.txt"
cp "$S/a.txt" "$S/dir/sub/two.txt"
printf 'the 100\nof 50 extra\n' > "$S/badvocab.txt"
LOUD=(--dim 10 --epochs 1 --threads 1 --seed 1)
SMALL=("${LOUD[@]}" --quiet)

# The same vectors from the plain file, its .gz and standard input.
(cd "$S" && "$W" train a.txt --output plain.txt "${SMALL[@]}" --save-vocab plain.vocab \
  && "$W" train a.txt.gz --output gz.txt "${SMALL[@]}" \
  && "$W" train - --output stdin.txt "${SMALL[@]}" < a.txt \
  && gunzip -c a.txt.gz | "$W" train - --output pipe.txt "${SMALL[@]}") 2> "$T/stderr"
if cmp -s "$S/plain.txt" "$S/gz.txt" && cmp -s "$S/plain.txt" "$S/stdin.txt" && cmp -s "$S/plain.txt" "$S/pipe.txt"; then
  ok "plain, .gz, stdin and pipe give identical vectors"
else
  bad "plain, .gz, stdin and pipe give identical vectors" "$(tail -c 300 "$T/stderr")"
fi
# --read-vocab with the saved vocabulary gives the same vectors.
(cd "$S" && "$W" train a.txt --output readvocab.txt "${SMALL[@]}" --read-vocab plain.vocab) 2> "$T/stderr"
if cmp -s "$S/plain.txt" "$S/readvocab.txt"; then ok "--read-vocab of --save-vocab: same vectors"; else bad "--read-vocab of --save-vocab: same vectors" "$(tail -c 300 "$T/stderr")"; fi
# A directory: its top-level files, or all with --recursive.
expect "directory" 0 "read 1?[0-9,]* tokens .* from 1 line" "$W" train "$S/dir" --output v.txt "${LOUD[@]}"
expect "directory, recursive" 0 "from 2 lines" "$W" train "$S/dir" --recursive --output v.txt "${LOUD[@]}"
expect "several inputs" 0 "from 3 lines" "$W" train "$S/a.txt" "$S/a.txt.gz" "$S/dir" --output v.txt "${LOUD[@]}"

# Bad inputs: one clear line, exit 1 or 2, nothing written.
expect "a .gz that is not gzip" 1 "notgzip.gz: not a gzip file: it starts with bytes" "$W" train "$S/notgzip.gz" --output v.txt "${SMALL[@]}"
expect "truncated .gz" 1 "truncated.gz: bad gzip data at compressed byte [0-9]+: the file ends in the middle" "$W" train "$S/truncated.gz" --output v.txt "${SMALL[@]}"
expect "directory without files" 1 "emptydir: directory holds no regular file" "$W" train "$S/emptydir" --output v.txt "${SMALL[@]}"
expect "directory without files, recursive" 1 "emptydir: directory holds no regular file at any depth" "$W" train "$S/emptydir" --recursive --output v.txt "${SMALL[@]}"
expect "malformed --read-vocab line" 1 "badvocab.txt:2: bad vocabulary line: 3 fields" "$W" train "$S/a.txt" --read-vocab "$S/badvocab.txt" --output v.txt "${SMALL[@]}"
expect "output is an input" 2 "--output .* is the corpus" "$W" train "$S/a.txt" --output "$S/a.txt" "${SMALL[@]}"
expect "phrases of stdin" 2 "cannot be used" "$W" phrases - --output p.txt
if command -v script > /dev/null && script -qec true /dev/null > /dev/null 2>&1; then
  # script gives w2v a terminal as standard input; its output (the pty) goes to stderr here.
  expect "stdin is a terminal" 1 "standard input is a terminal.*pipe the corpus in" \
    sh -c 'script -qec "$0 train - --output v.txt" /dev/null >&2' "$W"
else
  echo "skip stdin-terminal test (no script command)"
fi

# Continued training: vocabulary grows, a checkpoint of another dimension is refused.
(cd "$S" && "$W" train a.txt --output c1.txt "${SMALL[@]}" --checkpoint c1.ckpt) 2> "$T/stderr"
expect "continue with another dimension" 1 "c1.ckpt.*10-dimensional vectors, but --dim 20" "$W" train "$S/dir/sub/two.txt" --continue "$S/c1.ckpt" --dim 20 --output v.txt --quiet
expect "continue" 0 "words from the earlier run" "$W" train "$F/small.txt" --continue "$S/c1.ckpt" --output v.txt --epochs 1 --threads 2
expect "resume a stdin run without stdin" 1 "read from standard input, which cannot be read again" \
  bash -c "'$W' train - --output v.txt --dim 10 --epochs 1 --threads 1 --checkpoint '$S/stdin.ckpt' --quiet < '$S/a.txt' && rm -f v.txt && '$W' train --resume '$S/stdin.ckpt' --output v.txt < /dev/null"
rm -f "$S/stdin.ckpt"

# Phrases: joined pairs appear; train --phrases runs.
expect "phrases" 0 "joined [1-9]" "$W" phrases "$S/a.txt" --output p.txt --passes 1 --min-count 5 --threshold 50
expect "train --phrases" 0 "phrases pass 2" "$W" train "$S/a.txt" --phrases 2 --output v.txt --dim 10 --epochs 1 --threads 1
expect "--read-vocab with --continue" 2 "cannot be combined" "$W" train "$S/a.txt" --read-vocab "$S/plain.vocab" --continue "$S/c1.ckpt" --output v.txt
