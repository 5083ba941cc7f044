package langid

import (
	"strings"

	"golang.org/x/text/language"
)

// Quotations are where news text mixes languages in one script: "The
// minister said « Nous refusons toute ingérence » in Moscow". A segment
// whose quoted part is substantial is detected as two parts, the quoted
// and the rest; when both are confidently in different languages the
// segment is Mixed. The thresholds keep short quotes ("the “minorities
// card”") and uncertain answers out.
const (
	quoteMinWords   = 4
	quoteMinLetters = 20
	quoteMinConf    = 0.9
)

// quotePairs maps an opening quotation mark to the marks that close it.
var quotePairs = map[rune]string{
	'«': "»", '»': "«", '“': "”", '„': "“”", '"': `"`, '‹': "›", '「': "」", '『': "』",
}

// splitQuotes returns the text inside quotation marks and the text
// outside them, each part's pieces joined by spaces.
func splitQuotes(text string) (inside, outside string) {
	var in, out strings.Builder
	rest := text
	for {
		i := strings.IndexFunc(rest, func(r rune) bool { _, ok := quotePairs[r]; return ok })
		if i < 0 {
			break
		}
		open := []rune(rest[i:])[0]
		body := rest[i+len(string(open)):]
		j := strings.IndexAny(body, quotePairs[open])
		if j < 0 {
			break
		}
		out.WriteString(rest[:i])
		out.WriteByte(' ')
		in.WriteString(body[:j])
		in.WriteByte(' ')
		_, size := firstRune(body[j:])
		rest = body[j+size:]
	}
	out.WriteString(rest)
	return in.String(), out.String()
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}

// quoted detects a segment of script group g with a substantial quotation
// as two parts; ok is false unless the parts are confidently in different
// languages.
func (id *Identifier) quoted(text string, g script, counts [numScripts]int, hint language.Tag) (Result, bool) {
	inside, outside := splitQuotes(text)
	win, wout := words(inside), words(outside)
	lin, lout := 0, 0
	for _, w := range win {
		lin += w.letters
	}
	for _, w := range wout {
		lout += w.letters
	}
	total := float64(lin + lout)
	if len(win) < quoteMinWords || lin < quoteMinLetters || lout < quoteMinLetters ||
		float64(lin)/total < mixedMinShare || float64(lout)/total < mixedMinShare {
		return Result{}, false
	}
	rin := id.decide(g, joinWords(win, g), counts, hint)
	rout := id.decide(g, joinWords(wout, g), counts, hint)
	if rin.Lang == rout.Lang || rin.Lang == language.Und || rout.Lang == language.Und ||
		rin.Confidence < quoteMinConf || rout.Confidence < quoteMinConf {
		return Result{}, false
	}
	sin, sout := float64(lin)/total, float64(lout)/total
	r := Result{Mixed: true, Shares: map[language.Tag]float64{rin.Lang: sin, rout.Lang: sout}}
	a, b := rout, rin
	sa, sb := sout, sin
	if sin > sout {
		a, b, sa, sb = rin, rout, sin, sout
	}
	r.Lang, r.Confidence = a.Lang, sa*a.Confidence
	r.RunnerUp, r.RunnerConf = b.Lang, sb*b.Confidence
	return r, true
}
