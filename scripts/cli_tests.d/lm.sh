# w2v lm (issue 9): a tiny model trained, evaluated, scored and sampled; bad input refused
# with one line and no output file.
LM="$T/lm"
mkdir -p "$LM"
for i in $(seq 1 40); do echo "the cat sat on the mat ."; echo "a dog ran in the park ."; done > "$LM/train.txt"
for i in $(seq 1 5); do echo "the dog sat on the mat ."; echo "a cat ran in the park ."; done > "$LM/dev.txt"
: > "$LM/empty.txt"
printf '   \n\t\n\n' > "$LM/blank.txt"
echo "zebra quagga okapi" > "$LM/unknown.txt"
printf '2 3\nthe 0.1 0.2 0.3\ncat 0.3 0.2 0.1\n' > "$LM/vec3.txt"
printf 'W2VRNNCL\001\000\000\000garbage-classifier-bytes' > "$LM/classifier.w2vc"
TINY="--dim 8 --hidden 8 --batch 4 --bptt 5 --epochs 2 --threads 2 --quiet"

if (cd "$LM" && "$W" lm train --data train.txt --dev dev.txt --output model.w2vlm $TINY > train.out 2> train.err) \
    && grep -q "best epoch" "$LM/train.out" && [ -s "$LM/model.w2vlm" ]; then ok "lm train tiny"; else bad "lm train tiny" "$(cat "$LM/train.err")"; fi
if "$W" lm eval "$LM/model.w2vlm" --data "$LM/dev.txt" | grep -Eq '^perplexity [0-9.]+  cross-entropy [0-9.]+ bits/token  tokens 80  out-of-vocabulary 0'; then
    ok "lm eval"; else bad "lm eval" "$("$W" lm eval "$LM/model.w2vlm" --data "$LM/dev.txt" 2>&1)"; fi
if printf 'the cat sat on the mat .\nmat the on sat cat the .\n' | "$W" lm score "$LM/model.w2vlm" --json | grep -c '"log_probability"' | grep -q 2; then
    ok "lm score --json"; else bad "lm score --json" "no two JSON lines"; fi
a=$("$W" lm generate "$LM/model.w2vlm" --prompt "the" --words 20 --seed 7)
b=$("$W" lm generate "$LM/model.w2vlm" --prompt "the" --words 20 --seed 7)
if [ -n "$a" ] && [ "$a" = "$b" ]; then ok "lm generate same seed, same text"; else bad "lm generate same seed" "'$a' vs '$b'"; fi

expect "lm train empty file" 1 "no tokens" "$W" lm train --data "$LM/empty.txt" --dev "$LM/dev.txt" --output m.w2vlm $TINY
expect "lm train whitespace-only file" 1 "no tokens" "$W" lm train --data "$LM/blank.txt" --dev "$LM/dev.txt" --output m.w2vlm $TINY
expect "lm train dev with no known token" 1 "none of its tokens" "$W" lm train --data "$LM/train.txt" --dev "$LM/unknown.txt" --output m.w2vlm $TINY
expect "lm train vectors of another dimension" 1 "dimension 3, but 8 is required" "$W" lm train --data "$LM/train.txt" --dev "$LM/dev.txt" --vectors "$LM/vec3.txt" --output m.w2vlm $TINY
expect "lm train --bptt 0" 2 "bptt" "$W" lm train --data "$LM/train.txt" --dev "$LM/dev.txt" --output m.w2vlm --bptt 0
expect "lm train --tie with hidden != dim" 2 "tie" "$W" lm train --data "$LM/train.txt" --dev "$LM/dev.txt" --output m.w2vlm --dim 8 --hidden 9 --tie
expect "lm train output = input" 2 "also an input" "$W" lm train --data "$LM/train.txt" --dev "$LM/dev.txt" --output "$LM/train.txt"
expect "lm eval on a classifier model" 1 "classifier" "$W" lm eval "$LM/classifier.w2vc" --data "$LM/dev.txt"
expect "lm eval on a vectors file" 1 "not a w2v" "$W" lm eval "$LM/vec3.txt" --data "$LM/dev.txt"
cp "$LM/model.w2vlm" "$LM/damaged.w2vlm"
flip "$LM/damaged.w2vlm" 200
expect "lm eval damaged model" 1 "damaged model file" "$W" lm eval "$LM/damaged.w2vlm" --data "$LM/dev.txt"
expect "lm generate damaged model" 1 "damaged model file" "$W" lm generate "$LM/damaged.w2vlm"
expect "lm without subcommand" 2 "missing subcommand" "$W" lm
