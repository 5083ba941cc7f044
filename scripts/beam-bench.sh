#!/usr/bin/env bash
# beam-bench.sh: the numbers of issue 14 for bitext-beam (module beam/).
#
#   1. the same PAIRS-pair manifest as scripts/batch-bench.sh (scripts/devset-manifest.sh:
#      every document of ntrex-dev-ar-en, quran-dev-ar-en,
#      textberg-dev-de-fr and mac-dev-zh-en, one paragraph per line,
#      repeated until PAIRS) run by `bitext batch -j 2` and by bitext-beam
#      on Prism, in the same run: wall time, peak RSS, ratio;
#   2. per-pair cost: the align DoFn's time per element (Beam metric
#      bitext/dofn_us) and the journals' mean ms (AlignEntry's own time)
#      for both, pairs per worker-hour and the 10-million-pair estimate;
#   3. build: cold build time (empty GOCACHE) and size of bitext-beam;
#      `go list -deps ./cmd/bitext | grep -c beam` in the main module.
#
# Run from the repository root:
#
#   scripts/beam-bench.sh                # PAIRS=1000
#   PAIRS=200 COLD=0 scripts/beam-bench.sh   # smaller, no cold build
#
# Needs GNU time (/usr/bin/time). The machine's load is printed (uptime):
# on a shared machine the CPU times (user+sys) are the steadier numbers.
set -euo pipefail

EVAL=${EVAL:-../shared/eval}
PAIRS=${PAIRS:-1000}
COLD=${COLD:-1}
VCPUS=${VCPUS:-2} # vCPUs of the worker the estimate assumes (n2-standard-2)
WORK=${WORK:-$(mktemp -d /tmp/beam-bench.XXXXXX)}
DATE=2026-01-01T00:00:00Z
[ -d "$EVAL/ntrex-dev-ar-en" ] || { echo "beam-bench: $EVAL/ntrex-dev-ar-en not found (set EVAL)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "beam-bench: needs GNU time (apt-get install time)" >&2; exit 2; }
EVAL=$(cd "$EVAL" && pwd)
mkdir -p "$WORK"
ROOT=$(pwd)
export BITEXT_CACHE_DIR=$WORK/http NO_COLOR=1

echo "# beam-bench: $PAIRS pairs; $(nproc) CPUs; $(date -u +%FT%TZ); $(git rev-parse --short HEAD 2>/dev/null); load: $(uptime | sed 's/.*load average: //')"

# 3. Build. The main module must not depend on Beam.
deps=$(go list -deps ./cmd/bitext | grep -c beam || true)
echo "main module: go list -deps ./cmd/bitext | grep -c beam = $deps"
go build -o "$WORK/bitext" ./cmd/bitext
if [ "$COLD" = 1 ]; then
	cold=$(mktemp -d /tmp/beam-bench-gocache.XXXXXX)
	/usr/bin/time -f '%e %U %S %M' -o "$WORK/cold.time" env GOCACHE="$cold" GOFLAGS=-mod=mod \
		sh -c 'cd beam && go build -o "$0" ./cmd/bitext-beam' "$WORK/bitext-beam-cold" >"$WORK/cold.log" 2>&1
	read -r wall user sys rss <"$WORK/cold.time"
	echo "cold build of bitext-beam (empty GOCACHE, modules downloaded): wall ${wall}s, user ${user}s, sys ${sys}s"
	rm -rf "$cold"
fi
(cd beam && go build -o "$WORK/bitext-beam" ./cmd/bitext-beam)
printf 'binary sizes: bitext-beam %.1f MB, bitext %.1f MB\n' \
	"$(stat -c %s "$WORK/bitext-beam" | awk '{ print $1 / 1e6 }')" "$(stat -c %s "$WORK/bitext" | awk '{ print $1 / 1e6 }')"

# 1. The manifest: the one of scripts/batch-bench.sh.
. "$ROOT/scripts/devset-manifest.sh"
devset_documents "$EVAL" "$WORK/docs" "$WORK/docs.tsv"
devset_manifest "$PAIRS" "$WORK/docs.tsv" "$WORK/m.jsonl"

# Warm the lexicon cache once so that neither run pays for building it.
devset_warm "$WORK/m.jsonl" "$WORK/warm.jsonl"
"$WORK/bitext" batch -j 2 --progress plain --out "$WORK/warm" "$WORK/warm.jsonl" >/dev/null 2>&1 || true

measure() { # NAME CMD...: "wall user sys maxrss_kb"
	local name=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.log" || echo "$name: exit $?" >&2
	tail -1 "$WORK/$name.time"
}
meanms() { # journal files: mean "ms" of the records
	cat "$@" | sed -n 's/.*"ms":\([0-9]*\).*/\1/p' | awk '{ s += $1; n++ } END { if (n) printf "%.1f", s / n; else print 0 }'
}

echo "load before the runs: $(uptime | sed 's/.*load average: //')"
read -r bwall buser bsys brss < <(measure batch "$WORK/bitext" batch -j 2 --date "$DATE" --progress plain \
	--out "$WORK/out-batch" --journal "$WORK/batch.state.jsonl" "$WORK/m.jsonl")
read -r pwall puser psys prss < <(measure beam "$WORK/bitext-beam" --manifest "$WORK/m.jsonl" --date "$DATE" \
	--out "$WORK/out-beam" --max-failed-share 1)
echo "load after the runs: $(uptime | sed 's/.*load average: //')"

printf '%-22s %8s %8s %8s %10s %8s\n' run wall_s user_s sys_s maxrss_MB pairs/s
printf '%-22s %8s %8s %8s %10d %8.2f\n' "bitext batch -j 2" "$bwall" "$buser" "$bsys" $((brss / 1024)) "$(awk -v n="$PAIRS" -v w="$bwall" 'BEGIN { print n / w }')"
printf '%-22s %8s %8s %8s %10d %8.2f\n' "bitext-beam (prism)" "$pwall" "$puser" "$psys" $((prss / 1024)) "$(awk -v n="$PAIRS" -v w="$pwall" 'BEGIN { print n / w }')"
awk -v a="$pwall" -v b="$bwall" -v c="$prss" -v d="$brss" -v u="$puser" -v s="$psys" -v bu="$buser" -v bs="$bsys" \
	'BEGIN { printf "ratio beam/batch: wall %.2f, CPU %.2f, peak RSS %.2f\n", a / b, (u + s) / (bu + bs), c / d }'

# Byte-identical outputs?
diff -r -q "$WORK/out-batch" "$WORK/out-beam" -x .bitext-beam >"$WORK/diff.txt" 2>&1 && echo "TMX outputs: identical" || echo "TMX outputs: $(wc -l <"$WORK/diff.txt") differences (see $WORK/diff.txt)"

# 2. Per-pair cost.
dofn=$(sed -n 's/^align DoFn: [0-9]* elements, \([0-9.]*\) ms per element/\1/p' "$WORK/beam.log")
bms=$(meanms "$WORK/batch.state.jsonl")
pms=$(meanms "$WORK/out-beam/.bitext-beam"/journal-*.jsonl)
echo "per pair: beam DoFn ${dofn:-?} ms/element (AlignEntry + writes); AlignEntry ms in the journals: beam $pms, batch $bms"
awk -v ms="${dofn:-$pms}" -v cpu="$VCPUS" -v n=10000000 'BEGIN {
	ph = 3600000 / ms * cpu
	wh = n / ph
	printf "pairs per worker-hour (%d vCPUs, one DoFn thread each, %.1f ms/pair): 3600000 / %.1f * %d = %.0f\n", cpu, ms, ms, cpu, ph
	printf "10M pairs: %d / %.0f = %.0f worker-hours; on 100 workers %.1f h wall (plus start-up, ~5 min)\n", n, ph, wh, wh / 100 }'
echo "# logs and outputs in $WORK"
