package tm

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/language"
)

// Unit is the unit that in describes, for the pair src-tgt: its status
// parsed, def when it gives none (a POST /units body, a line of tm add
// --jsonl).
func (in UnitInput) Unit(src, tgt language.Tag, def Status) (Unit, error) {
	st, err := ParseStatus(in.Status, def)
	if err != nil {
		return Unit{}, err
	}
	return Unit{SourceLang: src, TargetLang: tgt, Source: in.Source, Target: in.Target, Status: st,
		Confidence: in.Confidence, File: in.File, TUID: in.TUID, URL: in.URL, Props: in.Props}, nil
}

// LineError is an error in line Line of a JSON lines input.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

func (e *LineError) Unwrap() error { return e.Err }

// jsonlUnit is one line of ReadJSONL: a UnitInput and, optionally, its
// languages (the review helper writes these).
type jsonlUnit struct {
	UnitInput
	SourceLang string `json:"source_lang"`
	TargetLang string `json:"target_lang"`
}

// maxJSONLine is the longest line ReadJSONL accepts.
const maxJSONLine = 16 << 20

// ReadJSONL reads units from JSON lines (one UnitInput object a line,
// with optional "source_lang" and "target_lang"; blank lines are
// skipped, unknown fields are errors): the languages default to from and
// to, the status to def. An error in a line is a *LineError.
func ReadJSONL(r io.Reader, from, to language.Tag, def Status) ([]Unit, error) {
	var units []Unit
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), maxJSONLine)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		var ju jsonlUnit
		if err := dec.Decode(&ju); err != nil {
			return nil, &LineError{line, err}
		}
		u, err := ju.unit(from, to, def)
		if err != nil {
			return nil, &LineError{line, err}
		}
		units = append(units, u)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return units, nil
}

// unit is the line's unit, its languages defaulting to from and to.
func (ju jsonlUnit) unit(from, to language.Tag, def Status) (Unit, error) {
	sl, tl := from, to
	var err error
	if ju.SourceLang != "" {
		if sl, err = ParseLang(ju.SourceLang); err != nil {
			return Unit{}, err
		}
	}
	if ju.TargetLang != "" {
		if tl, err = ParseLang(ju.TargetLang); err != nil {
			return Unit{}, err
		}
	}
	return ju.UnitInput.Unit(sl, tl, def)
}
