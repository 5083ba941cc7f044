package batch_test

import (
	"fmt"

	"github.com/bitext/bitext/internal/batch"
)

func ExampleParseManifest() {
	data := []byte(`# two pairs; the second original is discovered from the translation's link
{"id":"ntrex/000","translation":"en/000.txt","original":"ar/000.txt","src_lang":"ar"}
{"id":"seed","translation":"https://example.org/en/363624/"}
`)
	m, err := batch.ParseManifest("corpus.jsonl", "/data", data)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range m.Entries {
		fmt.Printf("line %d: %s %q -> %s\n", e.Line, e.Translation, e.Original, e.OutputPath("/data/out"))
	}

	_, err = batch.ParseManifest("corpus.jsonl", "/data", []byte(`{"id":"a","translation":"a.txt"}
{"id":"a"}
{"id":"a","translation":"b.txt","options":{"nodict":true}}
`))
	fmt.Println(err)
	// Output:
	// line 2: /data/en/000.txt "/data/ar/000.txt" -> /data/out/ntrex/000.tmx
	// line 3: https://example.org/en/363624/ "" -> /data/out/seed.tmx
	// corpus.jsonl:2: missing "translation"
	// corpus.jsonl:3: unknown option "nodict" (known: dict, no_dict, lexicon, languages, src_locale, tgt_locale, level)
}

func ExampleInShard() {
	// Four processes, each running --shard I/4, share the pairs.
	for _, id := range []string{"ntrex/000", "ntrex/001", "quran/002"} {
		for i := range 4 {
			if batch.InShard(id, i, 4) {
				fmt.Printf("%s: shard %d of 4\n", id, i)
			}
		}
	}
	// Output:
	// ntrex/000: shard 1 of 4
	// ntrex/001: shard 2 of 4
	// quran/002: shard 1 of 4
}
