# Training models and fastText model files: --model cbow, --subwords, --save-model .bin read
# by every query command (unseen words composed from n-grams), export --words, eval --oov, and
# the refusals (each one line, nothing written).
mkdir -p "$T/sub"
expect "train --model cbow --subwords --save-model" 0 "training: cbow, subwords 3-6 in 50000 buckets.*alpha 0.05" \
  "$W" train "$F/small.txt" --output v.txt --save-model m.bin --model cbow --subwords 3-6 --buckets 50000 --dim 10 --epochs 1 --threads 1
"$W" train "$F/small.txt" --output "$T/sub/v.txt" --save-model "$T/sub/m.bin" --subwords 3-6 --buckets 50000 "${FAST[@]}" --quiet
expect "neighbors of an unseen word from a .bin" 0 "" "$W" neighbors "$T/sub/m.bin" zzunseenish -k 3
grep -q "nearest to 'zzunseenish'" "$T/stdout" && ok "unseen word answered" || bad "neighbors .bin" "$(head -2 "$T/stdout")"
expect "similarity with an unseen word" 0 "" "$W" similarity "$T/sub/m.bin" the theeee
expect "neighbors of an unseen word from vectors" 1 "'zzunseenish' is not in the vocabulary" "$W" neighbors "$T/sub/v.txt" zzunseenish
printf 'the\nzzunseenish\n' > "$T/sub/words.txt"
expect "export --words composes unseen words" 0 "wrote 2 x" "$W" export "$T/sub/m.bin" --words "$T/sub/words.txt" --output w.txt
"$W" export "$T/sub/m.bin" --words "$T/sub/words.txt" --output "$T/sub/w.txt" --quiet
# The .bin's vocabulary vectors are the .vec's (same composed means, 6 decimals in text).
if python3 - "$T/sub/w.txt" "$T/sub/v.txt" <<'PY'
import sys
def read(p):
    lines = open(p, encoding="utf-8").read().split("\n")[1:-1]
    return {l.split(" ")[0]: [float(x) for x in l.split(" ")[1:]] for l in lines}
a, b = read(sys.argv[1]), read(sys.argv[2])
assert max(abs(x - y) for x, y in zip(a["the"], b["the"])) < 2e-6
assert "zzunseenish" in a and "zzunseenish" not in b
PY
then ok "export --words matches the vectors file"; else bad "export --words" "differs from --output"; fi
printf 'the\tthee\t5\nzzunseenish\tthe\t1\nof\tthe\t2\n' > "$T/sub/pairs.tsv"
expect "eval --oov subwords" 0 "" "$W" eval "$T/sub/m.bin" --similarity "$T/sub/pairs.tsv" --oov subwords
grep -q "0 skipped" "$T/stdout" && ok "no pair skipped with --oov subwords" || bad "eval --oov" "$(tr '\n' '|' < "$T/stdout")"
expect "eval --oov subwords on plain vectors" 2 "--oov subwords needs a fastText .bin" \
  "$W" eval "$T/sub/v.txt" --similarity "$T/sub/pairs.tsv" --oov subwords
for bad_subwords in 0-0 6-3 3 a-b 3-101; do
  expect "--subwords $bad_subwords" 2 "--subwords" "$W" train "$F/small.txt" --output v.txt --subwords $bad_subwords "${FAST[@]}"
done
expect "--buckets 0" 2 "--buckets must be" "$W" train "$F/small.txt" --output v.txt --subwords 3-6 --buckets 0 "${FAST[@]}"
expect "--buckets without --subwords" 2 "--buckets needs --subwords" "$W" train "$F/small.txt" --output v.txt --buckets 10 "${FAST[@]}"
expect "--model unknown with --subwords" 2 "--model must be skipgram or cbow, got 'glove'" \
  "$W" train "$F/small.txt" --output v.txt --model glove --subwords 3-6 "${FAST[@]}"
expect "--checkpoint with cbow" 2 "--checkpoint: checkpoints hold whole-word skip-gram runs only" \
  "$W" train "$F/small.txt" --output v.txt --model cbow --checkpoint c.ckpt "${FAST[@]}"
head -c 200 "$T/sub/m.bin" > "$T/sub/cut.bin"
expect "truncated .bin" 1 "cut.bin.*ends inside" "$W" neighbors "$T/sub/cut.bin" the
cp "$T/sub/m.bin" "$T/sub/v11.bin"; printf '\013' | dd of="$T/sub/v11.bin" bs=1 seek=4 count=1 conv=notrunc status=none
expect ".bin of version 11" 1 "version 11; this reader takes version 12" "$W" export "$T/sub/v11.bin" --words "$T/sub/words.txt" --output w.txt
cp "$T/sub/m.bin" "$T/sub/sup.bin"; printf '\003' | dd of="$T/sub/sup.bin" bs=1 seek=36 count=1 conv=notrunc status=none
expect "supervised .bin" 1 "a supervised fastText model" "$W" neighbors "$T/sub/sup.bin" the
expect "--loss hs" 0 "training: skipgram, 10-d, window 5, hierarchical softmax" \
  "$W" train "$F/small.txt" --output v.txt --loss hs --dim 10 --epochs 1 --threads 1
expect "--loss hs with cbow and subwords" 0 "training: cbow, subwords 3-6 in 50000 buckets, 10-d, window 5, hierarchical softmax" \
  "$W" train "$F/small.txt" --output v.txt --loss hs --model cbow --subwords 3-6 --buckets 50000 --dim 10 --epochs 1 --threads 1
expect "--loss unknown" 2 "--loss must be ns or hs, got 'softmax'" "$W" train "$F/small.txt" --output v.txt --loss softmax "${FAST[@]}"
expect "--checkpoint with --loss hs" 2 "--checkpoint: .*hierarchical softmax" \
  "$W" train "$F/small.txt" --output v.txt --loss hs --checkpoint c.ckpt "${FAST[@]}"
# A tagger trained on a .bin takes the words first seen at eval time from it, composed.
for i in $(seq 1 30); do printf 'the\tDET\nman\tNN\nsaw\tVBD\nthe\tDET\nwoman\tNN\n\n'; done > "$T/sub/tags.tsv"
printf 'the\tDET\nzzunseenish\tNN\nsaw\tVBD\n\n' > "$T/sub/tags-unseen.tsv"
"$W" tag train --vectors "$T/sub/m.bin" --data "$T/sub/tags.tsv" --dev "$T/sub/tags.tsv" --output "$T/sub/t.model" \
  --hidden 4 --suffix-dim 2 --epochs 1 --threads 1 --quiet
expect "tag eval --vectors composes unseen words" 0 "vectors: 1 of the 1 words the model lacks added from .*m.bin \(1 composed from subwords\)" \
  "$W" tag eval "$T/sub/t.model" --data "$T/sub/tags-unseen.tsv" --vectors "$T/sub/m.bin"
expect "tag eval --vectors of another dimension" 1 "vectors have dimension 50, but 10 is required" \
  "$W" tag eval "$T/sub/t.model" --data "$T/sub/tags-unseen.tsv" --vectors "$ROOT/corpora/vectors-head2000-50d.bin"
