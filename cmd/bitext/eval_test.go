package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeDataset makes a tiny dataset: English source, German target, one
// document with a 1-2 bead and an insertion.
func writeDataset(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"manifest.tsv": "doc\tn_en\tn_de\tn_beads\nd1\t3\t4\t3\n",
		"en/d1": "In 2019, Lavrov met Putin in Moscow for three hours.\n" +
			"The pipeline will cost 4,500 million dollars and open in 2024.\n" +
			"Geneva hosts the next meeting on 12 March.\n",
		"de/d1": "Im Jahr 2019 traf Lawrow Putin in Moskau für drei Stunden.\n" +
			"Die Pipeline wird 4.500 Millionen Dollar kosten.\n" +
			"Sie soll 2024 eröffnet werden.\n" +
			"Genf ist am 12. März Gastgeber des nächsten Treffens.\n",
		"gold/d1": "[0]:[0]\n[1]:[1, 2]\n[2]:[3]\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestEvalJSON(t *testing.T) {
	dir := writeDataset(t)
	pred := filepath.Join(t.TempDir(), "pred")
	var out, errOut bytes.Buffer
	opts := evalOpts{json: true, dict: "none", predDir: pred, stderr: &errOut}
	if err := runEval(context.Background(), testEnv(), opts, []string{dir}, &out); err != nil {
		t.Fatalf("runEval: %v", err)
	}
	var got struct {
		Strict    struct{ Precision, Recall, F1 float64 }
		Lax       struct{ F1 float64 }
		Documents int
		Seconds   *float64
		Confid    map[string]json.RawMessage `json:"confidence"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("output %q: %v", out.String(), err)
	}
	if got.Documents != 1 || got.Seconds == nil {
		t.Errorf("got documents %d, seconds %v; want 1 and a number", got.Documents, got.Seconds)
	}
	if got.Strict.F1 != 1 {
		t.Errorf("strict F1: got %v, want 1 on this easy document (output %s)", got.Strict.F1, out.String())
	}
	for _, k := range []string{"precision_above", "ece", "bins"} {
		if _, ok := got.Confid[k]; !ok {
			t.Errorf("confidence: got keys %v, want %s", keys(got.Confid), k)
		}
	}
	var bins []struct {
		Count          int     `json:"count"`
		MeanConfidence float64 `json:"mean_confidence"`
	}
	if err := json.Unmarshal(got.Confid["bins"], &bins); err != nil || len(bins) != 10 {
		t.Errorf("confidence bins: got %s (%v), want 10 reliability bins", got.Confid["bins"], err)
	}
	b, err := os.ReadFile(filepath.Join(pred, "d1"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "[0]:[0]\n[1]:[1, 2]\n[2]:[3]\n"; string(b) != want {
		t.Errorf("predictions: got %q, want %q", b, want)
	}
}

func TestEvalText(t *testing.T) {
	dir := writeDataset(t)
	var out bytes.Buffer
	if err := runEval(context.Background(), testEnv(), evalOpts{dict: "none"}, []string{dir}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"1 documents (en-de)", "F1", "confidence"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output %q: want it to contain %q", out.String(), want)
		}
	}
}

func TestEvalErrors(t *testing.T) {
	var out, errOut bytes.Buffer
	app := newApp(&out, &errOut)
	if code := report(&errOut, app.Run([]string{"bitext", "eval"})); code != 2 {
		t.Errorf("eval without arguments: got exit %d, want 2", code)
	}
	if code := report(&errOut, app.Run([]string{"bitext", "eval", filepath.Join(t.TempDir(), "missing")})); code != 1 {
		t.Errorf("eval of a missing directory: got exit %d, want 1", code)
	}
}

func keys(m map[string]json.RawMessage) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
