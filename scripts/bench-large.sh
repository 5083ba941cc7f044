#!/usr/bin/env bash
# bench-large.sh: time and peak memory of bitext eval on large documents.
#
# Builds, in a temporary directory (never in the repo), single-document
# datasets made of textberg-dev-de-fr repeated to about 20k and 200k lines
# per side (gold beads shifted accordingly), runs `bitext eval` on each
# under /usr/bin/time -v and prints wall time, peak RSS and strict F1. If
# hunalign is installed it is run on the 20k case too and the ratio printed.
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

build() { # build N DIR
  python3 - "$SET" "$1" "$2" <<'PY'
import os, sys, ast
src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
de = open(os.path.join(src, "de/dev"), encoding="utf-8").read().splitlines()
fr = open(os.path.join(src, "fr/dev"), encoding="utf-8").read().splitlines()
gold = []
for line in open(os.path.join(src, "gold/dev")):
    f = [x.strip() for x in line.split(":") if x.strip()]
    gold.append((ast.literal_eval(f[0]), ast.literal_eval(f[1])))
reps = max(1, round(n / len(de)))
for d in ("de", "fr", "gold"):
    os.makedirs(os.path.join(out, d), exist_ok=True)
with open(os.path.join(out, "de/dev"), "w") as f:
    f.write("\n".join(de * reps) + "\n")
with open(os.path.join(out, "fr/dev"), "w") as f:
    f.write("\n".join(fr * reps) + "\n")
with open(os.path.join(out, "gold/dev"), "w") as f:
    for r in range(reps):
        for s, t in gold:
            f.write("%s:%s\n" % ([x + r * len(de) for x in s], [x + r * len(fr) for x in t]))
with open(os.path.join(out, "manifest.tsv"), "w") as f:
    f.write("doc\tn_de\tn_fr\tn_beads\ndev\t%d\t%d\t%d\n" % (len(de) * reps, len(fr) * reps, len(gold) * reps))
print(len(de) * reps, len(fr) * reps)
PY
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
  d="$TMP/tb$n"
  read -r ns nt < <(build "$n" "$d")
  measure "bitext eval ${ns}x${nt}" "$TMP/bitext" eval --json "$d"
  bw=$(cat "$TMP/last_wall")
  if [ "$n" -le 20000 ] && command -v hunalign >/dev/null; then
    : > "$TMP/null.dic"
    if measure "hunalign ${ns}x${nt}" hunalign -utf -realign "$TMP/null.dic" "$d/de/dev" "$d/fr/dev"; then
      hw=$(cat "$TMP/last_wall")
      awk -v h="$(secs "$hw")" -v b="$(secs "$bw")" 'BEGIN{ if (b>0) printf "hunalign/bitext wall-time ratio: %.1f\n", h/b }'
    fi
  fi
done
