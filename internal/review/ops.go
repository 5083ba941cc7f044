package review

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Operation names.
const (
	OpAccept     = "accept"
	OpReview     = "needs-review"
	OpClear      = "clear"
	OpDrop       = "drop"
	OpKeep       = "keep"
	OpMerge      = "merge"
	OpSplit      = "split"
	OpShiftUp    = "shift-up"
	OpShiftDown  = "shift-down"
	OpEdit       = "edit"
	OpBulkAccept = "bulk-accept"
	OpRealign    = "realign"
	OpUndo       = "undo"
	OpRedo       = "redo"
)

// MaxUndo is how many operations can be undone; older ones are forgotten
// (the log keeps them).
const MaxUndo = 500

// ErrBadOp is wrapped by every error about an operation the session
// refuses (unknown op, missing row, nothing to split...): the session is
// unchanged.
var ErrBadOp = errors.New("review: bad operation")

// ErrNoChange is returned when a valid operation changes nothing (bulk
// accept with no row above the threshold, undo with nothing to undo).
var ErrNoChange = errors.New("review: nothing to change")

// Op is one reviewer operation, as the page posts it.
type Op struct {
	// Version is the session version the client saw.
	Version int    `json:"version"`
	Op      string `json:"op"`
	// Rows are 0-based bead indices (one row for cell operations).
	Rows []int `json:"rows,omitempty"`
	// Side is "src" (original) or "tgt" (translation) for merge, split,
	// shift and edit.
	Side string `json:"side,omitempty"`
	// At is the split point in Unicode code points of the cell's text.
	At *int `json:"at,omitempty"`
	// Text is the corrected text for edit; null reverts to the original.
	Text *string `json:"text,omitempty"`
	// Min is the confidence threshold of bulk-accept.
	Min *float64 `json:"min,omitempty"`
}

// Realigner realigns a document pair keeping anchors fixed. src and tgt
// are each side's sentences grouped by paragraph; anchors index the
// flattened lists (ascending, non-overlapping); train are reviewer-accepted
// sentence pairs to learn from. It returns sentence beads over the
// flattened lists, covering every sentence once, in order.
type Realigner interface {
	Realign(ctx context.Context, src, tgt [][]string, anchors []Anchor, train [][2]string) ([]Anchor, error)
}

// Anchor is a sentence bead over the flattened sentence lists.
type Anchor struct {
	Src, Tgt   []int
	Confidence float64
}

func badOp(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrBadOp, fmt.Sprintf(format, a...))
}

// Change is what an operation did: beads [At, At+Removed) were replaced by
// the beads now at [At, At+Inserted).
type Change struct {
	Version  int    `json:"version"`
	At       int    `json:"at"`
	Removed  int    `json:"removed"`
	Inserted int    `json:"inserted"`
	Message  string `json:"message"`
}

// Apply performs op for who at time now. On error the session is
// unchanged. rl may be nil (realign is then refused).
func (s *Session) Apply(ctx context.Context, op Op, rl Realigner, who string, now time.Time) (Change, error) {
	var p Patch
	var err error
	msg := ""
	switch op.Op {
	case OpUndo, OpRedo:
		return s.undoRedo(op.Op, who, now)
	case OpAccept, OpReview, OpClear, OpDrop, OpKeep:
		p, msg, err = s.setStatus(op)
	case OpMerge:
		p, msg, err = s.merge(op)
	case OpShiftUp, OpShiftDown:
		p, msg, err = s.shift(op)
	case OpSplit:
		p, msg, err = s.split(op)
	case OpEdit:
		p, msg, err = s.editOp(op)
	case OpBulkAccept:
		p, msg, err = s.bulkAccept(op)
	case OpRealign:
		if rl == nil {
			return Change{}, badOp("realign is not available in this build")
		}
		p, msg, err = s.realign(ctx, rl)
	case "":
		return Change{}, badOp("no \"op\" given")
	default:
		return Change{}, badOp("unknown op %q", op.Op)
	}
	if err != nil {
		return Change{}, err
	}
	p.Op = op.Op
	return s.commit(p, op.Rows, op.Side, who, now, msg), nil
}

// commit performs a new patch, makes it the one to undo and logs it. Apply
// and the journal's replay both go through it.
func (s *Session) commit(p Patch, rows []int, side, who string, now time.Time, msg string) Change {
	s.apply(p, false)
	s.Undo = append(s.Undo, p)
	if len(s.Undo) > MaxUndo {
		s.Undo = slices.Delete(s.Undo, 0, len(s.Undo)-MaxUndo)
	}
	s.Redo = nil
	return s.record(p.Op, rows, side, who, now, p, false, msg)
}

func (s *Session) record(name string, rows []int, side, who string, now time.Time, p Patch, back bool, msg string) Change {
	s.Version++
	s.Updated = now.UTC()
	s.Log = append(s.Log, Entry{Version: s.Version, Op: name, Rows: rows, Side: side, Who: who, When: now.UTC()})
	c := Change{Version: s.Version, At: p.At, Removed: len(p.Old), Inserted: len(p.New), Message: msg}
	if back {
		c.Removed, c.Inserted = len(p.New), len(p.Old)
	}
	return c
}

func (s *Session) undoRedo(name, who string, now time.Time) (Change, error) {
	from, to := &s.Undo, &s.Redo
	if name == OpRedo {
		from, to = &s.Redo, &s.Undo
	}
	if len(*from) == 0 {
		return Change{Version: s.Version}, fmt.Errorf("%w: nothing to %s", ErrNoChange, name)
	}
	p := (*from)[len(*from)-1]
	*from = (*from)[:len(*from)-1]
	back := name == OpUndo
	s.apply(p, back)
	*to = append(*to, p)
	verb := "Undid"
	if !back {
		verb = "Redid"
	}
	return s.record(name, nil, "", who, now, p, back, fmt.Sprintf("%s %s", verb, p.Op)), nil
}

// apply performs p forwards, or backwards when back is set.
func (s *Session) apply(p Patch, back bool) {
	old, nw := p.Old, p.New
	if back {
		old, nw = nw, old
	}
	s.Beads = slices.Replace(s.Beads, p.At, p.At+len(old), cloneBeads(nw)...)
	for _, sp := range []struct {
		sp    *SentPatch
		side  *Side
		cache *[]byte
	}{{p.Src, &s.Original, &s.enc.src}, {p.Tgt, &s.Translation, &s.enc.tgt}} {
		if sp.sp == nil {
			continue
		}
		*sp.cache = nil
		o, n, next := sp.sp.Old, sp.sp.New, sp.sp.NextID[1]
		if back {
			o, n, next = n, o, sp.sp.NextID[0]
		}
		sp.side.Sentences = slices.Replace(sp.side.Sentences, sp.sp.At, sp.sp.At+len(o), slices.Clone(n)...)
		sp.side.NextID = next
		s.patchIndex(sp.side, sp.sp.At, o, n)
	}
}

// patchIndex brings the caches of index and Summarize up to date after
// sentences o at position at of side sd became n, instead of dropping
// them: rebuilding them (every sentence's position, the original's
// lengths in code points) was most of a split's answer.
func (s *Session) patchIndex(sd *Side, at int, o, n []Sentence) {
	k := 0
	if sd == &s.Translation {
		k = 1
	}
	grow := func(xs []int32, id int, fill int32) []int32 {
		for len(xs) <= id {
			xs = append(xs, fill)
		}
		return xs
	}
	if idx := s.enc.pos[k]; idx != nil && s.enc.posN[k] == len(sd.Sentences)-len(n)+len(o) {
		for _, st := range o {
			if st.ID >= 0 && st.ID < len(idx) {
				idx[st.ID] = -1
			}
		}
		for i := at; i < len(sd.Sentences); i++ {
			if id := sd.Sentences[i].ID; id >= 0 {
				idx = grow(idx, id, -1)
				idx[id] = int32(i)
			}
		}
		s.enc.pos[k], s.enc.posN[k] = idx, len(sd.Sentences)
	} else {
		s.enc.pos[k] = nil
	}
	if k == 0 && s.enc.srcLen != nil {
		for _, st := range o {
			if st.ID >= 0 && st.ID < len(s.enc.srcLen) {
				s.enc.srcLen[st.ID] = 0
			}
		}
		for _, st := range n {
			if st.ID >= 0 {
				s.enc.srcLen = grow(s.enc.srcLen, st.ID, 0)
				s.enc.srcLen[st.ID] = int32(utf8.RuneCountInString(st.Text))
			}
		}
	}
}

func cloneBeads(bs []Bead) []Bead {
	out := make([]Bead, len(bs))
	for i, b := range bs {
		out[i] = b.clone()
	}
	return out
}

func (b Bead) clone() Bead {
	b.Src = slices.Clone(b.Src)
	b.Tgt = slices.Clone(b.Tgt)
	return b
}

func (s *Session) checkRow(r int) error {
	if r < 0 || r >= len(s.Beads) {
		return badOp("row %d does not exist (the session has %d rows)", r+1, len(s.Beads))
	}
	return nil
}

func (s *Session) oneRow(op Op) (int, error) {
	if len(op.Rows) != 1 {
		return 0, badOp("%s needs exactly one row, got %d", op.Op, len(op.Rows))
	}
	return op.Rows[0], s.checkRow(op.Rows[0])
}

func checkSide(op Op) error {
	if op.Side != "src" && op.Side != "tgt" {
		return badOp("%s needs \"side\": \"src\" or \"tgt\", got %q", op.Op, op.Side)
	}
	return nil
}

func sideName(side string) string {
	if side == "src" {
		return "original"
	}
	return "translation"
}

// rangePatch returns a patch replacing beads [lo, hi] with the result of fn
// applied to copies of them.
func (s *Session) rangePatch(lo, hi int, fn func(bs []Bead) []Bead) Patch {
	old := cloneBeads(s.Beads[lo : hi+1])
	return Patch{At: lo, Old: old, New: fn(cloneBeads(old))}
}

var statusOf = map[string]string{
	OpAccept: Accepted, OpReview: NeedsReview, OpClear: Auto, OpDrop: Dropped, OpKeep: Auto,
}

var verbOf = map[string]string{
	OpAccept: "Accepted", OpReview: "Marked for review", OpClear: "Cleared", OpDrop: "Dropped", OpKeep: "Kept",
}

func (s *Session) setStatus(op Op) (Patch, string, error) {
	if len(op.Rows) == 0 {
		return Patch{}, "", badOp("%s needs rows", op.Op)
	}
	rows := slices.Clone(op.Rows)
	slices.Sort(rows)
	rows = slices.Compact(rows)
	for _, r := range rows {
		if err := s.checkRow(r); err != nil {
			return Patch{}, "", err
		}
	}
	st := statusOf[op.Op]
	lo, hi := rows[0], rows[len(rows)-1]
	p := s.rangePatch(lo, hi, func(bs []Bead) []Bead {
		for _, r := range rows {
			b := &bs[r-lo]
			if op.Op == OpKeep && b.Status != Dropped {
				continue
			}
			b.Status = st
		}
		return bs
	})
	return p, fmt.Sprintf("%s %s", verbOf[op.Op], rowList(rows)), nil
}

func rowList(rows []int) string {
	if len(rows) == 1 {
		return fmt.Sprintf("row %d", rows[0]+1)
	}
	return fmt.Sprintf("%d rows", len(rows))
}

// moveCell moves side's cell of bead from into bead to (an adjacent row):
// appended when to is before from, prepended when after. A bead left empty
// on both sides is removed.
func (s *Session) moveCell(from, to int, side string) Patch {
	lo, hi := min(from, to), max(from, to)
	return s.rangePatch(lo, hi, func(bs []Bead) []Bead {
		f, t := &bs[from-lo], &bs[to-lo]
		text := s.Text(*f, side)
		hadEdit := f.edit(side) != nil || t.edit(side) != nil
		var ids []int
		var joined string
		if to < from {
			ids = append(t.ids(side), f.ids(side)...)
			joined = joinNonEmpty(s.Text(*t, side), text)
		} else {
			ids = append(f.ids(side), t.ids(side)...)
			joined = joinNonEmpty(text, s.Text(*t, side))
		}
		t.setIDs(side, ids)
		t.setEdit(side, nil)
		if hadEdit {
			t.setEdit(side, &joined)
		}
		t.Status, t.Manual = Auto, true
		t.Confidence = min(t.Confidence, f.Confidence)
		f.setIDs(side, nil)
		f.setEdit(side, nil)
		f.Status, f.Manual = Auto, true
		if len(f.Src) == 0 && len(f.Tgt) == 0 {
			return slices.Delete(bs, from-lo, from-lo+1)
		}
		return bs
	})
}

func joinNonEmpty(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " " + b
}

func (s *Session) merge(op Op) (Patch, string, error) {
	r, err := s.oneRow(op)
	if err != nil {
		return Patch{}, "", err
	}
	if err := checkSide(op); err != nil {
		return Patch{}, "", err
	}
	if r+1 >= len(s.Beads) {
		return Patch{}, "", badOp("row %d is the last row: nothing to merge with", r+1)
	}
	if len(s.Beads[r+1].ids(op.Side)) == 0 {
		return Patch{}, "", badOp("row %d has no %s text to merge", r+2, sideName(op.Side))
	}
	return s.moveCell(r+1, r, op.Side), fmt.Sprintf("Merged the %s of row %d into row %d", sideName(op.Side), r+2, r+1), nil
}

func (s *Session) shift(op Op) (Patch, string, error) {
	r, err := s.oneRow(op)
	if err != nil {
		return Patch{}, "", err
	}
	if err := checkSide(op); err != nil {
		return Patch{}, "", err
	}
	if len(s.Beads[r].ids(op.Side)) == 0 {
		return Patch{}, "", badOp("row %d has no %s text to shift", r+1, sideName(op.Side))
	}
	to, dir := r-1, "up"
	if op.Op == OpShiftDown {
		to, dir = r+1, "down"
	}
	if to < 0 || to >= len(s.Beads) {
		return Patch{}, "", badOp("row %d cannot be shifted %s", r+1, dir)
	}
	return s.moveCell(r, to, op.Side), fmt.Sprintf("Shifted the %s of row %d %s", sideName(op.Side), r+1, dir), nil
}

// Boundaries returns the split points between a cell's sentences, in code
// points of the cell's text (the sentences joined by one space).
func (s *Session) Boundaries(b Bead, side string) []int {
	var out []int
	n := 0
	texts := s.texts(b, side)
	for i, t := range texts {
		n += utf8.RuneCountInString(t)
		if i < len(texts)-1 {
			out = append(out, n)
			n++
		}
	}
	return out
}

func (s *Session) split(op Op) (Patch, string, error) {
	r, err := s.oneRow(op)
	if err != nil {
		return Patch{}, "", err
	}
	if err := checkSide(op); err != nil {
		return Patch{}, "", err
	}
	if op.At == nil {
		return Patch{}, "", badOp("split needs \"at\" (a code-point offset in the cell)")
	}
	b := s.Beads[r]
	if b.edit(op.Side) != nil {
		return Patch{}, "", badOp("the %s of row %d is edited: revert the edit before splitting", sideName(op.Side), r+1)
	}
	at := *op.At
	texts := s.texts(b, op.Side)
	ids := b.ids(op.Side)
	start := 0
	for k, t := range texts {
		end := start + utf8.RuneCountInString(t)
		if at > start && at < end {
			return s.splitSentence(r, op.Side, k, ids[k], at-start)
		}
		// At the end of sentence k or in the space after it: split
		// between sentences.
		if k < len(texts)-1 && at >= end && at <= end+1 {
			return s.splitIDs(r, op.Side, k+1), fmt.Sprintf("Split the %s of row %d after sentence %d", sideName(op.Side), r+1, k+1), nil
		}
		start = end + 1
	}
	return Patch{}, "", badOp("nothing to split at %d in the %s of row %d", at, sideName(op.Side), r+1)
}

// splitIDs moves side's sentences [cut:] of row r into a new row after it.
func (s *Session) splitIDs(r int, side string, cut int) Patch {
	return s.rangePatch(r, r, func(bs []Bead) []Bead {
		b := bs[0]
		ids := b.ids(side)
		nb := Bead{Status: Auto, Manual: true, Confidence: b.Confidence}
		nb.setIDs(side, slices.Clone(ids[cut:]))
		b.setIDs(side, ids[:cut])
		b.Status, b.Manual = Auto, true
		return []Bead{b, nb}
	})
}

// splitSentence splits sentence id (the k-th of row r's side) at code
// point off into two sentences, the second moving to a new row.
func (s *Session) splitSentence(r int, side string, k, id, off int) (Patch, string, error) {
	sd := s.side(side)
	pos := int(s.index(side)[id])
	st := sd.Sentences[pos]
	runes := []rune(strings.TrimSpace(st.Text))
	left, right := strings.TrimSpace(string(runes[:off])), strings.TrimSpace(string(runes[off:]))
	if left == "" || right == "" {
		return Patch{}, "", badOp("split point %d is at the edge of a sentence", off)
	}
	nid := sd.NextID
	sp := &SentPatch{At: pos, Old: []Sentence{st},
		New:    []Sentence{{ID: st.ID, Block: st.Block, Text: left}, {ID: nid, Block: st.Block, Text: right}},
		NextID: [2]int{nid, nid + 1}}
	p := s.rangePatch(r, r, func(bs []Bead) []Bead {
		b := bs[0]
		ids := b.ids(side)
		nb := Bead{Status: Auto, Manual: true, Confidence: b.Confidence}
		nb.setIDs(side, append([]int{nid}, ids[k+1:]...))
		b.setIDs(side, slices.Clone(ids[:k+1]))
		b.Status, b.Manual = Auto, true
		return []Bead{b, nb}
	})
	if side == "src" {
		p.Src = sp
	} else {
		p.Tgt = sp
	}
	return p, fmt.Sprintf("Split a sentence of the %s of row %d", sideName(side), r+1), nil
}

func (s *Session) editOp(op Op) (Patch, string, error) {
	r, err := s.oneRow(op)
	if err != nil {
		return Patch{}, "", err
	}
	if err := checkSide(op); err != nil {
		return Patch{}, "", err
	}
	b := s.Beads[r]
	if len(b.ids(op.Side)) == 0 {
		return Patch{}, "", badOp("row %d has no %s text to edit: merge or shift a sentence into it first", r+1, sideName(op.Side))
	}
	var text *string
	if op.Text != nil {
		t := strings.TrimSpace(*op.Text)
		if t == "" {
			return Patch{}, "", badOp("an edit cannot be empty: drop the row, or shift its text away")
		}
		if !utf8.ValidString(t) {
			return Patch{}, "", badOp("the edit is not valid UTF-8")
		}
		if t != s.joined(b, op.Side) {
			text = &t
		}
	}
	old := b.edit(op.Side)
	if old == nil && text == nil || old != nil && text != nil && *old == *text {
		return Patch{}, "", fmt.Errorf("%w: the text is unchanged", ErrNoChange)
	}
	p := s.rangePatch(r, r, func(bs []Bead) []Bead {
		bs[0].setEdit(op.Side, text)
		return bs
	})
	msg := fmt.Sprintf("Edited the %s of row %d", sideName(op.Side), r+1)
	if text == nil {
		msg = fmt.Sprintf("Reverted the %s of row %d to the original text", sideName(op.Side), r+1)
	}
	return p, msg, nil
}

func (s *Session) bulkAccept(op Op) (Patch, string, error) {
	if op.Min == nil || *op.Min < 0 || *op.Min > 1 {
		return Patch{}, "", badOp("bulk-accept needs \"min\" in [0,1]")
	}
	var rows []int
	for i, b := range s.Beads {
		if b.Status == Auto && b.Confidence >= *op.Min {
			rows = append(rows, i)
		}
	}
	if len(rows) == 0 {
		return Patch{}, "", fmt.Errorf("%w: no unreviewed row has confidence ≥ %.2f", ErrNoChange, *op.Min)
	}
	p := s.rangePatch(rows[0], rows[len(rows)-1], func(bs []Bead) []Bead {
		for _, r := range rows {
			bs[r-rows[0]].Status = Accepted
		}
		return bs
	})
	return p, fmt.Sprintf("Accepted %d rows with confidence ≥ %.2f", len(rows), *op.Min), nil
}

// Paragraphs returns a side's sentence texts grouped by block, and the
// flattened position of every sentence id.
func (s *Session) Paragraphs(side string) ([][]string, map[int]int) {
	sd := s.side(side)
	var out [][]string
	pos := make(map[int]int, len(sd.Sentences))
	last := -1
	for i, st := range sd.Sentences {
		if len(out) == 0 || st.Block != last {
			out = append(out, nil)
			last = st.Block
		}
		out[len(out)-1] = append(out[len(out)-1], st.Text)
		pos[st.ID] = i
	}
	return out, pos
}

// TrainPairs are the accepted beads' texts (corrections included) with
// both sides, for the learned lexicon.
func (s *Session) TrainPairs() [][2]string {
	var out [][2]string
	for _, b := range s.Beads {
		if b.Status == Accepted && len(b.Src) > 0 && len(b.Tgt) > 0 {
			out = append(out, [2]string{s.Text(b, "src"), s.Text(b, "tgt")})
		}
	}
	return out
}

func (s *Session) realign(ctx context.Context, rl Realigner) (Patch, string, error) {
	src, spos := s.Paragraphs("src")
	tgt, tpos := s.Paragraphs("tgt")
	flat := func(ids []int, pos map[int]int) []int {
		out := make([]int, len(ids))
		for i, id := range ids {
			out[i] = pos[id]
		}
		return out
	}
	var anchors []Anchor
	kept := map[string]Bead{}
	for _, b := range s.Beads {
		if b.Status != Accepted {
			continue
		}
		a := Anchor{Src: flat(b.Src, spos), Tgt: flat(b.Tgt, tpos), Confidence: b.Confidence}
		anchors = append(anchors, a)
		kept[anchorKey(a)] = b
	}
	if len(anchors) == 0 {
		return Patch{}, "", badOp("accept some rows first: realigning keeps the accepted rows fixed")
	}
	res, err := rl.Realign(ctx, src, tgt, anchors, s.TrainPairs())
	if err != nil {
		return Patch{}, "", fmt.Errorf("review: realign: %w", err)
	}
	sid := idsByPos(s.Original.Sentences)
	tid := idsByPos(s.Translation.Sentences)
	nb := make([]Bead, 0, len(res))
	ns, nt, changed := 0, 0, 0
	for _, a := range res {
		if b, ok := kept[anchorKey(a)]; ok {
			nb = append(nb, b.clone())
			delete(kept, anchorKey(a))
		} else {
			b := Bead{Confidence: a.Confidence, Status: Auto}
			for _, i := range a.Src {
				b.Src = append(b.Src, sid[i])
			}
			for _, i := range a.Tgt {
				b.Tgt = append(b.Tgt, tid[i])
			}
			nb = append(nb, b)
			changed++
		}
		for _, i := range a.Src {
			if i != ns {
				return Patch{}, "", fmt.Errorf("review: realign: source sentence %d out of order", i)
			}
			ns++
		}
		for _, i := range a.Tgt {
			if i != nt {
				return Patch{}, "", fmt.Errorf("review: realign: target sentence %d out of order", i)
			}
			nt++
		}
	}
	if ns != len(sid) || nt != len(tid) || len(kept) > 0 {
		return Patch{}, "", fmt.Errorf("review: realign: result does not cover the documents or lost an accepted bead")
	}
	return Patch{At: 0, Old: cloneBeads(s.Beads), New: nb},
		fmt.Sprintf("Realigned around %d accepted rows; %d rows now", len(anchors), len(nb)), nil
}

func idsByPos(ss []Sentence) []int {
	out := make([]int, len(ss))
	for i, st := range ss {
		out[i] = st.ID
	}
	return out
}

func anchorKey(a Anchor) string { return fmt.Sprint(a.Src, a.Tgt) }

// Summary counts the beads by status.
type Summary struct {
	Rows     int            `json:"rows"`
	ByStatus map[string]int `json:"by_status"`
	// Reviewed is the share of rows whose status is not auto.
	Reviewed float64 `json:"reviewed"`
	// Coverage is the share of the original's characters in kept beads
	// that have both sides.
	Coverage float64 `json:"coverage"`
	CanUndo  bool    `json:"can_undo"`
	CanRedo  bool    `json:"can_redo"`
}

// Summarize returns the session's summary.
func (s *Session) Summarize() Summary {
	sm := Summary{Rows: len(s.Beads), ByStatus: map[string]int{Auto: 0, Accepted: 0, NeedsReview: 0, Dropped: 0},
		CanUndo: len(s.Undo) > 0, CanRedo: len(s.Redo) > 0}
	if s.enc.srcLen == nil {
		idx := s.index("src")
		s.enc.srcLen = make([]int32, len(idx))
		for _, st := range s.Original.Sentences {
			s.enc.srcLen[st.ID] = int32(utf8.RuneCountInString(st.Text))
		}
	}
	total, covered := 0, 0
	var by [4]int // counted here, not in the map: a map update per bead was most of the time
	for _, b := range s.Beads {
		switch b.Status {
		case Auto:
			by[0]++
		case Accepted:
			by[1]++
		case NeedsReview:
			by[2]++
		case Dropped:
			by[3]++
		default:
			sm.ByStatus[b.Status]++
		}
		n := 0
		for _, id := range b.Src {
			n += int(s.enc.srcLen[id])
		}
		total += n
		if b.Status != Dropped && len(b.Src) > 0 && len(b.Tgt) > 0 {
			covered += n
		}
	}
	for k, st := range []string{Auto, Accepted, NeedsReview, Dropped} {
		sm.ByStatus[st] += by[k]
	}
	if sm.Rows > 0 {
		sm.Reviewed = float64(sm.Rows-sm.ByStatus[Auto]) / float64(sm.Rows)
	}
	if total > 0 {
		sm.Coverage = float64(covered) / float64(total)
	}
	return sm
}
