# Issue 21, groups 3, 4, 6, 7 and 8: counts that overflow, cosines of huge and tiny rows,
# answers that would be NaN or meaningless (refused with one line, exit 1, JSON null), the
# label-layout limit of plot, and behaviour the help promises (lm generate --words N,
# --format glove, the repair note of phrases). Model headers: Tests/RecurrentTests/ModelHeaderTests.
AR="$T/arith"
mkdir -p "$AR"
AVEC="$ROOT/corpora/vectors-head2000-50d.bin"

# 3: vocabulary counts whose sum overflows Int (Subsampler summed them: SIGILL).
for i in 1 2 3; do echo "the of and the of and"; done > "$AR/tiny.txt"
printf 'the 9223372036854775807\nof 9223372036854775807\nand 5\n' > "$AR/voc.txt"
expect "train --read-vocab counts past Int.max" 1 "voc.txt:2: .*add up past 9223372036854775807" \
  "$W" train "$AR/tiny.txt" --read-vocab "$AR/voc.txt" --output x.txt --quiet

# 4: norms in Double: rows of 1e19 (squares overflow Float) and 1e-23 (squares underflow).
printf '4 3\na 1e19 2e19 3e19\nb 2e19 4e19 6e19\nc 1e-23 2e-23 3e-23\nd 1 1 1\n' > "$AR/scale.txt"
expect "cosine of 1e19 rows" 0 "" "$W" similarity "$AR/scale.txt" a b
grep -q "= 1.0000" "$T/stdout" && ok "cos(a, 2a) = 1 at 1e19" || bad "cos(a, 2a) = 1 at 1e19" "$(cat "$T/stdout")"
expect "cosine of a 1e-23 row" 0 "" "$W" similarity "$AR/scale.txt" a c
grep -q "= 1.0000" "$T/stdout" && ok "cos(a, c) = 1 at 1e-23" || bad "cos(a, c) = 1 at 1e-23" "$(cat "$T/stdout")"

# 6: nothing meaningful computed -> one line saying why, exit 1 (or 2 for a usage error).
printf 'a b a b a b\n' > "$AR/two.txt"
expect "train: no pair trained (two-word corpus)" 1 "no \(word, context\) pair was trained" \
  "$W" train "$AR/two.txt" --output v.txt --min-count 1 --dim 4 --threads 1 --quiet
printf 'the\n' > "$AR/x1.txt"; printf 'the\nof\n' > "$AR/x.txt"; printf 'and\nin\n' > "$AR/a.txt"; printf 'to\nis\n' > "$AR/b.txt"
expect "weat: identical target sets" 1 "X and Y are the same words" \
  "$W" weat "$AVEC" --x "$AR/x1.txt" --y "$AR/x1.txt" --a "$AR/a.txt" --b "$AR/b.txt" --json
expect "weat: identical attribute sets" 1 "effect size is undefined" \
  "$W" weat "$AVEC" --x "$AR/x.txt" --y "$AR/a.txt" --a "$AR/b.txt" --b "$AR/b.txt"
expect "weat --test ''" 2 "--test names no test" "$W" weat "$AVEC" --test ""
printf 'zzzq\nqqqz\n' > "$AR/unknown.txt"
expect "bias: no known word" 1 "none of the 2 words to project is in the vocabulary" "$W" bias "$AVEC" --words "$AR/unknown.txt"
printf 'the\tof\t1\nof\tand\t1\nand\tin\t1\n' > "$AR/constant.tsv"
expect "eval: constant gold scores" 1 "Spearman and Pearson are undefined" "$W" eval "$AVEC" --similarity "$AR/constant.tsv" --json
grep -q '"spearman" : null' "$T/stdout" && grep -q '"undefinedReason"' "$T/stdout" && ! grep -q '"nan"' "$T/stdout" \
  && ok "eval --json: null and a reason, no \"nan\"" || bad "eval --json: null and a reason" "$(head -c 400 "$T/stdout")"
printf '3 2\nz 0 0\nb 1 0\nc 0 1\n' > "$AR/zero.txt"
expect "neighbors of a zero vector" 1 "'z' has a zero vector" "$W" neighbors "$AR/zero.txt" z
expect "similarity with a zero vector" 1 "'z' has a zero vector" "$W" similarity "$AR/zero.txt" b z
expect "drift of a file with itself" 1 "no shared word changed" "$W" drift "$AVEC" "$AVEC"
{ head -2 "$ROOT/corpora/rt-polarity/rt-polarity.pos" | sed 's/^/pos\t/'; head -2 "$ROOT/corpora/rt-polarity/rt-polarity.neg" | sed 's/^/neg\t/'; } > "$AR/four.tsv"
expect "classify train: empty dev split" 1 "leaves the dev part empty" \
  "$W" classify train --vectors "$AVEC" --data "$AR/four.tsv" --output m.model --hidden 2 --epochs 1 --quiet

# 7: the label layout is quadratic: --top is bounded, and so is a long word list.
expect "plot map --top 100000" 2 "--top expects a whole number in 1\.\.\.1000" "$W" plot map "$AVEC" --top 100000 --output p.svg
awk 'BEGIN { print "1500 3"; for (i = 0; i < 1500; i++) print "w" i, sin(i), cos(i), i % 7 }' > "$AR/many.vec"
awk 'NR > 1 { print $1 }' "$AR/many.vec" > "$AR/many.txt"
expect "plot map --file of 1500 words" 1 "1500 known words to label, but a picture labels at most 1000" \
  "$W" plot map "$AR/many.vec" --file "$AR/many.txt" --output p.svg

# 8: the help's promises.
for i in $(seq 1 40); do echo "the cat sat on the mat ."; done > "$AR/lm.txt"
(cd "$AR" && "$W" lm train --data lm.txt --dev lm.txt --output lm.w2vlm --dim 4 --hidden 4 --batch 2 --bptt 3 --epochs 1 --threads 1 --quiet > /dev/null 2>&1)
for k in 0 1; do
  expect "lm generate --words 5 --top-k $k" 0 "" "$W" lm generate "$AR/lm.w2vlm" --words 5 --top-k $k
  n=$(wc -w < "$T/stdout")
  [ "$n" = 5 ] && ok "lm generate --words 5 --top-k $k prints 5 words" || bad "lm generate --words 5 --top-k $k" "$n words: $(cat "$T/stdout")"
done
expect "lm generate --words 3000 --top-k 1 (no hidden cap)" 0 "" "$W" lm generate "$AR/lm.w2vlm" --words 3000 --top-k 1
n=$(wc -w < "$T/stdout")
[ "$n" = 3000 ] && ok "lm generate --words 3000 prints 3000 words" || bad "lm generate --words 3000" "$n words"
printf '5 2\n7 3\n9 4\n' > "$AR/glove.txt"
expect "--format glove reads a first row of two numbers as a row" 0 "" "$W" similarity "$AR/glove.txt" 5 7 --format glove
grep -q "cos(5, 7) = 1.0000" "$T/stdout" && ok "glove row '5 2' is the word 5" || bad "glove row '5 2'" "$(cat "$T/stdout")"
{ head -c 3000 /dev/zero | tr '\0' 'x'; printf ' a b\n\377 c d\n'; for i in 1 2 3; do echo "a b c d"; done; } > "$AR/odd.txt"
expect "phrases: truncation and UTF-8 note" 0 "1 invalid UTF-8 sequence replaced; 1 token truncated to 1,024 bytes" \
  "$W" phrases "$AR/odd.txt" --output p.txt
