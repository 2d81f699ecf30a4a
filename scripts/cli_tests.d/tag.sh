# w2v tag: train/eval/predict on tiny generated data, the same tags at every thread count,
# and bad input refused with one line naming the file and line, exit 1, no partial model.
VEC="$ROOT/corpora/vectors-head2000-50d.bin"
TG="$T/tag"
mkdir -p "$TG"
for i in $(seq 1 40); do
  printf 'The\tDET\ncat\tNN\nsat\tVBD\non\tIN\nthe\tDET\nmat\tNN\n.\tPP\n\n'
  printf 'It\tPRP\nran\tVBD\n%s\tRB\n.\tPP\n\n' "quickly"
done > "$TG/train.tsv"
head -24 "$TG/train.tsv" > "$TG/dev.tsv"
TAGFAST=(--hidden 6 --suffix-dim 2 --epochs 2 --threads 2 --quiet)
expect "tag train" 0 "" "$W" tag train --vectors "$VEC" --data "$TG/train.tsv" --dev "$TG/dev.tsv" --output "$TG/m.model" "${TAGFAST[@]}"
expect "tag eval --json" 0 "" "$W" tag eval "$TG/m.model" --data "$TG/dev.tsv" --json
grep -q '"oov_accuracy"' "$T/stdout" && grep -q '"confusions"' "$T/stdout" && ok "tag eval --json fields" || bad "tag eval --json fields" "$(head -c 300 "$T/stdout")"
expect "tag eval text" 0 "" "$W" tag eval "$TG/m.model" --data "$TG/dev.tsv"
grep -q '^unseen in training (OOV)' "$T/stdout" && ok "tag eval reports OOV" || bad "tag eval reports OOV" "$(head -c 300 "$T/stdout")"
printf 'The dog sat on the mat .\nIt ran slowly .\n' > "$TG/lines.txt"
printf 'The\ndog\nsat\n\nIt\nran\n' > "$TG/tokens.txt"
ref=$("$W" tag predict "$TG/m.model" --threads 1 < "$TG/lines.txt")
[ "$(printf '%s\n' "$ref" | grep -c $'\t')" = 11 ] && ok "tag predict: one token<TAB>tag line per token" || bad "tag predict lines" "$ref"
same=1
for n in 2 3 7 16; do
  [ "$("$W" tag predict "$TG/m.model" --threads $n < "$TG/lines.txt")" = "$ref" ] || same=0
done
[ $same = 1 ] && ok "tag predict: same tags at 1, 2, 3, 7, 16 threads" || bad "tag predict threads" "outputs differ"
tok=$("$W" tag predict "$TG/m.model" < "$TG/tokens.txt")
[ "$(printf '%s\n' "$tok" | grep -c $'\t')" = 5 ] && ok "tag predict: token-per-line input" || bad "tag predict tokens" "$tok"

# Bad input.
printf 'The\tDET\ncat\tNN\nsat VBD\n' > "$TG/notab.tsv"
{ for i in $(seq 1 600); do printf 'w\tNN\n'; done; } > "$TG/long.tsv"
printf 'The\tDET\ncat\tXX\n\ndog\tYY\n' > "$TG/unknown.tsv"
printf 'a\tNN\nb\tNN\n' > "$TG/one.tsv"
: > "$TG/empty.tsv"
printf 'The\tDET\ncaf\xe9\tNN\n' > "$TG/latin.tsv"
TRAIN=("$W" tag train --vectors "$VEC" --dev "$TG/dev.tsv" --output m.model "${TAGFAST[@]}")
expect "tag: line without TAB" 1 "notab.tsv:3: no TAB between token and tag" "${TRAIN[@]}" --data "$TG/notab.tsv"
expect "tag: sentence too long" 1 "long.tsv:513: sentence longer than 512 tokens" "${TRAIN[@]}" --data "$TG/long.tsv"
expect "tag: a tag set of one" 1 "one.tsv: the data has 1 tag\(s\) \(NN\); a tagger needs at least 2" "${TRAIN[@]}" --data "$TG/one.tsv"
expect "tag: empty file" 1 "empty.tsv: no tagged sentences found" "${TRAIN[@]}" --data "$TG/empty.tsv"
expect "tag: invalid UTF-8" 1 "latin.tsv:2: not valid UTF-8" "${TRAIN[@]}" --data "$TG/latin.tsv"
expect "tag: unknown tags at eval, listed" 1 "unknown.tsv:2: 2 tag\(s\) the model was not trained on: XX, YY" \
  "$W" tag eval "$TG/m.model" --data "$TG/unknown.tsv"
expect "tag: invalid UTF-8 on predict's stdin" 1 "-:2: not valid UTF-8" bash -c "\"$W\" tag predict \"$TG/m.model\" < \"$TG/latin.tsv\""
expect "tag: output equal to input" 2 "--output must not be an input file" \
  "$W" tag train --vectors "$VEC" --data "$TG/train.tsv" --dev "$TG/dev.tsv" --output "$TG/dev.tsv" "${TAGFAST[@]}"
expect "tag: not a tagger model" 1 "not a w2v tagger model" "$W" tag eval "$TG/dev.tsv" --data "$TG/dev.tsv"
expect "tag: bad --columns" 2 "--columns expects" "$W" tag eval "$TG/m.model" --data "$TG/dev.tsv" --columns 1
