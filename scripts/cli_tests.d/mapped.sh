# The mapped vectors format (.w2vm) and w2v verify (issue 20). Sourced by scripts/cli_tests.sh.
MV="$T/mapped"
mkdir -p "$MV"
A="$ROOT/corpora/vectors-head2000-50d.bin"
"$W" export "$A" --format mapped --output "$MV/v.w2vm" --quiet
"$W" neighbors "$A" king -k 5 --json > "$MV/bin.json"
"$W" neighbors "$MV/v.w2vm" king -k 5 --json > "$MV/mapped.json"
if cmp -s "$MV/bin.json" "$MV/mapped.json"; then ok "mapped: neighbors as from the binary file"; else bad "mapped: neighbors as from the binary file" "answers differ"; fi
"$W" export "$MV/v.w2vm" --format binary --output "$MV/back.bin" --quiet
"$W" export "$A" --format binary --output "$MV/orig.bin" --quiet
if cmp -s "$MV/back.bin" "$MV/orig.bin"; then ok "mapped: exported back bit for bit"; else bad "mapped: exported back bit for bit" "files differ"; fi
expect "mapped: verify an intact file" 0 "" "$W" verify "$MV/v.w2vm"
# A future version: the version field (bytes 8-11) set to 2 (the header CRC then fails too,
# but the version is checked first so the message says what to do).
cp "$MV/v.w2vm" "$MV/future.w2vm"
printf '\002' | dd of="$MV/future.w2vm" bs=1 seek=8 count=1 conv=notrunc status=none
expect "mapped: future version" 1 "version 2, but this w2v reads version 1" "$W" neighbors "$MV/future.w2vm" king
expect "mapped: future version, nothing written" 1 "version 2" "$W" export "$MV/future.w2vm" --format text --output out.txt
head -c 100000 "$MV/v.w2vm" > "$MV/cut.w2vm"
expect "mapped: truncated" 1 "truncated: 100000 bytes" "$W" similarity "$MV/cut.w2vm" king queen
cp "$MV/v.w2vm" "$MV/flipped.w2vm"
flip "$MV/flipped.w2vm" 300000
expect "mapped: verify catches a flipped byte" 1 "damaged: the content's CRC-32" "$W" verify "$MV/flipped.w2vm"
expect "mapped: verify a non-mapped file" 1 "not a mapped vectors file" "$W" verify "$A"
expect "mapped: verify without a file" 2 "" "$W" verify
