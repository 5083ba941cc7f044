#!/bin/sh
# omegat-check.sh: the real-tool test of bitext's SRX export (issue 17).
#
# Builds an OmegaT ar->en project whose project segmentation is bitext's
# exported SRX (converted to OmegaT 3.6's omegat/segmentation.conf by
# scripts/omegat-srx2conf.java) and whose tm/auto holds the seed.tmx that
# `bitext align` writes for the seed pair; the source is the Arabic seed as
# a plain-text file. OmegaT's console mode translates the project; every
# TU of seed.tmx (one Arabic sentence each) must come back as a 100 % match
# in omegat/project_save.tmx and in the translated target file.
#
# Usage: scripts/omegat-check.sh [BITEXT] (default: go build ./cmd/bitext)
# Needs: java, OmegaT (Debian: /usr/share/omegat/OmegaT.jar, or $OMEGAT_JAR),
# python3. Prints "omegat-check: inserted N of M" and exits 0 when N == M,
# 1 when not, 77 when OmegaT or java is absent (skip).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
jar=${OMEGAT_JAR:-/usr/share/omegat/OmegaT.jar}
if ! command -v java >/dev/null 2>&1 || [ ! -f "$jar" ]; then
	echo "omegat-check: skipped: java or $jar not found" >&2
	exit 77
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/omegat-check.XXXXXX")
[ -n "${OMEGAT_CHECK_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT INT TERM
bitext=${1:-}
if [ -z "$bitext" ]; then
	bitext=$work/bitext
	(cd "$root" && go build -o "$bitext" ./cmd/bitext)
fi
seed=$root/seeds/000_b6081e36b9ffe3de
proj=$work/project
mkdir -p "$proj/source" "$proj/target" "$proj/tm/auto" "$proj/omegat" "$proj/glossary" "$proj/dictionary"
cp "$seed.ar.txt" "$proj/source/seed.ar.txt"
"$bitext" align --original "$seed.ar.txt" -o "$proj/tm/auto/seed.tmx" "$seed.txt" 2>"$work/align.log" || {
	cat "$work/align.log" >&2
	exit 1
}
"$bitext" srx export -o "$work/bitext.srx"
# The same memory as XLIFF 1.2, a second source file: OmegaT's XLIFF filter
# must read it and fill every target from tm/auto.
"$bitext" tmx convert --to xliff -o "$proj/source/seed.xlf" "$proj/tm/auto/seed.tmx"
# OMEGAT_CHECK_DEFAULT=1 leaves OmegaT's own rules, to see the difference.
if [ -z "${OMEGAT_CHECK_DEFAULT:-}" ]; then
	java -cp "$jar" "$root/scripts/omegat-srx2conf.java" "$work/bitext.srx" "$proj/omegat/segmentation.conf" 2>>"$work/align.log"
fi
cat >"$proj/omegat.project" <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>ar</source_lang>
    <target_lang>en</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneArabicTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
XML
# OmegaT writes its preferences under $HOME; keep them out of the user's.
HOME=$work/home java -Djava.awt.headless=true -Dfile.encoding=UTF-8 -jar "$jar" "$proj" --mode=console-translate --config-dir="$work/config" --disable-project-locking --no-team >"$work/omegat.log" 2>&1 || {
	cat "$work/omegat.log" >&2
	exit 1
}
python3 - "$proj" <<'PY'
import sys, xml.etree.ElementTree as ET
proj = sys.argv[1]
X = "{http://www.w3.org/XML/1998/namespace}lang"
def pairs(path):
    out = {}
    for tu in ET.parse(path).getroot().iter("tu"):
        segs = {}
        for tuv in tu.iter("tuv"):
            lang = (tuv.get(X) or tuv.get("lang") or "").lower()
            seg = tuv.find("seg")
            segs[lang[:2]] = "".join(seg.itertext()) if seg is not None else ""
        if segs.get("ar") and segs.get("en"):
            out[segs["ar"]] = segs["en"]
    return out
want = pairs(proj + "/tm/auto/seed.tmx")
# console mode writes the project memory as project-omegat.tmx (the GUI
# keeps it in omegat/project_save.tmx)
import os
saved = proj + "/omegat/project_save.tmx"
got = pairs(saved if os.path.exists(saved) else proj + "/project-omegat.tmx")
target = open(proj + "/target/seed.ar.txt", encoding="utf-8").read()
inserted = [s for s, t in want.items() if got.get(s) == t]
in_target = [s for s in inserted if want[s] in target]
missing = [s for s in want if s not in inserted]
print("omegat-check: inserted %d of %d aligned segments (%d found in target/seed.ar.txt)" % (len(inserted), len(want), len(in_target)))
for s in missing:
    print("omegat-check: not inserted: %s" % s[:80])
N = "{urn:oasis:names:tc:xliff:document:1.2}"
units = list(ET.parse(proj + "/target/seed.xlf").getroot().iter(N + "trans-unit"))
filled = 0
for u in units:
    src, tgt = u.find(N + "source"), u.find(N + "target")
    if src is not None and tgt is not None and want.get("".join(src.itertext())) == "".join(tgt.itertext()):
        filled += 1
print("omegat-check: XLIFF filter: %d of %d trans-units of source/seed.xlf translated from the memory" % (filled, len(units)))
sys.exit(0 if len(inserted) == len(want) == len(in_target) and filled == len(units) == len(want) else 1)
PY
