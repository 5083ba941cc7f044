#!/usr/bin/env bash
# langid-speed.sh — whole-process wall time and peak memory of "bitext detect"
# (GNU time, Debian package "time"):
#   1. the English seed document (target: <= 0.5 s, <= 150 MB);
#   2. 10,000 sentences of mixed languages from the dev set, one process,
#      --lines --json (target: <= 5 s, <= 500 MB), for bitext and for plain
#      lingua high accuracy on the same candidates (--plain-lingua).
#
# Usage: scripts/langid-speed.sh [RUNS] [EVAL_DIR]   (RUNS default 3)
# The machine's load average is printed: on a shared machine wall time
# varies with it; user+sys CPU time varies less.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
eval_dir=${2:-$root/../shared/eval/langid-lingua-dev}
[[ -x /usr/bin/time ]] || { echo "langid-speed: /usr/bin/time missing (apt-get install time)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && go build -o "$tmp/bitext" ./cmd/bitext)

# measure LABEL ARGS...: one line with wall, CPU and max RSS.
measure() {
	local label=$1
	shift
	/usr/bin/time -v "$tmp/bitext" "$@" >/dev/null 2>"$tmp/time.txt"
	awk -v label="$label" -F': ' '
		/Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = (n == 3 ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2]) }
		/User time/ { user = $2 }
		/System time/ { sys = $2 }
		/Maximum resident set size/ { rss = $2 }
		END { printf "%-34s wall %6.2f s  cpu %5.2f s  max RSS %4d MB\n", label, wall, user + sys, rss / 1024 }
	' "$tmp/time.txt"
}

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
seed=$root/seeds/000_b6081e36b9ffe3de.txt
for ((i = 1; i <= runs; i++)); do measure "seed (bitext detect FILE)" detect "$seed"; done
for ((i = 1; i <= runs; i++)); do measure "seed, plain lingua-high" detect --plain-lingua "$seed"; done

if [[ -d $eval_dir/sentences ]]; then
	# Round-robin over the 25 languages' sentence files: line 1 of each, then line 2, ...
	paste -d '\n' "$eval_dir"/sentences/*.txt | awk 'NF && n < 10000 { print; n++ }' >"$tmp/mixed.txt"
	echo "mixed set: $(wc -l <"$tmp/mixed.txt") sentences in $(ls "$eval_dir"/sentences/*.txt | wc -l) languages"
	for ((i = 1; i <= runs; i++)); do measure "10k sentences (--lines --json)" detect --lines --json "$tmp/mixed.txt"; done
	for ((i = 1; i <= runs; i++)); do measure "10k sentences, plain lingua-high" detect --lines --json --plain-lingua "$tmp/mixed.txt"; done
else
	echo "langid-speed: no eval set at $eval_dir: skipping the 10,000-sentence run" >&2
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
