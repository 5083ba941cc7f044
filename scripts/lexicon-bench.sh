#!/usr/bin/env bash
# lexicon-bench.sh: wall time and peak RSS of a cold first dictionary build
# through the real CLI: `bitext align` of a small de-en pair with an empty
# lexicon cache (BITEXT_LEXICON_CACHE), so the run builds the de-en lexicon
# from the installed FreeDict files (freedict-deu-eng and freedict-eng-deu),
# then the same run again with the cache it wrote (the warm case).
#
# Usage: scripts/lexicon-bench.sh [REV]
#   REV   a git revision to build instead of the working tree (e.g. main,
#         to measure "before" in the same session as "after")
#   BITEXT=path   use this binary instead of building one
#   DICT_DIR=dir  where the FreeDict files are (default /usr/share/dictd)
# For a final number run it under `nice -n -10` and keep the uptime line it
# prints: the machine may be shared.
set -euo pipefail
cd "$(dirname "$0")/.."
DICT_DIR=${DICT_DIR:-/usr/share/dictd}
for f in freedict-deu-eng.index freedict-deu-eng.dict.dz; do
  [ -f "$DICT_DIR/$f" ] || { echo "lexicon-bench: $DICT_DIR/$f not found (apt install dict-freedict-deu-eng)" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "lexicon-bench: GNU time (/usr/bin/time) not found" >&2; exit 1; }
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
bin=${BITEXT:-}
label="working tree $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . || echo ' (+ uncommitted changes)')"
if [ -z "$bin" ]; then
  src=.
  if [ $# -ge 1 ]; then
    src="$TMP/src"; mkdir "$src"
    git archive "$1" | tar -x -C "$src"
    label="$1 ($(git rev-parse --short "$1"))"
  fi
  (cd "$src" && go build -o "$TMP/bitext" ./cmd/bitext)
  bin="$TMP/bitext"
else
  label="$bin"
fi

# A small German original and its English translation (NTREX-128 style
# news sentences); the pair is tiny, so the run's cost is the dictionary.
cat > "$TMP/de.txt" <<'EOF'
Die Regierung hat am Montag neue Regeln für den öffentlichen Verkehr vorgestellt.
Nach Angaben des Ministeriums sollen die Fahrpreise im nächsten Jahr nicht steigen.
Viele Pendler begrüßten die Entscheidung, doch einige Verbände äußerten Zweifel.
Die Opposition forderte mehr Geld für Busse und Bahnen auf dem Land.
EOF
cat > "$TMP/en.txt" <<'EOF'
The government presented new rules for public transport on Monday.
According to the ministry, fares are not to rise next year.
Many commuters welcomed the decision, but some associations expressed doubts.
The opposition called for more money for buses and trains in rural areas.
EOF

run() { # run NAME: one timed align; prints seconds and max RSS
  BITEXT_DICT_DIR="$DICT_DIR" BITEXT_LEXICON_CACHE="$TMP/cache" XDG_DATA_HOME="$TMP/data" \
    /usr/bin/time -f '%e %M %U %S' -o "$TMP/time" \
    "$bin" align --src-lang de --tgt-lang en --original "$TMP/de.txt" -o "$TMP/out.tmx" "$TMP/en.txt" 2> "$TMP/err" \
    || { echo "lexicon-bench: bitext align failed:" >&2; cat "$TMP/err" >&2; exit 1; }
  read -r wall rss user sys < "$TMP/time"
  printf '%-5s wall %6.2f s  peak RSS %5d MB  (user %s s, sys %s s)\n' "$1" "$wall" $((rss / 1024)) "$user" "$sys"
}

echo "lexicon-bench: $label, go $(go env GOVERSION), $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "uptime: $(uptime)"
rm -rf "$TMP/cache"
run cold
grep -o 'using installed dictionary.*' "$TMP/err" || true
echo "cache: $(du -sh "$TMP/cache" | cut -f1)"
run warm
grep -c '<tu[ >]' "$TMP/out.tmx" | sed 's/^/TUs written: /'
echo "uptime: $(uptime)"
