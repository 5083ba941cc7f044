package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bitext/bitext/internal/dict"
)

const lexTMX = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
<header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="none"
 adminlang="en" srclang="de" datatype="plaintext"/>
<body>
<tu><tuv xml:lang="de"><seg>das Haus</seg></tuv><tuv xml:lang="en-GB"><seg>the house</seg></tuv></tu>
<tu><tuv xml:lang="de"><seg>das Buch</seg></tuv><tuv xml:lang="en-GB"><seg>the book</seg></tuv></tu>
<tu><tuv xml:lang="en-GB"><seg>a book</seg></tuv><tuv lang="de-DE"><seg>ein Buch</seg></tuv></tu>
<tu><tuv xml:lang="de"><seg>ein Haus</seg></tuv><tuv xml:lang="fr"><seg>une maison</seg></tuv></tu>
<tu><tuv xml:lang="de"><seg>nur Deutsch</seg></tuv></tu>
</body>
</tmx>
`

func lexWriteFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func lexRun(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(context.Background(), append([]string{"bitext"}, args...), &o, &e)
	return code, o.String(), e.String()
}

func TestLexiconLearnTMXAndShow(t *testing.T) {
	dir := t.TempDir()
	in := lexWriteFile(t, dir, "mem.tmx", lexTMX)
	lex := filepath.Join(dir, "out.lex")
	code, out, errOut := lexRun("lexicon", "learn", in, "-o", lex, "--iterations", "10", "--tgt-lang", "en")
	if code != 0 {
		t.Fatalf("learn exit %d, want 0; stderr %s", code, errOut)
	}
	if !strings.Contains(out, "wrote") || !strings.Contains(errOut, "mem.tmx: 3 segment pairs") {
		t.Errorf("learn output %q / %q, want a summary with 3 pairs", out, errOut)
	}
	es, err := dict.Load(lex)
	if err != nil {
		t.Fatalf("Load(%s): %v", lex, err)
	}
	if len(es) == 0 {
		t.Fatalf("lexicon %s is empty", lex)
	}
	b, _ := os.ReadFile(lex)
	if !strings.HasPrefix(string(b), dict.LexiconHeader+"\n") {
		t.Errorf("lexicon starts %q, want the header", b[:min(len(b), 40)])
	}
	code, out, errOut = lexRun("lexicon", "show", "--top", "1", lex, "Buch", "Zeitung")
	if code != 0 {
		t.Fatalf("show exit %d; stderr %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "Buch\tbook\t") || lines[1] != "Zeitung\t(none)" {
		t.Errorf("show output %q, want Buch→book first and Zeitung (none)", out)
	}
}

func TestLexiconLearnTSV(t *testing.T) {
	dir := t.TempDir()
	in := lexWriteFile(t, dir, "pairs.tsv", "das Haus\tthe house\ndas Buch\tthe book\n\nein Buch\ta book\textra\n")
	code, out, errOut := lexRun("lexicon", "learn", "-o", "-", "--iterations", "8", in)
	if code != 0 {
		t.Fatalf("exit %d; stderr %s", code, errOut)
	}
	if !strings.HasPrefix(out, dict.LexiconHeader) || !strings.Contains(out, "buch\tbook\t") {
		t.Errorf("stdout %q, want a lexicon with buch→book", out)
	}
}

func TestLexiconLearnErrors(t *testing.T) {
	dir := t.TempDir()
	tmxAll := lexWriteFile(t, dir, "all.tmx", strings.Replace(lexTMX, `srclang="de"`, `srclang="*all*"`, 1))
	badTSV := lexWriteFile(t, dir, "bad.tsv", "a\tb\nno tab here\n")
	broken := lexWriteFile(t, dir, "broken.tmx", lexTMX[:400])
	empty := lexWriteFile(t, dir, "empty.tsv", "\n")
	out := filepath.Join(dir, "x.lex")
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no output", []string{"lexicon", "learn", badTSV}, 2, "missing -o"},
		{"no input", []string{"lexicon", "learn", "-o", out}, 2, "at least one"},
		{"bad iterations", []string{"lexicon", "learn", "-o", out, "--iterations", "0", badTSV}, 2, "iterations"},
		{"bad language", []string{"lexicon", "learn", "-o", out, "--src-lang", "!!", badTSV}, 2, "bad language"},
		{"srclang all", []string{"lexicon", "learn", "-o", out, tmxAll}, 2, "--src-lang"},
		{"tsv line", []string{"lexicon", "learn", "-o", out, badTSV}, 1, "bad.tsv:2"},
		{"broken tmx", []string{"lexicon", "learn", "-o", out, broken}, 1, "broken.tmx"},
		{"missing file", []string{"lexicon", "learn", "-o", out, filepath.Join(dir, "nope.tmx")}, 1, "nope.tmx"},
		{"nothing usable", []string{"lexicon", "learn", "-o", out, empty}, 1, "no usable"},
		{"show usage", []string{"lexicon", "show", out}, 2, "WORD"},
		{"show missing", []string{"lexicon", "show", filepath.Join(dir, "nope.lex"), "w"}, 1, "nope.lex"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := lexRun(tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.msg) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, errOut, tt.code, tt.msg)
			}
		})
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("%s written although every run failed", out)
	}
}
