# Vector formats (VectorFormat): every --format of train/export writes files the query
# commands read back; the NumPy output loads with np.load when numpy is installed; --binary
# still means --format binary; outputs equal to an input (companion files included) are refused.
mkdir -p "$T/formats"
"$W" train "$F/small.txt" --output "$T/formats/ref.txt" --checkpoint "$T/formats/run.ckpt" "${FAST[@]}" --min-count 20
for format in text binary glove projector npy; do
  expect "export --format $format" 0 "vectors of a finished run to v.$format \($format\)" \
    "$W" export "$T/formats/run.ckpt" --output "v.$format" --format $format
  rm -rf "$T/formats"/v."$format"*
  "$W" export "$T/formats/run.ckpt" --output "$T/formats/v.$format" --format $format --quiet
  expect "neighbors --format $format" 0 "" "$W" neighbors "$T/formats/v.$format" the --format $format -k 3
  if ! cmp -s "$T/stdout" <("$W" neighbors "$T/formats/ref.txt" the -k 3 2>/dev/null); then
    bad "neighbours from $format" "differ from the text file's: $(tr '\n' '|' < "$T/stdout")"
  fi
done
expect "export converts vectors given --format" 0 "vectors of .*ref.txt \\(text\\) to .*conv.npy \\(npy\\)" \
  "$W" export "$T/formats/ref.txt" --output "$T/formats/conv.npy" --format npy
expect "npy recognised without --format" 0 "\(npy\)" "$W" neighbors "$T/formats/v.npy" the -k 3 --timing
expect "--binary is --format binary" 0 "\(binary\)" "$W" export "$T/formats/run.ckpt" --output v.bin --binary
expect "--binary contradicts --format" 2 "--binary contradicts --format npy" "$W" export "$T/formats/run.ckpt" --output v.npy --binary --format npy
expect "unknown --format" 2 "--format must be one of text, binary, glove, projector, npy" "$W" export "$T/formats/run.ckpt" --output v --format csv
cp "$F/small.txt" "$T/formats/corpus.txt"
cp "$F/small.txt" "$T/formats/corpus.words.txt"
expect "npy words file would replace the corpus" 2 "--output's npy file .*corpus.words.txt is the corpus" \
  "$W" train "$T/formats/corpus.words.txt" --output "$T/formats/corpus.npy" --format npy "${FAST[@]}"
cmp -s "$F/small.txt" "$T/formats/corpus.words.txt" && ok "the corpus beside the .npy is untouched" || bad "corpus.words.txt" "was changed"
expect "train --output is the corpus" 2 "is the corpus: writing there would destroy it" "$W" train "$T/formats/corpus.txt" --output "$T/formats/corpus.txt" "${FAST[@]}"
cmp -s "$F/small.txt" "$T/formats/corpus.txt" && ok "the corpus is untouched" || bad "corpus" "was changed"
if python3 -c 'import numpy' 2>/dev/null; then
  if python3 - "$T/formats/v.npy" "$T/formats/ref.txt" <<'PY'
import sys, numpy as np
m = np.load(sys.argv[1])
words = open(sys.argv[1][:-4] + ".words.txt", encoding="utf-8").read().split("\n")[:-1]
lines = open(sys.argv[2], encoding="utf-8").read().split("\n")[1:-1]
assert m.dtype == np.float32 and m.shape == (len(lines), len(lines[0].split()) - 1), (m.dtype, m.shape)
assert words == [l.split(" ")[0] for l in lines]
ref = np.array([[float(x) for x in l.split(" ")[1:]] for l in lines], dtype=np.float32)
assert np.abs(m - ref).max() <= 1e-6, np.abs(m - ref).max()  # text has 6 decimals
PY
  then ok "np.load reads the .npy export (shape, words, values)"; else bad "np.load" "numpy disagrees with the text export"; fi
fi
