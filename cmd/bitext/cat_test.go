package main

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/urfave/cli/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/internal/atomicfile"
	"github.com/bitext/bitext/internal/pipeline"
)

// Tests for the defects issue 17 observed; each failed before its fix.

// TestAlignLocales: --src-locale ar_SA was written as xml:lang="ar_SA",
// --tgt-locale fr-FR labelled the English side silently, and
// --src-locale 'not a locale!' was written as is, all with exit 0.
func TestAlignLocales(t *testing.T) {
	out := filepath.Join(t.TempDir(), "l.tmx")
	code, _, stderr := runCLI(t, "align", "--no-dict", "--original", seedAR, "--src-locale", "ar_SA", "--tgt-locale", "fr-FR", "-o", out, seedEN)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, _ := os.ReadFile(out)
	if strings.Contains(string(data), "ar_SA") || !strings.Contains(string(data), `xml:lang="ar-SA"`) {
		t.Errorf("TMX does not carry ar-SA (normalised from ar_SA)")
	}
	if !strings.Contains(stderr, "--tgt-locale fr-FR labels the translation, which is detected as en") {
		t.Errorf("no warning for fr-FR on the English side:\n%s", stderr)
	}
	for _, args := range [][]string{
		{"align", "--no-dict", "--original", seedAR, "--src-locale", "not a locale!", seedEN},
		{"tmx", "merge", "--src-locale", "zz!!", "-o", filepath.Join(t.TempDir(), "m.tmx"), out},
		{"tmx", "convert", "--to", "tsv", "--tgt-locale", "en US", out},
	} {
		code, _, stderr := runCLI(t, args...)
		if code != 2 || !strings.Contains(stderr, "not a BCP 47 language tag") {
			t.Errorf("%v: got exit %d (%s), want 2 with a message", args[:2], code, stderr)
		}
	}
}

// TestSummaryCountsEveryShape: the align summary left out a 1-4 bead.
func TestSummaryCountsEveryShape(t *testing.T) {
	r := &pipeline.Result{SentBeads: []align.Bead{
		{Src: []int{0}, Tgt: []int{0}}, {Src: []int{1}, Tgt: []int{1, 2, 3, 4}}, {Src: []int{2}}, {Src: []int{3, 4, 5}, Tgt: []int{5}},
	}}
	got := summary(r)
	for _, want := range []string{"3 sentence pairs written", "1-1×1", "1-4×1", "3-1×1", "1-0×1"} {
		if !strings.Contains(got, want) {
			t.Errorf("summary %q lacks %q", got, want)
		}
	}
	if strings.Index(got, "1-1×1") > strings.Index(got, "1-4×1") || strings.Index(got, "1-4×1") > strings.Index(got, "1-0×1") {
		t.Errorf("summary %q: want 1-1 first and 1-0 last", got)
	}
}

// TestAlignSRXAndXLIFF: segmenting with bitext's exported SRX gives the
// same memory as bitext's own splitter; a rule RE2 cannot express is
// reported with the file, rule and line; --xliff writes valid XLIFF 1.2.
func TestAlignSRXAndXLIFF(t *testing.T) {
	dir := t.TempDir()
	rules := filepath.Join(dir, "bitext.srx")
	if code, _, e := runCLI(t, "srx", "export", "-o", rules); code != 0 {
		t.Fatalf("srx export: exit %d: %s", code, e)
	}
	a, b, xl := filepath.Join(dir, "a.tmx"), filepath.Join(dir, "b.tmx"), filepath.Join(dir, "b.xlf")
	if code, _, e := runCLI(t, "align", "--no-dict", "--original", seedAR, "-o", a, seedEN); code != 0 {
		t.Fatalf("align: exit %d: %s", code, e)
	}
	if code, _, e := runCLI(t, "align", "--no-dict", "--original", seedAR, "--srx", rules, "--xliff", xl, "-o", b, seedEN); code != 0 {
		t.Fatalf("align --srx: exit %d: %s", code, e)
	}
	_, ta := readTUs(t, a)
	_, tb := readTUs(t, b)
	if len(ta) != len(tb) {
		t.Errorf("got %d TUs with --srx, want %d as without", len(tb), len(ta))
	}
	for i := range ta {
		if i < len(tb) && ta[i].TUVs[0].Text() != tb[i].TUVs[0].Text() {
			t.Errorf("TU %d: got source %q with --srx, want %q", i+1, tb[i].TUVs[0].Text(), ta[i].TUVs[0].Text())
		}
	}
	if xsd := filepath.Join(repoRoot(t), "..", "shared", "ref", "xliff-core-1.2-strict.xsd"); fileExists(xsd) {
		if _, err := exec.LookPath("xmllint"); err == nil {
			if out, err := exec.Command("xmllint", "--noout", "--nonet", "--schema", xsd, xl).CombinedOutput(); err != nil {
				t.Errorf("xmllint: %v\n%s", err, out)
			}
		}
	}
	bad := filepath.Join(dir, "bad.srx")
	os.WriteFile(bad, []byte(`<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header segmentsubflows="yes" cascade="no"/><body><languagerules><languagerule languagerulename="Project">
<rule break="yes"><beforebreak>(?&lt;=a)\.</beforebreak><afterbreak>\s</afterbreak></rule></languagerule></languagerules>
<maprules><languagemap languagepattern=".*" languagerulename="Project"/></maprules></body></srx>`), 0o644)
	code, _, stderr := runCLI(t, "align", "--no-dict", "--original", seedAR, "--srx", bad, seedEN)
	if code != 1 || !strings.Contains(stderr, "bad.srx: line 2: languagerule \"Project\" rule 1") || !strings.Contains(stderr, "look-behind") {
		t.Errorf("got exit %d, stderr %q; want the file, line, rule and construct", code, stderr)
	}
}

// TestAlignLegacyEncoding: a windows-1256 .txt was rejected as invalid
// UTF-8 with no way to say what it is.
func TestAlignLegacyEncoding(t *testing.T) {
	data, err := os.ReadFile(seedAR)
	if err != nil {
		t.Skip(err)
	}
	// keep the characters windows-1256 has (the seed's comment line has a
	// few it lacks)
	var kept []rune
	for _, r := range string(data) {
		if _, ok := charmap.Windows1256.EncodeRune(r); ok {
			kept = append(kept, r)
		}
	}
	enc, err := charmap.Windows1256.NewEncoder().Bytes([]byte(string(kept)))
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "ar-1256.txt")
	os.WriteFile(f, enc, 0o644)
	code, _, stderr := runCLI(t, "align", "--no-dict", "--original", f, "-o", filepath.Join(t.TempDir(), "x.tmx"), seedEN)
	if code != 0 || !strings.Contains(stderr, "read as windows-1256") {
		t.Errorf("guess: exit %d, stderr:\n%s\nwant 0 and the guess reported", code, stderr)
	}
	code, _, stderr = runCLI(t, "align", "--no-dict", "--original", f, "--original-encoding", "cp1256", "-o", filepath.Join(t.TempDir(), "y.tmx"), seedEN)
	if code != 0 || strings.Contains(stderr, "read as") {
		t.Errorf("named: exit %d, stderr:\n%s\nwant 0 and no guess", code, stderr)
	}
	if code, _, stderr = runCLI(t, "align", "--no-dict", "--original", f, "--encoding", "klingon-8", seedEN); code != 2 {
		t.Errorf("unknown encoding: exit %d (%s), want 2", code, stderr)
	}
}

// TestNoInternalPrefixes: messages showed library prefixes ("doc: no
// paragraphs").
func TestNoInternalPrefixes(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "empty.txt")
	os.WriteFile(empty, []byte("\n\n"), 0o644)
	code, _, stderr := runCLI(t, "align", "--no-dict", "--original", empty, seedEN)
	if code == 0 || strings.Contains(stderr, "doc:") || !strings.Contains(stderr, "no paragraphs") {
		t.Errorf("got exit %d, stderr %q; want an error without \"doc:\"", code, stderr)
	}
	// and the warnings of a run kept theirs
	var b strings.Builder
	reportRun(&b, &pipeline.Result{Warnings: []string{"pipeline: a.txt: read as windows-1256"},
		Lexicon: &pipeline.LexiconInfo{Warnings: []error{errors.New("dict: big.dict: cut to 1000000 entries")}}})
	if got := b.String(); strings.Contains(got, "dict: big") || strings.Contains(got, "pipeline:") || !strings.Contains(got, "warning: big.dict: cut") {
		t.Errorf("warnings: got %q, want them without library prefixes", got)
	}
	// batch's library prefix leaked too ("m.jsonl: batch: invalid manifest")
	code, _, stderr = runCLI(t, "batch", filepath.Join(t.TempDir(), "m.jsonl"))
	if code != 2 || strings.Contains(stderr, "batch:") || !strings.Contains(stderr, "invalid manifest") {
		t.Errorf("batch: got exit %d, stderr %q; want 2 and an error without \"batch:\"", code, stderr)
	}
}

// TestHelpCompletionMan: "bitext help" and "bitext help align" failed with
// "No help topic for 'help'" (exit 2); completion and the man page are
// generated by commands.
func TestHelpCompletionMan(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"help"}, 0, "COMMANDS:"},
		{[]string{"help", "align"}, 0, "bitext align - align"},
		{[]string{"help", "tmx", "merge"}, 0, "--dedupe"},
		{[]string{"help", "nope"}, 2, ""},
		{[]string{"completion", "bash"}, 0, "complete -o bashdefault -o default -F _bitext bitext"},
		{[]string{"completion", "zsh"}, 0, "#compdef bitext"},
		{[]string{"completion", "fish"}, 0, "complete -c bitext"},
		{[]string{"completion", "tcsh"}, 2, ""},
		{[]string{"man"}, 0, ".TH bitext 1"},
		{[]string{"tmx", "--generate-bash-completion"}, 0, "merge"},
		{[]string{"align", "--orig", "--generate-bash-completion"}, 0, "--original"},
	} {
		// urfave/cli's completion reads os.Args (the word being completed)
		saved := os.Args
		os.Args = append([]string{"bitext"}, c.args...)
		code, out, stderr := runCLI(t, c.args...)
		os.Args = saved
		if code != c.code || !strings.Contains(out, c.want) {
			t.Errorf("bitext %v: got exit %d, output %.200q (stderr %q); want %d and %q", c.args, code, out, stderr, c.code, c.want)
		}
	}
}

// TestUsageErrors: "-o" without a value and "--original - -" were not
// reported as what they are.
func TestUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"align", "-o"}, "flag needs an argument: -o"},
		{[]string{"align", "--original", "-", "-"}, "both read standard input"},
		{[]string{"coverage", "--original", "-", "-"}, "both read standard input"},
		{[]string{"tmx", "convert", "x.tmx"}, "required flag --to"},
		{[]string{"batch", "--src-lang", "arabic!", "m.jsonl"}, "--src-lang"},
		{[]string{"batch", "--tgt-locale", "zz!!", "m.jsonl"}, "not a BCP 47 language tag"},
	} {
		code, _, stderr := runCLI(t, c.args...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("bitext %v: got exit %d, stderr %q; want 2 and %q", c.args, code, stderr, c.want)
		}
	}
}

// TestFlagsAgree: one way to choose or turn off the dictionary on every
// command that aligns (coverage and eval had only --dict ... "none"), and
// the language flags wherever a pipeline runs.
func TestFlagsAgree(t *testing.T) {
	for _, c := range []struct {
		cmd   string
		flags []string
	}{
		{"align", []string{"--dict", "--no-dict", "--lexicon", "--languages", "--src-lang"}},
		{"coverage", []string{"--dict", "--no-dict", "--lexicon", "--languages", "--src-lang"}},
		{"eval", []string{"--dict", "--no-dict"}},
		{"review", []string{"--dict", "--no-dict", "--lexicon", "--languages", "--src-lang"}},
		{"batch", []string{"--dict", "--no-dict", "--lexicon", "--languages", "--src-lang", "--src-locale"}},
	} {
		_, out, _ := runCLI(t, "help", c.cmd)
		for _, f := range c.flags {
			if !strings.Contains(out, f+" ") {
				t.Errorf("bitext %s lacks %s", c.cmd, f)
			}
		}
	}
}

// TestProgressSilentOffTerminal: progress goes to stderr only on a
// terminal; a buffer (a pipe, a file, a test) gets nothing, nor does a
// file with --quiet.
func TestProgressSilentOffTerminal(t *testing.T) {
	var b strings.Builder
	p := newProgress(context.Background(), &b)
	p.step("working", -1, false)
	time.Sleep(progressDelay + 200*time.Millisecond)
	p.done()
	if b.Len() != 0 {
		t.Errorf("got %q on a non-terminal, want nothing", b.String())
	}
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p = newProgress(context.WithValue(context.Background(), quietKey{}, true), f)
	p.step("working", 10, false)
	p.set(5)
	p.done()
	if fi, _ := f.Stat(); fi.Size() != 0 {
		t.Errorf("got %d bytes with --quiet, want none", fi.Size())
	}
}

// TestProgressShows: on a terminal a step is a real progress indication
// (count of total, or bytes), shown only after the delay; the spinner of
// last session only said that something ran.
func TestProgressShows(t *testing.T) {
	for _, c := range []struct {
		name  string
		delay time.Duration
		total int64
		bytes bool
		want  string // "" = nothing shown
	}{
		{"units", 0, 200, false, "(150/200"},
		{"bytes", 0, 3 << 20, true, "MB"},
		{"before the delay", time.Hour, 200, false, ""},
	} {
		var b strings.Builder
		p := &progress{w: &b, delay: c.delay}
		p.step("merging", c.total, c.bytes)
		p.set(c.total / 4)
		time.Sleep(150 * time.Millisecond) // the bar's throttle
		p.add(c.total / 2)
		p.done()
		got := b.String()
		if c.want == "" && got != "" || c.want != "" && (!strings.Contains(got, c.want) || !strings.Contains(got, "merging")) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

// TestPipelineProgress: align reports its steps (the languages of each
// side's paragraphs counted, then the dictionary and the alignment).
func TestPipelineProgress(t *testing.T) {
	var b strings.Builder
	p := &progress{w: &b}
	fn := pipelineProgress(p)
	fn(pipeline.Progress{Step: pipeline.StepDetectOriginal, Done: 0, Total: 40})
	time.Sleep(150 * time.Millisecond)
	fn(pipeline.Progress{Step: pipeline.StepDetectOriginal, Done: 30, Total: 40})
	fn(pipeline.Progress{Step: pipeline.StepAlign})
	time.Sleep(250 * time.Millisecond)
	p.done()
	for _, want := range []string{"original: detecting languages", "(30/40", "aligning the sentences"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("got %q, want %q in it", b.String(), want)
		}
	}
}

// TestPipelineAlignBar: the alignment, a spinner while the aligner fits
// its model, becomes a bar with a count once the final search reports its
// size (issue 17: a large document showed only a spinner).
func TestPipelineAlignBar(t *testing.T) {
	var b strings.Builder
	p := &progress{w: &b}
	fn := pipelineProgress(p)
	fn(pipeline.Progress{Step: pipeline.StepAlign})
	time.Sleep(150 * time.Millisecond)
	fn(pipeline.Progress{Step: pipeline.StepAlign, Done: 0, Total: 20000})
	time.Sleep(150 * time.Millisecond) // the bar's throttle
	fn(pipeline.Progress{Step: pipeline.StepAlign, Done: 5000, Total: 20000})
	time.Sleep(150 * time.Millisecond)
	fn(pipeline.Progress{Step: pipeline.StepAlign, Done: 12000, Total: 20000})
	p.done()
	for _, want := range []string{"aligning the sentences", "(5000/20000", "25%", "60%"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("got %q, want %q in it", b.String(), want)
		}
	}
}

// TestLexiconSink: a lexicon build reported by the Env is a bytes step of
// the attached pair's display (it replaces the dictionary step, it is not
// a second bar), and shows nothing once no pair is attached.
func TestLexiconSink(t *testing.T) {
	var b strings.Builder
	p := &progress{w: &b}
	s := &lexiconSink{}
	s.attach(p)
	fn := pipelineProgress(p)
	fn(pipeline.Progress{Step: pipeline.StepDictionary})
	s.report(0, 8<<20)
	time.Sleep(150 * time.Millisecond) // the bar's throttle
	s.report(6<<20, 8<<20)
	s.report(8<<20, 8<<20)
	if got := b.String(); !strings.Contains(got, "building the dictionary lexicon") || !strings.Contains(got, "MB") {
		t.Errorf("attached: got %q, want the lexicon step in bytes", got)
	}
	s.attach(nil)
	b.Reset()
	s.report(0, 8<<20)
	s.report(8<<20, 8<<20)
	if got := b.String(); got != "" {
		t.Errorf("detached: got %q, want nothing", got)
	}
}

// TestTMXMergeLocaleWarnings: tmx merge applied --src-locale and
// --tgt-locale without a word when they contradicted the memory: its
// srclang, its variants' xml:lang, or the detected language of their text.
func TestTMXMergeLocaleWarnings(t *testing.T) {
	dir := t.TempDir()
	mem := filepath.Join(dir, "seed.tmx")
	if code, _, e := runCLI(t, "align", "--no-dict", "--original", seedAR, "-o", mem, seedEN); code != 0 {
		t.Fatalf("align: exit %d: %s", code, e)
	}
	data, err := os.ReadFile(mem)
	if err != nil {
		t.Fatal(err)
	}
	// The labels swapped: Arabic text marked en and English marked ar.
	swapped := filepath.Join(dir, "swapped.tmx")
	s := strings.NewReplacer(`xml:lang="ar"`, `xml:lang="en"`, `xml:lang="en"`, `xml:lang="ar"`).Replace(string(data))
	os.WriteFile(swapped, []byte(s), 0o644)
	for _, c := range []struct {
		name string
		args []string
		want []string // "" = no warning
	}{
		{"agrees", []string{"--src-locale", "ar-SA", "--tgt-locale", "en-US", mem}, nil},
		{"absent language", []string{"--tgt-locale", "fr-FR", mem}, []string{"--tgt-locale fr-FR: no variant of the memory is in that language"}},
		{"source locale on the target", []string{"--src-locale", "en-US", mem}, []string{"but its source language (srclang) is ar"}},
		{"labels contradict the text", []string{"--src-locale", "ar-SA", swapped}, []string{"relabels the variants marked ar, whose text is detected as en"}},
	} {
		args := append([]string{"tmx", "merge", "-o", filepath.Join(dir, "out.tmx")}, c.args...)
		code, _, stderr := runCLI(t, args...)
		if code != 0 {
			t.Errorf("%s: exit %d: %s", c.name, code, stderr)
		}
		if len(c.want) == 0 && strings.Contains(stderr, "warning") {
			t.Errorf("%s: got %q, want no warning", c.name, stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s: got %q, want %q", c.name, stderr, w)
			}
		}
	}
}

// TestHelpRequiredAndDefaults: tmx merge and filter showed --output
// (default: "-") and then demanded the flag, and tmx convert's required
// --to was not marked. Every required flag of every command says so in
// its help, with no default beside it.
func TestHelpRequiredAndDefaults(t *testing.T) {
	var walk func(path []string, cmds []*cli.Command)
	seen := 0
	walk = func(path []string, cmds []*cli.Command) {
		for _, cmd := range cmds {
			p := append(append([]string(nil), path...), cmd.Name)
			for _, f := range cmd.Flags {
				if r, ok := f.(cli.RequiredFlag); ok && r.IsRequired() {
					seen++
					_, out, _ := runCLI(t, append([]string{"help"}, p...)...)
					line := ""
					for _, l := range strings.Split(out, "\n") {
						if strings.HasPrefix(strings.TrimSpace(l), "--"+f.Names()[0]+" ") {
							line = l
						}
					}
					if !strings.Contains(line, "(required)") || strings.Contains(line, "(default:") {
						t.Errorf("bitext help %s: got %q for --%s, want it marked (required) and no default", strings.Join(p, " "), line, f.Names()[0])
					}
				}
			}
			walk(p, cmd.Subcommands)
		}
	}
	// a fresh command tree: newApp clears Required (typedUsageErrors)
	walk(nil, []*cli.Command{tmxCommand(), alignCommand(), coverageCommand(), evalCommand(), batchCommand(), reviewCommand(), tmCommand(), lexiconCommand(), srxCommand()})
	if seen < 3 { // tmx merge -o, tmx filter -o, tmx convert --to
		t.Errorf("found %d required flags, want at least 3", seen)
	}
	_, out, _ := runCLI(t, "help", "tmx", "merge")
	if strings.Contains(out, `(default: "-")`) {
		t.Errorf("tmx merge help still shows a default for --output:\n%s", out)
	}
}

// TestWriteFailureNamesOutput: a write that fails (here the file size
// limit, as a full disk would) names the output the user gave, never its
// temporary file. The atomicfile test for it cannot fail as root; this
// one runs the command in a child with RLIMIT_FSIZE.
func TestWriteFailureNamesOutput(t *testing.T) {
	if out := os.Getenv("BITEXT_FSIZE_CHILD"); out != "" {
		syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: 4096, Max: 4096})
		os.Exit(run(context.Background(), []string{"bitext", "align", "--no-dict", "--original", seedAR, "-o", out, seedEN}, io.Discard, os.Stderr))
	}
	if testing.Short() {
		t.Skip("starts a child process")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "memory.tmx")
	cmd := exec.Command(os.Args[0], "-test.run=^TestWriteFailureNamesOutput$")
	cmd.Env = append(os.Environ(), "BITEXT_FSIZE_CHILD="+out)
	stderr, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("got %v, want exit 1; output:\n%s", err, stderr)
	}
	msg := string(stderr)
	if !strings.Contains(msg, "write "+out+":") || strings.Contains(msg, atomicfile.TempPrefix) || !strings.Contains(msg, "file too large") {
		t.Errorf("got %q, want the error to name %s and not the temporary", msg, out)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("left %v behind, want nothing", ents)
	}
}

// TestTMXValidateReportsLang: tmx validate passed xml:lang values that
// are not BCP 47 (the library rule is tested in tmx; this is the command:
// findings printed with their line, exit 3).
func TestTMXValidateReportsLang(t *testing.T) {
	f := filepath.Join(t.TempDir(), "bad.tmx")
	os.WriteFile(f, []byte(`<?xml version="1.0"?><tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="ar" datatype="plaintext"/><body>
<tu><tuv xml:lang="ar_SA"><seg>x</seg></tuv><tuv xml:lang="en"><seg>y</seg></tuv></tu></body></tmx>`), 0o644)
	code, out, stderr := runCLI(t, "tmx", "validate", f)
	if code != 3 || !strings.Contains(out, `bad.tmx:2: error: xml:lang "ar_SA" is not a BCP 47 language tag`) {
		t.Errorf("got exit %d, output %q (%s); want 3 and the finding", code, out, stderr)
	}
}
