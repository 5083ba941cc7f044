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
	var b strings.Builder
	depth := 0          // inside a character class
	quantified := false // the previous token was a quantifier
	leading := true     // nothing but inline flags so far
	unsupported := func(i int, what string) (string, error) {
		return "", fmt.Errorf("%w: %s at offset %d", ErrUnsupported, what, i)
	}
	for i := 0; i < len(expr); {
		c := expr[i]
		wasQuant := quantified
		quantified = false
		switch {
		case c == '\\':
			if i+1 >= len(expr) {
				return unsupported(i, "trailing backslash")
			}
			e := expr[i+1]
			switch e {
			case 'u', 'U':
				n := 4
				if e == 'U' {
					n = 8
				}
				if i+2+n > len(expr) || !isHex(expr[i+2:i+2+n]) {
					return unsupported(i, `malformed \`+string(e))
				}
				fmt.Fprintf(&b, `\x{%s}`, expr[i+2:i+2+n])
				i += 2 + n
				leading = false
				continue
			case 'd':
				b.WriteString(`\p{Nd}`)
			case 'D':
				b.WriteString(`\P{Nd}`)
			case 's':
				b.WriteString(inClass(depth, spaceSet))
			case 'S':
				if depth > 0 {
					b.WriteString(`\S`) // ASCII inside a class: RE2 cannot nest a negated set
				} else {
					b.WriteString(`[^` + spaceSet + `]`)
				}
			case 'w':
				b.WriteString(inClass(depth, wordSet))
			case 'W':
				if depth > 0 {
					b.WriteString(`\W`)
				} else {
					b.WriteString(`[^` + wordSet + `]`)
				}
			case 'b':
				if depth > 0 {
					b.WriteString(`\x{8}`) // backspace inside a class
				} else if leading {
					b.WriteString(`(?:^|[^` + wordSet + `])`)
				} else {
					return unsupported(i, `\b after the start of the expression`)
				}
			case 'e':
				b.WriteString(`\x{1B}`)
			case 'Q':
				end := strings.Index(expr[i+2:], `\E`)
				lit := expr[i+2:]
				if end >= 0 {
					lit = expr[i+2 : i+2+end]
				}
				b.WriteString(quoteMeta(lit, depth > 0))
				if end < 0 {
					i = len(expr)
				} else {
					i += 2 + end + 2
				}
				leading = false
				continue
			case 'p', 'P':
				// \p{IsLatin} and \p{InX} are Java spellings; RE2 knows \p{Latin}.
				j := i + 2
				if j < len(expr) && expr[j] == '{' {
					end := strings.IndexByte(expr[j:], '}')
					if end < 0 {
						return unsupported(i, `unterminated \p{`)
					}
					name := expr[j+1 : j+end]
					name = strings.TrimPrefix(name, "Is")
					if strings.HasPrefix(name, "In") || strings.HasPrefix(name, "java") || strings.Contains(name, "=") {
						return unsupported(i, `\p{`+expr[j+1:j+end]+`}`)
					}
					b.WriteString(`\` + string(e) + `{` + name + `}`)
					i = j + end + 1
					leading = false
					continue
				}
				b.WriteString(expr[i : i+2])
			case 'G', 'Z', 'R', 'X', 'h', 'H', 'N', 'k', 'K', 'c', 'V':
				return unsupported(i, `\`+string(e))
			case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
				if depth == 0 {
					return unsupported(i, "back-reference \\"+string(e))
				}
				return unsupported(i, "octal escape \\"+string(e))
			default:
				b.WriteString(expr[i : i+2])
			}
			i += 2
			leading = false
			continue
		case depth > 0:
			switch {
			case c == '[':
				return unsupported(i, "nested character class")
			case c == '&' && strings.HasPrefix(expr[i:], "&&"):
				return unsupported(i, "class intersection &&")
			case c == ']':
				depth--
			}
			b.WriteByte(c)
			i++
			continue
		case c == '[':
			depth++
			b.WriteByte(c)
			i++
			if strings.HasPrefix(expr[i:], "^") {
				b.WriteByte('^')
				i++
			}
			leading = false
			continue
		case c == '(' && strings.HasPrefix(expr[i:], "(?"):
			rest := expr[i+2:]
			switch {
			case strings.HasPrefix(rest, "="), strings.HasPrefix(rest, "!"):
				return unsupported(i, "look-ahead "+expr[i:i+3])
			case strings.HasPrefix(rest, "<="), strings.HasPrefix(rest, "<!"):
				return unsupported(i, "look-behind "+expr[i:i+4])
			case strings.HasPrefix(rest, ">"):
				return unsupported(i, "atomic group (?>")
			case strings.HasPrefix(rest, "#"):
				return unsupported(i, "comment group (?#")
			}
			// inline flags: RE2 knows i, m, s, U; ICU's x, u, d, w are not expressible
			j := i + 2
			for j < len(expr) && strings.IndexByte("imsxuwdU-", expr[j]) >= 0 {
				if strings.IndexByte("xuwd", expr[j]) >= 0 {
					return unsupported(i, "inline flag "+string(expr[j]))
				}
				j++
			}
			flagsOnly := j < len(expr) && expr[j] == ')' && j > i+2
			b.WriteString(expr[i:j])
			i = j
			if !flagsOnly {
				leading = false
			}
			continue
		case c == '*' || c == '+' || c == '?':
			if c == '+' && wasQuant {
				return unsupported(i, "possessive quantifier")
			}
			// a lazy '?' after a quantifier is fine; a quantifier after it is not one
			quantified = !(c == '?' && wasQuant)
		case c == '}':
			quantified = true
		}
		b.WriteByte(c)
		i++
		if c != ')' || !leading {
			leading = false
		}
	}
	if depth > 0 {
		return unsupported(len(expr), "unterminated character class")
	}
	return b.String(), nil
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
