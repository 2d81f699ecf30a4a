# Issue 21, groups 1, 2, 5, 9 and 10: the output-path policy (docs/paths.md), inputs that are
# pipes or FIFOs, every input protected from being the output, binary files and odd words, and
# messages that say what is wrong. Every check uses files under $T only (a FIFO, a symbolic
# link, a device node made with mknod when root): a build without the policy replaces the node
# it writes to, so no check writes to a system path such as /dev/null.
P="$T/paths"
mkdir -p "$P"
printf '4 3\nking 1 2 3\nqueen 1 2 3.1\nman 3 1 0\nwoman 3 1 0.2\n' > "$P/v.txt"
printf '8 3\nking 1 2 3\nqueen 1 2 3.1\nman 3 1 0\nwoman 3 1 0.2\nhe 2 1 0\nshe 2 1 0.5\ndoctor 1 1 1\nnurse 1 0 1\n' > "$P/b.txt"
for i in $(seq 40); do echo "the cat sat on the mat the dog"; done > "$P/tiny.txt"
TINY=(--dim 4 --epochs 1 --min-count 1 --sample 0 --threads 1 --quiet)
# is_kind PATH TEST NAME: `test TEST PATH` holds (e.g. -p FIFO, -L link, -c character device).
is_kind() { if [ "$2" "$1" ]; then ok "$3"; else bad "$3" "$(ls -ld "$1")"; fi; }

# ---- group 1: the output-path policy ----
echo old > "$P/target.txt"; ln -sf target.txt "$P/link.txt"
expect "output: symlink followed" 0 "" "$W" cluster "$P/v.txt" -k 2 --output "$P/link.txt"
is_kind "$P/link.txt" -L "output: the symlink is still a link"
grep -q '^king ' "$P/target.txt" && ok "output: the link's target was written" || bad "output: link target" "$(head -c 80 "$P/target.txt")"
rm -f "$P/fifo"; mkfifo "$P/fifo"
(timeout 10 cat "$P/fifo" > "$P/fifo.got") &
reader=$!
expect "output: FIFO written through" 0 "" timeout 10 "$W" cluster "$P/v.txt" -k 2 --output "$P/fifo"
wait $reader
is_kind "$P/fifo" -p "output: the FIFO is still a FIFO"
grep -q '^king ' "$P/fifo.got" && ok "output: the FIFO's reader got the clusters" || bad "output: FIFO reader" "got $(wc -c < "$P/fifo.got") bytes"
if mknod "$P/null" c 1 3 2> /dev/null; then
  expect "output: character device written through" 0 "" "$W" cluster "$P/v.txt" -k 2 --output "$P/null"
  is_kind "$P/null" -c "output: the device node is still a device"
fi
expect "output: - is standard output" 0 "wrote -" "$W" plot map "$P/v.txt" --top 3 --output -
head -c 5 "$T/stdout" | grep -q '<?xml' && ok "output: the picture went to standard output" || bad "output: - stdout" "$(head -c 60 "$T/stdout")"
expect "output: /dev/fd/N written through" 0 "" bash -c "'$W' cluster '$P/v.txt' -k 2 --output /dev/fd/3 3> '$P/fd3.got'"
grep -q '^king ' "$P/fd3.got" && ok "output: descriptor 3 got the clusters" || bad "output: /dev/fd/3" "got $(wc -c < "$P/fd3.got") bytes"
if command -v python3 > /dev/null && python3 -c "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])" "$P/sock" 2> /dev/null; then
  expect "output: a socket refused" 1 "it is a socket" "$W" plot map "$P/v.txt" --top 3 --output "$P/sock"
  is_kind "$P/sock" -S "output: the socket is left alone"
fi

# ---- group 2: inputs that are pipes, FIFOs whose writer left ----
expect "input: neighbors <(cat v.txt)" 0 "" bash -c "'$W' neighbors <(cat '$P/v.txt') king -k 1 | grep -q queen"
rm -f "$P/in.fifo"; mkfifo "$P/in.fifo"
(cat "$P/v.txt" > "$P/in.fifo") &
expect "input: a FIFO read once (no second open)" 0 "" timeout 10 "$W" neighbors "$P/in.fifo" king -k 1
wait
expect "input: train <(cat corpus)" 0 "" bash -c "'$W' train <(cat '$P/tiny.txt') --output '$P/p.txt' ${TINY[*]}"
expect "input: train --read-vocab <(...)" 0 "" bash -c "'$W' train '$P/tiny.txt' --read-vocab <(printf 'the 9\ncat 5\n') --output '$P/p.txt' ${TINY[*]}"
expect "input: bias --words <(...)" 0 "" bash -c "'$W' bias '$P/b.txt' --pairs <(printf 'man woman\nhe she\n') --words <(printf 'doctor\nnurse\n')"
expect "input: weat --x <(...)" 0 "" bash -c "'$W' weat '$P/b.txt' --x <(echo doctor) --y <(echo nurse) --a <(echo man) --b <(echo woman) --permutations 10"
expect "input: plot --file <(...)" 0 "" bash -c "'$W' plot map '$P/v.txt' --file <(printf 'king\nqueen\nman\n') --output '$P/p.svg'"
expect "input: debias --definitional <(...)" 0 "" bash -c "'$W' debias '$P/b.txt' --definitional <(printf 'man woman\nhe she\n') --words <(echo doctor) --output '$P/d.txt' --quiet"

# ---- group 5: no input is replaced by the output ----
printf 'the 9\ncat 5\nsat 3\n' > "$P/voc.txt"; printf 'man woman\nhe she\n' > "$P/defs.txt"; printf 'doctor\nnurse\n' > "$P/words.txt"
printf 'king\nqueen\nman\n' > "$P/list.txt"; printf 'king 0\nqueen 0\nman 1\nwoman 1\n' > "$P/clusters.txt"
sums() { cksum "$P/voc.txt" "$P/defs.txt" "$P/words.txt" "$P/list.txt" "$P/clusters.txt"; }
before=$(sums)
expect "inputs: train --read-vocab = --output refused" 2 "--output .* is the --read-vocab input" "$W" train "$P/tiny.txt" --read-vocab "$P/voc.txt" --output "$P/voc.txt" "${TINY[@]}"
expect "inputs: debias --definitional = --output refused" 2 "is the --definitional input" "$W" debias "$P/b.txt" --definitional "$P/defs.txt" --output "$P/defs.txt"
expect "inputs: debias --words = --output refused" 2 "is the --words input" "$W" debias "$P/b.txt" --words "$P/words.txt" --output "$P/words.txt"
expect "inputs: plot --file = --output refused" 2 "is the --file input" "$W" plot map "$P/v.txt" --file "$P/list.txt" --output "$P/list.txt"
expect "inputs: plot --clusters = --output refused" 2 "is the --clusters input" "$W" plot map "$P/v.txt" --top 4 --clusters "$P/clusters.txt" --output "$P/clusters.txt"
expect "inputs: plot bias --words = --output refused" 2 "is the --words input" "$W" plot bias "$P/b.txt" --words "$P/words.txt" --output "$P/words.txt"
[ "$(sums)" = "$before" ] && ok "inputs: every input unchanged after the refusals" || bad "inputs unchanged" "an input was replaced"

# ---- group 9: binary files and odd words ----
# Rows of 3 little-endian float32s: 1 2 3 and 1 2 3.5.
A='\x00\x00\x80\x3f\x00\x00\x00\x40\x00\x00\x40\x40' B='\x00\x00\x80\x3f\x00\x00\x00\x40\x00\x00\x60\x40'
printf "2 3\r\nking $A\r\nqueen $B\r\n" > "$P/crlf.bin"
printf "3 3\nnew york $A\nking $A\nqueen $B\n" > "$P/space.bin"
expect "binary: CRLF rows read" 0 "" "$W" similarity "$P/crlf.bin" king queen
expect "binary: a word with a space refused" 1 "holds a space" "$W" neighbors "$P/space.bin" king
"$W" export "$P/v.txt" --format npy --output "$P/w.npy" --quiet
printf 'king\nnew york\nman\nwoman\n' > "$P/w.words.txt"
expect "export: a word the format cannot store refused" 1 "cannot store" "$W" export "$P/w.npy" --format text --output "$P/w.txt"
[ ! -e "$P/w.txt" ] && ok "export: nothing written" || bad "export refused" "w.txt was written"
expect "export: an input's companion file protected" 2 "companion file" "$W" export "$P/w.npy" --format text --output "$P/w.words.txt"
printf '3 2\n-ing 1 0\nking 1 0.1\nqueen 0 1\n' > "$P/dash.txt"
expect "words: -- then a word starting with -" 0 "" "$W" neighbors "$P/dash.txt" -k 1 -- -ing
expect "words: options after -- are words" 1 "'-k' is not in the vocabulary" "$W" neighbors "$P/dash.txt" -- -ing -k 1
"$W" neighbors --help | grep -q -- '^  --  *end of options' && ok "words: -- in the help" || bad "words: -- in help" "not documented"

# ---- group 10: messages that say what is wrong and what to do ----
printf '\xef\xbb\xbf2 3\na 1 2 3\nb 1 2 3.5\n' > "$P/bom.txt"
expect "message: a UTF-8 byte-order mark is skipped" 0 "" "$W" similarity "$P/bom.txt" a b
printf '2 2\n\n\n\n\n\n\n\n\n\n' > "$P/header-only.txt"
expect "message: a header without rows suggests no --limit 0" 1 "holds only its header" "$W" neighbors "$P/header-only.txt" a
grep -q -- '--limit 0' "$T/stderr" && bad "message: --limit 0" "still suggested" || ok "message: no --limit 0 suggested"
"$W" export "$P/v.txt" --format projector --output "$P/proj" --quiet
expect "message: a projector directory names --format projector" 1 "--format projector" "$W" neighbors "$P/proj" king
expect "message: export of a vectors file without --format" 1 "not a w2v checkpoint.*give --format" "$W" export "$P/v.txt" --output "$P/e.txt"
printf 'pos\tgood film\nneg\tbad film\npos\tfine film\n' > "$P/data.tsv"; echo x > "$P/afile"
expect "message: classify split --output-dir a file" 1 "exists and is not a directory" "$W" classify split --data "$P/data.tsv" --output-dir "$P/afile"
grep -q NSCocoaErrorDomain "$T/stderr" && bad "message: NSCocoaErrorDomain" "raw Foundation error" || ok "message: no raw Foundation error"
expect "message: a missing --read-vocab file is a vocabulary file" 1 "cannot read the vocabulary file" "$W" train "$P/tiny.txt" --read-vocab "$P/none.txt" --output "$P/x.txt" --quiet
expect "message: --seed takes any UInt64" 0 "" "$W" train "$P/tiny.txt" --seed 18446744073709551615 --output "$P/x.txt" "${TINY[@]}"
{ printf 'W2VRNNTG'; head -c 64 /dev/zero; } > "$P/tagger.model"
expect "message: a tagger model given to classify" 1 "is a tagger model .*w2v tag train.*, not a classifier model" "$W" classify eval "$P/tagger.model" --data "$P/data.tsv"
