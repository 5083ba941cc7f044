package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bitext/bitext/tmx"
)

// hostile is document text that would retitle the terminal (OSC 0 … BEL),
// clear it (CSI 2J), use the one-character C1 CSI, and open a right-to-left
// override that is never closed.
const hostile = "Evil \x1b]0;pwned\x07 title \x1b[2J gone \u009b31m red \u202Eesrever"

// checkTerminalSafe fails if out could command a terminal: a control
// other than tab and newline, or a line whose bidi controls are not
// balanced.
func checkTerminalSafe(t *testing.T, what, out string) {
	t.Helper()
	for _, r := range out {
		if (r < 0x20 && r != '\t' && r != '\n') || (r >= 0x7f && r <= 0x9f) {
			t.Errorf("%s: output holds control %U:\n%q", what, r, out)
			return
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if b := tmx.BalanceBidi(line); b != line {
			t.Errorf("%s: line %q has unbalanced bidi controls (balanced: %q)", what, line, b)
		}
	}
	if !strings.Contains(out, `\x1b]0;pwned\x07`) {
		t.Errorf("%s: output does not show the escape sequence visibly:\n%q", what, out)
	}
}

func TestDetectSanitises(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hostile.txt")
	text := "A Title Here\n\n" + hostile + ". The minister said nothing in Moscow. He left.\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runDetectCLI(t, path)
	if code != 0 {
		t.Fatalf("exit %d, want 0; stderr: %s", code, stderr)
	}
	checkTerminalSafe(t, "detect", out)
}

func TestFetchSanitises(t *testing.T) {
	page := "<html lang=en><head><title>" + hostile + "</title></head><body><article><h1>" + hostile +
		"</h1><p>" + hostile + " and then a long enough paragraph of ordinary English words for the extractor to keep it as the article body.</p>" +
		"<p>Another paragraph of ordinary English text, so that this page has a body that the extractor accepts as an article.</p></article></body></html>"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page))
	}))
	defer srv.Close()
	code, out, stderr := runCLI(t, "--cache-dir", t.TempDir(), "fetch", srv.URL+"/page")
	if code != 0 {
		t.Fatalf("exit %d, want 0; stderr: %s", code, stderr)
	}
	checkTerminalSafe(t, "fetch", out)
}

func TestCoverageSanitises(t *testing.T) {
	dir := t.TempDir()
	orig := filepath.Join(dir, "orig.txt")
	tr := filepath.Join(dir, "tr.txt")
	if err := os.WriteFile(orig, []byte("Le ministre est parti à Moscou hier soir.\n\nIl n'a rien dit aux journalistes.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tr, []byte(hostile+" The minister left for Moscow last night.\n\nThis paragraph was added by the translator, \x1b]0;again\x07.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := runCoverage(context.Background(), testEnv(), coverageOptions{Original: orig, MinCoverage: -1, Dict: "none"}, []string{tr}, &out)
	if err != nil {
		t.Fatal(err)
	}
	checkTerminalSafe(t, "coverage", out.String())
}

func TestErrorsSanitised(t *testing.T) {
	_, _, stderr := runCLI(t, "detect", filepath.Join(t.TempDir(), "no\x1b]0;pwned\x07such.txt"))
	if strings.Contains(stderr, "\x1b") || !strings.Contains(stderr, `\x1b]0;pwned\x07`) {
		t.Errorf("got stderr %q, want the escape shown, not sent", stderr)
	}
}

// TestFetchOriginalTypedLoopback: fetch --original refused a typed
// loopback URL although typed URLs may reach any address.
func TestFetchOriginalTypedLoopback(t *testing.T) {
	srv, _ := fixtureSite(t)
	code, out, stderr := runCLI(t, "--cache-dir", t.TempDir(), "fetch", "--original", srv.URL+"/363624/")
	if code != 0 {
		t.Fatalf("exit %d, want 0; stderr: %s", code, stderr)
	}
	if !strings.Contains(out, "language: ar") {
		t.Errorf("output lacks the Arabic page:\n%s", out)
	}
}
