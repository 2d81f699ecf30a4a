# Issue 13 robustness: hostile vectors files (a header dimension near 2^63, a headerless file
# whose newlines multiply its first row), outputs that are inputs (same path, ./path, symlink,
# hard link), and words differing only in Unicode normal form.
R="$T/robust"
mkdir -p "$R"
printf '1 1000000000000000000\nw 1\n' > "$R/huge-dim.txt"
{ printf 'w'; head -c 1000000 /dev/zero | tr '\0' '0' | sed 's/0/ 0/g'; printf '\n'; head -c 100000 /dev/zero | tr '\0' '\n'; } > "$R/newlines.txt"
expect "vectors: header dimension 10^18 refused" 1 "a row of 1000000000000000000 values cannot fit" "$W" neighbors "$R/huge-dim.txt" w
# The row is all zeros: read whole as one row, then refused as a query (no cosine).
expect "vectors: 1e6 values + 100,000 newlines reads one row" 1 "'w' has a zero vector" "$W" neighbors "$R/newlines.txt" w -k 1

cp "$F/small.txt" "$R/corpus.txt"
ln -sf "$R/corpus.txt" "$R/link.txt"
ln -f "$R/corpus.txt" "$R/hard.txt"
before=$(cksum < "$R/corpus.txt")
expect "train --output = corpus refused" 2 "--output .*is the corpus" "$W" train "$R/corpus.txt" --output "$R/corpus.txt" --quiet
expect "train --output = corpus via symlink refused" 2 "is the corpus" "$W" train "$R/corpus.txt" --output "$R/link.txt" --quiet
expect "train --output = corpus via hard link refused" 2 "is the corpus" "$W" train "$R/link.txt" --output "$R/hard.txt" --quiet
expect "train --checkpoint = corpus refused" 2 "--checkpoint .*is the corpus" "$W" train "$R/corpus.txt" --output v.txt --checkpoint "$R/corpus.txt" --quiet
(cd "$R" && "$W" train ./corpus.txt --output corpus.txt --quiet > /dev/null 2>&1); [ $? = 2 ] && ok "train ./corpus.txt --output corpus.txt refused" || bad "train ./corpus.txt --output corpus.txt" "not refused"
[ "$(cksum < "$R/corpus.txt")" = "$before" ] && ok "corpus unchanged after the refusals" || bad "corpus unchanged" "the corpus was modified"
"$W" train "$R/corpus.txt" --output "$R/v.txt" --checkpoint "$R/run.ckpt" --epochs 1 --dim 8 --min-count 5 --quiet 2> /dev/null
expect "export --output = checkpoint refused" 2 "is the checkpoint" "$W" export "$R/run.ckpt" --output "$R/run.ckpt"
expect "train --resume --output = corpus refused" 2 "is the corpus" "$W" train --resume "$R/run.ckpt" --output "$R/corpus.txt"
expect "train --resume --output = checkpoint refused" 2 "is the checkpoint being resumed" "$W" train --resume "$R/run.ckpt" --output "$R/run.ckpt"
printf 'pos\tgood film\nneg\tbad film\n' > "$R/data.tsv"
expect "classify train --output = --data refused" 2 "is the data file" "$W" classify train --vectors "$R/v.txt" --data "$R/data.tsv" --output "$R/data.tsv"
expect "classify train --output = --vectors refused" 2 "is the vectors file" "$W" classify train --vectors "$R/v.txt" --data "$R/data.tsv" --output "$R/v.txt"
cp "$R/data.tsv" "$R/train.tsv"
expect "classify split over its --data refused" 2 "is the data file" "$W" classify split --data "$R/train.tsv" --output-dir "$R"

nfc=$(printf 'caf\xc3\xa9') nfd=$(printf 'cafe\xcc\x81')
printf '3 2\n%s 1 0\n%s 0 1\nthe 1 1\n' "$nfc" "$nfd" > "$R/nf.txt"
out=$("$W" similarity "$R/nf.txt" "$nfc" "$nfd" 2>&1)
case "$out" in *duplicate*) bad "NFC and NFD words are different rows" "$out" ;; *0.0000*) ok "NFC and NFD words are different rows" ;; *) bad "NFC and NFD words are different rows" "$out" ;; esac
expect "cluster --output = vectors refused" 2 "is the vectors file" "$W" cluster "$R/v.txt" -k 2 --output "$R/v.txt"
