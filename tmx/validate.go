package tmx

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Severity of a validation finding.
type Severity int

const (
	// Warning: legal TMX that some CAT tools mishandle.
	Warning Severity = iota
	// Error: breaks the TMX 1.4b DTD, XML, or an import in common tools.
	Error
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// MarshalText makes severities readable in JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Finding is one problem found by Validate.
type Finding struct {
	Line     int      `json:"line"`
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
}

func (f Finding) String() string {
	return fmt.Sprintf("line %d: %s: %s [%s]", f.Line, f.Severity, f.Message, f.Rule)
}

// Rules reported by Validate.
const (
	RuleXML        = "xml"             // not well-formed XML (validation stops)
	RuleEntity     = "entity"          // entity undefined in XML, e.g. &nbsp;, or a bare &
	RuleChar       = "xml-char"        // character invalid in XML 1.0
	RuleElement    = "element"         // element not allowed here by the DTD
	RuleText       = "text"            // text in element-only content
	RuleAttr       = "attribute"       // undeclared attribute
	RuleRequired   = "required"        // required attribute or element missing
	RuleVersion    = "version"         // tmx version is not "1.4"
	RuleSegType    = "segtype"         // segtype not block|paragraph|sentence|phrase
	RuleDate       = "date"            // date not YYYYMMDDThhmmssZ
	RuleSrcLang    = "srclang"         // srclang matches no tuv's language
	RuleNoSource   = "tu-source"       // tu without a tuv in the source language
	RuleDuplicate  = "duplicate-tuv"   // two tuvs for one language in a tu
	RuleEmptySeg   = "empty-seg"       // empty segment
	RulePropType   = "prop-type"       // prop type without the x- prefix
	RulePairing    = "bpt-ept"         // bpt/ept not paired by i
	RuleItPos      = "it-pos"          // it without pos="begin|end"
	RuleSegLength  = "seg-length"      // segment over MaxSegLength characters
	RuleBidi       = "bidi"            // unbalanced bidi embeddings or isolates
	RuleDeprecated = "deprecated"      // lang instead of xml:lang, ut
	RuleDepth      = "depth"           // elements nested deeper than MaxDepth
	RuleExternal   = "external-entity" // DOCTYPE declares an external entity
)

// externalEntityRE matches an entity declaration with a SYSTEM or PUBLIC
// identifier (general or parameter entity) in a DOCTYPE's internal subset.
var externalEntityRE = regexp.MustCompile(`<!ENTITY\s+(?:%\s+)?([^\s"'>]+)\s+(?:SYSTEM|PUBLIC)\b`)

// MaxSegLength is the segment length (in characters) above which Validate
// warns: Trados rejects longer segments on import.
const MaxSegLength = 2000

// element rules of the TMX 1.4b DTD
type elemRule struct {
	attrs    map[string]bool
	required []string
	children map[string]bool // allowed child elements
	text     bool            // #PCDATA allowed
}

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

var inlineChildren = set("bpt", "ept", "it", "ph", "hi", "ut")

var dtd = map[string]elemRule{
	"tmx": {attrs: set("version"), required: []string{"version"}, children: set("header", "body")},
	"header": {attrs: set("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype",
		"o-encoding", "creationdate", "creationid", "changedate", "changeid"),
		required: []string{"creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"},
		children: set("note", "prop", "ude")},
	"body": {children: set("tu")},
	"note": {attrs: set("o-encoding", "xml:lang", "lang"), text: true},
	"ude":  {attrs: set("name", "base"), required: []string{"name"}, children: set("map")},
	"map":  {attrs: set("unicode", "code", "ent", "subst"), required: []string{"unicode"}},
	"prop": {attrs: set("type", "xml:lang", "o-encoding", "lang"), required: []string{"type"}, text: true},
	"tu": {attrs: set("tuid", "o-encoding", "datatype", "usagecount", "lastusagedate", "creationtool", "creationtoolversion",
		"creationdate", "creationid", "changedate", "segtype", "changeid", "o-tmf", "srclang"),
		children: set("note", "prop", "tuv")},
	"tuv": {attrs: set("xml:lang", "o-encoding", "datatype", "usagecount", "lastusagedate", "creationtool", "creationtoolversion",
		"creationdate", "creationid", "changedate", "o-tmf", "changeid", "lang"),
		required: []string{"xml:lang"}, children: set("note", "prop", "seg")},
	"seg": {children: inlineChildren, text: true},
	"bpt": {attrs: set("i", "x", "type"), required: []string{"i"}, children: set("sub"), text: true},
	"ept": {attrs: set("i"), required: []string{"i"}, children: set("sub"), text: true},
	"sub": {attrs: set("datatype", "type"), children: inlineChildren, text: true},
	"it":  {attrs: set("pos", "x", "type"), required: []string{"pos"}, children: set("sub"), text: true},
	"ph":  {attrs: set("x", "assoc", "type"), children: set("sub"), text: true},
	"hi":  {attrs: set("x", "type"), children: inlineChildren, text: true},
	"ut":  {attrs: set("x"), children: set("sub"), text: true},
}

var dateAttrs = set("creationdate", "changedate", "lastusagedate")

// Validate reads a TMX document and returns its findings in the order they
// are found (a TU's findings at its end tag, srclang's at the end). It checks the rules of the TMX 1.4b DTD (elements, content models
// and order, required and declared attributes, enumerations), bpt/ept
// pairing by i, and interoperability traps: version not "1.4", srclang
// matching no tuv (byte for byte), TUs without the source language, empty
// segments, duplicate tuvs, bad dates, props without "x-", undefined
// entities such as &nbsp;, characters invalid in XML, segments longer than
// MaxSegLength and unbalanced bidi controls. Malformed XML ends validation
// with a finding of rule RuleXML. The error is non-nil only if r fails.
func Validate(r io.Reader) ([]Finding, error) {
	var out []Finding
	err := ValidateFunc(r, func(f Finding) { out = append(out, f) })
	return out, err
}

// ValidateFunc is Validate calling report for each finding instead of
// collecting them, so that memory stays constant on huge files.
func ValidateFunc(r io.Reader, report func(Finding)) error {
	v := &validator{report: report}
	return v.run(r)
}

type frame struct {
	name     string
	line     int
	state    int // tmx: 0 expect header, 1 expect body, 2 done; tu/tuv: 1 after tuv/seg
	hasChild bool
}

type validator struct {
	report func(Finding)
	s      *scanner
	stack  []frame

	srclang   string
	srcSeen   bool // some tuv's language equals srclang byte for byte
	srcLine   int
	hasHeader bool
	hasTUs    bool
	tuLangs   []string
	tuLangSet map[string]bool // lower-cased tuLangs: duplicates found in O(1)
	tuLine    int
	tuSrc     string
	tuvLang   string
	tuvLine   int
	segDepth  int // depth of the current seg in stack (0: none)
	segText   strings.Builder
	segCodes  int
	segOpen   []openCode       // bpts of the seg in order; closed ones marked
	segOpenI  map[string][]int // i -> indices in segOpen of its open bpts
	segLine   int
	codeDepth int // > 0 inside a native code (bpt, ept, it, ph, ut)
}

func (v *validator) add(line int, rule string, sev Severity, format string, a ...any) {
	v.report(Finding{Line: line, Rule: rule, Severity: sev, Message: fmt.Sprintf(format, a...)})
}

func (v *validator) run(r io.Reader) error {
	s := newScanner(detectEncoding(r))
	v.s = s
	s.onEntity = func(line int, name string) {
		if name == "&" {
			v.add(line, RuleEntity, Error, "bare '&' (write &amp;)")
			return
		}
		v.add(line, RuleEntity, Error, "entity &%s; is not defined in XML (HTML entity?); use the character or a numeric reference", name)
	}
	s.onDecl = func(line int, decl []byte) {
		for _, m := range externalEntityRE.FindAllSubmatch(decl, -1) {
			v.add(line, RuleExternal, Warning, "DOCTYPE declares the external entity %q: bitext ignores it, but CAT tools and other XML parsers may resolve it (and read local files or the network); remove it", m[1])
		}
	}
	s.onBadChar = func(line int, r rune) {
		if r == utf8.RuneError {
			v.add(line, RuleChar, Error, "invalid UTF-8 or character U+FFFD-like byte sequence")
			return
		}
		v.add(line, RuleChar, Error, "character U+%04X is not allowed in XML 1.0", r)
	}
	for {
		if err := s.next(); err != nil {
			var pe *ParseError
			if errors.As(err, &pe) && errors.Is(err, ErrSyntax) {
				v.add(pe.Line, RuleXML, Error, "%s", strings.TrimPrefix(pe.Err.Error(), "tmx: "))
				return nil
			}
			if errors.As(err, &pe) {
				return err // read error
			}
			return err
		}
		switch s.kind {
		case tokEOF:
			v.end()
			return nil
		case tokStart:
			v.start()
		case tokEnd:
			v.close()
		case tokText:
			v.text()
		}
	}
}

func (v *validator) start() {
	s := v.s
	name, line := s.name, s.tokLine
	var parent *frame
	if len(v.stack) > 0 {
		parent = &v.stack[len(v.stack)-1]
	}
	rule, known := dtd[name]
	switch {
	case parent == nil && name != "tmx":
		v.add(line, RuleElement, Error, "root element is <%s>, want <tmx>", name)
	case parent != nil && !dtd[parent.name].children[name]:
		if _, ok := dtd[parent.name]; ok {
			what := "is not allowed in"
			if !known {
				what = "(unknown element) is not allowed in"
			}
			v.add(line, RuleElement, Error, "<%s> %s <%s>", name, what, parent.name)
		}
	}
	if parent != nil {
		v.order(parent, name, line)
		parent.hasChild = true
	}
	v.stack = append(v.stack, frame{name: name, line: line})
	if len(v.stack) == MaxDepth+1 {
		v.add(line, RuleDepth, Error, "elements nested deeper than %d (the decoder's and libxml2's limit)", MaxDepth)
	}
	if !known {
		return // reported above as not allowed in its parent
	}
	v.checkAttrs(name, line, rule)
	v.enter(name, line)
}

// checkAttrs checks the attributes of the element just started against
// its rule: declared, required, dates and segtype well-formed.
func (v *validator) checkAttrs(name string, line int, rule elemRule) {
	s := v.s
	for _, a := range s.attrs {
		if !rule.attrs[a.name] {
			v.add(line, RuleAttr, Error, "attribute %s is not declared for <%s>", a.name, name)
		}
		if dateAttrs[a.name] {
			if _, err := time.Parse(DateFormat, a.value); err != nil {
				v.add(line, RuleDate, Error, "%s=%q is not a UTC date YYYYMMDDThhmmssZ", a.name, a.value)
			}
		}
		if a.name == "segtype" && !segTypes[a.value] {
			v.add(line, RuleSegType, Error, "segtype=%q, want block, paragraph, sentence or phrase", a.value)
		}
	}
	for _, req := range rule.required {
		if hasAttr(s.attrs, req) {
			continue
		}
		if req == "xml:lang" && hasAttr(s.attrs, "lang") {
			v.add(line, RuleDeprecated, Error, "<%s> has the deprecated lang but not xml:lang (required by TMX 1.4)", name)
			continue
		}
		v.add(line, RuleRequired, Error, "<%s> lacks required attribute %s", name, req)
	}
}

// enter updates the state for the known element just started.
func (v *validator) enter(name string, line int) {
	s := v.s
	switch name {
	case "tmx":
		if ver := s.attr("version"); ver != "" && ver != "1.4" {
			v.add(line, RuleVersion, Error, "version=%q, want \"1.4\"", ver)
		}
	case "header":
		v.hasHeader = true
		v.srclang, v.srcLine = s.attr("srclang"), line
	case "prop":
		if t := s.attr("type"); t != "" && !strings.HasPrefix(t, "x-") {
			v.add(line, RulePropType, Warning, "prop type %q lacks the x- prefix of user-defined types", t)
		}
	case "tu":
		v.hasTUs = true
		v.tuLangs = v.tuLangs[:0]
		if len(v.tuLangSet) > 64 {
			v.tuLangSet = nil // a big map would make every later clear cost its size
		} else {
			clear(v.tuLangSet)
		}
		v.tuLine = line
		v.tuSrc = v.srclang
		if src := s.attr("srclang"); src != "" {
			v.tuSrc = src
		}
	case "tuv":
		v.tuvLang = s.attr("xml:lang", "lang")
		v.tuvLine = line
		key := strings.ToLower(v.tuvLang)
		if v.tuLangSet[key] && v.tuvLang != "" {
			v.add(line, RuleDuplicate, Error, "second tuv for language %q in one tu", v.tuvLang)
		}
		if v.tuLangSet == nil {
			v.tuLangSet = map[string]bool{}
		}
		v.tuLangSet[key] = true
		v.tuLangs = append(v.tuLangs, v.tuvLang)
		if v.tuvLang == v.srclang {
			v.srcSeen = true
		}
	case "seg":
		v.segDepth = len(v.stack)
		v.segText.Reset()
		v.segCodes = 0
		v.segOpen = v.segOpen[:0]
		if len(v.segOpenI) > 0 {
			v.segOpenI = nil // not clear(): its cost is the map's peak size, per seg
		}
		v.segLine = line
	case "bpt", "ept", "it", "ph", "ut":
		v.startCode(name, line)
	case "sub":
		if v.codeDepth > 0 {
			v.codeDepth-- // a sub-flow is translatable text again
			v.stack[len(v.stack)-1].state = 1
		}
	}
}

// startCode handles a native code element (bpt, ept, it, ph, ut).
func (v *validator) startCode(name string, line int) {
	if v.segDepth == 0 {
		return
	}
	s := v.s
	v.segCodes++
	v.codeDepth++
	if name == "ut" {
		v.add(line, RuleDeprecated, Warning, "<ut> is deprecated in TMX 1.4")
	}
	i := s.attr("i")
	switch name {
	case "bpt":
		v.openBpt(i, line)
	case "ept":
		v.closeBpt(i, line)
	case "it":
		if p := s.attr("pos"); p != "" && p != "begin" && p != "end" {
			v.add(line, RuleItPos, Error, "<it pos=%q>, want begin or end", p)
		} else if p == "" {
			v.add(line, RuleItPos, Error, "<it> without pos (begin or end)")
		}
	}
}

type openCode struct {
	i      string
	line   int
	closed bool
}

// openBpt records a <bpt i>. The open bpts are indexed by i in a map, so a
// segment with n codes costs O(n), not O(n²).
func (v *validator) openBpt(i string, line int) {
	if v.segOpenI == nil {
		v.segOpenI = map[string][]int{}
	}
	if len(v.segOpenI[i]) > 0 && i != "" {
		v.add(line, RulePairing, Error, "second <bpt i=%q> in one segment", i)
	}
	v.segOpenI[i] = append(v.segOpenI[i], len(v.segOpen))
	v.segOpen = append(v.segOpen, openCode{i: i, line: line})
}

// closeBpt pairs an <ept i> with the earliest open <bpt> of the same i.
func (v *validator) closeBpt(i string, line int) {
	ks := v.segOpenI[i]
	if len(ks) == 0 {
		v.add(line, RulePairing, Error, "<ept i=%q> without a preceding <bpt> with the same i", i)
		return
	}
	v.segOpen[ks[0]].closed = true
	if len(ks) == 1 {
		delete(v.segOpenI, i)
	} else {
		v.segOpenI[i] = ks[1:]
	}
}

func hasAttr(as []attr, name string) bool {
	for _, a := range as {
		if a.name == name {
			return true
		}
	}
	return false
}

// order checks the position of child name in parent's content model.
func (v *validator) order(p *frame, name string, line int) {
	switch p.name {
	case "tmx":
		want := "header"
		if p.state == 1 {
			want = "body"
		}
		if p.state >= 2 || name != want {
			v.add(line, RuleElement, Error, "<tmx> must hold <header> then <body>; found <%s>", name)
		}
		if name == want {
			p.state++
		}
	case "tu":
		if name == "tuv" {
			p.state = 1
		} else if p.state == 1 && (name == "note" || name == "prop") {
			v.add(line, RuleElement, Error, "<%s> after <tuv> in <tu> (notes and props come first)", name)
		}
	case "tuv":
		switch {
		case p.state == 1:
			v.add(line, RuleElement, Error, "<%s> after <seg> in <tuv>", name)
		case name == "seg":
			p.state = 1
		}
	}
}

func (v *validator) text() {
	s := v.s
	if len(v.stack) == 0 {
		return
	}
	top := v.stack[len(v.stack)-1]
	rule, ok := dtd[top.name]
	if ok && !rule.text {
		for _, c := range s.text {
			if !isSpace(c) {
				v.add(s.tokLine, RuleText, Error, "text not allowed in <%s>", top.name)
				break
			}
		}
		return
	}
	if v.segDepth > 0 && v.codeDepth == 0 {
		v.segText.Write(s.text)
	}
}

func (v *validator) close() {
	f := v.stack[len(v.stack)-1]
	v.stack = v.stack[:len(v.stack)-1]
	line := f.line
	switch f.name {
	case "tmx":
		if f.state < 2 {
			v.add(line, RuleRequired, Error, "<tmx> lacks <header> or <body>")
		}
	case "tu":
		if f.state == 0 {
			v.add(line, RuleRequired, Error, "<tu> without <tuv>")
		}
		if v.tuSrc != "" && v.tuSrc != AllLangs && f.state == 1 {
			found, fold := false, ""
			for _, l := range v.tuLangs {
				if l == v.tuSrc {
					found = true
				} else if strings.EqualFold(l, v.tuSrc) {
					fold = l
				}
			}
			if !found {
				if fold != "" {
					v.add(line, RuleNoSource, Error, "tu has no tuv in source language %q (only %q, which differs in case)", v.tuSrc, fold)
				} else {
					v.add(line, RuleNoSource, Error, "tu has no tuv in source language %q", v.tuSrc)
				}
			}
		}
	case "tuv":
		if f.state == 0 {
			v.add(line, RuleRequired, Error, "<tuv> without <seg>")
		}
	case "seg":
		text := v.segText.String()
		if strings.TrimSpace(text) == "" && v.segCodes == 0 {
			v.add(line, RuleEmptySeg, Error, "empty segment (%s)", v.tuvLang)
		}
		if n := utf8.RuneCountInString(text); n > MaxSegLength {
			v.add(line, RuleSegLength, Warning, "segment of %d characters exceeds %d (Trados limit)", n, MaxSegLength)
		}
		if !bidiBalanced(text) {
			v.add(line, RuleBidi, Warning, "unbalanced bidi embedding/isolate controls (PDF/PDI missing or unmatched)")
		}
		for _, o := range v.segOpen {
			if o.closed {
				continue
			}
			v.add(o.line, RulePairing, Error, "<bpt i=%q> without a matching <ept> in the segment", o.i)
		}
		v.segDepth = 0
	case "bpt", "ept", "it", "ph", "ut":
		if v.segDepth > 0 {
			v.codeDepth--
		}
	case "sub":
		if f.state == 1 {
			v.codeDepth++
		}
	}
}

func (v *validator) end() {
	if !v.hasHeader {
		v.add(1, RuleRequired, Error, "no <header>")
		return
	}
	if v.hasTUs && !v.srcSeen && v.srclang != "" && v.srclang != AllLangs {
		v.add(v.srcLine, RuleSrcLang, Error, "srclang=%q matches no tuv's xml:lang (byte for byte)", v.srclang)
	}
}
