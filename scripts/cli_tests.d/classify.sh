# w2v classify: predict with more threads than sentences (the old "Range requires
# lowerBound <= upperBound" crash), --probabilities and --format tsv.
VEC="$ROOT/corpora/vectors-head2000-50d.bin"
CL="$T/classify"
mkdir -p "$CL"
{ head -150 "$ROOT/corpora/rt-polarity/rt-polarity.pos" | sed 's/^/pos\t/'; head -150 "$ROOT/corpora/rt-polarity/rt-polarity.neg" | sed 's/^/neg\t/'; } > "$CL/data.tsv"
expect "classify train (batch 7, 16 threads)" 0 "" "$W" classify train --vectors "$VEC" --data "$CL/data.tsv" --output "$CL/m.model" \
  --hidden 4 --epochs 1 --batch 7 --threads 16 --quiet
head -5 "$CL/data.tsv" | cut -f2 > "$CL/five.txt"
ref=$("$W" classify predict "$CL/m.model" --threads 1 < "$CL/five.txt")
same=1
for n in 2 3 4 7 16; do
  out=$("$W" classify predict "$CL/m.model" --threads $n < "$CL/five.txt" 2>&1) || same=0
  [ "$out" = "$ref" ] || same=0
done
[ $same = 1 ] && [ "$(printf '%s\n' "$ref" | wc -l)" = 5 ] && ok "classify predict: 5 lines at 1-16 threads, same output" || bad "classify predict threads" "$ref / $out"
probs=$("$W" classify predict "$CL/m.model" --probabilities < "$CL/five.txt" | head -1)
printf '%s\n' "$probs" | grep -Eq $'^(neg|pos)\t[01]\\.[0-9]{4}\tneg=[01]\\.[0-9]{4}\tpos=[01]\\.[0-9]{4}$' \
  && ok "classify predict --probabilities" || bad "classify predict --probabilities" "$probs"
[ "$(head -5 "$CL/data.tsv" | "$W" classify predict "$CL/m.model" --format tsv)" = "$ref" ] \
  && ok "classify predict --format tsv ignores the label" || bad "classify predict --format tsv" "differs from plain input"
printf 'pos\tgood\nno tab here\n' > "$CL/bad.tsv"
expect "classify predict --format tsv, line without TAB" 1 "-:2: no TAB" bash -c "\"$W\" classify predict \"$CL/m.model\" --format tsv < \"$CL/bad.tsv\""
