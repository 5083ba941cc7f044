package tmxtool

import (
	"context"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/bitext/bitext/tmx"
)

// MergeOptions configure Merge.
type MergeOptions struct {
	Options
	// Dedupe writes TUs whose variants are all identical once (keeping the
	// newest copy's metadata) and writes the TUs of one source together,
	// newest first (changedate, else creationdate). It holds the TUs in
	// memory.
	Dedupe bool
}

// MergeReport counts what Merge left out.
type MergeReport struct {
	TUs     int // written
	Dropped int // exact duplicates (Dedupe)
	Skipped int // TUs that could not be written (see OnSkip)
}

// member is a TU of a same-source group with its key, computed once.
type member struct {
	file string
	tu   *tmx.TU
	all  uint64
	date time.Time
}

// group is the TUs of one source; byKey finds a member by its variants'
// hash, so adding to a group of n costs O(1), not O(n) key computations.
type group struct {
	members []member
	byKey   map[uint64]int
}

// merger is the state of one Merge.
type merger struct {
	opts   *MergeOptions
	hdr    *tmx.Header
	enc    *tmx.Encoder
	order  []uint64
	groups map[uint64]*group
	rep    MergeReport
}

// Merge writes the TUs of the inputs, in order, to w as one memory whose
// header is the first input's (with bitext as the tool).
func Merge(ctx context.Context, w io.Writer, inputs []Input, opts MergeOptions) (MergeReport, error) {
	m := &merger{opts: &opts, groups: map[uint64]*group{}}
	for _, in := range inputs {
		if err := m.read(ctx, w, in); err != nil {
			return m.rep, err
		}
		if err := ctx.Err(); err != nil {
			return m.rep, err
		}
	}
	if m.enc == nil {
		return m.rep, fmt.Errorf("tmxtool: merge: no input")
	}
	for _, k := range m.order {
		g := m.groups[k]
		sort.SliceStable(g.members, func(i, j int) bool { return g.members[i].date.After(g.members[j].date) })
		for _, mb := range g.members {
			m.encode(mb.file, mb.tu)
		}
	}
	return m.rep, m.enc.Close()
}

func (m *merger) read(ctx context.Context, w io.Writer, in Input) error {
	f, err := in.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	var fh *tmx.Header
	return decodeEach(ctx, f, in.Name, func(h *tmx.Header) error {
		fh = h
		if m.hdr == nil {
			oh := m.opts.outHeader(*h)
			m.hdr = &oh
			m.enc = tmx.NewEncoder(w, oh)
		}
		return nil
	}, func(tu *tmx.TU) error {
		if !m.opts.Locale.prepare(tu, fh.SrcLang, m.hdr.SrcLang) {
			m.rep.Skipped++
			m.opts.skip(in.Name, tu.Line, tmx.ErrNoSource)
			return nil
		}
		if tu.SegType == "" && fh.SegType != m.hdr.SegType && fh.SegType != "" {
			tu.SegType = fh.SegType // keep the level of TUs from files of another segtype
		}
		if !m.opts.Dedupe {
			m.encode(in.Name, tu)
			return nil
		}
		m.add(in.Name, tu)
		return nil
	})
}

func (m *merger) encode(name string, tu *tmx.TU) {
	if err := m.enc.Encode(tu); err != nil {
		m.rep.Skipped++
		m.opts.skip(name, tu.Line, err)
		return
	}
	m.rep.TUs++
}

// add puts tu in its source's group unless an identical TU is there; of two
// identical TUs the newer one's metadata is kept.
func (m *merger) add(file string, tu *tmx.TU) {
	all, src := tuKeys(tu, m.hdr.SrcLang)
	g := m.groups[src]
	if g == nil {
		g = &group{byKey: map[uint64]int{}}
		m.groups[src] = g
		m.order = append(m.order, src)
	}
	mb := member{file: file, tu: tu, all: all, date: tuDate(tu)}
	if i, ok := g.byKey[all]; ok {
		m.rep.Dropped++
		if mb.date.After(g.members[i].date) {
			g.members[i] = mb
		}
		return
	}
	g.byKey[all] = len(g.members)
	g.members = append(g.members, mb)
}
