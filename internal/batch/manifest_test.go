package batch

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseManifestErrors(t *testing.T) {
	tests := []struct {
		name, data string
		want       []string // one message per problem, in order
	}{
		{"missing translation", `{"id":"a","translation":"a.txt"}` + "\n" + `{"id":"b"}`,
			[]string{`m.jsonl:2: missing "translation"`}},
		{"missing id", `{"translation":"a.txt"}`, []string{`m.jsonl:1: missing "id"`}},
		{"duplicate id", `{"id":"a","translation":"a.txt"}` + "\n\n" + `{"id":"a","translation":"b.txt"}`,
			[]string{`m.jsonl:3: duplicate id "a" (first on line 1)`}},
		{"unknown field", `{"id":"a","translation":"a.txt","origin":"x"}`,
			[]string{`m.jsonl:1: unknown field "origin"`}},
		{"unknown option", `{"id":"a","translation":"a.txt","options":{"dict":"d","nodict":true}}`,
			[]string{`m.jsonl:1: unknown option "nodict"`}},
		{"option type", `{"id":"a","translation":"a.txt","options":{"no_dict":"yes"}}`,
			[]string{`m.jsonl:1: option "no_dict": want true or false`}},
		{"field type", `{"id":7,"translation":"a.txt"}`, []string{`m.jsonl:1: "id": want a string`}},
		{"bad json", `{"id":"a","translation":"a.txt"}` + "\n" + `{"id":"b",`, []string{`m.jsonl:2: not a JSON object`}},
		{"bad language", `{"id":"a","translation":"a.txt","src_lang":"arabic!"}`, []string{`m.jsonl:1: "src_lang": "arabic!" is not a language tag`}},
		{"bad locale", `{"id":"a","translation":"a.txt","options":{"tgt_locale":"not a locale!"}}`, []string{`m.jsonl:1: "tgt_locale": "not a locale!" is not a BCP 47 locale`}},
		{"bad level", `{"id":"a","translation":"a.txt","options":{"level":"word"}}`, []string{`m.jsonl:1: option "level"`}},
		{"bad id", `{"id":"../x","translation":"a.txt"}`, []string{`m.jsonl:1: id "../x"`}},
		{"stdin", `{"id":"a","translation":"-"}`, []string{`m.jsonl:1: "translation": stdin`}},
		{"same output", `{"id":"a","translation":"a.txt","output":"x.tmx"}` + "\n" + `{"id":"b","translation":"b.txt","output":"x.tmx"}`,
			[]string{`m.jsonl:2: output`, `also the output of line 1`}},
		{"empty", "# nothing\n\n", []string{`m.jsonl: no entries`}},
		{"all problems", `{"id":"a"}` + "\n" + `{"translation":"b"}`,
			[]string{`m.jsonl:1: missing "translation"`, `m.jsonl:2: missing "id"`}},
		{"invalid utf-8", "{\"id\":\"a\xff\",\"translation\":\"a.txt\"}", []string{`m.jsonl:1: not valid UTF-8`}},
		{"tsv too many columns", "a\ta.txt\t-\t-\tar\ten\textra", []string{`m.jsonl:1: 7 columns, want at most 6`}},
		{"tsv header unknown", "id\ttranslation\tcolour\na\tb", []string{`m.jsonl:1: header: unknown column "colour"`}},
		{"tsv missing translation", "# c\na\n", []string{`m.jsonl:2: missing "translation"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseManifest("m.jsonl", "/base", []byte(tt.data))
			if err == nil {
				t.Fatalf("got %d entries and no error, want %q", len(m.Entries), tt.want)
			}
			if !errors.Is(err, ErrManifest) {
				t.Errorf("got error %v, want one matching ErrManifest", err)
			}
			var me *ManifestError
			if !errors.As(err, &me) {
				t.Errorf("got %T, want a *ManifestError", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got error %q, want it to contain %q", err, w)
				}
			}
			if got, want := strings.Count(err.Error(), "\n")+1, len(tt.want); tt.name == "all problems" && got != want {
				t.Errorf("got %d problems, want %d", got, want)
			}
		})
	}
}

func TestParseManifest(t *testing.T) {
	tests := []struct {
		name, base, data string
		format           Format
		want             []Entry
	}{
		{"jsonl", "/data", "# a comment\n" + `{"id":"ntrex/1","translation":"en/1.txt","original":"https://example.com/ar/1","src_lang":"ar","options":{"no_dict":true,"dict":"d/x.index"}}` + "\n",
			JSONL, []Entry{{Line: 2, ID: "ntrex/1", Translation: "/data/en/1.txt", Original: "https://example.com/ar/1", SrcLang: "ar",
				Options: EntryOptions{NoDict: true, Dict: "/data/d/x.index"}}}},
		{"tsv positional", "/data", "# id translation original output\na\ten/a.txt\tar/a.txt\t-\tar\ten\nb\thttps://x.org/en/b\n",
			TSV, []Entry{{Line: 2, ID: "a", Translation: "/data/en/a.txt", Original: "/data/ar/a.txt", SrcLang: "ar", TgtLang: "en"},
				{Line: 3, ID: "b", Translation: "https://x.org/en/b"}}},
		{"tsv header", "/data", "ID\ttranslation\toutput\r\na\t/abs/en.txt\tout/a.tmx\r\n",
			TSV, []Entry{{Line: 2, ID: "a", Translation: "/abs/en.txt", Output: "/data/out/a.tmx"}}},
		{"bucket base", "gs://bucket/corpus", `{"id":"a","translation":"en/a.html"}`,
			JSONL, []Entry{{Line: 1, ID: "a", Translation: "gs://bucket/corpus/en/a.html"}}},
		{"bom", "", "\xEF\xBB\xBF" + `{"id":"a","translation":"a.txt"}`,
			JSONL, []Entry{{Line: 1, ID: "a", Translation: "a.txt"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseManifest("m", tt.base, []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if m.Format != tt.format {
				t.Errorf("format: got %v, want %v", m.Format, tt.format)
			}
			if len(m.Entries) != len(tt.want) {
				t.Fatalf("got %d entries, want %d", len(m.Entries), len(tt.want))
			}
			for i, e := range m.Entries {
				if e != tt.want[i] {
					t.Errorf("entry %d: got %+v, want %+v", i, e, tt.want[i])
				}
			}
		})
	}
}

func TestOutputPath(t *testing.T) {
	tests := []struct {
		e      Entry
		out    string
		want   string
		reason string
	}{
		{Entry{ID: "a"}, "/o", "/o/a.tmx", "default"},
		{Entry{ID: "ntrex/a"}, "/o", filepath.Join("/o", "ntrex", "a.tmx"), "id with a folder"},
		{Entry{ID: "a", Output: "/x/y.tmx"}, "/o", "/x/y.tmx", "named output"},
		{Entry{ID: "a"}, "gs://b/o/", "gs://b/o/a.tmx", "bucket"},
	}
	for _, tt := range tests {
		if got := tt.e.OutputPath(tt.out); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.reason, got, tt.want)
		}
	}
}

func TestInShard(t *testing.T) {
	// Every id is in exactly one shard, and the shards are not empty.
	const n = 3
	sizes := make([]int, n)
	for i := range 300 {
		id := "pair-" + string(rune('a'+i%26)) + strings.Repeat("x", i/26)
		in := 0
		for s := range n {
			if InShard(id, s, n) {
				in++
				sizes[s]++
			}
		}
		if in != 1 {
			t.Fatalf("id %q: in %d shards, want 1", id, in)
		}
	}
	for s, k := range sizes {
		if k < 60 {
			t.Errorf("shard %d: got %d of 300 ids, want about 100", s, k)
		}
	}
	if !InShard("x", 0, 1) || !InShard("x", 0, 0) {
		t.Errorf("got x outside the only shard, want it in")
	}
}
