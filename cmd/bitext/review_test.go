package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bitext/bitext/internal/review"
)

// buildBitext builds the real binary for tests that must kill it.
func buildBitext(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary; skipped in -short mode")
	}
	bin := filepath.Join(t.TempDir(), "bitext")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

type reviewProc struct {
	cmd    *exec.Cmd
	base   string // http://127.0.0.1:PORT
	token  string
	stderr *bytes.Buffer
}

// startReview runs bitext review with args and waits for the address.
func startReview(t *testing.T, bin string, args ...string) *reviewProc {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"review", "--no-dict"}, args...)...)
	cmd.Env = append(os.Environ(), "BITEXT_LEXICON_CACHE=off")
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		io.Copy(io.Discard, stdout)
	}()
	select {
	case u, ok := <-lines:
		if !ok {
			t.Fatalf("bitext review printed no address; stderr:\n%s", stderr.String())
		}
		base, tok, found := strings.Cut(u, "/?token=")
		if !found {
			t.Fatalf("address %q has no token", u)
		}
		return &reviewProc{cmd: cmd, base: base, token: tok, stderr: &stderr}
	case <-time.After(60 * time.Second):
		t.Fatalf("bitext review did not start; stderr:\n%s", stderr.String())
	}
	return nil
}

func (p *reviewProc) post(t *testing.T, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", p.base+"/api/op", strings.NewReader(body))
	req.Header.Set(review.TokenHeader, p.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", body, err)
	}
	defer resp.Body.Close()
	var m map[string]any
	json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}

// TestReviewKillResume kills bitext review with SIGKILL after a series of
// acknowledged operations, checks that the session file holds every one,
// resumes it (undo history included), stops it with SIGTERM, and exports.
func TestReviewKillResume(t *testing.T) {
	bin := buildBitext(t)
	dir := t.TempDir()
	for _, ext := range []string{".txt", ".ar.txt"} {
		data, err := os.ReadFile("../../seeds/000_b6081e36b9ffe3de" + ext)
		if err != nil {
			t.Skipf("seed: %v", err)
		}
		os.WriteFile(filepath.Join(dir, "seed"+ext), data, 0o644)
	}
	tr, orig := filepath.Join(dir, "seed.txt"), filepath.Join(dir, "seed.ar.txt")
	sess := filepath.Join(dir, "seed.review.json")

	p := startReview(t, bin, tr, "--original", orig)
	const n = 15
	for v := 0; v < n; v++ {
		body := fmt.Sprintf(`{"version":%d,"op":"accept","rows":[%d]}`, v, v)
		if v == n-1 {
			body = fmt.Sprintf(`{"version":%d,"op":"edit","rows":[0],"side":"tgt","text":"Last acknowledged edit."}`, v)
		}
		if code, m := p.post(t, body); code != 200 {
			t.Fatalf("op %d: got %d %v", v, code, m)
		}
	}
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	p.cmd.Wait()

	s, err := review.Load(sess)
	if err != nil {
		t.Fatalf("after kill -9: %v", err)
	}
	if s.Version != n || len(s.Log) != n || s.Beads[n-2].Status != review.Accepted || s.Beads[0].TgtEdit == nil {
		t.Fatalf("after kill -9: version %d, %d log entries; want every acknowledged op (%d)", s.Version, len(s.Log), n)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(m) > 0 {
		t.Errorf("temporary files left: %v", m)
	}

	// Starting a new review over an existing session is refused.
	out, err := exec.Command(bin, "review", "--no-dict", tr, "--original", orig).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "already exists") {
		t.Errorf("new review over a session: got %v %s, want a refusal", err, out)
	}

	// Resume: the state and the undo history are back.
	p = startReview(t, bin, sess, "-o", filepath.Join(dir, "out.tmx"))
	if code, m := p.post(t, fmt.Sprintf(`{"version":%d,"op":"undo"}`, n)); code != 200 || m["message"] != "Undid edit" {
		t.Fatalf("undo after resume: got %d %v", code, m)
	}
	if code, m := p.post(t, fmt.Sprintf(`{"version":%d,"op":"realign"}`, n+1)); code != 200 || !strings.HasPrefix(fmt.Sprint(m["message"]), "Realigned around") {
		t.Fatalf("realign after resume: got %d %v", code, m)
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// A signal ends every bitext run with status 1 ("interrupted", see
	// signal.go); the server first shuts down gracefully.
	if err := p.cmd.Wait(); err != nil && p.cmd.ProcessState.ExitCode() != 1 {
		t.Fatalf("after SIGTERM: %v\n%s", err, p.stderr)
	}
	if !strings.Contains(p.stderr.String(), "session saved in") {
		t.Errorf("after SIGTERM: no graceful shutdown:\n%s", p.stderr)
	}
	s, err = review.Load(sess)
	if err != nil || s.Version != n+2 || s.Beads[0].TgtEdit != nil || s.Log[n+1].Op != review.OpRealign {
		t.Fatalf("after SIGTERM: %v, version %d, want %d with the edit undone and a realign", err, s.Version, n+2)
	}
	if _, err := os.Stat(filepath.Join(dir, "out.tmx")); err != nil {
		t.Errorf("-o on exit: %v", err)
	}
	// The accepted pairs are learned into a lexicon for later runs, which
	// --lexicon reads.
	lex := filepath.Join(dir, "seed.lexicon.tsv")
	if _, err := os.Stat(lex); err != nil {
		t.Errorf("learned lexicon: %v\n%s", err, p.stderr)
	} else if out, err := exec.Command(bin, "align", "--no-dict", "--lexicon", lex, "--original", orig, tr, "-o", filepath.Join(dir, "again.tmx")).CombinedOutput(); err != nil {
		t.Errorf("align --lexicon with the learned lexicon: %v\n%s", err, out)
	}

	// Export without a server.
	for _, f := range []string{"x.tmx", "x.tsv", "x.json"} {
		if out, err := exec.Command(bin, "review", "--export", filepath.Join(dir, f), sess).CombinedOutput(); err != nil {
			t.Fatalf("--export %s: %v %s", f, err, out)
		}
	}
	tmx, _ := os.ReadFile(filepath.Join(dir, "x.tmx"))
	want := 0
	for _, b := range s.Beads {
		if b.Status == review.Accepted && len(b.Src) > 0 && len(b.Tgt) > 0 {
			want++
		}
	}
	if c := strings.Count(string(tmx), `<prop type="x-status">accepted</prop>`); c != want || want < n-3 {
		t.Errorf("export: %d accepted TUs, want %d", c, want)
	}
	dtd, _ := filepath.Abs("../../../shared/ref/tmx14.dtd")
	if _, err := os.Stat(dtd); err == nil {
		if xl, err := exec.LookPath("xmllint"); err == nil {
			if out, err := exec.Command(xl, "--noout", "--nonet", "--dtdvalid", dtd, filepath.Join(dir, "x.tmx")).CombinedOutput(); err != nil {
				t.Errorf("xmllint: %v\n%s", err, out)
			}
		}
	}

	// A corrupt session gets its path and line:col, and is left alone.
	bad := filepath.Join(dir, "bad.review.json")
	data := []byte("{\n  \"schema\": 1,\n  \"beads\": [}\n")
	os.WriteFile(bad, data, 0o644)
	out, err = exec.Command(bin, "review", bad).CombinedOutput()
	if err == nil || !strings.Contains(string(out), bad) || !strings.Contains(string(out), "3:") {
		t.Errorf("corrupt session: got %v %s, want an error with path and line:col", err, out)
	}
	if got, _ := os.ReadFile(bad); !bytes.Equal(got, data) {
		t.Error("the corrupt session was overwritten")
	}
}
