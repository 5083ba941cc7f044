#!/usr/bin/env bash
# eval-all.sh: run `bitext eval` over every alignment set in ../shared/eval
# (or $EVAL_DIR) and print a Markdown table of strict and lax P/R/F1, the
# confidence separation, deletion/insertion P/R and time per set.
#
# Usage: scripts/eval-all.sh [extra bitext eval flags]
# The table is what docs/quality.md keeps (with the date and commit).
set -euo pipefail
cd "$(dirname "$0")/.."
EVAL=${EVAL_DIR:-../shared/eval}
[ -d "$EVAL" ] || { echo "eval-all: $EVAL not found" >&2; exit 1; }
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
go build -o "$TMP/bitext" ./cmd/bitext
echo "date: $(date -u +%Y-%m-%dT%H:%MZ), commit: $(git rev-parse --short HEAD)$(git diff --quiet -- align internal/eval || echo ' (+ uncommitted align/eval changes)')"
echo
echo "| set | docs | strict P | strict R | strict F1 | lax F1 | conf≥0.8 share | prec. of conf≥0.8 | AUC | del P/R | ins P/R | s |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for d in "$EVAL"/*/; do
  d=${d%/}
  [ -d "$d/gold" ] || continue
  name=$(basename "$d")
  if ! "$TMP/bitext" eval --json "$@" "$d" > "$TMP/out.json" 2> "$TMP/err.txt"; then
    echo "| $name | failed: $(tr '\n' ' ' < "$TMP/err.txt") |"
    continue
  fi
  dict=$(grep -o 'dictionary [^ ]*' "$TMP/err.txt" | head -1 | sed 's|.*/||; s|,$||' || true)
  python3 - "$name" "$TMP/out.json" "${dict:-}" <<'PY'
import json, sys
name, path, d = sys.argv[1], sys.argv[2], sys.argv[3]
r = json.load(open(path))
s, l, c, n = r["strict"], r["lax"], r["confidence"], r["nulls"]
dl, ins = n["deletions"], n["insertions"]
label = name + (" (+%s)" % d if d else "")
print("| %s | %d | %.3f | %.3f | **%.3f** | %.3f | %.2f | %.3f | %.3f | %.2f/%.2f | %.2f/%.2f | %.1f |" % (
    label, r["documents"], s["precision"], s["recall"], s["f1"], l["f1"],
    c["share_above"], c["precision_above"], c["auc"],
    dl["precision"], dl["recall"], ins["precision"], ins["recall"], r["seconds"]))
PY
done
