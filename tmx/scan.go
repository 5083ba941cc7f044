package tmx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ParseError is a decoding error with its position in the input. Line and
// Column are 1-based; Column counts bytes of the (UTF-8) line.
type ParseError struct {
	Line, Column int
	Err          error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("tmx: line %d, column %d: %s", e.Line, e.Column, strings.TrimPrefix(e.Err.Error(), "tmx: "))
}

func (e *ParseError) Unwrap() error { return e.Err }

type tokKind uint8

const (
	tokNone tokKind = iota
	tokStart
	tokEnd
	tokText
	tokEOF
)

type attr struct{ name, value string }

// scanner is a pull tokenizer for the XML subset used by TMX: elements,
// attributes, text, character and entity references, CDATA sections; it
// skips comments, processing instructions and the DOCTYPE. It checks tag
// nesting and tracks lines. It is not a full XML parser: it does not check
// name characters or duplicate attributes, and it does not read DTDs.
type scanner struct {
	r    io.Reader
	buf  []byte
	pos  int
	end  int
	eof  bool
	rerr error

	// line accounting: line of buf[counted], offset of the last newline
	// before counted (may be negative: it was in a discarded part).
	line    int
	counted int
	lastNL  int

	// current token
	kind      tokKind
	name      string
	attrs     []attr
	text      []byte
	tokLine   int
	tokCol    int
	pendEnd   bool // a self-closing tag's end is due
	stack     []string
	nameBuf   []byte
	valBuf    []byte
	afterRoot bool
	inAttr    bool
	maxDepth  int // > 0: a start tag nested deeper is an error (ErrTooDeep)

	// observers for Validate (nil in the Decoder)
	onEntity  func(line int, name string) // undefined (e.g. HTML) entity
	onBadChar func(line int, r rune)      // character invalid in XML (dropped)
	onDecl    func(line int, decl []byte) // a skipped <!DOCTYPE ...> declaration
}

func newScanner(r io.Reader) *scanner {
	return &scanner{r: r, buf: make([]byte, 64<<10), line: 1, lastNL: -1}
}

// fill reads more input, keeping buf[pos:end]. It returns false at EOF.
func (s *scanner) fill() bool {
	if s.eof {
		return false
	}
	if s.pos > 0 {
		s.countTo(s.pos)
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.lastNL -= s.pos
		s.counted -= s.pos
		s.end = n
		s.pos = 0
	}
	if s.end == len(s.buf) {
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for tries := 0; tries < 100; tries++ {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.eof = true
			if err != io.EOF {
				s.rerr = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	s.eof = true
	s.rerr = io.ErrNoProgress
	return false
}

func (s *scanner) countTo(off int) {
	if off <= s.counted {
		return
	}
	seg := s.buf[s.counted:off]
	if n := bytes.Count(seg, nl); n > 0 {
		s.line += n
		s.lastNL = s.counted + bytes.LastIndexByte(seg, '\n')
	}
	s.counted = off
}

var nl = []byte{'\n'}

// position returns the line and column of buf[off].
func (s *scanner) position(off int) (int, int) {
	s.countTo(off)
	if off < s.counted {
		// off precedes the counted mark: count back
		seg := s.buf[off:s.counted]
		line := s.line - bytes.Count(seg, nl)
		i := bytes.LastIndexByte(s.buf[:off], '\n')
		return line, off - i
	}
	return s.line, off - s.lastNL
}

func (s *scanner) errAt(off int, format string, a ...any) error {
	line, col := s.position(off)
	return &ParseError{Line: line, Column: col, Err: fmt.Errorf("%w: "+format, append([]any{ErrSyntax}, a...)...)}
}

func (s *scanner) readErr() error {
	line, col := s.position(s.pos)
	return &ParseError{Line: line, Column: col, Err: s.rerr}
}

// peek returns the byte at pos, filling as needed; ok is false at EOF.
func (s *scanner) peek() (byte, bool) {
	if s.pos < s.end {
		return s.buf[s.pos], true
	}
	if !s.fill() {
		return 0, false
	}
	return s.buf[s.pos], true
}

// hasPrefix reports whether the input at pos starts with p.
func (s *scanner) hasPrefix(p string) bool {
	for s.end-s.pos < len(p) {
		if !s.fill() {
			break
		}
	}
	return s.end-s.pos >= len(p) && string(s.buf[s.pos:s.pos+len(p)]) == p
}

// skipPast advances past the next occurrence of delim; false at EOF.
func (s *scanner) skipPast(delim string) bool {
	for {
		if i := bytes.Index(s.buf[s.pos:s.end], []byte(delim)); i >= 0 {
			s.pos += i + len(delim)
			return true
		}
		// keep len(delim)-1 bytes that may start the delimiter
		if keep := len(delim) - 1; s.end-s.pos > keep {
			s.pos = s.end - keep
		}
		if !s.fill() {
			return false
		}
	}
}

// next reads the next token into s.kind, s.name, s.attrs, s.text.
func (s *scanner) next() error {
	if s.pendEnd {
		s.pendEnd = false
		s.kind = tokEnd
		s.stack = s.stack[:len(s.stack)-1]
		return nil
	}
	for {
		c, ok := s.peek()
		if !ok {
			if s.rerr != nil {
				return s.readErr()
			}
			if len(s.stack) > 0 {
				return s.errAt(s.pos, "unexpected end of input inside <%s>", s.stack[len(s.stack)-1])
			}
			s.kind = tokEOF
			return nil
		}
		s.tokLine, s.tokCol = s.position(s.pos)
		if c != '<' {
			return s.scanText()
		}
		switch {
		case s.hasPrefix("<!--"):
			start := s.pos
			s.pos += 4
			if !s.skipPast("-->") {
				return s.errAt(min(start, s.pos), "unterminated comment")
			}
		case s.hasPrefix("<![CDATA["):
			return s.scanCDATA()
		case s.hasPrefix("<!"):
			if err := s.skipDecl(); err != nil {
				return err
			}
		case s.hasPrefix("<?"):
			s.pos += 2
			if !s.skipPast("?>") {
				return s.errAt(s.pos, "unterminated processing instruction")
			}
		case s.hasPrefix("</"):
			return s.scanEnd()
		default:
			return s.scanStart()
		}
	}
}

// maxDeclKept bounds how much of a declaration is kept for onDecl.
const maxDeclKept = 1 << 20

// skipDecl skips <!DOCTYPE ...> including an internal subset in brackets.
// With onDecl set, it passes the declaration (its first maxDeclKept bytes
// after "<!") to it.
func (s *scanner) skipDecl() error {
	line := s.tokLine
	s.pos += 2
	depth := 0
	var quote byte
	var decl []byte
	for {
		c, ok := s.peek()
		if !ok {
			return s.errAt(s.pos, "unterminated declaration")
		}
		s.pos++
		if s.onDecl != nil && len(decl) < maxDeclKept {
			decl = append(decl, c)
		}
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '>' && depth <= 0:
			if s.onDecl != nil {
				s.onDecl(line, decl)
			}
			return nil
		}
	}
}

func (s *scanner) scanCDATA() error {
	s.pos += len("<![CDATA[")
	s.text = s.text[:0]
	for {
		if i := bytes.Index(s.buf[s.pos:s.end], []byte("]]>")); i >= 0 {
			s.appendChecked(s.buf[s.pos : s.pos+i])
			s.pos += i + 3
			s.kind = tokText
			return nil
		}
		keep := 2
		if s.end-s.pos > keep {
			s.appendChecked(s.buf[s.pos : s.end-keep])
			s.pos = s.end - keep
		}
		if !s.fill() {
			return s.errAt(s.pos, "unterminated CDATA section")
		}
	}
}

// scanText reads character data up to the next '<'.
func (s *scanner) scanText() error {
	if len(s.stack) == 0 {
		// outside the root only white space is allowed
		for {
			c, ok := s.peek()
			if !ok || c == '<' {
				break
			}
			if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
				return s.errAt(s.pos, "text outside the root element")
			}
			s.pos++
		}
		return s.next()
	}
	s.text = s.text[:0]
	for {
		chunk := s.buf[s.pos:s.end]
		i := bytes.IndexByte(chunk, '<')
		if i >= 0 {
			chunk = chunk[:i]
		}
		// entities may straddle the buffer end: stop before an incomplete one
		if err := s.appendText(chunk, i >= 0); err != nil {
			return err
		}
		if i >= 0 {
			s.kind = tokText
			return nil
		}
		if !s.fill() {
			if s.rerr != nil {
				return s.readErr()
			}
			return s.errAt(s.pos, "unexpected end of input inside <%s>", s.stack[len(s.stack)-1])
		}
	}
}

// appendText decodes chunk (which starts at s.pos) into s.text and advances
// s.pos. If final is false, a trailing incomplete reference, CR or UTF-8
// sequence is left for the next call.
func (s *scanner) appendText(chunk []byte, final bool) error {
	for len(chunk) > 0 {
		j := bytes.IndexByte(chunk, '&')
		if j < 0 {
			n := len(chunk)
			if !final {
				n = completePrefix(chunk)
			}
			s.appendChecked(chunk[:n])
			s.pos += n
			return nil
		}
		s.appendChecked(chunk[:j])
		s.pos += j
		chunk = chunk[j:]
		k := bytes.IndexByte(chunk, ';')
		if k < 0 || k > 40 {
			if !final && k < 0 && len(chunk) <= 40 {
				return nil // need more input
			}
			// a bare '&': lenient, keep it
			s.report(func(line int) {
				if s.onEntity != nil {
					s.onEntity(line, "&")
				}
			})
			s.text = append(s.text, '&')
			s.pos++
			chunk = chunk[1:]
			continue
		}
		s.entity(chunk[1:k])
		s.pos += k + 1
		chunk = chunk[k+1:]
	}
	return nil
}

// completePrefix returns the length of the longest prefix of b that does not
// end inside a UTF-8 sequence or just after a CR (which may pair with LF).
func completePrefix(b []byte) int {
	n := len(b)
	for i := n - 1; i >= 0 && i >= n-3; i-- {
		c := b[i]
		if c < 0x80 {
			break
		}
		if c >= 0xC0 { // start byte
			if !utf8.FullRune(b[i:]) {
				n = i
			}
			break
		}
	}
	if n > 0 && b[n-1] == '\r' {
		n--
	}
	return n
}

func (s *scanner) report(f func(line int)) {
	line, _ := s.position(s.pos)
	f(line)
}

// entity appends the replacement of &name; to s.text.
func (s *scanner) entity(name []byte) {
	switch string(name) {
	case "lt":
		s.text = append(s.text, '<')
		return
	case "gt":
		s.text = append(s.text, '>')
		return
	case "amp":
		s.text = append(s.text, '&')
		return
	case "quot":
		s.text = append(s.text, '"')
		return
	case "apos":
		s.text = append(s.text, '\'')
		return
	}
	if len(name) > 1 && name[0] == '#' {
		var n uint64
		var err error
		if name[1] == 'x' || name[1] == 'X' {
			n, err = strconv.ParseUint(string(name[2:]), 16, 32)
		} else {
			n, err = strconv.ParseUint(string(name[1:]), 10, 32)
		}
		if err == nil && IsXMLChar(rune(n)) {
			s.text = utf8.AppendRune(s.text, rune(n))
			return
		}
		if err == nil && s.onBadChar != nil {
			s.report(func(line int) { s.onBadChar(line, rune(n)) })
		}
		if err == nil {
			return // reference to a forbidden character: dropped
		}
	}
	if s.onEntity != nil {
		s.report(func(line int) { s.onEntity(line, string(name)) })
	}
	if v, ok := xml.HTMLEntity[string(name)]; ok {
		s.text = append(s.text, v...)
		return
	}
	// unknown: keep it literally
	s.text = append(s.text, '&')
	s.text = append(s.text, name...)
	s.text = append(s.text, ';')
}

// appendChecked appends b (which starts at s.pos) to s.text, normalizing
// line ends (CRLF and CR to LF; in attribute values all white space to
// spaces) and dropping characters invalid in XML and invalid UTF-8.
func (s *scanner) appendChecked(b []byte) {
	clean, high := true, false
	for _, c := range b {
		if c < 0x20 && (s.inAttr || c != '\t' && c != '\n') || c == 0xED || c == 0xEF {
			// control, surrogate (ED A0..BF) or U+FFFE/U+FFFF (EF BF BE/BF)
			clean = false
			break
		}
		high = high || c >= 0x80
	}
	if clean && (!high || utf8.Valid(b)) {
		s.text = append(s.text, b...)
		return
	}
	nl := byte('\n')
	if s.inAttr {
		nl = ' '
	}
	for i := 0; i < len(b); {
		c := b[i]
		if c < 0x80 {
			switch {
			case c == '\r':
				s.text = append(s.text, nl)
				if i+1 < len(b) && b[i+1] == '\n' {
					i++
				}
			case c == '\n':
				s.text = append(s.text, nl)
			case c == '\t' && s.inAttr:
				s.text = append(s.text, ' ')
			case c < 0x20 && c != '\t':
				s.badChar(s.pos+i, rune(c))
			default:
				s.text = append(s.text, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 || !IsXMLChar(r) {
			s.badChar(s.pos+i, r)
		} else {
			s.text = append(s.text, b[i:i+n]...)
		}
		i += n
	}
}

func (s *scanner) badChar(off int, r rune) {
	if s.onBadChar != nil {
		line, _ := s.position(off)
		s.onBadChar(line, r)
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func (s *scanner) skipSpace() {
	for {
		c, ok := s.peek()
		if !ok || !isSpace(c) {
			return
		}
		s.pos++
	}
}

// scanName reads an XML name into s.nameBuf.
func (s *scanner) scanName() []byte {
	s.nameBuf = s.nameBuf[:0]
	for {
		c, ok := s.peek()
		if !ok || isSpace(c) || c == '>' || c == '/' || c == '=' || c == '<' || c == '"' || c == '\'' {
			return s.nameBuf
		}
		s.nameBuf = append(s.nameBuf, c)
		s.pos++
	}
}

// intern returns a string for a known TMX name without allocating.
func intern(b []byte) string {
	switch string(b) {
	case "tu":
		return "tu"
	case "tuv":
		return "tuv"
	case "seg":
		return "seg"
	case "prop":
		return "prop"
	case "note":
		return "note"
	case "type":
		return "type"
	case "xml:lang":
		return "xml:lang"
	case "lang":
		return "lang"
	case "tuid":
		return "tuid"
	case "creationdate":
		return "creationdate"
	case "changedate":
		return "changedate"
	case "bpt":
		return "bpt"
	case "ept":
		return "ept"
	case "ph":
		return "ph"
	case "it":
		return "it"
	case "hi":
		return "hi"
	case "i":
		return "i"
	case "x":
		return "x"
	}
	return string(b)
}

func (s *scanner) scanEnd() error {
	start := s.pos
	s.pos += 2
	name := s.scanName()
	s.skipSpace()
	if c, ok := s.peek(); !ok || c != '>' {
		return s.errAt(s.pos, "malformed end tag")
	}
	s.pos++
	if len(s.stack) == 0 {
		return s.errAt(start, "end tag </%s> without start tag", name)
	}
	top := s.stack[len(s.stack)-1]
	if top != string(name) {
		return s.errAt(start, "element <%s> closed by </%s>", top, name)
	}
	s.stack = s.stack[:len(s.stack)-1]
	s.kind = tokEnd
	s.name = top
	return nil
}

func (s *scanner) scanStart() error {
	start := s.pos
	s.pos++
	name := s.scanName()
	if len(name) == 0 {
		return s.errAt(start, "malformed start tag")
	}
	if len(s.stack) == 0 && s.afterRoot {
		return s.errAt(start, "second root element <%s>", name)
	}
	if s.maxDepth > 0 && len(s.stack) >= s.maxDepth {
		line, col := s.position(start)
		return &ParseError{Line: line, Column: col, Err: fmt.Errorf("%w: <%s> at depth %d (limit %d)", ErrTooDeep, name, len(s.stack)+1, s.maxDepth)}
	}
	s.name = intern(name)
	s.attrs = s.attrs[:0]
	for {
		s.skipSpace()
		c, ok := s.peek()
		if !ok {
			return s.errAt(s.pos, "unexpected end of input in tag <%s>", s.name)
		}
		if c == '>' {
			s.pos++
			break
		}
		if c == '/' {
			s.pos++
			if c, ok := s.peek(); !ok || c != '>' {
				return s.errAt(s.pos, "expected '>' after '/' in tag <%s>", s.name)
			}
			s.pos++
			s.pendEnd = true
			break
		}
		an := s.scanName()
		if len(an) == 0 {
			return s.errAt(s.pos, "malformed attribute in tag <%s>", s.name)
		}
		aname := intern(an)
		s.skipSpace()
		if c, ok := s.peek(); !ok || c != '=' {
			return s.errAt(s.pos, "attribute %s without value in tag <%s>", aname, s.name)
		}
		s.pos++
		s.skipSpace()
		q, ok := s.peek()
		if !ok || q != '"' && q != '\'' {
			return s.errAt(s.pos, "attribute %s value not quoted in tag <%s>", aname, s.name)
		}
		s.pos++
		v, err := s.scanValue(q)
		if err != nil {
			return err
		}
		s.attrs = append(s.attrs, attr{aname, v})
	}
	s.stack = append(s.stack, s.name)
	s.afterRoot = true
	s.kind = tokStart
	return nil
}

// scanValue reads an attribute value up to the closing quote q, decoding
// references and normalizing white space characters to spaces.
func (s *scanner) scanValue(q byte) (string, error) {
	saved := s.text
	s.text = s.valBuf[:0]
	defer func() { s.valBuf = s.text; s.text = saved }()
	for {
		chunk := s.buf[s.pos:s.end]
		i := bytes.IndexByte(chunk, q)
		if i >= 0 {
			chunk = chunk[:i]
		}
		if lt := bytes.IndexByte(chunk, '<'); lt >= 0 {
			return "", s.errAt(s.pos+lt, "'<' in attribute value")
		}
		s.inAttr = true
		err := s.appendText(chunk, i >= 0)
		s.inAttr = false
		if err != nil {
			return "", err
		}
		if i >= 0 {
			s.pos++ // closing quote
			return string(s.text), nil
		}
		if !s.fill() {
			return "", s.errAt(s.pos, "unterminated attribute value")
		}
	}
}

// skipElement skips the content of the element just started, through its end.
func (s *scanner) skipElement() error {
	depth := len(s.stack)
	for {
		if err := s.next(); err != nil {
			return err
		}
		if s.kind == tokEOF {
			return s.errAt(s.pos, "unexpected end of input")
		}
		if s.kind == tokEnd && len(s.stack) < depth {
			return nil
		}
	}
}

func (s *scanner) attr(names ...string) string {
	for _, n := range names {
		for _, a := range s.attrs {
			if a.name == n {
				return a.value
			}
		}
	}
	return ""
}
