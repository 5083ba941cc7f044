package tmxtool

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/bitext/bitext/tmx"
)

// MergeOptions configure Merge.
type MergeOptions struct {
	Options
	// Dedupe writes TUs whose variants are all identical once (keeping the
	// newest copy's metadata) and writes the TUs of one source together,
	// newest first (changedate, else creationdate).
	Dedupe bool
	// SpillDir, if set, is where Dedupe keeps the TUs in a temporary file
	// (removed before Merge returns) while it holds only their keys, dates
	// and offsets in memory, about 100 bytes a TU. Empty: the TUs are held
	// in memory.
	SpillDir string
}

// MergeReport counts what Merge left out and says which languages the
// inputs held.
type MergeReport struct {
	TUs     int // written
	Dropped int // exact duplicates (Dedupe)
	Skipped int // TUs that could not be written (see OnSkip)
	// SrcLang is the first input's srclang, as the file spells it.
	SrcLang string
	// Langs are the languages of the inputs' variants (xml:lang as the
	// files spell it, before Locale rewrites them), by first appearance,
	// each with a sample of its text: what LocaleWarnings checks the
	// locales against.
	Langs []LangSample
}

// member is a TU of a same-source group with its date, computed once. The
// TU is in memory (tu) or in the spill file (off, n).
type member struct {
	file string
	tu   *tmx.TU
	off  int64
	n    int
	date time.Time
}

// merger is the state of one Merge.
type merger struct {
	opts   *MergeOptions
	hdr    *tmx.Header
	enc    *tmx.Encoder
	order  []uint64            // source hashes in order of first appearance
	groups map[uint64][]member // by source hash
	seen   map[[2]uint64]int   // (source, all-variants) hash -> index in its group
	spill  *os.File            // Dedupe with SpillDir
	sw     *bufio.Writer       // buffers writes to spill
	size   int64               // bytes written to spill
	rep    MergeReport
	langs  map[string]int // index in rep.Langs by lower-cased xml:lang
}

// Merge writes the TUs of the inputs, in order, to w as one memory whose
// header is the first input's (with bitext as the tool).
func Merge(ctx context.Context, w io.Writer, inputs []Input, opts MergeOptions) (rep MergeReport, err error) {
	m := &merger{opts: &opts, groups: map[uint64][]member{}, seen: map[[2]uint64]int{}, langs: map[string]int{}}
	if opts.Dedupe && opts.SpillDir != "" {
		if m.spill, err = os.CreateTemp(opts.SpillDir, ".bitext-merge-*.jsonl"); err != nil {
			return m.rep, fmt.Errorf("tmxtool: merge: %w", err)
		}
		m.sw = bufio.NewWriterSize(m.spill, 1<<16)
		defer func() {
			m.spill.Close()
			if rerr := os.Remove(m.spill.Name()); rerr != nil && err == nil {
				err = fmt.Errorf("tmxtool: merge: %w", rerr)
			}
		}()
	}
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
	if err := m.writeGroups(ctx); err != nil {
		return m.rep, err
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
			m.rep.SrcLang = h.SrcLang
			oh := m.opts.outHeader(*h)
			m.hdr = &oh
			m.enc = tmx.NewEncoder(w, oh)
		}
		return nil
	}, func(tu *tmx.TU) error {
		m.sample(tu)
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
		return m.add(in.Name, tu)
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
// identical TUs the newer one's metadata is kept. The keys of a TU are
// computed once and looked up in a map, so a group of n costs O(n).
func (m *merger) add(file string, tu *tmx.TU) error {
	all, src := tuKeys(tu, m.hdr.SrcLang)
	mb := member{file: file, tu: tu, date: tuDate(tu)}
	g, ok := m.groups[src]
	if !ok {
		m.order = append(m.order, src)
	}
	i, dup := m.seen[[2]uint64{src, all}]
	if dup {
		m.rep.Dropped++
		if !mb.date.After(g[i].date) {
			return nil
		}
	}
	if m.spill != nil {
		if err := m.store(&mb); err != nil {
			return err
		}
	}
	if dup {
		g[i] = mb
		return nil
	}
	m.seen[[2]uint64{src, all}] = len(g)
	m.groups[src] = append(g, mb)
	return nil
}

// store writes mb's TU to the spill file and keeps only its offset.
func (m *merger) store(mb *member) error {
	b, err := json.Marshal(mb.tu)
	if err != nil {
		return fmt.Errorf("tmxtool: merge: %s:%d: %w", mb.file, mb.tu.Line, err)
	}
	if _, err := m.sw.Write(b); err != nil {
		return fmt.Errorf("tmxtool: merge: spill: %w", err)
	}
	mb.off, mb.n, mb.tu = m.size, len(b), nil
	m.size += int64(len(b))
	return nil
}

// load returns mb's TU, reading it back from the spill file if needed.
func (m *merger) load(mb *member, buf *[]byte) (*tmx.TU, error) {
	if mb.tu != nil {
		return mb.tu, nil
	}
	if cap(*buf) < mb.n {
		*buf = make([]byte, mb.n)
	}
	b := (*buf)[:mb.n]
	if _, err := m.spill.ReadAt(b, mb.off); err != nil {
		return nil, fmt.Errorf("tmxtool: merge: spill: %w", err)
	}
	tu := new(tmx.TU)
	if err := json.Unmarshal(b, tu); err != nil {
		return nil, fmt.Errorf("tmxtool: merge: spill: %w", err)
	}
	return tu, nil
}

// writeGroups writes the groups in order of first appearance, each newest
// first.
func (m *merger) writeGroups(ctx context.Context) error {
	if m.sw != nil {
		if err := m.sw.Flush(); err != nil {
			return fmt.Errorf("tmxtool: merge: spill: %w", err)
		}
	}
	var buf []byte
	n := 0
	for _, k := range m.order {
		g := m.groups[k]
		sort.SliceStable(g, func(i, j int) bool { return g[i].date.After(g[j].date) })
		for i := range g {
			tu, err := m.load(&g[i], &buf)
			if err != nil {
				return err
			}
			m.encode(g[i].file, tu)
			if n++; n%checkCtx == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
		}
	}
	return nil
}

// sample counts tu's variants by language and keeps the start of each
// language's text.
func (m *merger) sample(tu *tmx.TU) {
	for _, v := range tu.TUVs {
		k := strings.ToLower(v.Lang)
		i, ok := m.langs[k]
		if !ok {
			if len(m.langs) >= maxLangs {
				continue
			}
			i = len(m.rep.Langs)
			m.langs[k] = i
			m.rep.Langs = append(m.rep.Langs, LangSample{Lang: v.Lang})
		}
		ls := &m.rep.Langs[i]
		ls.TUVs++
		if len(ls.Sample) < sampleBytes {
			ls.Sample += v.Text() + "\n"
		}
	}
}
