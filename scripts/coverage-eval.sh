#!/usr/bin/env bash
# coverage-eval.sh — measure "bitext coverage" on the development sets with
# known omissions and insertions (issue 6 quality bar).
#
# For every document of ntrex-dev-ar-en-noisy and ntrex-dev-ar-en-paras it
# runs
#     bitext coverage --lines --json --original <set>/ar/<doc> <set>/en/<doc>
# (--lines: one paragraph per line, as the sets are laid out) and compares
# the whole-paragraph items (sentence null) of "untranslated" and "added"
# with the gold beads "[i]:[]" (omissions) and "[]:[k]" (insertions).
# Precision and recall are pooled over all documents of a set.
#
# Usage: scripts/coverage-eval.sh [-v] [EVAL_DIR]   (default ../shared/eval)
#   -v: after the table, list every error per document (fp: reported but
#       not in the gold; fn: in the gold but not reported) with its text.
# Needs: go, python3. Prints a Markdown table (the one in docs/coverage.md).
set -euo pipefail
cd "$(dirname "$0")/.."
verbose=0
if [ "${1:-}" = -v ]; then verbose=1; shift; fi
eval_dir=${1:-../shared/eval}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/bitext" ./cmd/bitext

for set in ntrex-dev-ar-en-noisy ntrex-dev-ar-en-paras; do
  d="$eval_dir/$set"
  [ -d "$d" ] || { echo "coverage-eval: $d not found" >&2; exit 1; }
  mkdir -p "$tmp/$set"
  ls "$d/gold" | xargs -P 2 -I{} sh -c \
    '"$0" coverage --lines --json --original "$1/ar/$2" "$1/en/$2" > "$3/$2.json"' \
    "$tmp/bitext" "$d" {} "$tmp/$set"
done

python3 - "$eval_dir" "$tmp" "$verbose" <<'PY'
import ast, json, os, sys
eval_dir, tmp, verbose = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
errors = []
print("| set | docs | untranslated P | untranslated R | added P | added R | counts (tp/fp/fn untranslated; added) |")
print("|---|---|---|---|---|---|---|")
for s in ["ntrex-dev-ar-en-noisy", "ntrex-dev-ar-en-paras"]:
    c = {"u": [0, 0, 0], "a": [0, 0, 0]}
    docs = sorted(os.listdir(os.path.join(eval_dir, s, "gold")))
    for doc in docs:
        gu, ga = set(), set()
        for line in open(os.path.join(eval_dir, s, "gold", doc), encoding="utf-8"):
            src, tgt = line.strip().split(":")[:2]
            src, tgt = ast.literal_eval(src), ast.literal_eval(tgt)
            if not tgt: gu.update(src)
            if not src: ga.update(tgt)
        rep = json.load(open(os.path.join(tmp, s, doc + ".json"), encoding="utf-8"))
        pu = {it["paragraph"] for it in rep["untranslated"] if it["sentence"] is None}
        pa = {it["paragraph"] for it in rep["added"] if it["sentence"] is None}
        for k, p, g in (("u", pu, gu), ("a", pa, ga)):
            c[k][0] += len(p & g); c[k][1] += len(p - g); c[k][2] += len(g - p)
            lang = "ar" if k == "u" else "en"
            lines = open(os.path.join(eval_dir, s, lang, doc), encoding="utf-8").read().split("\n")
            for kind, ps in (("fp", p - g), ("fn", g - p)):
                for i in sorted(ps):
                    text = lines[i] if i < len(lines) else ""
                    errors.append(f"{s} {doc} {'untranslated' if k == 'u' else 'added'} {kind} [{i}] {text[:100]}")
    def pr(x):
        tp, fp, fn = x
        return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)
    up, ur = pr(c["u"]); ap, ar = pr(c["a"])
    print(f"| {s} | {len(docs)} | {up:.3f} | {ur:.3f} | {ap:.3f} | {ar:.3f} | {'/'.join(map(str, c['u']))}; {'/'.join(map(str, c['a']))} |")
if verbose:
    print()
    for e in errors:
        print(e)
PY
