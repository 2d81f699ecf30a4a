# Every --vectors option (classify, tag, lm train) reads a fastText .bin through the one
# vectors-input path: words the vocabulary lacks are composed from n-grams and counted on the
# vectors line; the plain vectors file of the same run composes nothing and says nothing.
VI="$T/vectors-input"
mkdir -p "$VI"
for i in $(seq 1 30); do echo "the cat sat on the mat and the dog ran in the park with a cat"; done > "$VI/corpus.txt"
"$W" train "$VI/corpus.txt" --subwords 3-6 --buckets 1000 --min-count 1 --save-model "$VI/m.bin" --output "$VI/v.txt" \
  --dim 8 --epochs 1 --threads 1 --seed 1 --sample 0 --quiet
# "cats", "mats", "dogs", "parks" are not in the corpus: only a .bin gives them a vector.
for i in $(seq 1 20); do printf 'pos\tthe cats sat on mats\nneg\tthe dogs ran in parks\n'; done > "$VI/data.tsv"
for i in $(seq 1 20); do printf 'The\tDET\ncats\tNN\nsat\tVBD\non\tIN\nmats\tNN\n\n'; done > "$VI/tags.tsv"
head -12 "$VI/tags.tsv" > "$VI/tags-dev.tsv"
for i in $(seq 1 20); do echo "the cats sat on the mats ."; done > "$VI/lm.txt"
head -3 "$VI/lm.txt" > "$VI/lm-dev.txt"
# composes LABEL PATTERN COMMAND...: with m.bin, stderr matches PATTERN (a count > 0);
# with v.txt in its place, the run succeeds and stderr never says "composed".
composes() {
  local label=$1 pattern=$2
  shift 2
  expect "$label --vectors m.bin composes" 0 "$pattern" "$@" --vectors "$VI/m.bin"
  expect "$label --vectors v.txt" 0 "" "$@" --vectors "$VI/v.txt"
  grep -q "composed" "$T/stderr" && bad "$label plain vectors" "says composed: $(grep composed "$T/stderr")" || ok "$label: plain vectors compose nothing"
}
composes "classify train" "^vectors: 16 words x 8 from .*m.bin \\(4 composed from subwords\\)$" \
  "$W" classify train --data "$VI/data.tsv" --output c.model --hidden 4 --epochs 1 --threads 1
composes "tag train" "^vectors: 14 words x 8 from .*m.bin \\(2 composed from subwords\\)$" \
  "$W" tag train --data "$VI/tags.tsv" --dev "$VI/tags-dev.tsv" --output t.model --hidden 4 --suffix-dim 2 --epochs 1 --threads 1
composes "lm train" "embedding from .*m.bin: 6 rows found \\(3 composed from subwords\\), 2 missing \\(random\\)$" \
  "$W" lm train --data "$VI/lm.txt" --dev "$VI/lm-dev.txt" --output l.model --hidden 4 --batch 2 --bptt 4 --epochs 1 --threads 1
