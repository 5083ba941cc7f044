#!/usr/bin/env bash
# peer-galechurch.sh: bitext against the classic peer, NLTK's Gale-Church
# aligner (nltk.translate.gale_church.align_blocks, default parameters,
# character lengths), in the same run.
#
# 1. Quality: every set with gold in ../shared/eval (or $EVAL_DIR). The peer
#    (scripts/peer-galechurch.py) and `bitext eval --pred` write predictions,
#    both scored by ../shared/tools/score.py (strict/lax P/R/F1, pooled over
#    the documents); the issue's published hunalign / Gale-Church strict F1
#    are printed beside them for reference.
# 2. Speed: wall time and peak RSS (/usr/bin/time -v) of the peer and of
#    `bitext eval` on textberg-dev-de-fr repeated to about SIZES lines per
#    side (built by scripts/bench-input.py, as in scripts/bench-large.sh),
#    and their ratio. Each is run $RUNS times (default 3; the peer once when
#    its first run takes over 60 s) and the median wall time is shown. Sizes
#    stop growing after the peer exceeds $PEER_LIMIT seconds (default 300),
#    or when a size's projected peer time (last time scaled by the n*m cells)
#    exceeds twice that.
#
# 3. With --diagnostics: the peer's strict F1 again with lengths in UTF-8
#    bytes and/or its normal tail floored (peer-galechurch.py --bytes,
#    --floor), to explain its failures and the published numbers; these
#    variants are not NLTK's defaults and are not the comparison.
#
# NLTK must be importable by $PYTHON, python3 or /usr/bin/python3 (Debian:
# apt-get install -y --no-install-recommends python3-nltk). Temporary files
# only; nothing is written to the repo.
#
# Usage: scripts/peer-galechurch.sh [--no-speed] [--no-quality] [--diagnostics] [SIZES...]
#        (default sizes: 500 1000 2000 4000 8000)
set -euo pipefail
cd "$(dirname "$0")/.."
EVAL=${EVAL_DIR:-../shared/eval}
SCORE=${SCORE:-../shared/tools/score.py}
RUNS=${RUNS:-3}
PEER_LIMIT=${PEER_LIMIT:-300}
quality=1 speed=1 diag=0 SIZES=()
for a in "$@"; do
  case $a in
    --no-speed) speed=0 ;;
    --no-quality) quality=0 ;;
    --diagnostics) diag=1 ;;
    -*) echo "peer-galechurch: unknown flag $a" >&2; exit 2 ;;
    *) SIZES+=("$a") ;;
  esac
done
[ ${#SIZES[@]} -gt 0 ] || SIZES=(500 1000 2000 4000 8000)
[ -d "$EVAL" ] || { echo "peer-galechurch: $EVAL not found" >&2; exit 1; }
[ -f "$SCORE" ] || { echo "peer-galechurch: $SCORE not found" >&2; exit 1; }
PY=
for p in ${PYTHON:-} python3 /usr/bin/python3; do
  if "$p" -c 'import nltk.translate.gale_church' 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || { echo "peer-galechurch: no python3 with NLTK (apt-get install -y --no-install-recommends python3-nltk)" >&2; exit 1; }
TIME=/usr/bin/time
[ "$speed" = 0 ] || [ -x "$TIME" ] || { echo "peer-galechurch: /usr/bin/time not installed (apt-get install time)" >&2; exit 1; }
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
go build -o "$TMP/bitext" ./cmd/bitext

echo "date: $(date -u +%Y-%m-%dT%H:%MZ), commit: $(git rev-parse --short HEAD)$(git diff --quiet -- align internal cmd || echo ' (+ uncommitted changes)'), NLTK $("$PY" -c 'import nltk; print(nltk.__version__)') on $("$PY" -V 2>&1), $(nproc) cores"

now() { date +%s.%N; }

# score SETDIR PREDDIR: score.py's JSON line for all documents of the set.
score() {
  local g=() t=() doc
  for doc in $(awk -F'\t' 'NR>1 && $1!="" {print $1}' "$1/manifest.tsv"); do
    g+=("$1/gold/$doc"); t+=("$2/$doc")
  done
  python3 "$SCORE" -g "${g[@]}" -t "${t[@]}" 2>/dev/null
}

if [ "$quality" = 1 ]; then
  echo
  echo "Quality (strict F1 unless marked; score.py for both; GC = NLTK Gale-Church; published = issue 4's hunalign / Gale-Church strict F1):"
  echo
  echo "| set | docs | GC strict P | GC strict R | GC strict F1 | GC lax F1 | bitext strict F1 | bitext lax F1 | GC/bitext strict F1 | published hunalign | published GC | GC s | bitext s |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for d in "$EVAL"/*/; do
    d=${d%/}
    [ -d "$d/gold" ] || continue
    name=$(basename "$d")
    case $name in
      ntrex-dev-ar-en-paras) pub="0.789 0.633" ;;
      ntrex-dev-ar-en-noisy) pub="0.850 0.703" ;;
      ntrex-dev-ar-en-para) pub="0.629 0.321" ;;
      quran-dev-ar-en-para) pub="0.174 —" ;;
      textberg-dev-de-fr) pub="0.659 0.484" ;;
      mac-dev-zh-en) pub="0.610 0.485" ;;
      *) pub="— —" ;;
    esac
    t0=$(now)
    "$PY" scripts/peer-galechurch.py "$d" "$TMP/gc-$name" 2>"$TMP/err.txt" || { echo "| $name | peer failed: $(tr '\n' ' ' < "$TMP/err.txt") |"; continue; }
    t1=$(now)
    "$TMP/bitext" eval --json --pred "$TMP/bt-$name" "$d" > "$TMP/bt.json" 2>"$TMP/err.txt" || { echo "| $name | bitext failed: $(tr '\n' ' ' < "$TMP/err.txt") |"; continue; }
    t2=$(now)
    score "$d" "$TMP/gc-$name" > "$TMP/gc.score"
    score "$d" "$TMP/bt-$name" > "$TMP/bt.score"
    python3 - "$name" "$TMP/gc.score" "$TMP/bt.score" "$TMP/bt.json" "$pub" "$t0" "$t1" "$t2" <<'PY'
import json, sys
name, gcp, btp, btj, pub, t0, t1, t2 = sys.argv[1:]
gc, bt, own = json.load(open(gcp)), json.load(open(btp)), json.load(open(btj))
if abs(own["strict"]["f1"] - bt["f1_strict"]) > 5e-4:
    print("peer-galechurch: %s: bitext eval says strict F1 %.4f, score.py %.4f" % (name, own["strict"]["f1"], bt["f1_strict"]), file=sys.stderr)
hun, pgc = pub.split()
ratio = gc["f1_strict"] / bt["f1_strict"] if bt["f1_strict"] else float("nan")
print("| %s | %d | %.3f | %.3f | **%.3f** | %.3f | **%.3f** | %.3f | %.2f | %s | %s | %.1f | %.1f |" % (
    name, own["documents"], gc["precision_strict"], gc["recall_strict"], gc["f1_strict"], gc["f1_lax"],
    bt["f1_strict"], bt["f1_lax"], ratio, hun, pgc, float(t1) - float(t0), float(t2) - float(t1)))
PY
  done
fi

f1() { python3 -c 'import json,sys; print("%.3f" % json.load(sys.stdin)["f1_strict"])'; }

if [ "$diag" = 1 ]; then
  echo
  echo "Diagnostics: the peer's strict F1 with other length units / a floored tail (not NLTK's defaults):"
  echo
  echo "| set | chars (default) | chars, --floor | --bytes | --bytes --floor |"
  echo "|---|---|---|---|---|"
  for d in "$EVAL"/*/; do
    d=${d%/}
    [ -d "$d/gold" ] || continue
    row="| $(basename "$d")"
    for v in "" "--floor" "--bytes" "--bytes --floor"; do
      # shellcheck disable=SC2086 # $v is zero to two flags
      "$PY" scripts/peer-galechurch.py $v "$d" "$TMP/diag" 2>/dev/null
      row="$row | $(score "$d" "$TMP/diag" | f1)"
      rm -rf "$TMP/diag"
    done
    echo "$row |"
  done
fi

# measure OUT CMD...: runs CMD under time -v; writes "wall_seconds rss_mb" to OUT.
measure() {
  local out=$1; shift
  "$TIME" -v -o "$TMP/time.txt" "$@" > "$TMP/out.txt" 2>"$TMP/err.txt" || { cat "$TMP/err.txt" >&2; return 1; }
  awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); w=(n==3)?a[1]*3600+a[2]*60+a[3]:a[1]*60+a[2]}
              /Maximum resident set size/{r=$2/1024}
              END{printf "%.2f %.0f\n", w, r}' "$TMP/time.txt" > "$out"
}

# runs N LABEL CMD...: median wall and max RSS over N runs (one run when the first exceeds 60 s).
runs() {
  local n=$1 label=$2 k; shift 2
  : > "$TMP/$label.all"
  for ((k = 0; k < n; k++)); do
    measure "$TMP/one" "$@" || return 1
    cat "$TMP/one" >> "$TMP/$label.all"
    awk '{exit !($1 > 60)}' "$TMP/one" && break
  done
  sort -n "$TMP/$label.all" | awk '{w[NR]=$1; if ($2>r) r=$2} END{printf "%s %d %d\n", w[int((NR+1)/2)], r, NR}'
}

if [ "$speed" = 1 ]; then
  echo
  echo "Speed: textberg-dev-de-fr repeated, one document (median wall of the runs shown; peak RSS = max):"
  echo
  echo "| lines (de x fr) | GC wall s | GC peak RSS MB | GC runs | bitext wall s | bitext peak RSS MB | bitext runs | GC/bitext wall | GC/bitext RSS | GC strict F1 | bitext strict F1 |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  last_cells=0 last_wall=0
  for n in "${SIZES[@]}"; do
    d="$TMP/tb$n"
    read -r ns nt < <(python3 scripts/bench-input.py "$EVAL" "$n" "$d" textberg)
    cells=$((ns * nt))
    if [ "$last_cells" -gt 0 ]; then
      proj=$(awk -v w="$last_wall" -v c="$cells" -v l="$last_cells" 'BEGIN{printf "%.0f", w*c/l}')
      if [ "$proj" -gt $((2 * PEER_LIMIT)) ]; then
        echo "| ${ns} x ${nt} | not run: projected ${proj} s from the last size (> 2 x ${PEER_LIMIT} s) | | | | | | | | | |"
        break
      fi
    fi
    read -r gw gr gn < <(runs "$RUNS" gc "$PY" scripts/peer-galechurch.py "$d" "$TMP/gcp$n")
    read -r bw br bn < <(runs "$RUNS" bt "$TMP/bitext" eval --pred "$TMP/btp$n" --json "$d")
    gf=$(score "$d" "$TMP/gcp$n" | f1)
    bf=$(score "$d" "$TMP/btp$n" | f1)
    awk -v ns="$ns" -v nt="$nt" -v gw="$gw" -v gr="$gr" -v gn="$gn" -v bw="$bw" -v br="$br" -v bn="$bn" -v gf="$gf" -v bf="$bf" \
      'BEGIN{printf "| %d x %d | %.2f | %d | %d | %.2f | %d | %d | %.1f | %.1f | %s | %s |\n", ns, nt, gw, gr, gn, bw, br, bn, (bw>0)?gw/bw:0, (br>0)?gr/br:0, gf, bf}'
    last_cells=$cells last_wall=$gw
    awk -v w="$gw" -v l="$PEER_LIMIT" 'BEGIN{exit !(w > l)}' && break
  done
fi
