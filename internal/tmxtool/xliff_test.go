package tmxtool

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/bitext/bitext/internal/xliff"
	"github.com/bitext/bitext/tmx"
)

const xliffTMX = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="bitext" creationtoolversion="t" segtype="sentence" o-tmf="bitext" adminlang="en" srclang="ar" datatype="plaintext">
<prop type="x-original">seed.ar.txt</prop></header><body>
<tu tuid="1"><prop type="x-src-paragraph">1</prop><prop type="x-bead">1-1</prop><prop type="x-confidence">0.999</prop>
<tuv xml:lang="ar"><seg>هل تجتمع؟</seg></tuv><tuv xml:lang="en"><seg>Can they meet?</seg></tuv></tu>
<tu tuid="2"><prop type="x-src-paragraph">1</prop><prop type="x-bead">1-2</prop><prop type="x-confidence">0.310</prop>
<tuv xml:lang="ar"><seg>استضافت موسكو.</seg></tuv><tuv xml:lang="en"><seg>Moscow hosted. Ministers came.</seg></tuv></tu>
<tu tuid="3"><prop type="x-src-paragraph">2</prop>
<tuv xml:lang="ar"><seg>جملة.</seg></tuv><tuv xml:lang="en"><seg>A sentence.</seg></tuv></tu>
</body></tmx>`

// TestXLIFFRoundTrip converts TMX to XLIFF and back: texts, languages,
// bead, confidence, review state and paragraph groups survive.
func TestXLIFFRoundTrip(t *testing.T) {
	var xl bytes.Buffer
	n, err := TMXToXLIFF(context.Background(), &xl, strings.NewReader(xliffTMX), "in.tmx", XLIFFOptions{ReviewBelow: 0.5})
	if err != nil || n != 3 {
		t.Fatalf("TMXToXLIFF = %d, %v; want 3 units", n, err)
	}
	dec := xliff.NewDecoder(bytes.NewReader(xl.Bytes()))
	var units []*xliff.Unit
	for {
		u, err := dec.Next()
		if err != nil {
			break
		}
		units = append(units, u)
	}
	if len(units) != 3 || units[0].Group != "p1" || units[1].Group != "p1" || units[2].Group != "p2" ||
		units[0].State != xliff.StateTranslated || units[1].State != xliff.StateNeedsReview || units[1].Bead != "1-2" {
		t.Fatalf("got units %+v", units)
	}
	if f := dec.File(); f.SourceLanguage != "ar" || f.TargetLanguage != "en" || f.Original != "seed.ar.txt" {
		t.Errorf("got file %+v, want ar -> en of seed.ar.txt", f)
	}
	var back bytes.Buffer
	rep, err := XLIFFToTMX(context.Background(), &back, bytes.NewReader(xl.Bytes()), "in.xlf", Options{})
	if err != nil || rep.TUs != 3 {
		t.Fatalf("XLIFFToTMX = %+v, %v; want 3 TUs", rep, err)
	}
	tdec := tmx.NewDecoder(bytes.NewReader(back.Bytes()))
	tu, err := tdec.Next()
	if err != nil {
		t.Fatal(err)
	}
	if v := tu.Variant("en"); v == nil || v.Text() != "Can they meet?" {
		t.Errorf("got first TU %+v, want the English target", tu)
	}
	if c, _ := tu.Prop("x-confidence"); c != "0.999" {
		t.Errorf("got x-confidence %q, want 0.999", c)
	}
}
