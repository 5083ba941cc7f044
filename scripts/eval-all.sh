#!/usr/bin/env bash
# eval-all.sh: run `bitext eval` over every alignment set in ../shared/eval
# (or $EVAL_DIR) and print a Markdown table of strict and lax P/R/F1, the
# confidence separation and calibration error (ECE), deletion/insertion P/R
# and time per set, then the reliability table pooled over every set.
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
echo "| set | docs | strict P | strict R | strict F1 | lax F1 | conf≥0.8 share | prec. of conf≥0.8 | AUC | ECE | del P/R | ins P/R | s |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for d in "$EVAL"/*/; do
  d=${d%/}
  [ -d "$d/gold" ] || continue
  name=$(basename "$d")
  if ! "$TMP/bitext" eval --json "$@" "$d" > "$TMP/out.json" 2> "$TMP/err.txt"; then
    echo "| $name | failed: $(tr '\n' ' ' < "$TMP/err.txt") |"
    continue
  fi
  dict=$(grep -o 'dictionary [^ ]*' "$TMP/err.txt" | head -1 | sed 's|.*/||; s|,$||' || true)
  cp "$TMP/out.json" "$TMP/$name.json"
  python3 - "$name" "$TMP/out.json" "${dict:-}" <<'PY'
import json, sys
name, path, d = sys.argv[1], sys.argv[2], sys.argv[3]
r = json.load(open(path))
s, l, c, n = r["strict"], r["lax"], r["confidence"], r["nulls"]
dl, ins = n["deletions"], n["insertions"]
label = name + (" (+%s)" % d if d else "")
print("| %s | %d | %.3f | %.3f | **%.3f** | %.3f | %.2f | %.3f | %.3f | %.3f | %.2f/%.2f | %.2f/%.2f | %.1f |" % (
    label, r["documents"], s["precision"], s["recall"], s["f1"], l["f1"],
    c["share_above"], c["precision_above"], c["auc"], c.get("ece", 0),
    dl["precision"], dl["recall"], ins["precision"], ins["recall"], r["seconds"]))
PY
done

# The reliability table pooled over every set: bins add up exactly (count,
# count × mean confidence, count × accuracy), and so does the ECE.
echo
python3 - "$TMP" <<'PY'
import glob, json, sys
n = [0] * 10; sc = [0.0] * 10; sa = [0.0] * 10
for p in sorted(glob.glob(sys.argv[1] + "/*.json")):
    if p.endswith("/out.json"):
        continue
    for k, b in enumerate(json.load(open(p))["confidence"].get("bins") or []):
        n[k] += b["count"]; sc[k] += b["count"] * b["mean_confidence"]; sa[k] += b["count"] * b["accuracy"]
tot = sum(n)
print("| confidence | beads | mean confidence | accuracy |")
print("|---|---|---|---|")
ece = 0.0
for k in range(10):
    if n[k]:
        ece += abs(sa[k] - sc[k]) / tot
    print("| %.1f–%.1f | %d | %s | %s |" % (k / 10, (k + 1) / 10, n[k],
        "%.3f" % (sc[k] / n[k]) if n[k] else "—", "%.3f" % (sa[k] / n[k]) if n[k] else "—"))
print()
print("pooled ECE: %.3f over %d beads" % (ece, tot))
PY
