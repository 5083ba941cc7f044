package dict

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bitext/bitext/align"
	"golang.org/x/text/language"
)

// CC-CEDICT (https://cc-cedict.org, CC BY-SA 4.0) is a Chinese–English
// dictionary in a line format, "TRAD SIMP [pin1 yin1] /gloss/gloss/", with
// "#" comment lines. It is read as Chinese → English, with an entry for the
// simplified and (when it differs) the traditional headword. Its glosses
// are written for readers, so they are cleaned into translations the
// aligner can match (see cedictTranslations).

// CEDICTNames are the file names under which an installed CC-CEDICT is
// found in a dictionary directory (see SearchPath): the name inside the
// MDBG download and the name the MDBG zip unpacks to.
var CEDICTNames = []string{"cedict_ts.u8", "cedict_1_0_ts_utf-8_mdbg.txt"}

// ReadCEDICT reads a CC-CEDICT file one line at a time and returns
// Chinese → English entries with weight 1, and for each headword of one
// character a Reading entry with its toneless pinyin (陈 → chen; see
// align.Entry). Comment and blank lines are skipped; a line that is not "TRAD SIMP [pinyin] /gloss/…/" is an error
// naming name and the line. Glosses that translate nothing (classifiers,
// "variant of …", "see …", "abbr. for …") give no entries.
func ReadCEDICT(r io.Reader, name string) ([]align.Entry, error) {
	var out []align.Entry
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		trad, simp, pinyin, glosses, ok := parseCEDICTLine(line)
		if !ok {
			return nil, syntaxErr(name, n, "want \"TRAD SIMP [pinyin] /gloss/\", got %q", line)
		}
		if py, ok := cedictReading(simp, pinyin); ok {
			out = append(out, align.Entry{Src: simp, Tgt: py, Weight: 1, Reading: true})
			if trad != simp {
				out = append(out, align.Entry{Src: trad, Tgt: py, Weight: 1, Reading: true})
			}
		}
		var trans []string
		for _, g := range glosses {
			trans = append(trans, cedictTranslations(g)...)
		}
		for _, t := range trans {
			out = append(out, align.Entry{Src: simp, Tgt: t, Weight: 1})
		}
		if trad != simp {
			for _, t := range trans {
				out = append(out, align.Entry{Src: trad, Tgt: t, Weight: 1})
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("dict: %s: %w", name, err)
	}
	return out, nil
}

// parseCEDICTLine splits a CC-CEDICT line into its headwords, pinyin and
// glosses.
func parseCEDICTLine(line string) (trad, simp, pinyin string, glosses []string, ok bool) {
	trad, rest, ok1 := strings.Cut(line, " ")
	simp, rest, ok2 := strings.Cut(rest, " ")
	if !ok1 || !ok2 || trad == "" || simp == "" || !strings.HasPrefix(rest, "[") {
		return "", "", "", nil, false
	}
	end := strings.Index(rest, "]")
	if end < 0 {
		return "", "", "", nil, false
	}
	pinyin = rest[1:end]
	rest = strings.TrimSpace(rest[end+1:])
	if len(rest) < 2 || rest[0] != '/' || rest[len(rest)-1] != '/' {
		return "", "", "", nil, false
	}
	return trad, simp, pinyin, strings.Split(rest[1:len(rest)-1], "/"), true
}

// cedictReading returns the toneless, lower-case pinyin of a headword of
// one Han character ("Chen2" → "chen", "nu:3" → "nu"), as the aligner's
// Reading entries want it; false for longer headwords and other readings.
func cedictReading(head, pinyin string) (string, bool) {
	r, size := utf8.DecodeRuneInString(head)
	if size != len(head) || !unicode.Is(unicode.Han, r) {
		return "", false
	}
	py := strings.ToLower(strings.TrimRight(pinyin, "012345"))
	py = strings.ReplaceAll(py, "u:", "u")
	if len(py) < 2 || strings.ContainsFunc(py, func(c rune) bool { return c < 'a' || c > 'z' }) {
		return "", false
	}
	return py, true
}

// cedictSkip are gloss beginnings (lower-cased) that refer to other
// entries or describe usage instead of translating.
var cedictSkip = []string{
	"cl:", "see ", "also written", "also pr.", "pr. ", "abbr. for", "abbr. of", "abbr. to",
	"used in ", "used as ", "radical in chinese characters", "kangxi radical", "taiwan pr.",
}

// cedictFiller are placeholder words of glosses ("to give sb sth").
var cedictFiller = map[string]bool{
	"sb": true, "sth": true, "sb's": true, "sth's": true, "one's": true, "oneself": true,
	"etc": true, "etc.": true, "sb.": true, "sth.": true,
}

// cedictTranslations cleans one CC-CEDICT gloss into translations: glosses
// that refer to other entries give none; "surname Wang" gives "Wang";
// notes in brackets ("(Tw)", "(idiom)", pinyin in [ ]) are removed, as are
// "lit. ", "fig. " and the "to " of verbs; "; " separates translations;
// parts still holding Chinese characters are dropped, and placeholder
// words (sb, sth, one's) removed.
func cedictTranslations(g string) []string {
	g = strings.TrimSpace(g)
	lower := strings.ToLower(g)
	if strings.Contains(lower, "variant of ") {
		return nil
	}
	for _, p := range cedictSkip {
		if strings.HasPrefix(lower, p) {
			return nil
		}
	}
	if s, ok := strings.CutPrefix(g, "surname "); ok {
		g = s
	}
	var out []string
	for _, part := range strings.Split(stripNotes(g), ";") {
		part = strings.TrimSpace(part)
		for _, p := range []string{"lit. ", "fig. ", "to "} {
			part = strings.TrimSpace(strings.TrimPrefix(part, p))
		}
		if part == "" || strings.ContainsFunc(part, isHanOrBar) {
			continue
		}
		words := strings.Fields(part)
		kept := words[:0]
		for _, w := range words {
			if !cedictFiller[strings.ToLower(w)] {
				kept = append(kept, w)
			}
		}
		part = strings.Join(kept, " ")
		part = strings.TrimFunc(part, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) && r != '\'' })
		if part != "" {
			out = append(out, part)
		}
	}
	return out
}

func isHanOrBar(r rune) bool {
	return r == '|' || unicode.Is(unicode.Han, r)
}

// isCEDICT reports whether b starts like a CC-CEDICT file: its header
// names it, or its first entry lines parse as CC-CEDICT lines.
func isCEDICT(b []byte) bool {
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	entries := 0
	for sc.Scan() && entries < 5 {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.HasPrefix(line, "# CC-CEDICT") || strings.HasPrefix(line, "\ufeff# CC-CEDICT") {
			return true
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if _, _, _, _, ok := parseCEDICTLine(line); !ok {
			return false
		}
		entries++
	}
	return entries > 0
}

// fileIsCEDICT reports whether the file at path is a CC-CEDICT file,
// reading its first kilobytes.
func fileIsCEDICT(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	b := make([]byte, 8192)
	n, _ := io.ReadFull(f, b)
	b = b[:n]
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 && n == len(b) {
		b = b[:i+1]
	}
	return isCEDICT(b)
}

// isZhEn reports whether the pair is Chinese → English (zhEn) or English →
// Chinese (enZh).
func isZhEn(src, tgt language.Tag) (zhEn, enZh bool) {
	zh, en := language.Chinese, language.English
	return sameBase(src, zh) && sameBase(tgt, en), sameBase(src, en) && sameBase(tgt, zh)
}

// installedCEDICT returns the CC-CEDICT files in dir when the pair is
// Chinese–English in either direction.
func installedCEDICT(dir string, src, tgt language.Tag) []string {
	if zhEn, enZh := isZhEn(src, tgt); !zhEn && !enZh {
		return nil
	}
	var out []string
	for _, name := range CEDICTNames {
		if p := filepath.Join(dir, name); fileExists(p) {
			out = append(out, p)
		}
	}
	return out
}

// SearchPath returns the directories searched for installed dictionaries,
// in order: extra (the CLI passes the directories listed in
// $BITEXT_DICT_DIR), dataHome/bitext/dict when dataHome is not "" (the
// CLI passes $XDG_DATA_HOME, default ~/.local/share),
// /usr/local/share/bitext/dict, /usr/share/bitext/dict and DefaultDir
// (Debian's dictd databases). Each may hold FreeDict databases
// (freedict-XXX-YYY.index and .dict.dz) and a CC-CEDICT file (CEDICTNames),
// which scripts/get-cedict.sh installs. It reads no environment variables.
func SearchPath(extra []string, dataHome string) []string {
	var dirs []string
	for _, d := range extra {
		if d != "" {
			dirs = append(dirs, d)
		}
	}
	if dataHome != "" {
		dirs = append(dirs, filepath.Join(dataHome, "bitext", "dict"))
	}
	return append(dirs, "/usr/local/share/bitext/dict", "/usr/share/bitext/dict", DefaultDir)
}

// InstalledIn returns the installed dictionaries for the pair in every
// directory of dirs (see SearchPath and Installed), in order; a
// dictionary found under the same name in several directories is listed
// once, from the first.
func InstalledIn(dirs []string, src, tgt language.Tag) []string {
	var out []string
	seen := map[string]bool{}
	for _, dir := range dirs {
		for _, p := range Installed(dir, src, tgt) {
			if !seen[filepath.Base(p)] {
				seen[filepath.Base(p)] = true
				out = append(out, p)
			}
		}
	}
	return out
}
