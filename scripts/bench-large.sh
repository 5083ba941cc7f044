#!/usr/bin/env bash
# bench-large.sh: time and peak memory of bitext eval on large documents.
#
# Builds, in a temporary directory (never in the repo), single-document
# datasets of about 20k and 200k lines per side, with gold beads shifted
# accordingly, runs `bitext eval` on each under /usr/bin/time -v and prints
# wall time, peak RSS and strict F1. Two inputs per size:
#   textberg  textberg-dev-de-fr repeated (periodic: a hard case for the
#             coarse-to-fine search, whose coarse levels see every period
#             alike), without a dictionary (--dict none: the case of a
#             pair with none installed; .ci/run installs FreeDict deu-fra);
#   ar-en     the Arabic-English sentence sets (ntrex-dev-ar-en, quran-dev-
#             ar-en, ntrex-dev-ar-en-noisy) concatenated: about 5.2k lines,
#             repeated (period 5.2k lines), with the FreeDict dictionary.
#             The built lexicon is cached (internal/dict cache.go) in a
#             fresh directory: the first ar-en run of the smallest size
#             builds it ("cold cache"), the other runs read it, as a
#             second run of bitext does.
# If hunalign is installed it is run on the 20k textberg case too and the
# ratio printed.
#
# Usage: scripts/bench-large.sh [SIZES...]   (default: 20000 200000)
set -euo pipefail
cd "$(dirname "$0")/.."
EVAL=${EVAL_DIR:-../shared/eval}
SET=$EVAL/textberg-dev-de-fr
[ -d "$SET" ] || { echo "bench-large: $SET not found" >&2; exit 1; }
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench-large: /usr/bin/time not installed (apt-get install time)" >&2; exit 1; }
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(20000 200000)
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
go build -o "$TMP/bitext" ./cmd/bitext
export BITEXT_LEXICON_CACHE="$TMP/lexicon-cache"

build() { # build N DIR KIND
  python3 scripts/bench-input.py "$EVAL" "$1" "$2" "$3"
}

measure() { # measure LABEL CMD...
  local label=$1; shift
  "$TIME" -v -o "$TMP/time.txt" "$@" > "$TMP/out.txt" 2>"$TMP/err.txt" || { cat "$TMP/err.txt" >&2; return 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$TMP/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$TMP/time.txt")
  printf '%-28s wall %-9s peak RSS %6s MB  %s\n' "$label" "$wall" "$rss" "$(head -c 200 "$TMP/out.txt" | tr '\n' ' ')"
  echo "$wall" > "$TMP/last_wall"
}

secs() { awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }' <<<"$1"; }

for n in "${SIZES[@]}"; do
 for kind in textberg ar-en; do
  d="$TMP/$kind$n"
  read -r ns nt < <(build "$n" "$d" "$kind")
  if [ "$kind" = ar-en ] && [ ! -d "$BITEXT_LEXICON_CACHE" ]; then
    measure "$kind ${ns}x${nt} (cold cache)" "$TMP/bitext" eval --json "$d"
  fi
  if [ "$kind" = textberg ]; then
    measure "$kind ${ns}x${nt}" "$TMP/bitext" eval --dict none --json "$d"
  else
    measure "$kind ${ns}x${nt}" "$TMP/bitext" eval --json "$d"
  fi
  bw=$(cat "$TMP/last_wall")
  if [ "$kind" = textberg ] && [ "$n" -le 20000 ] && command -v hunalign >/dev/null; then
    : > "$TMP/null.dic"
    if measure "hunalign ${ns}x${nt}" hunalign -utf -realign "$TMP/null.dic" "$d/de/dev" "$d/fr/dev"; then
      hw=$(cat "$TMP/last_wall")
      awk -v h="$(secs "$hw")" -v b="$(secs "$bw")" 'BEGIN{ if (b>0) printf "hunalign/bitext wall-time ratio: %.1f\n", h/b }'
    fi
  fi
 done
done
