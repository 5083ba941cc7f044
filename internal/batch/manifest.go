package batch

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bitext/bitext/internal/locale"
)

// Format is the syntax of a manifest.
type Format int

// Manifest formats.
const (
	JSONL Format = iota // one JSON object per line
	TSV                 // tab-separated columns, # comments, optional header
)

// Entry is one document pair of a manifest. Paths are resolved against
// the manifest's folder; URLs are kept as written.
type Entry struct {
	// Line is the 1-based manifest line the entry was read from.
	Line int `json:"line"`
	// ID names the pair; unique in the manifest. It may contain "/",
	// which makes sub-folders of the output folder.
	ID string `json:"id"`
	// Translation is a file path or an http(s) URL.
	Translation string `json:"translation"`
	// Original is a file path or URL; "" means "discover it from the
	// translation's link to its source", as bitext align does.
	Original string `json:"original,omitempty"`
	// Output is the TMX file to write; "" means <out>/<id>.tmx (see
	// Entry.OutputPath).
	Output string `json:"output,omitempty"`
	// SrcLang and TgtLang are the expected languages (BCP 47) of the
	// original and the translation; "" means "as detected".
	SrcLang string `json:"src_lang,omitempty"`
	TgtLang string `json:"tgt_lang,omitempty"`
	// Options are per-pair overrides of bitext align's flags.
	Options EntryOptions `json:"options,omitzero"`
}

// EntryOptions are the per-pair overrides of bitext align's flags that a
// manifest may give under "options". Names are align's flag names with
// "_" for "-".
type EntryOptions struct {
	Dict      string `json:"dict,omitempty"`       // dictionary file, or "none"
	NoDict    bool   `json:"no_dict,omitempty"`    // no installed dictionaries
	Lexicon   string `json:"lexicon,omitempty"`    // learned lexicon file
	Languages string `json:"languages,omitempty"`  // detector candidates, e.g. "ar,en"
	SrcLocale string `json:"src_locale,omitempty"` // TMX locale of the original, e.g. ar-SA
	TgtLocale string `json:"tgt_locale,omitempty"` // TMX locale of the translation
	// Level is "sentence" (default) or "paragraph": the beads written.
	Level string `json:"level,omitempty"`
}

// entryFields and optionFields are the names a JSONL manifest may use.
var (
	entryFields  = []string{"id", "translation", "original", "output", "src_lang", "tgt_lang", "options"}
	optionFields = []string{"dict", "no_dict", "lexicon", "languages", "src_locale", "tgt_locale", "level"}
	// tsvColumns is the column order of a TSV manifest without a header.
	tsvColumns = []string{"id", "translation", "original", "output", "src_lang", "tgt_lang"}
)

// Manifest is a validated manifest.
type Manifest struct {
	// Name is the manifest as named by the caller (used in errors).
	Name string
	// Dir is the folder relative paths were resolved against.
	Dir     string
	Format  Format
	Entries []Entry
}

// ManifestError is one problem of a manifest, at a line (0 when it
// concerns the whole file). Its text is "NAME:LINE: problem".
type ManifestError struct {
	Name string
	Line int
	Err  error
}

func (e *ManifestError) Error() string {
	if e.Line == 0 {
		return e.Name + ": " + e.Err.Error()
	}
	return fmt.Sprintf("%s:%d: %v", e.Name, e.Line, e.Err)
}

func (e *ManifestError) Unwrap() error { return e.Err }

// ErrManifest is wrapped by every ManifestError, so callers can test a
// validation failure with errors.Is.
var ErrManifest = errors.New("batch: invalid manifest")

// maxErrors bounds the problems reported for one manifest.
const maxErrors = 20

// ReadManifest reads and validates the manifest file at path. Relative
// paths in it resolve against path's folder.
func ReadManifest(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &ManifestError{Name: path, Err: errors.Join(ErrManifest, err)}
	}
	return ParseManifest(path, filepath.Dir(path), data)
}

// ParseManifest parses and validates a whole manifest: name is used in
// error messages, base is the folder (or URL prefix such as
// "gs://bucket/dir") relative paths resolve against. The format is chosen
// by content: JSONL when the first line that is not blank or a comment
// starts with "{", TSV otherwise.
//
// Validation covers every line before any work starts: required fields,
// types, unknown fields and options, languages, ids (unique, usable as a
// file name), and distinct outputs. All problems found (up to 20) are
// returned joined, each a *ManifestError; nothing is returned as valid
// unless the whole manifest is.
func ParseManifest(name, base string, data []byte) (*Manifest, error) {
	m := &Manifest{Name: name, Dir: base, Format: detectFormat(data)}
	var errs []error
	fail := func(line int, format string, a ...any) bool {
		errs = append(errs, &ManifestError{Name: name, Line: line, Err: &problem{fmt.Sprintf(format, a...)}})
		return len(errs) >= maxErrors
	}
	lines := splitLines(data)
	var tsvCols []string
	firstID := map[string]int{}
	firstOut := map[string]int{}
	for i, raw := range lines {
		ln := i + 1
		if i == 0 {
			raw = bytes.TrimPrefix(raw, []byte("\xEF\xBB\xBF"))
		}
		line := strings.TrimRight(string(raw), "\r")
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if !utf8.ValidString(line) {
			if fail(ln, "not valid UTF-8") {
				break
			}
			continue
		}
		var e Entry
		var msg string
		if m.Format == JSONL {
			e, msg = parseJSONLine(trimmed)
		} else {
			if tsvCols == nil {
				cols, isHeader, hmsg := tsvHeader(line)
				if hmsg != "" {
					if fail(ln, "%s", hmsg) {
						break
					}
					tsvCols = tsvColumns
					continue
				}
				tsvCols = cols
				if isHeader {
					continue
				}
			}
			e, msg = parseTSVLine(line, tsvCols)
		}
		if msg == "" {
			msg = e.check()
		}
		if msg != "" {
			if fail(ln, "%s", msg) {
				break
			}
			continue
		}
		e.Line = ln
		if first, dup := firstID[e.ID]; dup {
			if fail(ln, "duplicate id %q (first on line %d)", e.ID, first) {
				break
			}
			continue
		}
		firstID[e.ID] = ln
		e.resolve(base)
		if e.Output != "" {
			if first, dup := firstOut[e.Output]; dup {
				if fail(ln, "output %s is also the output of line %d", e.Output, first) {
					break
				}
				continue
			}
			firstOut[e.Output] = ln
		}
		m.Entries = append(m.Entries, e)
	}
	if len(errs) == 0 && len(m.Entries) == 0 {
		errs = append(errs, &ManifestError{Name: name, Err: &problem{"no entries"}})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return m, nil
}

// problem is a validation message; it matches ErrManifest.
type problem struct{ msg string }

func (p *problem) Error() string        { return p.msg }
func (p *problem) Is(target error) bool { return target == ErrManifest }

func splitLines(data []byte) [][]byte {
	data = bytes.TrimSuffix(data, []byte("\n"))
	if len(data) == 0 {
		return nil
	}
	return bytes.Split(data, []byte("\n"))
}

// detectFormat looks at the first line that is not blank or a comment.
func detectFormat(data []byte) Format {
	for _, l := range splitLines(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))) {
		t := bytes.TrimSpace(l)
		if len(t) == 0 || t[0] == '#' {
			continue
		}
		if t[0] == '{' {
			return JSONL
		}
		return TSV
	}
	return JSONL
}

// parseJSONLine decodes one JSONL object, with messages naming fields.
func parseJSONLine(line string) (Entry, string) {
	var e Entry
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(line), &obj); err != nil {
		return e, "not a JSON object: " + strings.TrimPrefix(err.Error(), "json: ")
	}
	for _, k := range sortedKeys(obj) {
		if !slices.Contains(entryFields, k) {
			return e, fmt.Sprintf("unknown field %q (known: %s)", k, strings.Join(entryFields, ", "))
		}
	}
	strs := map[string]*string{"id": &e.ID, "translation": &e.Translation, "original": &e.Original,
		"output": &e.Output, "src_lang": &e.SrcLang, "tgt_lang": &e.TgtLang}
	for _, k := range entryFields {
		raw, ok := obj[k]
		if !ok || k == "options" {
			continue
		}
		if err := json.Unmarshal(raw, strs[k]); err != nil || bytes.Equal(raw, []byte("null")) {
			return e, fmt.Sprintf("%q: want a string", k)
		}
	}
	if raw, ok := obj["options"]; ok {
		var opts map[string]json.RawMessage
		if err := json.Unmarshal(raw, &opts); err != nil || opts == nil {
			return e, `"options": want an object`
		}
		for _, k := range sortedKeys(opts) {
			if !slices.Contains(optionFields, k) {
				return e, fmt.Sprintf("unknown option %q (known: %s)", k, strings.Join(optionFields, ", "))
			}
		}
		o := &e.Options
		ostrs := map[string]*string{"dict": &o.Dict, "lexicon": &o.Lexicon, "languages": &o.Languages,
			"src_locale": &o.SrcLocale, "tgt_locale": &o.TgtLocale, "level": &o.Level}
		for _, k := range optionFields {
			raw, ok := opts[k]
			if !ok {
				continue
			}
			if k == "no_dict" {
				if err := json.Unmarshal(raw, &o.NoDict); err != nil || bytes.Equal(raw, []byte("null")) {
					return e, `option "no_dict": want true or false`
				}
				continue
			}
			if err := json.Unmarshal(raw, ostrs[k]); err != nil || bytes.Equal(raw, []byte("null")) {
				return e, fmt.Sprintf("option %q: want a string", k)
			}
		}
	}
	return e, ""
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// tsvHeader decides whether line is a header ("id<TAB>translation..."):
// it returns the column names (the default order when it is no header).
func tsvHeader(line string) (cols []string, isHeader bool, msg string) {
	fields := strings.Split(line, "\t")
	if strings.ToLower(strings.TrimSpace(fields[0])) != "id" {
		return tsvColumns, false, ""
	}
	seen := map[string]bool{}
	for _, f := range fields {
		c := strings.ToLower(strings.TrimSpace(f))
		if !slices.Contains(tsvColumns, c) {
			return nil, false, fmt.Sprintf("header: unknown column %q (known: %s)", f, strings.Join(tsvColumns, ", "))
		}
		if seen[c] {
			return nil, false, fmt.Sprintf("header: column %q twice", c)
		}
		seen[c] = true
		cols = append(cols, c)
	}
	if !seen["translation"] {
		return nil, false, `header: no "translation" column`
	}
	return cols, true, ""
}

func parseTSVLine(line string, cols []string) (Entry, string) {
	var e Entry
	fields := strings.Split(line, "\t")
	if len(fields) > len(cols) {
		return e, fmt.Sprintf("%d columns, want at most %d (%s)", len(fields), len(cols), strings.Join(cols, ", "))
	}
	dst := map[string]*string{"id": &e.ID, "translation": &e.Translation, "original": &e.Original,
		"output": &e.Output, "src_lang": &e.SrcLang, "tgt_lang": &e.TgtLang}
	for i, f := range fields {
		f = strings.TrimSpace(f)
		if f == "-" {
			f = ""
		}
		*dst[cols[i]] = f
	}
	return e, ""
}

// check validates the fields of an entry before resolution.
func (e *Entry) check() string {
	switch {
	case e.ID == "":
		return `missing "id"`
	case e.Translation == "":
		return `missing "translation"`
	}
	if msg := checkID(e.ID); msg != "" {
		return msg
	}
	for _, f := range []struct{ name, v string }{{"translation", e.Translation}, {"original", e.Original},
		{"output", e.Output}, {"dict", e.Options.Dict}, {"lexicon", e.Options.Lexicon}} {
		if f.v == "-" {
			return fmt.Sprintf("%q: stdin and stdout (-) cannot be used in a manifest", f.name)
		}
		if strings.ContainsFunc(f.v, unicode.IsControl) {
			return fmt.Sprintf("%q: control character in %q", f.name, f.v)
		}
	}
	if isURL(e.Output) {
		return fmt.Sprintf(`"output": %s is a URL; want a file`, e.Output)
	}
	for _, f := range []struct{ name, v string }{{"src_lang", e.SrcLang}, {"tgt_lang", e.TgtLang}} {
		if f.v == "" {
			continue
		}
		if _, err := parseTag(f.v); err != nil {
			return fmt.Sprintf("%q: %q is not a language tag", f.name, f.v)
		}
	}
	for _, f := range []struct{ name, v string }{{"src_locale", e.Options.SrcLocale}, {"tgt_locale", e.Options.TgtLocale}} {
		if _, err := locale.Parse(f.v); f.v != "" && err != nil {
			return fmt.Sprintf("%q: %q is not a BCP 47 locale (e.g. ar-SA)", f.name, f.v)
		}
	}
	if e.Options.Languages != "" {
		if _, err := parseLanguages(e.Options.Languages); err != nil {
			return fmt.Sprintf(`option "languages": %v`, err)
		}
	}
	switch e.Options.Level {
	case "", "sentence", "paragraph":
	default:
		return fmt.Sprintf(`option "level": %q, want "sentence" or "paragraph"`, e.Options.Level)
	}
	return ""
}

// checkID accepts ids usable as a relative file path: "/"-separated
// names, none empty, "." or "..", no backslash or control characters.
func checkID(id string) string {
	if strings.ContainsFunc(id, func(r rune) bool { return unicode.IsControl(r) || r == '\\' || r == utf8.RuneError }) {
		return fmt.Sprintf("id %q: control character, backslash or invalid text", id)
	}
	for _, part := range strings.Split(id, "/") {
		if part == "" || part == "." || part == ".." {
			return fmt.Sprintf("id %q: want names separated by single \"/\", no empty, . or .. parts", id)
		}
	}
	return ""
}

// isURL reports whether s is an http(s) URL.
func isURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// hasScheme reports whether s starts with a URL scheme ("gs://").
func hasScheme(s string) bool {
	i := strings.Index(s, "://")
	if i <= 0 {
		return false
	}
	for _, r := range s[:i] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// resolvePath resolves p against base: URLs and absolute paths stay.
func resolvePath(base, p string) string {
	if p == "" || p == "none" || hasScheme(p) || filepath.IsAbs(p) || base == "" {
		return p
	}
	if hasScheme(base) {
		i := strings.Index(base, "://") + 3
		return base[:i] + path.Join(base[i:], p)
	}
	return filepath.Join(base, p)
}

func (e *Entry) resolve(base string) {
	e.Translation = resolvePath(base, e.Translation)
	e.Original = resolvePath(base, e.Original)
	e.Output = resolvePath(base, e.Output)
	e.Options.Dict = resolvePath(base, e.Options.Dict)
	e.Options.Lexicon = resolvePath(base, e.Options.Lexicon)
}

// OutputPath is where the entry's TMX goes: Output when the manifest
// names one, else outDir/<id>.tmx.
func (e Entry) OutputPath(outDir string) string {
	if e.Output != "" {
		return e.Output
	}
	if hasScheme(outDir) {
		return strings.TrimSuffix(outDir, "/") + "/" + e.ID + ".tmx"
	}
	return filepath.Join(outDir, filepath.FromSlash(e.ID)+".tmx")
}

// SetDefaults gives every entry the options and expected languages of d
// (the command line's --dict, --no-dict, --lexicon, --languages,
// --src-lang, --tgt-lang, --src-locale, --tgt-locale) where the entry sets
// none of its own: the manifest's word wins. A dictionary an entry names
// wins over a default --no-dict.
func (m *Manifest) SetDefaults(d Entry) {
	for i := range m.Entries {
		e := &m.Entries[i]
		for _, f := range []struct {
			dst *string
			v   string
		}{
			{&e.SrcLang, d.SrcLang}, {&e.TgtLang, d.TgtLang},
			{&e.Options.Dict, d.Options.Dict}, {&e.Options.Lexicon, d.Options.Lexicon},
			{&e.Options.Languages, d.Options.Languages},
			{&e.Options.SrcLocale, d.Options.SrcLocale}, {&e.Options.TgtLocale, d.Options.TgtLocale},
		} {
			if *f.dst == "" {
				*f.dst = f.v
			}
		}
		if d.Options.NoDict && e.Options.Dict == "" {
			e.Options.NoDict = true
		}
	}
}
