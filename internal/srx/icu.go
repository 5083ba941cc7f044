package srx

import (
	"errors"
	"fmt"
	"strings"
)

// ErrUnsupported is wrapped by Translate's errors for an ICU construct that
// RE2 cannot express.
var ErrUnsupported = errors.New("srx: construct RE2 cannot express")

// ICU's Unicode classes, spelled for RE2 (whose \s, \d, \w are ASCII).
const (
	spaceSet = `\t\n\v\f\r\x{85}\p{Z}`
	wordSet  = `\p{L}\p{M}\p{Nd}\p{Pc}`
)

// Translate rewrites an ICU regular expression as an RE2 (Go regexp) one
// with the same meaning: \uhhhh and \Uhhhhhhhh become \x{...}; \s, \d, \w
// and their negations get ICU's Unicode meaning; a leading \b (the usual
// "word starts here" of abbreviation rules) becomes "start or a non-word
// character". It fails, wrapping ErrUnsupported, on look-ahead and
// look-behind, atomic groups, possessive quantifiers, back-references,
// nested classes and class intersection, \b elsewhere than at the start,
// and the escapes \G \Z \R \X \h \N{...}; the error gives the byte offset
// of the construct.
func Translate(expr string) (string, error) {
	t := &icuTranslator{expr: expr, leading: true}
	for i := 0; i < len(expr); {
		next, err := t.token(i)
		if err != nil {
			return "", err
		}
		i = next
	}
	if t.depth > 0 {
		return "", t.unsupported(len(expr), "unterminated character class")
	}
	return t.b.String(), nil
}

// icuTranslator is the state of one Translate.
type icuTranslator struct {
	expr       string
	b          strings.Builder
	depth      int  // inside a character class
	quantified bool // the previous token was a quantifier
	leading    bool // nothing but inline flags so far
}

func (t *icuTranslator) unsupported(i int, what string) error {
	return fmt.Errorf("%w: %s at offset %d", ErrUnsupported, what, i)
}

// token translates the token at expr[i:] and returns where the next starts.
func (t *icuTranslator) token(i int) (int, error) {
	expr := t.expr
	c := expr[i]
	wasQuant := t.quantified
	t.quantified = false
	switch {
	case c == '\\':
		return t.escape(i)
	case t.depth > 0:
		return t.classByte(i)
	case c == '[':
		t.depth++
		t.b.WriteByte(c)
		i++
		if strings.HasPrefix(expr[i:], "^") {
			t.b.WriteByte('^')
			i++
		}
		t.leading = false
		return i, nil
	case c == '(' && strings.HasPrefix(expr[i:], "(?"):
		return t.group(i)
	case c == '*' || c == '+' || c == '?':
		if c == '+' && wasQuant {
			return 0, t.unsupported(i, "possessive quantifier")
		}
		// a lazy '?' after a quantifier is fine; a quantifier after it is not one
		t.quantified = !(c == '?' && wasQuant)
	case c == '}':
		t.quantified = true
	}
	t.b.WriteByte(c)
	if c != ')' || !t.leading {
		t.leading = false
	}
	return i + 1, nil
}

// classByte copies a byte inside a character class, refusing what RE2
// cannot express there.
func (t *icuTranslator) classByte(i int) (int, error) {
	c := t.expr[i]
	switch {
	case c == '[':
		return 0, t.unsupported(i, "nested character class")
	case c == '&' && strings.HasPrefix(t.expr[i:], "&&"):
		return 0, t.unsupported(i, "class intersection &&")
	case c == ']':
		t.depth--
	}
	t.b.WriteByte(c)
	return i + 1, nil
}

// group translates "(?": inline flags RE2 knows, and errors for look-around,
// atomic and comment groups and flags it does not know.
func (t *icuTranslator) group(i int) (int, error) {
	expr := t.expr
	rest := expr[i+2:]
	switch {
	case strings.HasPrefix(rest, "="), strings.HasPrefix(rest, "!"):
		return 0, t.unsupported(i, "look-ahead "+expr[i:i+3])
	case strings.HasPrefix(rest, "<="), strings.HasPrefix(rest, "<!"):
		return 0, t.unsupported(i, "look-behind "+expr[i:i+4])
	case strings.HasPrefix(rest, ">"):
		return 0, t.unsupported(i, "atomic group (?>")
	case strings.HasPrefix(rest, "#"):
		return 0, t.unsupported(i, "comment group (?#")
	}
	// inline flags: RE2 knows i, m, s, U; ICU's x, u, d, w are not expressible
	j := i + 2
	for j < len(expr) && strings.IndexByte("imsxuwdU-", expr[j]) >= 0 {
		if strings.IndexByte("xuwd", expr[j]) >= 0 {
			return 0, t.unsupported(i, "inline flag "+string(expr[j]))
		}
		j++
	}
	flagsOnly := j < len(expr) && expr[j] == ')' && j > i+2
	t.b.WriteString(expr[i:j])
	if !flagsOnly {
		t.leading = false
	}
	return j, nil
}

// escape translates the escape at expr[i:] (a backslash).
func (t *icuTranslator) escape(i int) (int, error) {
	expr := t.expr
	if i+1 >= len(expr) {
		return 0, t.unsupported(i, "trailing backslash")
	}
	e := expr[i+1]
	switch e {
	case 'u', 'U':
		n := 4
		if e == 'U' {
			n = 8
		}
		if i+2+n > len(expr) || !isHex(expr[i+2:i+2+n]) {
			return 0, t.unsupported(i, `malformed \`+string(e))
		}
		fmt.Fprintf(&t.b, `\x{%s}`, expr[i+2:i+2+n])
		t.leading = false
		return i + 2 + n, nil
	case 'Q':
		return t.quoted(i), nil
	case 'p', 'P':
		if i+2 < len(expr) && expr[i+2] == '{' {
			return t.property(i)
		}
		t.b.WriteString(expr[i : i+2])
	case 'b':
		if err := t.wordBoundary(i); err != nil {
			return 0, err
		}
	case 'G', 'Z', 'R', 'X', 'h', 'H', 'N', 'k', 'K', 'c', 'V':
		return 0, t.unsupported(i, `\`+string(e))
	case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		if t.depth == 0 {
			return 0, t.unsupported(i, "back-reference \\"+string(e))
		}
		return 0, t.unsupported(i, "octal escape \\"+string(e))
	default:
		t.b.WriteString(t.classEscape(e, expr[i:i+2]))
	}
	t.leading = false
	return i + 2, nil
}

// classEscape translates \d \D \s \S \w \W \e to their ICU (Unicode)
// meaning; other escapes (given whole as raw) are copied.
func (t *icuTranslator) classEscape(e byte, raw string) string {
	negated := func(set, ascii string) string {
		if t.depth > 0 {
			return ascii // ASCII inside a class: RE2 cannot nest a negated set
		}
		return `[^` + set + `]`
	}
	switch e {
	case 'd':
		return `\p{Nd}`
	case 'D':
		return `\P{Nd}`
	case 's':
		return inClass(t.depth, spaceSet)
	case 'S':
		return negated(spaceSet, `\S`)
	case 'w':
		return inClass(t.depth, wordSet)
	case 'W':
		return negated(wordSet, `\W`)
	case 'e':
		return `\x{1B}`
	}
	return raw
}

// wordBoundary translates \b: a backspace inside a class, "start or a
// non-word character" at the start of the expression.
func (t *icuTranslator) wordBoundary(i int) error {
	switch {
	case t.depth > 0:
		t.b.WriteString(`\x{8}`) // backspace inside a class
	case t.leading:
		t.b.WriteString(`(?:^|[^` + wordSet + `])`)
	default:
		return t.unsupported(i, `\b after the start of the expression`)
	}
	return nil
}

// quoted translates \Q...\E (or \Q to the end) as escaped literals.
func (t *icuTranslator) quoted(i int) int {
	expr := t.expr
	end := strings.Index(expr[i+2:], `\E`)
	lit := expr[i+2:]
	if end >= 0 {
		lit = expr[i+2 : i+2+end]
	}
	t.b.WriteString(quoteMeta(lit, t.depth > 0))
	t.leading = false
	if end < 0 {
		return len(expr)
	}
	return i + 2 + end + 2
}

// property translates \p{...} and \P{...}: \p{IsLatin} and \p{InX} are
// Java spellings; RE2 knows \p{Latin}.
func (t *icuTranslator) property(i int) (int, error) {
	expr := t.expr
	e := expr[i+1]
	j := i + 2
	end := strings.IndexByte(expr[j:], '}')
	if end < 0 {
		return 0, t.unsupported(i, `unterminated \p{`)
	}
	name := strings.TrimPrefix(expr[j+1:j+end], "Is")
	if strings.HasPrefix(name, "In") || strings.HasPrefix(name, "java") || strings.Contains(name, "=") {
		return 0, t.unsupported(i, `\p{`+expr[j+1:j+end]+`}`)
	}
	t.b.WriteString(`\` + string(e) + `{` + name + `}`)
	t.leading = false
	return j + end + 1, nil
}

func inClass(depth int, set string) string {
	if depth > 0 {
		return set
	}
	return "[" + set + "]"
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune("0123456789abcdefABCDEF", rune(s[i])) {
			return false
		}
	}
	return true
}

func quoteMeta(s string, class bool) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`\.+*?()|[]{}^$-&~#`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	_ = class
	return b.String()
}
