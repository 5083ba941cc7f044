package feature

import (
	"strings"
	"unicode"
)

// Tokens returns the folded word tokens of s: maximal runs of letters and
// digits; a character of Han, Kana or Thai script is a token by itself.
func Tokens(s string) []string {
	return FoldedTokens(Fold(s))
}

// FoldedTokens is Tokens of text already folded with Fold.
func FoldedTokens(f string) []string {
	var out []string
	start := -1
	for i, r := range f {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mc, r)
		if word && IsIdeo(r) {
			if start >= 0 {
				out = append(out, f[start:i])
				start = -1
			}
			out = append(out, string(r))
			continue
		}
		if word {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, f[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, f[start:])
	}
	return out
}

// Numbers returns the numbers written in s, normalized: digits folded to
// ASCII, thousands separators removed ("1,000", "1.000", "1 000" and
// "١٬٠٠٠" all give "1000"), a decimal comma written as a point ("3,5" and
// "3.5" give "3.5"), leading zeros of the integer part dropped ("07" → "7").
func Numbers(s string) []string {
	return FoldedNumbers(Fold(s))
}

// FoldedNumbers is Numbers of text already folded with Fold.
func FoldedNumbers(f string) []string {
	var out []string
	n := len(f)
	isD := func(i int) bool { return i < n && f[i] >= '0' && f[i] <= '9' }
	for i := 0; i < n; {
		if !isD(i) {
			i++
			continue
		}
		// Collect groups separated by single ',', '.' or ' '.
		var groups []string
		var seps []byte
		j := i
		for {
			k := j
			for isD(k) {
				k++
			}
			groups = append(groups, f[j:k])
			if k+1 < n && (f[k] == ',' || f[k] == '.' || f[k] == ' ') && isD(k+1) {
				seps = append(seps, f[k])
				j = k + 1
				continue
			}
			j = k
			break
		}
		i = j
		out = append(out, joinNumber(groups, seps)...)
	}
	return out
}

// joinNumber turns digit groups and the separators between them into one or
// more normalized numbers.
func joinNumber(groups []string, seps []byte) []string {
	if len(groups) == 1 {
		return []string{trimZeros(groups[0])}
	}
	// Thousands grouping: every later group has exactly three digits and
	// all separators are the same (a final different separator followed by
	// digits is a decimal part).
	var out []string
	intPart := groups[0]
	k := 1
	if len(groups[0]) <= 3 {
		for k < len(groups) && len(groups[k]) == 3 && seps[k-1] == seps[0] {
			// "1.5" style with one 3-digit group after a point is ambiguous;
			// treat a single group after '.' as thousands only for
			// continental style when followed by nothing else.
			intPart += groups[k]
			k++
		}
	}
	if k == 1 {
		// No thousands grouping: the first separator (if ',' or '.') is a
		// decimal mark; a space separates two numbers.
		if seps[0] == ' ' {
			out = append(out, trimZeros(groups[0]))
			return append(out, joinNumber(groups[1:], seps[1:])...)
		}
		out = append(out, trimZeros(groups[0])+"."+groups[1])
		if len(groups) > 2 {
			out = append(out, joinNumber(groups[2:], seps[2:])...)
		}
		return out
	}
	num := trimZeros(intPart)
	if k < len(groups) {
		if seps[k-1] != ' ' && seps[k-1] != seps[0] {
			num += "." + groups[k]
			k++
		}
	}
	out = append(out, num)
	if k < len(groups) {
		out = append(out, joinNumber(groups[k:], seps[k:])...)
	}
	return out
}

func trimZeros(d string) string {
	t := strings.TrimLeft(d, "0")
	if t == "" {
		return "0"
	}
	return t
}
