# Bad input and basic runs of w2v align, drift, debias, plot and export --format projector
# (issue 11). Sourced by scripts/cli_tests.sh.
A="$ROOT/corpora/vectors-head2000-50d.bin"
AL="$T/align"
mkdir -p "$AL"
export W2V_DATA="$ROOT/corpora"
# A text copy of A (debias writes the input's rows renormalised; --text forces text), then:
# 20-dimensional vectors of the same words; 50-dimensional vectors sharing only 10 words.
"$W" debias "$A" --output "$AL/a.txt" --text --quiet > /dev/null
awk 'NR == 1 { print 300, 20; next } NR <= 301 { line = $1; for (i = 2; i <= 21; i++) line = line " " $i; print line }' "$AL/a.txt" > "$AL/dim20.txt"
awk 'NR == 1 { print 200, 50; next } NR <= 201 { if (NR > 11) $1 = "other" NR; print }' "$AL/a.txt" > "$AL/few.txt"
printf 'zzzunknown1\nzzzunknown2\n' > "$AL/unknown.txt"
printf 'zzzunknown1 zzzunknown2\n' > "$AL/unknown-pairs.txt"

expect "align: runs" 0 "wrote 2000 x 50 aligned vectors" "$W" align "$A" "$AL/a.txt" --output b.txt
expect "align: different dimensions" 1 "different dimensions" "$W" align "$A" "$AL/dim20.txt" --output b.txt
expect "align: fewer shared words than dimensions" 1 "only 10 shared words to fit on, fewer than the 50 dimensions" "$W" align "$A" "$AL/few.txt" --output b.txt
expect "align: output is an input" 2 "is one of the input files" "$W" align "$A" "$AL/a.txt" --output "$AL/a.txt"
expect "align: missing output" 2 "--output is required" "$W" align "$A" "$AL/a.txt"
expect "drift: different dimensions (cosine)" 1 "different dimensions" "$W" drift "$A" "$AL/dim20.txt"
expect "drift: a list with no known word" 1 "no word of the list" "$W" drift "$A" "$AL/a.txt" --list "$AL/unknown.txt"
expect "drift: --min-count without --vocab" 2 "needs --vocab" "$W" drift "$A" "$AL/a.txt" --min-count 5
expect "drift: bad method" 2 "--method must be" "$W" drift "$A" "$AL/a.txt" --method euclid
expect "drift: unknown --word" 1 "not in both files" "$W" drift "$A" "$AL/a.txt" --word zzzunknown1
expect "debias: output is the input" 2 "is one of the input files" "$W" debias "$AL/a.txt" --output "$AL/a.txt"
expect "debias: no known word for DirectBias" 1 "no word of the --words list" "$W" debias "$A" --output d.bin --words "$AL/unknown.txt"
expect "debias: no definitional pair known" 1 "no definitional pair" "$W" debias "$A" --output d.bin --definitional "$AL/unknown-pairs.txt"
expect "plot: no known word" 1 "no word of the word list" "$W" plot map "$A" --file "$AL/unknown.txt" --output m.svg
expect "plot: output is an input" 2 "is one of the input files" "$W" plot map "$A" --top 10 --output "$A"
expect "plot: unknown picture" 2 "unknown picture" "$W" plot pie "$A" --output m.svg
expect "weat: bad --std" 2 "--std must be sample or population" "$W" weat "$A" --std median

# Runs that must succeed and write what they say.
if (cd "$AL" && "$W" drift "$A" a.txt --top 5 --method neighbours --frequent 300 > drift.out 2>&1) && grep -q "300 shared words scored" "$AL/drift.out"; then
  ok "drift: neighbours over the 300 most frequent words"
else bad "drift: neighbours" "$(tail -c 300 "$AL/drift.out")"; fi
awk 'NR > 1 { print $1, 2001 - NR }' "$AL/a.txt" > "$AL/a.counts"
if (cd "$AL" && "$W" drift "$A" a.txt --top 3 --min-count 1700 --vocab a.counts --vocab a.counts > counts.out 2>&1) && grep -q "^300 shared words scored" "$AL/counts.out"; then
  ok "drift: --min-count with --vocab counts files"
else bad "drift: --min-count --vocab" "$(tail -c 300 "$AL/counts.out")"; fi
if (cd "$AL" && "$W" plot map "$A" --top 30 --output map.svg > plot.out 2>&1) && grep -q '</svg>' "$AL/map.svg" && [ "$(grep -c '<circle' "$AL/map.svg")" -ge 30 ]; then
  ok "plot map: an SVG with 30 points"
else bad "plot map" "$(tail -c 300 "$AL/plot.out")"; fi
if (cd "$AL" && "$W" export "$A" --format projector --output proj --quiet) && [ "$(wc -l < "$AL/proj/vectors.tsv")" = 2000 ] \
   && [ "$(wc -l < "$AL/proj/metadata.tsv")" = 2000 ] && [ "$(head -1 "$AL/proj/vectors.tsv" | awk -F'\t' '{print NF}')" = 50 ]; then
  ok "export --format projector: 2000 rows of 50 tab-separated values and 2000 words"
else bad "export --format projector" "wrong files in $AL/proj"; fi
unset W2V_DATA
