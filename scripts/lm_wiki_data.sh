#!/bin/sh
# Language-model data from the wikivisual8 benchmark corpus (one 100 MB line, text8 style):
# the token stream cut into 20-token lines; every 64th line is training data (~265k tokens
# spread over the whole corpus), every 256th line, offset by 32 and by 160, dev and test
# (~66k tokens each); tokens seen fewer than 5 times in the training lines become <unk> in all
# three files. `w2v lm` adds </s> at each line end.
# EXTRA="w1|w2" also puts into training every other line (not a dev/test one) holding one of
# those words: "apples" occurs 89 times in the 16.9M tokens, so a 1/64 sample has none.
# usage: [EXTRA=apples] scripts/lm_wiki_data.sh [CORPUS.gz] [OUTDIR]
#        (defaults: ../shared/data/corpora/wikivisual8.gz, /tmp/lm-wiki)
set -eu
corpus=${1:-../shared/data/corpora/wikivisual8.gz}
out=${2:-/tmp/lm-wiki}
mkdir -p "$out"
gunzip -c "$corpus" | tr -s ' ' '\n' | awk -v extra="${EXTRA:-}" 'NF { line = line (n ? " " : "") $1; n++
    if (n == 20) { r = NR_ % 256; NR_++
        if (r % 64 == 0) print line > "'"$out"'/raw.train"
        else if (r == 32) print line > "'"$out"'/raw.valid"
        else if (r == 160) print line > "'"$out"'/raw.test"
        else if (extra != "" && line ~ ("(^| )(" extra ")( |$)")) print line > "'"$out"'/raw.train"
        line = ""; n = 0 } }'
for split in train valid test; do
    awk 'NR == FNR { for (i = 1; i <= NF; i++) c[$i]++; next }
         { for (i = 1; i <= NF; i++) if (c[$i] < 5) $i = "<unk>"; print }' \
        "$out/raw.train" "$out/raw.$split" > "$out/wiki.$split.txt"
done
rm -f "$out"/raw.*
wc -lw "$out"/wiki.*.txt
