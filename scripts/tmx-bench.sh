#!/bin/sh
# tmx-bench.sh [SIZE_MB] — throughput and peak memory of bitext's TMX code on
# a generated memory of about SIZE_MB megabytes (default 200).
#
# Generates a TSV of Arabic/English sentence pairs with awk, converts it to
# TMX with `bitext tmx convert` (encode), then reads it with `bitext tmx
# stats` (decode) under /usr/bin/time -v, and prints MB/s and max RSS of
# each. Everything happens in a temporary directory that is removed at the
# end. Needs: go, awk, /usr/bin/time (Debian package "time").
set -eu
size_mb=${1:-200}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
[ -x /usr/bin/time ] || { echo "tmx-bench: /usr/bin/time missing (apt-get install time)" >&2; exit 1; }

(cd "$root" && go build -o "$tmp/bitext" ./cmd/bitext)

# about 530 bytes of TMX per pair
pairs=$((size_mb * 1000000 / 530))
awk -v n="$pairs" 'BEGIN {
	print "ar\ten"
	for (i = 0; i < n; i++)
		printf "استضافت موسكو يوم الخميس وزيري الخارجية والدفاع السوريين، في زيارة رقم %d تمثل إعادة ضبط محتملة للعلاقة.\tOn Thursday, Moscow hosted Syria'"'"'s foreign & defense ministers at the State Guest House—visit no. %d, a potential reset <of> the relationship.\n", i, i
}' > "$tmp/mem.tsv"

measure() { # label, input file or "-", command... (bytes: the file's size after the run)
	label=$1 file=$2
	shift 2
	/usr/bin/time -v -o "$tmp/time.txt" "$@" > "$tmp/out.txt"
	bytes=$(wc -c < "$file")
	secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$tmp/time.txt")
	rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time.txt")
	awk -v l="$label" -v b="$bytes" -v s="$secs" -v r="$rss" 'BEGIN {
		printf "%-30s %8.1f MB TMX in %6.2f s = %7.1f MB/s, max RSS %6.1f MB\n", l, b / 1e6, s, (s > 0 ? b / 1e6 / s : 0), r / 1024 }'
}

measure "encode (convert tsv -> tmx)" "$tmp/mem.tmx" "$tmp/bitext" tmx convert --to tmx "$tmp/mem.tsv" -o "$tmp/mem.tmx"
measure "decode (tmx stats)" "$tmp/mem.tmx" "$tmp/bitext" tmx stats "$tmp/mem.tmx"
sed -n 2p "$tmp/out.txt"
measure "decode (tmx validate)" "$tmp/mem.tmx" "$tmp/bitext" tmx validate "$tmp/mem.tmx"
