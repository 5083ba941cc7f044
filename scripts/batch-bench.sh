#!/usr/bin/env bash
# batch-bench.sh: the numbers of issue 13 for `bitext batch`.
#
#   1. throughput: a PAIRS-pair manifest built from the dev sets (every
#      document of ntrex-dev-ar-en, quran-dev-ar-en, textberg-dev-de-fr and
#      mac-dev-zh-en is a pair, repeated until PAIRS), run with -j 1 and
#      -j 2, against a shell loop of `bitext align` over LOOP of the same
#      pairs (every PAIRS/LOOP-th, so the mix is the same), extrapolated
#      to PAIRS;
#   2. memory: peak RSS of -j 2 runs over SMALL and BIG small pairs (three
#      lines of an NTREX document each), so that a 10,000-pair run is
#      affordable; the ratio must stay within 1.2;
#   3. overhead: the time the runs spent appending to the journal and
#      rendering progress (journal_progress_ms of the summary) against
#      their wall time.
#
# The dev documents have one segment per line; they are written as one
# paragraph per line (a blank line between lines) for both batch and the
# loop. Run from the repository root:
#
#   scripts/batch-bench.sh            # PAIRS=1000 LOOP=50 SMALL=1000 BIG=10000
#   PAIRS=252 LOOP=21 scripts/batch-bench.sh   # two copies of each document
#   JOBS=2 scripts/batch-bench.sh              # only -j 2
#
# Needs GNU time (/usr/bin/time). Results go to stdout as a table; the
# work folder (WORK, default a temporary one) keeps logs and journals.
set -euo pipefail

EVAL=${EVAL:-../shared/eval}
PAIRS=${PAIRS:-1000}
LOOP=${LOOP:-50}
SMALL=${SMALL:-1000}
BIG=${BIG:-10000}
JOBS=${JOBS:-1 2}
WORK=${WORK:-$(mktemp -d /tmp/batch-bench.XXXXXX)}
DATE=2026-01-01T00:00:00Z
[ -d "$EVAL/ntrex-dev-ar-en" ] || { echo "batch-bench: $EVAL/ntrex-dev-ar-en not found (set EVAL)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "batch-bench: needs GNU time (apt-get install time)" >&2; exit 2; }

mkdir -p "$WORK"
BIN=$WORK/bitext
go build -o "$BIN" ./cmd/bitext
export BITEXT_CACHE_DIR=$WORK/http NO_COLOR=1

# Documents, one paragraph per line, and the manifest builder.
. "$(dirname "$0")/devset-manifest.sh"
list=$WORK/docs.tsv
devset_documents "$EVAL" "$WORK/docs" "$list"
ndocs=$(wc -l <"$list")

# small N FILE: N pairs of three lines of an NTREX document.
small() {
	local dir=$WORK/small d f n w
	if [ ! -d "$dir" ]; then
		mkdir -p "$dir/ar" "$dir/en"
		for f in "$EVAL/ntrex-dev-ar-en/en"/*; do
			d=$(basename "$f")
			n=$(wc -l <"$f")
			for ((w = 0; 3 * w + 3 <= n; w++)); do
				sed -n "$((3 * w + 1)),$((3 * w + 3))p" "$EVAL/ntrex-dev-ar-en/ar/$d" | sed 's/$/\n/' >"$dir/ar/$d-$w.txt"
				sed -n "$((3 * w + 1)),$((3 * w + 3))p" "$EVAL/ntrex-dev-ar-en/en/$d" | sed 's/$/\n/' >"$dir/en/$d-$w.txt"
			done
		done
	fi
	ls "$dir/en" | awk -v n="$1" -v dir="$dir" '{ f[NR]=$1 } END { for (i = 0; i < n; i++) { k = i % NR + 1
		printf "{\"id\":\"small/%s/%d\",\"translation\":\"%s/en/%s\",\"original\":\"%s/ar/%s\",\"src_lang\":\"ar\",\"tgt_lang\":\"en\"}\n", f[k], int(i / NR), dir, f[k], dir, f[k] } }' >"$2"
}

# measure NAME ARGS...: runs the command under GNU time; prints "wall user sys maxrss_kb".
measure() {
	local name=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.log" || true
	cat "$WORK/$name.time" | tail -1
}

# cpurate N USER SYS: pairs per CPU-second (independent of other load on the machine).
cpurate() { awk -v n="$1" -v u="$2" -v s="$3" 'BEGIN { printf "%.3f", n / (u + s) }'; }

# summary NAME: the summary event of a --progress json run.
field() { grep '"event":"summary"' "$WORK/$1.log" | sed -n "s/.*\"$2\":\([0-9.]*\).*/\1/p"; }

devset_manifest "$PAIRS" "$list" "$WORK/m.jsonl"
echo "# batch-bench: $PAIRS pairs from $ndocs dev documents; $(nproc) CPUs; $(date -u +%FT%TZ); $(git rev-parse --short HEAD 2>/dev/null)"
# Warm the lexicon cache once so that no run pays for building it.
devset_warm "$WORK/m.jsonl" "$WORK/warm.jsonl"
"$BIN" batch -j 2 --progress json --out "$WORK/warm" "$WORK/warm.jsonl" >/dev/null 2>&1 || true

printf '%-28s %8s %8s %8s %9s %8s %8s %8s\n' run wall_s user_s sys_s maxrss_MB pairs/s cpu_p/s overhead
for j in $JOBS; do
	read -r wall user sys rss < <(measure "batch-j$j" "$BIN" batch -j "$j" --date "$DATE" --progress json --out "$WORK/out-j$j" --journal "$WORK/j$j.jsonl" "$WORK/m.jsonl")
	ok=$(field "batch-j$j" ok); failed=$(field "batch-j$j" failed); ov=$(field "batch-j$j" journal_progress_ms)
	rate=$(awk -v n="$PAIRS" -v w="$wall" 'BEGIN { printf "%.3f", n / w }')
	printf '%-28s %8s %8s %8s %9d %8s %8s %7.2f%%   (ok %s, failed %s)\n' "batch -j $j" "$wall" "$user" "$sys" $((rss / 1024)) "$rate" "$(cpurate "$PAIRS" "$user" "$sys")" \
		"$(awk -v o="$ov" -v w="$wall" 'BEGIN { print o / 10 / w }')" "$ok" "$failed"
	eval "rate_j$j=$rate"
	eval "cpu_j$j=$(cpurate "$PAIRS" "$user" "$sys")"
done

# The loop: every (PAIRS/LOOP)-th pair of the same manifest.
step=$((PAIRS / LOOP))
awk -v s="$step" 'NR % s == 1 || s == 1' "$WORK/m.jsonl" | head -n "$LOOP" |
	sed -n 's/.*"translation":"\([^"]*\)","original":"\([^"]*\)".*/\1\t\2/p' >"$WORK/loop.tsv"
cat >"$WORK/loop.sh" <<EOF
#!/usr/bin/env bash
i=0
while IFS=\$'\t' read -r tr orig; do
	i=\$((i + 1))
	"$BIN" align --original "\$orig" "\$tr" -o "$WORK/loop-out/\$i.tmx" 2>>"$WORK/loop.errors" || echo "pair \$i failed" >>"$WORK/loop.errors"
done <"$WORK/loop.tsv"
EOF
chmod +x "$WORK/loop.sh"
mkdir -p "$WORK/loop-out"
read -r wall user sys rss < <(measure loop "$WORK/loop.sh")
n=$(wc -l <"$WORK/loop.tsv")
cpu_loop=$(cpurate "$n" "$user" "$sys")
rate_loop=$(awk -v n="$n" -v w="$wall" 'BEGIN { printf "%.3f", n / w }')
printf '%-28s %8s %8s %8s %9d %8s %8s   (%d pairs; %.0f s extrapolated to %d)\n' "loop of bitext align" "$wall" "$user" "$sys" $((rss / 1024)) "$rate_loop" "$(cpurate "$n" "$user" "$sys")" "$n" \
	"$(awk -v w="$wall" -v n="$n" -v p="$PAIRS" 'BEGIN { print w / n * p }')" "$PAIRS"
for j in $JOBS; do
	awk -v j="$j" -v a="$(eval echo "\$rate_j$j")" -v c="$(eval echo "\$cpu_j$j")" -v l="$rate_loop" -v lc="$cpu_loop" \
		'BEGIN { printf "speed-up of -j %d over the loop: %.1fx by wall time, %.1fx by CPU time (target >= 5x)\n", j, a / l, c / lc }'
done


# Memory: small pairs, SMALL vs BIG.
for n in "$SMALL" "$BIG"; do
	small "$n" "$WORK/small-$n.jsonl"
	read -r wall user sys rss < <(measure "small-$n" "$BIN" batch -j 2 --date "$DATE" --progress json --out "$WORK/out-small-$n" --journal "$WORK/js$n.jsonl" "$WORK/small-$n.jsonl")
	ov=$(field "small-$n" journal_progress_ms)
	printf '%-28s %8s %8s %8s %9d %8s %8s %7.2f%%\n' "batch -j 2, $n small pairs" "$wall" "$user" "$sys" $((rss / 1024)) \
		"$(awk -v n="$n" -v w="$wall" 'BEGIN { printf "%.2f", n / w }')" "$(cpurate "$n" "$user" "$sys")" "$(awk -v o="$ov" -v w="$wall" 'BEGIN { print o / 10 / w }')"
	eval "rss_$n=$rss"
done
awk -v a="$(eval echo \$rss_$SMALL)" -v b="$(eval echo \$rss_$BIG)" -v s="$SMALL" -v g="$BIG" \
	'BEGIN { printf "peak RSS %d pairs / %d pairs: %.2f (target <= 1.2)\n", g, s, b / a }'
echo "# logs, journals and outputs in $WORK"

