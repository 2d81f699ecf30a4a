# HNSW index (w2v index, --index/--ef) and gensim's query verbs (w2v query, repl):
# a built index answers like exact search on a small file, other vectors are refused, bad
# parameters and bad queries give one line, exit 1 or 2, and nothing is written.
mkdir -p "$T/index"
printf '4 2\na 1 0\nb 0.8 0.6\nc 0 2\nd -1 0\n' > "$T/index/hand.txt"
"$W" train "$F/small.txt" --output "$T/index/v.txt" "${FAST[@]}" --min-count 5
"$W" train "$F/small.txt" --output "$T/index/other.txt" "${FAST[@]}" --min-count 5 --seed 2
expect "index builds" 0 "indexed [0-9]+ x 10 rows .*M 8, efConstruction 64" \
  "$W" index "$T/index/v.txt" --output "$T/index/v.hnsw" --m 8 --ef-construction 64 --threads 2
expect "index refuses M 1" 2 "--m must be in 2...1024, got 1" "$W" index "$T/index/v.txt" --output x.hnsw --m 1
expect "index refuses efConstruction 0" 2 "--ef-construction must be in" "$W" index "$T/index/v.txt" --output x.hnsw --ef-construction 0
expect "index needs --output" 2 "--output FILE is required" "$W" index "$T/index/v.txt"
expect "index over its input" 2 "writing there would destroy it" "$W" index "$T/index/v.txt" --output "$T/index/v.txt"
expect "neighbors --ef 0" 2 "--ef expects a whole number >= 1" "$W" neighbors "$T/index/v.txt" the --index "$T/index/v.hnsw" --ef 0
expect "--ef without --index" 2 "--ef needs --index" "$W" neighbors "$T/index/v.txt" the --ef 10
expect "index of other vectors" 1 "the index was built from other vectors" "$W" neighbors "$T/index/other.txt" the --index "$T/index/v.hnsw"
expect "index with another --limit" 1 "built from other vectors" "$W" neighbors "$T/index/v.txt" the --limit 100 --index "$T/index/v.hnsw"
expect "not an index" 1 "not a usable neighbour index" "$W" neighbors "$T/index/v.txt" the --index "$T/index/v.txt"
head -c 1000 "$T/index/v.hnsw" > "$T/index/cut.hnsw"
expect "cut index" 1 "cut short" "$W" neighbors "$T/index/v.txt" the --index "$T/index/cut.hnsw"
expect "index search reports its cost" 0 "index search \(ef 200, bf16 rows\): 1 searches, [0-9]+ dot products" \
  "$W" neighbors "$T/index/v.txt" the --index "$T/index/v.hnsw" --ef 200 -k 5 --timing
if cmp -s <(awk '{print $2}' "$T/stdout") <("$W" neighbors "$T/index/v.txt" the -k 5 2>/dev/null | awk '{print $2}'); then ok "index answers = exact answers (ef 200)"
else bad "index answers" "differ from exact search at ef 200: $(tr '\n' '|' < "$T/stdout")"; fi
expect "index walking the float rows" 0 "index search \(ef 200, float rows\)" \
  "$W" neighbors "$T/index/v.txt" the --index "$T/index/v.hnsw" --ef 200 -k 5 --timing --index-rows float
if cmp -s <(awk '{print $2}' "$T/stdout") <("$W" neighbors "$T/index/v.txt" the -k 5 2>/dev/null | awk '{print $2}'); then ok "float-row index answers = exact answers (ef 200)"
else bad "float-row index answers" "differ from exact search at ef 200: $(tr '\n' '|' < "$T/stdout")"; fi
expect "--index-rows bad value" 2 "--index-rows expects bf16 or float, got 'half'" \
  "$W" neighbors "$T/index/v.txt" the --index "$T/index/v.hnsw" --index-rows half
expect "--index-rows without --index" 2 "--index-rows needs --index" "$W" neighbors "$T/index/v.txt" the --index-rows float
expect "analogy --index" 0 "" "$W" analogy "$T/index/v.txt" the of and --index "$T/index/v.hnsw"
expect "analogy --index --method mul" 2 "3CosAdd only" "$W" analogy "$T/index/v.txt" the of and --index "$T/index/v.hnsw" --method mul
expect "repl --index" 0 "" sh -c "printf 'nn the\n' | '$W' repl '$T/index/v.txt' --index '$T/index/v.hnsw'"
# gensim's verbs on the hand-checkable 2-D file (see QueriesTests for the arithmetic).
expect "doesnt_match" 0 "" "$W" query "$T/index/hand.txt" doesnt_match a b c
grep -qx "c" "$T/stdout" && ok "doesnt_match answer" || bad "doesnt_match" "$(cat "$T/stdout")"
expect "doesnt_match with one known word" 1 "needs at least two words in the vocabulary, got 1" "$W" query "$T/index/hand.txt" doesnt_match a zz
expect "similar_by_vector of another dimension" 1 "the query vector has 3 values, the vectors have 2" \
  "$W" query "$T/index/hand.txt" similar_by_vector 1 2 3
expect "n_similarity without /" 1 "two word lists separated by ' / '" "$W" query "$T/index/hand.txt" n_similarity a b
expect "unknown verb" 2 "unknown query 'most_similar_cosmul'" "$W" query "$T/index/hand.txt" most_similar_cosmul a
expect "wmdistance" 0 "" "$W" query "$T/index/hand.txt" wmdistance a c / b d
grep -qx "1.023335" "$T/stdout" && ok "wmdistance answer" || bad "wmdistance" "$(cat "$T/stdout")"
printf 'closer_than a d\nking - man\nsimilar_by_vector 1\n' > "$T/index/repl.txt"
expect "repl verbs" 0 "" sh -c "'$W' repl '$T/index/hand.txt' < '$T/index/repl.txt'"
grep -q "^2 words: b c$" "$T/stdout" && grep -q "^error: the query vector has 1 values" "$T/stdout" && ok "repl verb answers" \
  || bad "repl verbs" "$(tr '\n' '|' < "$T/stdout")"
