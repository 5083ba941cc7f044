package xliff

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const refDir = "../../../shared/ref"

func sample() (File, []*Unit) {
	f := File{Original: "seed.ar.txt", SourceLanguage: "ar", TargetLanguage: "en", Tool: "bitext", ToolVersion: "test"}
	return f, []*Unit{
		{ID: "1", Source: "هل تجتمع الذاكرة؟", Target: "Can memory meet?", State: StateTranslated, Bead: "1-1", Confidence: 0.999, HasConfidence: true, Group: "p1"},
		{ID: "2", Source: "استضافت موسكو <الوزيرين> & \u0001غيرهم.", Target: "Moscow hosted the ministers. And others.", State: StateNeedsReview, Bead: "1-2", Confidence: 0.412, HasConfidence: true, Group: "p1"},
		{ID: "3", Source: "جملة بلا ترجمة.", Bead: "1-0", Group: "p2", Notes: []string{"omitted by the translator"}},
	}
}

func encode(t *testing.T) []byte {
	t.Helper()
	f, units := sample()
	var buf bytes.Buffer
	enc := NewEncoder(&buf, f)
	for _, u := range units {
		if err := enc.Encode(u); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	data := encode(t)
	dec := NewDecoder(bytes.NewReader(data))
	f, want := sample()
	want[1].Source = strings.ReplaceAll(want[1].Source, "\u0001", "") // not an XML character
	var got []*Unit
	for {
		u, err := dec.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		u.Line = 0
		got = append(got, u)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	gf := dec.File()
	if gf.SourceLanguage != f.SourceLanguage || gf.TargetLanguage != f.TargetLanguage || gf.Original != f.Original {
		t.Errorf("got file %+v, want %+v", gf, f)
	}
}

func TestDecodeLenient(t *testing.T) {
	src := `<?xml version="1.0"?>
<xliff version="1.1"><file original="x" source-language="de" target-language="fr" datatype="plaintext"><body>
<group id="a"><group id="b">
<trans-unit id="t1"><source>Hallo <g id="1">Welt</g><x id="2"/>!</source>
<alt-trans><source>nope</source><target>non</target></alt-trans>
<target state="final">Bonjour <mrk mtype="x">monde</mrk> !</target></trans-unit>
</group></group>
<trans-unit id="t2"><source>Zwei</source></trans-unit>
</body></file></xliff>`
	dec := NewDecoder(strings.NewReader(src))
	u, err := dec.Next()
	if err != nil {
		t.Fatal(err)
	}
	if u.Source != "Hallo Welt!" || u.Target != "Bonjour monde !" || u.State != "final" || u.Group != "b" || u.Line != 4 {
		t.Errorf("got %+v", u)
	}
	u, err = dec.Next()
	if err != nil || u.ID != "t2" || u.Group != "" || u.Target != "" {
		t.Errorf("got %+v, %v; want t2 outside groups", u, err)
	}
	if _, err := dec.Next(); err != io.EOF {
		t.Errorf("got %v, want io.EOF", err)
	}
	for _, c := range []struct{ name, in string }{
		{"not xliff", `<tmx version="1.4"/>`},
		{"truncated", `<xliff><file><body><trans-unit id="1"><source>x`},
	} {
		_, err := NewDecoder(strings.NewReader(c.in)).Next()
		var se *SyntaxError
		if err == nil || !(errors.Is(err, ErrNotXLIFF) || errors.As(err, &se)) {
			t.Errorf("%s: got %v, want ErrNotXLIFF or a SyntaxError", c.name, err)
		}
	}
}

func writeSample(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sample.xlf")
	if err := os.WriteFile(path, encode(t), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestValidatesStrict checks the output against the strict XLIFF 1.2
// schema with xmllint.
func TestValidatesStrict(t *testing.T) {
	xsd := filepath.Join(refDir, "xliff-core-1.2-strict.xsd")
	if _, err := os.Stat(xsd); err != nil {
		t.Skipf("schema not available: %v", err)
	}
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("xmllint not installed")
	}
	out, err := exec.Command("xmllint", "--noout", "--nonet", "--schema", xsd, writeSample(t)).CombinedOutput()
	if err != nil {
		t.Fatalf("xmllint: %v\n%s", err, out)
	}
}

// TestTranslateToolkit reads the output with Translate Toolkit's XLIFF
// store and converts it with xliff2po.
func TestTranslateToolkit(t *testing.T) {
	// Debian installs the toolkit for /usr/bin/python3, which may not be
	// the python3 first on $PATH.
	py := ""
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import translate.storage.xliff").Run() == nil {
			py = p
			break
		}
	}
	if py == "" {
		t.Skip("Translate Toolkit (python3 translate.storage.xliff) not installed")
	}
	path := writeSample(t)
	script := `import sys
from translate.storage import xliff
s = xliff.xlifffile.parsefile(sys.argv[1])
for u in s.getunits():
    print("%s\t%s\t%s" % (u.getid(), u.source, u.target or ""))
`
	out, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("translate.storage.xliff: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], "Can memory meet?") || !strings.Contains(lines[1], "<الوزيرين> &") {
		t.Errorf("translate.storage.xliff read:\n%s\nwant 3 units with their texts", out)
	}
	if _, err := exec.LookPath("xliff2po"); err != nil {
		t.Skip("xliff2po not installed")
	}
	po := filepath.Join(t.TempDir(), "out.po")
	if out, err := exec.Command("xliff2po", "--progress=none", "-i", path, "-o", po).CombinedOutput(); err != nil {
		t.Fatalf("xliff2po: %v\n%s", err, out)
	}
	data, err := os.ReadFile(po)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(string(data), "msgid \""); got != 4 { // header + 3 units
		t.Errorf("xliff2po wrote %d msgids, want 4:\n%s", got, data)
	}
	if !strings.Contains(string(data), `msgstr "Can memory meet?"`) || !strings.Contains(string(data), "#, fuzzy") {
		t.Errorf("xliff2po output lacks the translation or the fuzzy flag of the needs-review unit:\n%s", data)
	}
}
