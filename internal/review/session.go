// Package review holds a reviewer's work on one aligned document pair: the
// session (both documents' sentences, the current beads with their
// statuses, an undo history and an append-only log of operations), the
// operations a reviewer applies to it, its exports (TMX, TSV, JSON) and the
// loopback HTTP server that serves the review page.
//
// Design. A Session is a value that is changed only by Apply, Undo and Redo,
// and each change is a Patch: a splice of the bead list (and, when a
// sentence is split, of one side's sentence list). Undo applies a patch
// backwards, so every operation, including bulk ones and realigning, is
// undoable the same way. Beads refer to sentences by stable ids, not by
// position, so splitting a sentence changes no other bead. The session is
// meant to be saved after every operation: Server appends each one to a
// journal beside the session file and rewrites the file itself, through
// internal/atomicfile, from time to time (journal.go). Load reads both, is
// strict and reports where a file is wrong.
//
// The package does not align: realigning goes through a Realigner the
// caller provides (built on the align package), and opening documents is
// the caller's job.
package review

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// Schema is the session file format version this package reads and writes.
const Schema = 1

// Statuses of a bead.
const (
	Auto        = "auto"         // as the aligner left it
	Accepted    = "accepted"     // the reviewer confirmed it
	NeedsReview = "needs-review" // the reviewer flagged it
	Dropped     = "dropped"      // left out of the export
)

func validStatus(s string) bool {
	return s == Auto || s == Accepted || s == NeedsReview || s == Dropped
}

// Errors returned by Load.
var (
	ErrNotSession = errors.New("review: not a bitext review session")
	ErrNewer      = errors.New("review: session written by a newer bitext")
	ErrCorrupt    = errors.New("review: corrupt session")
)

// Session is one review, as stored in SESSION.review.json.
type Session struct {
	Schema  int       `json:"schema"`
	Tool    string    `json:"tool"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	// Version counts the changes: every operation, undo and redo adds one.
	// Clients send the version they saw; a stale one is refused.
	Version     int     `json:"version"`
	Original    Side    `json:"original"`
	Translation Side    `json:"translation"`
	Beads       []Bead  `json:"beads"`
	Undo        []Patch `json:"undo"`
	Redo        []Patch `json:"redo"`
	Log         []Entry `json:"log"`
	// Options record how the pair was aligned, for realigning on resume.
	Options Options `json:"options"`

	enc encCache // encoded parts reused by Write
}

// Options are the alignment settings of the session.
type Options struct {
	Dict    string `json:"dict,omitempty"`
	NoDict  bool   `json:"no_dict,omitempty"`
	Lexicon string `json:"lexicon,omitempty"`
	Output  string `json:"output,omitempty"` // -o: where the TMX export goes
}

// Side is one document: the original (source) or the translation.
type Side struct {
	Name   string  `json:"name"`
	URL    string  `json:"url,omitempty"`
	Lang   string  `json:"lang"` // BCP 47
	Dir    string  `json:"dir"`  // "ltr" or "rtl", from the language's script
	Blocks []Block `json:"blocks"`
	// Sentences in document order. Ids are stable: a split sentence keeps
	// its id for the first part and the second part gets NextID.
	Sentences []Sentence `json:"sentences"`
	NextID    int        `json:"next_id"`
}

// Block is one paragraph (or heading, list item...) of a document.
type Block struct {
	ID    int    `json:"id"` // index in the document's blocks
	Kind  string `json:"kind"`
	Start int    `json:"start"` // byte offsets in the document's source
	End   int    `json:"end"`
}

// Sentence is one segment of a side.
type Sentence struct {
	ID    int    `json:"id"`
	Block int    `json:"block"`
	Text  string `json:"text"`
}

// Bead is one row of the review: sentences of each side (by id, in
// document order), the aligner's confidence and the reviewer's status.
type Bead struct {
	Src        []int   `json:"src"`
	Tgt        []int   `json:"tgt"`
	Confidence float64 `json:"confidence"`
	Status     string  `json:"status"`
	// SrcEdit and TgtEdit are the reviewer's corrections of a side's text;
	// nil means unedited. The sentences keep the original text.
	SrcEdit *string `json:"src_edit,omitempty"`
	TgtEdit *string `json:"tgt_edit,omitempty"`
	// Manual is set on beads the reviewer shaped (merge, split, shift).
	Manual bool `json:"manual,omitempty"`
}

// Shape is the bead's shape such as "1-1" or "0-1".
func (b Bead) Shape() string { return fmt.Sprintf("%d-%d", len(b.Src), len(b.Tgt)) }

// Entry is one line of the operation log.
type Entry struct {
	Version int       `json:"version"` // the session version the op produced
	Op      string    `json:"op"`
	Rows    []int     `json:"rows,omitempty"` // 0-based bead indices at the time
	Side    string    `json:"side,omitempty"`
	Who     string    `json:"who"`
	When    time.Time `json:"when"`
}

// Patch is one undoable change: Beads[At:At+len(Old)] became New, and
// likewise for the sentence lists when Src or Tgt is set.
type Patch struct {
	Op  string     `json:"op"`
	At  int        `json:"at"`
	Old []Bead     `json:"old"`
	New []Bead     `json:"new"`
	Src *SentPatch `json:"src,omitempty"`
	Tgt *SentPatch `json:"tgt,omitempty"`

	enc []byte // encoded by Write; a patch does not change once made
}

// SentPatch is a splice of one side's sentence list.
type SentPatch struct {
	At     int        `json:"at"`
	Old    []Sentence `json:"old"`
	New    []Sentence `json:"new"`
	NextID [2]int     `json:"next_id"` // before, after
}

// side returns the Side for "src" or "tgt".
func (s *Session) side(name string) *Side {
	if name == "src" {
		return &s.Original
	}
	return &s.Translation
}

// Text returns a side's text of a bead: the correction if there is one,
// else its sentences joined by a space.
func (s *Session) Text(b Bead, side string) string {
	if e := b.edit(side); e != nil {
		return *e
	}
	return s.joined(b, side)
}

func (s *Session) joined(b Bead, side string) string {
	var sb strings.Builder
	for _, t := range s.texts(b, side) {
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(t)
	}
	return sb.String()
}

func (s *Session) texts(b Bead, side string) []string {
	sd := s.side(side)
	idx := s.index(side)
	var out []string
	for _, id := range b.ids(side) {
		out = append(out, strings.TrimSpace(sd.Sentences[idx[id]].Text))
	}
	return out
}

func (b Bead) ids(side string) []int {
	if side == "src" {
		return b.Src
	}
	return b.Tgt
}

func (b *Bead) setIDs(side string, ids []int) {
	if side == "src" {
		b.Src = ids
	} else {
		b.Tgt = ids
	}
}

func (b Bead) edit(side string) *string {
	if side == "src" {
		return b.SrcEdit
	}
	return b.TgtEdit
}

func (b *Bead) setEdit(side string, e *string) {
	if side == "src" {
		b.SrcEdit = e
	} else {
		b.TgtEdit = e
	}
}

// index maps a side's sentence ids to their positions in Sentences (-1
// for an id it does not have). It is built once and kept (apply drops it
// when a patch changes the side's sentences), so an operation's answer
// and an export do not build a map of every sentence per row.
func (s *Session) index(side string) []int32 {
	k, sd := 0, &s.Original
	if side != "src" {
		k, sd = 1, &s.Translation
	}
	if idx := s.enc.pos[k]; idx != nil && s.enc.posN[k] == len(sd.Sentences) {
		return idx
	}
	n := sd.NextID
	for _, st := range sd.Sentences {
		n = max(n, st.ID+1)
	}
	idx := make([]int32, n)
	for i := range idx {
		idx[i] = -1
	}
	for i, st := range sd.Sentences {
		if st.ID >= 0 {
			idx[st.ID] = int32(i)
		}
	}
	s.enc.pos[k], s.enc.posN[k] = idx, len(sd.Sentences)
	return idx
}

// Load reads and checks a session file. A file that is not JSON, not a
// session, of a newer schema or inconsistent gets an error naming path
// (and line:col for JSON syntax errors).
func Load(path string) (*Session, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("review: %w", err)
	}
	s, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := s.replayJournal(path + JournalSuffix); err != nil {
		return nil, err
	}
	if err := s.Check(); err != nil {
		return nil, fmt.Errorf("%s%s: %w", path, JournalSuffix, err)
	}
	return s, nil
}

// Parse decodes and checks a session. Errors carry line:col where the JSON
// is malformed.
func Parse(data []byte) (*Session, error) {
	var head struct {
		Schema *int `json:"schema"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, jsonError(data, err)
	}
	switch {
	case head.Schema == nil:
		return nil, fmt.Errorf("%w (no \"schema\" field)", ErrNotSession)
	case *head.Schema > Schema:
		return nil, fmt.Errorf("%w: schema %d, this bitext reads schema %d", ErrNewer, *head.Schema, Schema)
	case *head.Schema < 1:
		return nil, fmt.Errorf("%w: schema %d", ErrNotSession, *head.Schema)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Session
	if err := dec.Decode(&s); err != nil {
		return nil, jsonError(data, err)
	}
	if err := s.Check(); err != nil {
		return nil, err
	}
	return &s, nil
}

// jsonError adds line:col to a JSON decoding error.
func jsonError(data []byte, err error) error {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	line, col := 1, 1
	for _, c := range data[:min(int(off), len(data))] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Errorf("%w: %d:%d: %v", ErrCorrupt, line, col, err)
}

// Check verifies the session's invariants: every sentence of each side is
// in exactly one bead, beads keep document order, statuses are known.
func (s *Session) Check() error {
	if s.Schema != Schema {
		return fmt.Errorf("%w: schema %d", ErrCorrupt, s.Schema)
	}
	for _, side := range []string{"src", "tgt"} {
		sd := s.side(side)
		idx := make(map[int]int, len(sd.Sentences))
		for i, st := range sd.Sentences {
			if _, dup := idx[st.ID]; dup {
				return fmt.Errorf("%w: %s sentence id %d twice", ErrCorrupt, side, st.ID)
			}
			if st.ID >= sd.NextID || st.ID < 0 {
				return fmt.Errorf("%w: %s sentence id %d outside [0,next_id=%d)", ErrCorrupt, side, st.ID, sd.NextID)
			}
			idx[st.ID] = i
		}
		next := 0
		for bi, b := range s.Beads {
			for _, id := range b.ids(side) {
				p, ok := idx[id]
				if !ok {
					return fmt.Errorf("%w: bead %d: no %s sentence %d", ErrCorrupt, bi, side, id)
				}
				if p != next {
					return fmt.Errorf("%w: bead %d: %s sentence %d out of order", ErrCorrupt, bi, side, id)
				}
				next++
			}
		}
		if next != len(sd.Sentences) {
			return fmt.Errorf("%w: %d %s sentences in no bead", ErrCorrupt, len(sd.Sentences)-next, side)
		}
	}
	for bi, b := range s.Beads {
		if !validStatus(b.Status) {
			return fmt.Errorf("%w: bead %d: unknown status %q", ErrCorrupt, bi, b.Status)
		}
		if len(b.Src) == 0 && len(b.Tgt) == 0 {
			return fmt.Errorf("%w: bead %d is empty", ErrCorrupt, bi)
		}
	}
	return nil
}
