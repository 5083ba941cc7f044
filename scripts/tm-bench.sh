#!/usr/bin/env bash
# The bitext tm benchmark: a 1,000,000-unit memory, lookups and concordance
# on one core, the same queries against Translate Toolkit's tmdb, a loopback
# load test, and PostgreSQL against SQLite. Heavy: run it once, not in CI.
#
#   scripts/tm-bench.sh [WORKDIR]          (default /tmp/tm-bench)
#
# Steps (each skipped when its output exists, so a run can be resumed):
#   1. scripts/tm-bench-data.py WORKDIR/data      the memory (10 TMX files) and 1,000 queries
#   2. bitext tm import                           WORKDIR/sqlite.db: wall/CPU time, units/s, size
#   3. BenchmarkLookup1M with GOMAXPROCS=1        lookup and concordance p50/p99 (wall and thread CPU)
#   4. scripts/tm-bench-tmdb.py                   tmdb on the same memory: every TMDB_EVERY-th query of each kind
#                                                 (10: 100 queries), TMDB_QUERY_SECONDS (20) per query, TMDB_BUDGET
#                                                 (2400 s) in all, on one core (taskset -c 1); TMDB_PLAN=fts-first
#                                                 runs tmdb's query with the FTS3 MATCH as the outer loop (see the script)
#   5. scripts/tm-bench-compare.py                latency ratio and best-match agreement
#   6. BenchmarkServerLoad                        32 clients x 30 s on loopback, one importer
#   7. PostgreSQL: a throwaway cluster (scripts/tm-pg-cluster.sh), the same import and lookups
#      (PG_UNITS, default all; set PG=0 to skip)
# Needs: python3, /usr/bin/python3 with translate-toolkit and python3-levenshtein, PostgreSQL for 7.
set -euo pipefail
cd "$(dirname "$0")/.."
W=${1:-/tmp/tm-bench}
mkdir -p "$W"
log() { echo "== $*" | tee -a "$W/summary.txt"; }
T="/usr/bin/time -f %e_s_wall_%U_s_user_%S_s_sys_%M_KB"

[[ -f "$W/data/queries.jsonl" ]] || python3 scripts/tm-bench-data.py "$W/data" 1000000
go build -o "$W/bitext" ./cmd/bitext
go test -c -o "$W/tm.test" ./internal/tm

if [[ ! -f "$W/sqlite.db" ]]; then
	log "import into SQLite"
	$T "$W/bitext" tm import --tm "$W/sqlite.db" "$W"/data/mem-*.tmx 2>&1 | tee -a "$W/summary.txt"
fi
"$W/bitext" tm stats --tm "$W/sqlite.db" | tee -a "$W/summary.txt"

log "lookup + concordance, GOMAXPROCS=1, SQLite"
GOMAXPROCS=1 BITEXT_TM_BENCH_DB="$W/sqlite.db" BITEXT_TM_BENCH_QUERIES="$W/data/queries.jsonl" \
	BITEXT_TM_BENCH_OUT="$W/bitext-results.json" \
	"$W/tm.test" -test.run XXX -test.bench BenchmarkLookup1M -test.benchtime 1x | tee -a "$W/summary.txt"

if [[ ! -f "$W/tmdb-results.json" ]]; then
	log "tmdb (Translate Toolkit) on the same memory"
	$T taskset -c 1 /usr/bin/python3 scripts/tm-bench-tmdb.py "$W/data" "$W/tmdb.db" "$W/tmdb-results.json" \
		"${TMDB_BUDGET:-2400}" "${TMDB_EVERY:-10}" "${TMDB_QUERY_SECONDS:-20}" "${TMDB_PLAN:-shipped}" 2>&1 | tee -a "$W/summary.txt"
fi
log "bitext vs tmdb"
python3 scripts/tm-bench-compare.py "$W/bitext-results.json" "$W/tmdb-results.json" | tee -a "$W/summary.txt"

log "load test: 32 clients x 30 s, one importer, SQLite"
cp "$W/sqlite.db" "$W/load.db"
BITEXT_TM_BENCH_DB="$W/load.db" BITEXT_TM_BENCH_QUERIES="$W/data/queries.jsonl" \
	"$W/tm.test" -test.run XXX -test.bench BenchmarkServerLoad -test.benchtime 1x | tee -a "$W/summary.txt"
rm -f "$W"/load.db*

if [[ "${PG:-1}" != 0 ]]; then
	URL=${BITEXT_TEST_POSTGRES:-}
	started=""
	if [[ -z "$URL" ]]; then
		URL=$(scripts/tm-pg-cluster.sh start)
		started=1
	fi
	log "import into PostgreSQL"
	$T "$W/bitext" tm import --tm "$URL" "$W"/data/mem-*.tmx 2>&1 | tee -a "$W/summary.txt"
	"$W/bitext" tm stats --tm "$URL" | tee -a "$W/summary.txt"
	log "lookup + concordance, GOMAXPROCS=1, PostgreSQL"
	GOMAXPROCS=1 BITEXT_TM_BENCH_DB="$URL" BITEXT_TM_BENCH_QUERIES="$W/data/queries.jsonl" \
		"$W/tm.test" -test.run XXX -test.bench BenchmarkLookup1M -test.benchtime 1x | tee -a "$W/summary.txt"
	[[ -n "$started" ]] && scripts/tm-pg-cluster.sh stop "$URL"
fi
log "done: $W/summary.txt"
