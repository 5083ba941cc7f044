// Package tsv is bitext's one tab-separated format for segment pairs: what
// `bitext align --tsv` and `bitext tmx convert --to tsv` write, and what
// `tmx convert --to tmx` and `lexicon learn` read.
//
// # Format
//
// A file is UTF-8 text, one record per line, fields separated by a tab.
// Lines end in LF; a CR before it is dropped, as is a byte order mark at the
// start. Inside a field a backslash, tab, line feed and carriage return are
// written as \\, \t, \n and \r; on reading, any other backslash is kept as
// it is. Escaping is done by Escape and Unescape, nowhere else.
//
// The first line may be a header row. It is recognised when its first two
// fields are "source" and "target" (bitext align writes
// "source\ttarget\tconfidence\tbead"), or two language tags (tmx convert
// writes e.g. "ar\ten\tconfidence\tbead"), which then name the languages of
// the two columns. The header's further fields name the remaining columns.
// Without a header the columns are positional: source, target, then
// unnamed extra columns.
//
// The columns "confidence" (a number in [0,1]) and "bead" (a shape such as
// 2-1) are checked when read; other extra columns are kept by name (or by
// position when unnamed) so that no column is dropped silently. Lines that
// are empty or hold only spaces are skipped; a record with fewer than two
// fields is an error. Every error is a *ParseError naming the file and line.
//
// The package does not guess delimiters, quote fields as CSV does, or read
// any other dialect.
package tsv

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// Column names with a meaning of their own.
const (
	Source     = "source"
	Target     = "target"
	Confidence = "confidence"
	Bead       = "bead"
)

// Columns are the extra columns bitext writes after source and target.
var Columns = []string{Confidence, Bead}

// Sentinel errors, wrapped in a *ParseError.
var (
	ErrColumns    = errors.New("tsv: want at least two tab-separated columns")
	ErrConfidence = errors.New("tsv: confidence is not a number in [0,1]")
	ErrBead       = errors.New("tsv: bead is not a shape like 1-1")
	ErrLineLength = errors.New("tsv: line too long")
)

// ParseError is a reading error with its position.
type ParseError struct {
	File string // the name given to NewReader
	Line int    // 1-based
	Err  error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("tsv: %s:%d: %s", e.File, e.Line, strings.TrimPrefix(e.Err.Error(), "tsv: "))
}

func (e *ParseError) Unwrap() error { return e.Err }

var escaper = strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)

// Escape returns s with backslash, tab, LF and CR written as \\, \t, \n, \r.
func Escape(s string) string { return escaper.Replace(s) }

// Unescape undoes Escape. A backslash before any other character (or at the
// end) is kept literally, so hand-written files with paths survive.
func Unescape(s string) string {
	i := strings.IndexByte(s, '\\')
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			if r, ok := unescapes[s[i+1]]; ok {
				b.WriteByte(r)
				i++
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

var unescapes = map[byte]byte{'\\': '\\', 't': '\t', 'n': '\n', 'r': '\r'}

// Header is a header row.
type Header struct {
	// SrcLang and TgtLang name the languages of the first two columns
	// (the header "ar\ten..."); both empty for "source\ttarget...".
	SrcLang, TgtLang string
	// Columns names the columns after the first two.
	Columns []string
}

// Field is an extra column of a record.
type Field struct {
	Name  string // from the header; "" when the file has no name for it
	Value string
}

// Record is one segment pair.
type Record struct {
	Src, Tgt   string
	Confidence string  // the confidence column as written ("" if none)
	Bead       string  // the bead column ("" if none)
	Extra      []Field // other columns, in order
	Line       int     // set by Reader
}

// value returns the record's value for a column name.
func (r *Record) value(name string) string {
	switch name {
	case Confidence:
		return r.Confidence
	case Bead:
		return r.Bead
	}
	for _, f := range r.Extra {
		if f.Name == name {
			return f.Value
		}
	}
	return ""
}

// Writer writes a header row and records.
type Writer struct {
	w      *bufio.Writer
	h      Header
	header bool // written
	err    error
}

// NewWriter returns a Writer whose header row is h: "source\ttarget" or the
// two languages, then h.Columns (Columns when nil). The header is written
// by the first Write or by Flush.
func NewWriter(w io.Writer, h Header) *Writer {
	if h.Columns == nil {
		h.Columns = Columns
	}
	return &Writer{w: bufio.NewWriterSize(w, 64<<10), h: h}
}

func (w *Writer) writeHeader() {
	w.header = true
	src, tgt := Source, Target
	if w.h.SrcLang != "" || w.h.TgtLang != "" {
		src, tgt = w.h.SrcLang, w.h.TgtLang
	}
	w.line(src, tgt, w.h.Columns, func(name string) string { return name })
}

func (w *Writer) line(a, b string, cols []string, value func(string) string) {
	w.w.WriteString(Escape(a))
	w.w.WriteByte('\t')
	w.w.WriteString(Escape(b))
	for _, c := range cols {
		w.w.WriteByte('\t')
		w.w.WriteString(Escape(value(c)))
	}
	w.w.WriteByte('\n')
}

// Write writes one record: source, target and the header's columns (a
// column the record has no value for is left empty).
func (w *Writer) Write(r *Record) error {
	if w.err != nil {
		return w.err
	}
	if !w.header {
		w.writeHeader()
	}
	w.line(r.Src, r.Tgt, w.h.Columns, r.value)
	if w.w.Buffered() > 32<<10 {
		w.err = w.w.Flush()
	}
	return w.err
}

// Flush writes the header if no record was written, and any buffered data.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	if !w.header {
		w.writeHeader()
	}
	w.err = w.w.Flush()
	return w.err
}

// Reader reads records. Its zero value is not usable; call NewReader.
type Reader struct {
	// MaxLine is the longest line accepted, in bytes (64 MiB by default).
	MaxLine int

	name    string
	sc      *bufio.Scanner
	r       io.Reader
	line    int
	started bool
	header  *Header
	pending *Record // first line when it was not a header
	err     error
}

// NewReader returns a Reader of r; name (a file name) is used in errors.
func NewReader(r io.Reader, name string) *Reader {
	return &Reader{r: r, name: name, MaxLine: 64 << 20}
}

func (r *Reader) errorf(line int, err error, format string, a ...any) error {
	if format != "" {
		err = fmt.Errorf("%w: "+format, append([]any{err}, a...)...)
	}
	return &ParseError{File: r.name, Line: line, Err: err}
}

// Header reads the first record line if needed and returns the header row,
// or nil if the file has none.
func (r *Reader) Header() (*Header, error) {
	if !r.started {
		r.start()
	}
	if r.err != nil && r.err != io.EOF && r.pending == nil && r.header == nil {
		return nil, r.err
	}
	return r.header, nil
}

func (r *Reader) start() {
	r.started = true
	r.sc = bufio.NewScanner(r.r)
	r.sc.Buffer(make([]byte, 0, min(64<<10, r.MaxLine)), r.MaxLine)
	fields, ok := r.nextLine()
	if !ok {
		return
	}
	if r.line == 1 && len(fields) > 0 {
		fields[0] = strings.TrimPrefix(fields[0], "\uFEFF")
	}
	if h := parseHeader(fields); h != nil {
		r.header = h
		return
	}
	r.pending, r.err = r.record(fields)
}

var langTagRE = regexp.MustCompile(`^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$`)

func parseHeader(fields []string) *Header {
	if len(fields) < 2 {
		return nil
	}
	h := &Header{}
	switch a, b := Unescape(fields[0]), Unescape(fields[1]); {
	case strings.EqualFold(a, Source) && strings.EqualFold(b, Target):
	case langTagRE.MatchString(a) && langTagRE.MatchString(b):
		h.SrcLang, h.TgtLang = a, b
	default:
		return nil
	}
	for _, f := range fields[2:] {
		h.Columns = append(h.Columns, strings.ToLower(Unescape(f)))
	}
	return h
}

// nextLine returns the fields of the next line that is not blank.
func (r *Reader) nextLine() ([]string, bool) {
	for r.sc.Scan() {
		r.line++
		text := strings.TrimSuffix(r.sc.Text(), "\r")
		if strings.Trim(text, " \r\uFEFF") == "" {
			continue
		}
		return strings.Split(text, "\t"), true
	}
	if err := r.sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("%w (over %d bytes)", ErrLineLength, r.MaxLine)
		}
		r.err = r.errorf(r.line+1, err, "")
	} else {
		r.err = io.EOF
	}
	return nil, false
}

// Read returns the next record, or io.EOF after the last.
func (r *Reader) Read() (*Record, error) {
	if !r.started {
		r.start()
	}
	if p := r.pending; p != nil {
		r.pending = nil
		return p, nil
	}
	if r.err != nil {
		return nil, r.err
	}
	fields, ok := r.nextLine()
	if !ok {
		return nil, r.err
	}
	rec, err := r.record(fields)
	if err != nil {
		r.err = err
		return nil, err
	}
	return rec, nil
}

func (r *Reader) record(fields []string) (*Record, error) {
	if len(fields) < 2 {
		return nil, r.errorf(r.line, ErrColumns, "got %d", len(fields))
	}
	rec := &Record{Src: Unescape(fields[0]), Tgt: Unescape(fields[1]), Line: r.line}
	for i, f := range fields[2:] {
		name := ""
		if r.header != nil && i < len(r.header.Columns) {
			name = r.header.Columns[i]
		}
		v := Unescape(f)
		switch name {
		case Confidence:
			if s := strings.TrimSpace(v); s != "" && !ValidConfidence(s) {
				return nil, r.errorf(r.line, ErrConfidence, "%q", v)
			}
			rec.Confidence = strings.TrimSpace(v)
		case Bead:
			if s := strings.TrimSpace(v); s != "" && !ValidBead(s) {
				return nil, r.errorf(r.line, ErrBead, "%q", v)
			}
			rec.Bead = strings.TrimSpace(v)
		default:
			rec.Extra = append(rec.Extra, Field{Name: name, Value: v})
		}
	}
	return rec, nil
}

var beadRE = regexp.MustCompile(`^[0-9]{1,4}-[0-9]{1,4}$`)

// ValidBead reports whether s is a bead shape such as 1-1 or 2-0.
func ValidBead(s string) bool { return beadRE.MatchString(s) }

// ValidConfidence reports whether s is a number in [0,1].
func ValidConfidence(s string) bool {
	c, err := strconv.ParseFloat(s, 64)
	return err == nil && c >= 0 && c <= 1
}
