#!/usr/bin/env bash
# langid-accuracy.sh — accuracy of "bitext detect" per language and category
# on the development half of lingua's test data, next to plain lingua
# (high-accuracy mode, same candidates; hidden flag --plain-lingua).
#
# Usage: scripts/langid-accuracy.sh [--all] [EVAL_DIR]
#   EVAL_DIR  default: ../shared/eval/langid-lingua-dev (beside the repo)
#   --all     also the eval set's other languages, with --languages all
#
# Prints a Markdown table (percent of lines detected as the file's language).
# Each file is one process: "bitext detect --lines --json FILE".
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
all=false
if [[ ${1:-} == --all ]]; then all=true; shift; fi
eval_dir=${1:-$root/../shared/eval/langid-lingua-dev}
[[ -d $eval_dir ]] || { echo "langid-accuracy: no eval set at $eval_dir" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && go build -o "$tmp/bitext" ./cmd/bitext)

default_langs=(en ar fr es de it pt ru tr fa ur he zh)
cats=(sentences word-pairs single-words)

# accuracy LANG FILE [bitext detect flags...]: percent of lines detected as LANG.
accuracy() {
	local lang=$1 file=$2
	shift 2
	"$tmp/bitext" detect --lines --json "$@" "$file" >"$tmp/out.jsonl"
	local total hits
	total=$(wc -l <"$tmp/out.jsonl")
	hits=$(grep -c "\"lang\":\"$lang\"," "$tmp/out.jsonl" || true)
	awk -v h="$hits" -v t="$total" 'BEGIN { printf "%.1f", (t ? 100 * h / t : 0) }'
}

echo "Accuracy (%) on $(basename "$eval_dir") (DEV half, 500 lines per file), $(date -u +%Y-%m-%d), default candidates ${default_langs[*]}"
echo
echo "| language | sentences | word-pairs | single-words | plain lingua-high: sentences | word-pairs | single-words |"
echo "|---|---|---|---|---|---|---|"
for l in "${default_langs[@]}"; do
	row="| $l"
	for c in "${cats[@]}"; do row+=" | $(accuracy "$l" "$eval_dir/$c/$l.txt")"; done
	for c in "${cats[@]}"; do row+=" | $(accuracy "$l" "$eval_dir/$c/$l.txt" --plain-lingua)"; done
	echo "$row |"
done

if $all; then
	echo
	echo "Other languages, all 75 lingua languages as candidates (--languages all):"
	echo
	echo "| language | sentences | word-pairs | single-words |"
	echo "|---|---|---|---|"
	for f in "$eval_dir"/sentences/*.txt; do
		l=$(basename "$f" .txt)
		[[ " ${default_langs[*]} " == *" $l "* ]] && continue
		row="| $l"
		for c in "${cats[@]}"; do row+=" | $(accuracy "$l" "$eval_dir/$c/$l.txt" --languages all 2>/dev/null)"; done
		echo "$row |"
	done
fi
