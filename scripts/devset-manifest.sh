# devset-manifest.sh: the dev-set manifest of scripts/batch-bench.sh and
# scripts/beam-bench.sh, sourced by both (not run on its own), so that
# both benchmarks measure the same pairs.
#
#   devset_documents EVAL DOCS LIST
#       every document of ntrex-dev-ar-en, quran-dev-ar-en,
#       textberg-dev-de-fr and mac-dev-zh-en under EVAL is written under
#       DOCS as one paragraph per line (a blank line after each of the dev
#       sets' lines), and listed in LIST, a line a document:
#       id<TAB>translation<TAB>original<TAB>src_lang<TAB>tgt_lang
#   devset_manifest N LIST FILE
#       writes N pairs to FILE as `bitext batch` manifest lines, cycling
#       through LIST's documents (ids "set/doc/round")
#   devset_warm MANIFEST FILE
#       writes the first pair of each dev set of MANIFEST to FILE: a run
#       over it builds the lexicon caches the measured runs then share

devset_documents() {
	local eval=$1 docs=$2 list=$3 spec set src tgt f d
	: >"$list"
	for spec in ntrex-dev-ar-en:ar:en quran-dev-ar-en:ar:en textberg-dev-de-fr:de:fr mac-dev-zh-en:zh:en; do
		IFS=: read -r set src tgt <<<"$spec"
		for f in "$eval/$set/$src"/*; do
			d=$(basename "$f")
			mkdir -p "$docs/$set/$src" "$docs/$set/$tgt"
			sed 's/$/\n/' "$eval/$set/$src/$d" >"$docs/$set/$src/$d.txt"
			sed 's/$/\n/' "$eval/$set/$tgt/$d" >"$docs/$set/$tgt/$d.txt"
			printf '%s\t%s\t%s\t%s\t%s\n' "$set/$d" "$docs/$set/$tgt/$d.txt" "$docs/$set/$src/$d.txt" "$src" "$tgt" >>"$list"
		done
	done
}

devset_manifest() {
	awk -F'\t' -v n="$1" '{ id[NR]=$1; tr[NR]=$2; or[NR]=$3; s[NR]=$4; t[NR]=$5 }
		END { for (i = 0; i < n; i++) { k = i % NR + 1; r = int(i / NR)
			printf "{\"id\":\"%s/%d\",\"translation\":\"%s\",\"original\":\"%s\",\"src_lang\":\"%s\",\"tgt_lang\":\"%s\"}\n", id[k], r, tr[k], or[k], s[k], t[k] } }' "$2" >"$3"
}

devset_warm() {
	local s
	for s in ntrex quran textberg mac; do grep -m1 "\"id\":\"$s" "$1" || true; done >"$2"
}
