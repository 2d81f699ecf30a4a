#!/usr/bin/env bash
# The payoff of our vectors downstream (issue 6): a bidirectional GRU sentence classifier on
# rt-polarity (Pang & Lee 2005), initialised with word vectors trained on wikivisual8 versus
# the same model with --random-init, 3 seeds each, on one fixed seeded 80/10/10 split.
# Prints a table of test accuracies (mean and standard deviation per condition), training
# time and sentences/s.
#
# usage: scripts/classify_payoff.sh [VECTORS] [extra 'w2v classify train' options...]
#   VECTORS  word2vec file (default /work/vectors/wiki-full.txt)
#   env: W2V (the binary, default .build/release/w2v), OUT (work directory, default
#        .build/payoff), SEEDS (default "1 2 3"), SPLIT_SEED (default 1), TOKENIZER (default
#        "--lowercase --split-punctuation": the shape of text8-style vectors, where "doesn't"
#        was cleaned to "doesn t"; the earlier "--lowercase --strip-punctuation" gave "doesnt")
# The default model: --cell gru --bidirectional --hidden 100 --pool final --dropout 0.5,
# fine-tuned, Adam 1e-3, batch 32, at most 10 epochs with patience 3; extra options override.
set -euo pipefail
cd "$(dirname "$0")/.."
VECTORS=${1:-/work/vectors/wiki-full.txt}
shift || true
W2V=${W2V:-.build/release/w2v}
OUT=${OUT:-.build/payoff}
SEEDS=${SEEDS:-"1 2 3"}
SPLIT_SEED=${SPLIT_SEED:-1}
TOKENIZER=${TOKENIZER:-"--lowercase --split-punctuation"}
[ -x "$W2V" ] || { echo "no $W2V: run 'swift build -c release' first (or set W2V)" >&2; exit 1; }
[ -f "$VECTORS" ] || { echo "no vectors file $VECTORS" >&2; exit 1; }
mkdir -p "$OUT"
"$W2V" classify split --data corpora/rt-polarity --seed "$SPLIT_SEED" --output-dir "$OUT/split" >/dev/null
RESULTS="$OUT/results.tsv"
printf 'condition\tseed\tbest_epoch\tdev_acc\ttest_acc\tepochs\ttrain_s\tsentences_per_s\n' > "$RESULTS"
for condition in pretrained random-init; do
    flag=""
    [ "$condition" = random-init ] && flag="--random-init"
    for seed in $SEEDS; do
        model="$OUT/$condition-$seed.w2vc"
        log="$OUT/$condition-$seed.log"
        "$W2V" classify train --vectors "$VECTORS" --data "$OUT/split/train.tsv" --dev "$OUT/split/dev.tsv" \
            --output "$model" --cell gru --bidirectional $TOKENIZER --seed "$seed" $flag "$@" \
            > "$log" 2> "$OUT/$condition-$seed.progress"
        "$W2V" classify eval "$model" --data "$OUT/split/test.tsv" > "$OUT/$condition-$seed.eval"
        best=$(sed -n 's/^best epoch \([0-9]*\): dev accuracy \([0-9.]*\).*/\1\t\2/p' "$log")
        timing=$(sed -n 's/^trained \([0-9]*\) epochs in \([0-9.]*\) s (\([0-9]*\) sentences.*/\1\t\2\t\3/p' "$log")
        test=$(sed -n 's/^sentences [0-9]*  accuracy \([0-9.]*\).*/\1/p' "$OUT/$condition-$seed.eval")
        IFS=$'\t' read -r epoch dev <<< "$best"
        IFS=$'\t' read -r epochs seconds rate <<< "$timing"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$condition" "$seed" "$epoch" "$dev" "$test" "$epochs" "$seconds" "$rate" >> "$RESULTS"
        printf '%-12s seed %s: test %s (dev %s, best epoch %s of %s, %s s, %s sentences/s)\n' \
            "$condition" "$seed" "$test" "$dev" "$epoch" "$epochs" "$seconds" "$rate" >&2
    done
done
echo "vectors: $VECTORS; tokenizer: $TOKENIZER; extra options: ${*:-none}; split seed $SPLIT_SEED (8530/1066/1066)"
column -t -s $'\t' "$RESULTS"
awk -F'\t' 'NR > 1 { n[$1]++; s[$1] += $5; q[$1] += $5 * $5; t[$1] += $7; r[$1] += $8 }
    END {
        for (c in n) {
            m = s[c] / n[c]; sd = (n[c] > 1) ? sqrt((q[c] - n[c] * m * m) / (n[c] - 1)) : 0
            printf "%-12s test accuracy mean %.2f%% sd %.2f (n=%d); mean training %.0f s, %.0f sentences/s\n", c, 100 * m, 100 * sd, n[c], t[c] / n[c], r[c] / n[c]
            mean[c] = m
        }
        if (("pretrained" in mean) && ("random-init" in mean))
            printf "difference (pretrained - random-init): %+.2f points\n", 100 * (mean["pretrained"] - mean["random-init"])
    }' "$RESULTS"
