package coverage

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/internal/termsafe"
	"github.com/bitext/bitext/internal/textnorm"
	"github.com/bitext/bitext/tmx"
)

// ANSI SGR sequences used on a terminal.
const (
	sgrReset   = "\x1b[0m"
	sgrBold    = "\x1b[1m"
	sgrRed     = "\x1b[31m"
	sgrYellow  = "\x1b[33m"
	sgrMagenta = "\x1b[35m"
	sgrCyan    = "\x1b[36m"
	sgrGreen   = "\x1b[32m"
	sgrDim     = "\x1b[2m"
)

// maxTextRunes is the longest segment text shown in terminal output; longer
// texts are cut with an ellipsis.
const maxTextRunes = 160

// WriteText writes the report for a terminal: a summary, then each list
// with its items' indices (paragraph, or paragraph.sentence, 0-based as in
// JSON) and text. Right-to-left runs are wrapped in Unicode isolates
// (U+2068 … U+2069) so that terminals keep mixed Arabic and English lines
// in order. color adds ANSI colours; the caller decides (terminal, NO_COLOR).
func (r *Report) WriteText(w io.Writer, color bool) error {
	bw := bufio.NewWriter(w)
	c := func(sgr, s string) string {
		if !color {
			return s
		}
		return sgr + s + sgrReset
	}
	pct := func(f float64) string { return strconv.FormatFloat(100*f, 'f', 1, 64) + "%" }
	cn := r.Counts
	fmt.Fprintf(bw, "%s %s (%s) → %s (%s)\n", c(sgrBold, "coverage of"), isolate(r.Original.Name), r.Original.Lang, isolate(r.Translation.Name), r.Translation.Lang)
	fmt.Fprintf(bw, "  characters %s   words %s   sentences %s (%d of %d)\n",
		c(sgrBold, pct(r.Coverage.Chars)), c(sgrBold, pct(r.Coverage.Words)), c(sgrBold, pct(r.Coverage.Sentences)),
		cn.CoveredSentences, cn.OriginalSentences)
	fmt.Fprintf(bw, "  untranslated: %s, %s   added: %s, %s   suspect pairs: %d   left in %s: %d\n",
		plural(cn.UntranslatedParagraphs, "paragraph"), plural(cn.UntranslatedSentences, "sentence"),
		plural(cn.AddedParagraphs, "paragraph"), plural(cn.AddedSentences, "sentence"),
		cn.Suspect, r.Original.Lang, cn.LeftInOriginalLanguage)
	if ds := r.DocScore; ds.Beads > 0 || ds.Nulls > 0 { // judged (the zero value is not)
		fmt.Fprintf(bw, "  document score %.2f: %s\n", ds.Score, verdictText(ds))
	}
	for _, wn := range r.Warnings {
		fmt.Fprintf(bw, "  %s %s\n", c(sgrYellow, "warning:"), isolate(wn))
	}
	section := func(title, sgr string, items []Item) {
		if len(items) == 0 {
			return
		}
		fmt.Fprintf(bw, "\n%s\n", c(sgr+sgrBold, title))
		for _, it := range items {
			fmt.Fprintf(bw, "  %-8s %s\n", c(sgr, ref(it)), show(it.Text))
			if it.Reason != "" && it.Translation == nil {
				fmt.Fprintf(bw, "           %s\n", c(sgrDim, isolate(it.Reason)))
			}
		}
	}
	section("Untranslated: original segments with no translation", sgrRed, r.Untranslated)
	section("Added: translation segments with no source", sgrYellow, r.Added)
	if len(r.Suspect) > 0 {
		fmt.Fprintf(bw, "\n%s\n", c(sgrMagenta+sgrBold, "Suspect pairs"))
		for _, it := range r.Suspect {
			conf := ""
			if it.Confidence != nil {
				conf = " (confidence " + strconv.FormatFloat(*it.Confidence, 'f', 2, 64) + ")"
			}
			fmt.Fprintf(bw, "  %s ↔ %s  %s%s\n", c(sgrMagenta, ref(it)), c(sgrMagenta, ref(*it.Translation)), isolate(it.Reason), c(sgrDim, conf))
			fmt.Fprintf(bw, "    %s %s\n", c(sgrCyan, r.Original.Lang+":"), show(it.Text))
			fmt.Fprintf(bw, "    %s %s\n", c(sgrCyan, r.Translation.Lang+":"), show(it.Translation.Text))
		}
	}
	section("Left in the original language (translation segments in "+r.Original.Lang+")", sgrRed, r.LeftInOriginalLanguage)
	if len(r.Untranslated)+len(r.Added)+len(r.Suspect)+len(r.LeftInOriginalLanguage) == 0 {
		fmt.Fprintf(bw, "\n%s\n", c(sgrGreen, "no problems found"))
	}
	return bw.Flush()
}

func plural(n int, s string) string {
	if n == 1 {
		return "1 " + s
	}
	return strconv.Itoa(n) + " " + s + "s"
}

// ref formats an item's position: "[12]" for a paragraph, "[12.3]" for a
// sentence.
func ref(it Item) string {
	if it.Sentence == nil {
		return "[" + strconv.Itoa(it.Paragraph) + "]"
	}
	return "[" + strconv.Itoa(it.Paragraph) + "." + strconv.Itoa(*it.Sentence) + "]"
}

// show prepares a text for one terminal line: newlines folded, cut to
// maxTextRunes, right-to-left runs (or the whole text, when it is
// right-to-left) isolated.
func show(s string) string {
	s = termsafe.String(strings.Join(strings.Fields(s), " "))
	if utf8.RuneCountInString(s) > maxTextRunes {
		n := 0
		for i := range s {
			if n == maxTextRunes {
				s = s[:i] + "…"
				break
			}
			n++
		}
	}
	if textnorm.DirAttr(s) == "rtl" {
		// A right-to-left text is isolated as a whole so that its final
		// punctuation stays at its (left) end.
		return string(fsi) + tmx.BalanceBidi(s) + string(pdi)
	}
	return isolate(s)
}

// isolate is textnorm.Isolate of s made safe for a terminal (termsafe):
// document text and names may carry escape sequences.
func isolate(s string) string { return textnorm.Isolate(termsafe.String(s)) }

const (
	fsi = '\u2068' // FIRST STRONG ISOLATE
	pdi = '\u2069' // POP DIRECTIONAL ISOLATE
)

// WriteJSON writes the whole report as one JSON object followed by a
// newline. Field names are stable; lists are [] when empty.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// verdictText names the document-level verdict.
func verdictText(ds align.DocScore) string {
	if ds.Unsure {
		return "too short to judge"
	}
	if ds.Translation {
		return "a translation"
	}
	return "not a translation"
}
