package tm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"regexp/syntax"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bitext/bitext/tmx"
	"golang.org/x/text/language"
)

// backend is what a database must provide; store implements everything
// else once for both.
type backend interface {
	read(ctx context.Context) (reader, error)  // a read-only snapshot
	write(ctx context.Context) (writer, error) // the one write transaction
	stats(ctx context.Context, s *Stats) error // backend, location, size
	close() error
}

// keyRow is the key tokens of both sides of a unit.
type keyRow struct {
	ID             int64
	SrcKey, TgtKey string
}

type reader interface {
	// df returns the document frequency of each posting hash (0 if absent).
	df(hs []int64) ([]int64, error)
	// postings calls fn for each ref under each of the hashes.
	postings(hs []int64, fn func(h, ref int64)) error
	keys(ids []int64) ([]keyRow, error)
	units(ids []int64) ([]*Unit, error)
	// changed returns the change dates (Unix µs) of units.
	changed(ids []int64) (map[int64]int64, error)
	// scanTexts calls fn with the languages and texts of every unit,
	// newest change first; fn returns errStop to end.
	scanTexts(fn func(id int64, srcLang, tgtLang, src, tgt string) error) error
	// newestIDs calls fn with every unit id, newest change first; fn
	// returns errStop to end.
	newestIDs(fn func(id int64) error) error
	// scan calls fn for every unit, newest (by change date) first or
	// oldest first; fn returns errStop to end early.
	scan(newestFirst bool, fn func(*Unit) error) error
	pairs() ([]PairCount, error)
	counts(s *Stats) error
	// meta reads a key of the meta table.
	meta(key string) (string, bool, error)
	end() error
}

type writer interface {
	reader
	source(name string, at time.Time) (int64, error)
	// findPairs returns the units whose pair hash is one of hs.
	findPairs(hs []int64) ([]*Unit, error)
	// maxID is the highest unit id (0 for none); the writer assigns ids.
	maxID() (int64, error)
	// insertUnits stores new units (their IDs set) with their key strings.
	insertUnits(us []*Unit, sourceID int64, keys [][2]string, hashes []int64) error
	update(u *Unit) error
	addPostings(ps []posting) error // sorted by (h, ref)
	addDF(delta map[int64]int64) error
	addPairs(delta map[[2]string]int64) error
	commit() error
	rollback() error
	// deleteMeta removes a key of the meta table.
	deleteMeta(key string) error
	// textsAfter returns up to n units with ids above id, ascending.
	textsAfter(id int64, n int) ([]textRow, error)
}

type posting struct{ h, ref int64 }

// reindexMeta is the meta key a schema migration sets when the index must
// be rebuilt by code (it cannot be done in SQL): the store does it when it
// opens the memory, in one transaction, and removes the key.
const reindexMeta = "reindex"

// migration2 is schema 2 on both backends: it asks for the concordance
// postings (concordHashes) of the units already stored.
const migration2 = `INSERT INTO meta(key, value) VALUES ('` + reindexMeta + `', 'concord');`

// finishMigration does what a migration left to code: the concordance
// postings of every unit, in one write transaction (all or nothing).
func (s *store) finishMigration(ctx context.Context) error {
	// a read first: opening a memory must not take the write lock
	r, err := s.b.read(ctx)
	if err != nil {
		return err
	}
	_, ok, err := r.meta(reindexMeta)
	r.end()
	if err != nil || !ok {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	w, err := s.b.write(ctx)
	if err != nil {
		return err
	}
	defer w.rollback()
	what, ok, err := w.meta(reindexMeta) // again: another process may have done it
	if err != nil || !ok {
		return err
	}
	if what != "concord" {
		return fmt.Errorf("%w: unknown reindex %q requested by the schema", ErrNotTM, what)
	}
	p := newPending(w)
	last := int64(0)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		rows, err := w.textsAfter(last, 2048)
		if err != nil {
			return err
		}
		for _, r := range rows {
			sl, tl := language.Make(r.sl), language.Make(r.tl)
			p.indexConcord(r.id, [2][]int64{concordHashes(r.src, sl, tl), concordHashes(r.tgt, tl, sl)})
			last = r.id
		}
		if len(p.ps) >= flushPostings {
			if err := p.flushPostings(); err != nil {
				return err
			}
		}
		if len(rows) < 2048 {
			break
		}
	}
	if err := p.flushPostings(); err != nil {
		return err
	}
	if err := w.addDF(p.df); err != nil {
		return err
	}
	if err := w.deleteMeta(reindexMeta); err != nil {
		return err
	}
	return w.commit()
}

var errStop = errors.New("tm: stop")

// ref packs a unit id, the key length of the side (capped at refLenCap)
// and the side (0 source, 1 target) into one posting value, so that the
// length filter needs no unit read.
const refLenCap = 255

func makeRef(id int64, n int, side int) int64 {
	return id<<9 | int64(min(n, refLenCap))<<1 | int64(side)
}

func splitRef(ref int64) (id int64, n int, side int) {
	return ref >> 9, int(ref>>1) & refLenCap, int(ref & 1)
}

type store struct {
	b  backend
	mu sync.Mutex // one writer at a time
}

func (s *store) Close() error { return s.b.close() }

// ---- writing ----

// pending accumulates the index rows of a transaction and flushes them in
// sorted batches (sorted inserts keep B-tree writes local).
type pending struct {
	w     writer
	ps    []posting
	df    map[int64]int64
	pairs map[[2]string]int64
}

const flushPostings = 1 << 20

func newPending(w writer) *pending {
	return &pending{w: w, df: map[int64]int64{}, pairs: map[[2]string]int64{}}
}

func (p *pending) index(id int64, u *Unit, srcKey, tgtKey []string, concord [2][]int64) error {
	p.pairs[[2]string{baseOf(u.SourceLang), baseOf(u.TargetLang)}]++
	p.indexConcord(id, concord)
	for side, key := range [][]string{srcKey, tgtKey} {
		from, to := u.SourceLang, u.TargetLang
		if side == 1 {
			from, to = to, from
		}
		dir := dirKey(from, to)
		ref := makeRef(id, len(key), side)
		seen := map[int64]bool{}
		for _, e := range elements(key) {
			h := postingHash(dir, e)
			if seen[h] {
				continue
			}
			seen[h] = true
			p.ps = append(p.ps, posting{h, ref})
			p.df[h]++
		}
	}
	if len(p.ps) >= flushPostings {
		return p.flushPostings()
	}
	return nil
}

// indexConcord adds the concordance postings of both sides of unit id
// (concordHashes; distinct per side).
func (p *pending) indexConcord(id int64, concord [2][]int64) {
	for side, hs := range concord {
		ref := makeRef(id, 0, side)
		for _, h := range hs {
			p.ps = append(p.ps, posting{h, ref})
			p.df[h]++
		}
	}
}

func (p *pending) flushPostings() error {
	slices.SortFunc(p.ps, func(a, b posting) int {
		if a.h != b.h {
			if a.h < b.h {
				return -1
			}
			return 1
		}
		if a.ref < b.ref {
			return -1
		} else if a.ref > b.ref {
			return 1
		}
		return 0
	})
	err := p.w.addPostings(p.ps)
	p.ps = p.ps[:0]
	return err
}

func (p *pending) flush() error {
	if err := p.flushPostings(); err != nil {
		return err
	}
	if err := p.w.addDF(p.df); err != nil {
		return err
	}
	return p.w.addPairs(p.pairs)
}

// batcher stores units in batches: one query finds the identical twins of
// a batch, the new units are analysed in parallel and inserted with
// multi-row statements.
type batcher struct {
	w        writer
	p        *pending
	sourceID int64
	fromAdd  bool // Add: a twin takes the new status and confidence
	nextID   int64
	buf      []*Unit
	st       ImportStats
}

const batchSize = 512

func newBatcher(w writer, sourceID int64, fromAdd bool) (*batcher, error) {
	id, err := w.maxID()
	if err != nil {
		return nil, err
	}
	return &batcher{w: w, p: newPending(w), sourceID: sourceID, fromAdd: fromAdd, nextID: id + 1}, nil
}

// add validates u and queues it.
func (b *batcher) add(u *Unit) error {
	if err := checkUnit(u); err != nil {
		return err
	}
	b.buf = append(b.buf, u)
	if len(b.buf) >= batchSize {
		return b.flushBatch()
	}
	return nil
}

func sameText(a, b *Unit) bool {
	return a.SourceLang == b.SourceLang && a.TargetLang == b.TargetLang && a.Source == b.Source && a.Target == b.Target
}

// merge folds the duplicate u into its twin t and reports whether t changed.
func (b *batcher) merge(t, u *Unit) bool {
	changed := false
	if u.Changed.After(t.Changed) {
		t.Changed, changed = u.Changed, true
	}
	if !u.Created.IsZero() && u.Created.Before(t.Created) {
		t.Created, changed = u.Created, true
	}
	// An alignment re-stored (status auto) never undoes a review.
	if b.fromAdd && !(u.Status == StatusAuto && t.Status != StatusAuto) {
		if t.Status != u.Status {
			t.Status, changed = u.Status, true
		}
		if u.Confidence != nil {
			t.Confidence, changed = u.Confidence, true
		}
	}
	return changed
}

func (b *batcher) flushBatch() error {
	if len(b.buf) == 0 {
		return nil
	}
	hashes := make([]int64, len(b.buf))
	for i, u := range b.buf {
		hashes[i] = pairHash(u.SourceLang, u.TargetLang, u.Source, u.Target)
	}
	uniq := slices.Clone(hashes)
	slices.Sort(uniq)
	uniq = slices.Compact(uniq)
	old, err := b.w.findPairs(uniq)
	if err != nil {
		return err
	}
	twins := map[int64][]*Unit{}
	for _, t := range old {
		h := pairHash(t.SourceLang, t.TargetLang, t.Source, t.Target)
		twins[h] = append(twins[h], t)
	}
	dirty := map[*Unit]bool{}
	isNew := map[*Unit]bool{}
	var news []*Unit
	var newHashes []int64
	for i, u := range b.buf {
		h := hashes[i]
		var twin *Unit
		for _, t := range twins[h] {
			if sameText(t, u) {
				twin = t
				break
			}
		}
		if twin != nil {
			if b.merge(twin, u) && !isNew[twin] {
				dirty[twin] = true
			}
			b.st.Updated++
			continue
		}
		u.ID = b.nextID
		b.nextID++
		twins[h] = append(twins[h], u)
		isNew[u] = true
		news = append(news, u)
		newHashes = append(newHashes, h)
	}
	// analyse the new units on every core
	keys := make([][2][]string, len(news))
	concord := make([][2][]int64, len(news))
	workers := min(runtime.GOMAXPROCS(0), len(news))
	var wg sync.WaitGroup
	for wk := 0; wk < workers; wk++ {
		wg.Add(1)
		go func(wk int) {
			defer wg.Done()
			for i := wk; i < len(news); i += workers {
				u := news[i]
				keys[i] = [2][]string{analyze(u.Source, u.SourceLang).Key, analyze(u.Target, u.TargetLang).Key}
				if concordOnImport {
					concord[i] = [2][]int64{concordHashes(u.Source, u.SourceLang, u.TargetLang), concordHashes(u.Target, u.TargetLang, u.SourceLang)}
				}
			}
		}(wk)
	}
	wg.Wait()
	joined := make([][2]string, len(news))
	for i := range news {
		joined[i] = [2]string{strings.Join(keys[i][0], " "), strings.Join(keys[i][1], " ")}
	}
	if err := b.w.insertUnits(news, b.sourceID, joined, newHashes); err != nil {
		return err
	}
	for i, u := range news {
		if err := b.p.index(u.ID, u, keys[i][0], keys[i][1], concord[i]); err != nil {
			return err
		}
	}
	for _, t := range old {
		if dirty[t] {
			if err := b.w.update(t); err != nil {
				return err
			}
		}
	}
	b.st.Added += len(news)
	b.buf = b.buf[:0]
	return nil
}

func (b *batcher) finish() error {
	if err := b.flushBatch(); err != nil {
		return err
	}
	return b.p.flush()
}

func checkUnit(u *Unit) error {
	if u.SourceLang == language.Und || u.TargetLang == language.Und {
		return fmt.Errorf("%w: a language tag is missing", ErrUnit)
	}
	if strings.TrimSpace(u.Source) == "" || strings.TrimSpace(u.Target) == "" {
		return fmt.Errorf("%w: empty text", ErrUnit)
	}
	if _, err := ParseStatus(string(u.Status), ""); err != nil || u.Status == "" {
		return fmt.Errorf("%w: status %q", ErrUnit, u.Status)
	}
	if u.Confidence != nil && (math.IsNaN(*u.Confidence) || *u.Confidence < 0 || *u.Confidence > 1) {
		return fmt.Errorf("%w: confidence %v is not in [0,1]", ErrUnit, *u.Confidence)
	}
	return nil
}

func (s *store) Add(ctx context.Context, units []Unit) (ImportStats, error) {
	var st ImportStats
	s.mu.Lock()
	defer s.mu.Unlock()
	w, err := s.b.write(ctx)
	if err != nil {
		return st, err
	}
	now := time.Now().UTC()
	src, err := w.source("add", now)
	if err != nil {
		w.rollback()
		return st, err
	}
	bt, err := newBatcher(w, src, true)
	if err != nil {
		w.rollback()
		return st, err
	}
	for i := range units {
		u := units[i]
		if u.Status == "" {
			u.Status = StatusConfirmed
		}
		if u.Created.IsZero() {
			u.Created = now
		}
		if u.Changed.IsZero() {
			u.Changed = now
		}
		u.Created, u.Changed = u.Created.UTC(), u.Changed.UTC()
		st.TUs++
		if err := bt.add(&u); err != nil {
			w.rollback()
			return ImportStats{}, fmt.Errorf("tm: add: unit %d: %w", i+1, err)
		}
		if ctx.Err() != nil {
			w.rollback()
			return ImportStats{}, ctx.Err()
		}
	}
	if err := bt.finish(); err != nil {
		w.rollback()
		return ImportStats{}, err
	}
	if err := w.commit(); err != nil {
		return ImportStats{}, err
	}
	st.Added, st.Updated = bt.st.Added, bt.st.Updated
	return st, nil
}

func (s *store) Import(ctx context.Context, r io.Reader, opts ImportOptions) (ImportStats, error) {
	var st ImportStats
	name := opts.Name
	if name == "" {
		name = "-"
	}
	fail := func(err error) (ImportStats, error) {
		return ImportStats{}, fmt.Errorf("tm: import %s: %w", name, err)
	}
	dec := tmx.NewDecoder(r)
	hdr, err := dec.Header()
	if err != nil {
		return fail(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	w, err := s.b.write(ctx)
	if err != nil {
		return fail(err)
	}
	now := time.Now().UTC()
	srcID, err := w.source(name, now)
	if err != nil {
		w.rollback()
		return fail(err)
	}
	bt, err := newBatcher(w, srcID, false)
	if err != nil {
		w.rollback()
		return fail(err)
	}
	for {
		if err := ctx.Err(); err != nil {
			w.rollback()
			return fail(err)
		}
		tu, err := dec.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			w.rollback()
			return fail(err)
		}
		st.TUs++
		units, err := unitsOfTU(hdr, tu, name, opts.Status, now)
		if err != nil {
			w.rollback()
			return fail(fmt.Errorf("line %d: %w", tu.Line, err))
		}
		if len(units) == 0 {
			st.Skipped++
		}
		for i := range units {
			if err := bt.add(&units[i]); err != nil {
				w.rollback()
				return fail(fmt.Errorf("line %d: %w", tu.Line, err))
			}
		}
	}
	if err := bt.finish(); err != nil {
		w.rollback()
		return fail(err)
	}
	if err := w.commit(); err != nil {
		return fail(err)
	}
	st.Added, st.Updated = bt.st.Added, bt.st.Updated
	return st, nil
}

// unitsOfTU turns a TU into pairs: its source variant (the TU's or the
// header's srclang, the first variant for *all*) with each other variant.
func unitsOfTU(h *tmx.Header, tu *tmx.TU, file string, def Status, now time.Time) ([]Unit, error) {
	if len(tu.TUVs) < 2 {
		return nil, nil
	}
	srcLang := tu.SrcLang
	if srcLang == "" {
		srcLang = h.SrcLang
	}
	si := 0
	if srcLang != "" && srcLang != tmx.AllLangs {
		si = -1
		for i := range tu.TUVs {
			if strings.EqualFold(tu.TUVs[i].Lang, srcLang) {
				si = i
				break
			}
		}
		if si < 0 {
			// a TU without its source language: pair the first variant
			si = 0
		}
	}
	src := tu.TUVs[si]
	sl, err := ParseLang(src.Lang)
	if err != nil {
		return nil, err
	}
	status := def
	var conf *float64
	var props []Prop
	for _, pr := range tu.Props {
		switch pr.Type {
		case "x-status":
			st, err := ParseStatus(pr.Value, "")
			if err != nil {
				return nil, err
			}
			status = st
		case "x-confidence":
			if c, err := strconv.ParseFloat(pr.Value, 64); err == nil && c >= 0 && c <= 1 {
				conf = &c
			}
		}
		props = append(props, Prop{Type: pr.Type, Value: pr.Value})
	}
	if status == "" {
		status = StatusConfirmed
		if conf != nil {
			status = StatusAuto
		}
	}
	url, _ := tu.Prop("x-original-url")
	created := firstTime(src.CreationDate, tu.CreationDate, now)
	var out []Unit
	for i := range tu.TUVs {
		if i == si {
			continue
		}
		tgt := tu.TUVs[i]
		tl, err := ParseLang(tgt.Lang)
		if err != nil {
			return nil, err
		}
		st, tt := src.Text(), tgt.Text()
		if strings.TrimSpace(st) == "" || strings.TrimSpace(tt) == "" {
			continue
		}
		ch := firstTime(latest(tgt.ChangeDate, tu.ChangeDate), created, now)
		out = append(out, Unit{
			SourceLang: sl, TargetLang: tl, Source: st, Target: tt,
			File: file, TUID: tu.TUID, URL: url, Props: props,
			Confidence: conf, Status: status,
			Created: created.UTC(), Changed: ch.UTC(),
		})
	}
	return out, nil
}

func firstTime(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// ---- lookup ----

// probeBudget is how many postings lookup reads beyond the mandatory
// n−k+1 lists to sharpen the count filter.
const probeBudget = 4096

// direction is one searchable (from, to) pair of base languages.
type direction struct{ from, to string }

func (s *store) directions(r reader, from, to language.Tag) ([]direction, error) {
	f := baseOf(from)
	if to != language.Und {
		return []direction{{f, baseOf(to)}}, nil
	}
	pairs, err := r.pairs()
	if err != nil {
		return nil, err
	}
	var out []direction
	for _, p := range pairs {
		var d direction
		switch {
		case p.Source == f:
			d = direction{f, p.Target}
		case p.Target == f:
			d = direction{f, p.Source}
		default:
			continue
		}
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out, nil
}

func checkQuery(q *Query) error {
	if strings.TrimSpace(q.Text) == "" {
		return fmt.Errorf("%w: empty text", ErrQuery)
	}
	if q.From == language.Und {
		return fmt.Errorf("%w: no query language", ErrQuery)
	}
	if q.Min < 1 || q.Min > 100 {
		return fmt.Errorf("%w: min %d is not in 1..100", ErrQuery, q.Min)
	}
	if q.Max < 1 {
		return fmt.Errorf("%w: max %d is not positive", ErrQuery, q.Max)
	}
	return nil
}

func (s *store) Lookup(ctx context.Context, q Query) ([]Match, error) {
	if err := checkQuery(&q); err != nil {
		return nil, err
	}
	r, err := s.b.read(ctx)
	if err != nil {
		return nil, err
	}
	defer r.end()
	return s.lookup(ctx, r, q, false)
}

// lookup runs a query on a snapshot; exhaustive scans every unit instead of
// using the index (the reference the tests compare with).
func (s *store) lookup(ctx context.Context, r reader, q Query, exhaustive bool) ([]Match, error) {
	qa := analyze(q.Text, q.From)
	if len(qa.Key) == 0 {
		return nil, fmt.Errorf("%w: no tokens", ErrQuery)
	}
	dirs, err := s.directions(r, q.From, q.To)
	if err != nil {
		return nil, err
	}
	var out []Match
	for _, d := range dirs {
		var ms []Match
		if exhaustive {
			ms, err = s.scanMatches(ctx, r, &qa, q, d)
		} else {
			ms, err = s.indexedMatches(ctx, r, &qa, q, d)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, ms...)
	}
	slices.SortFunc(out, func(a, b Match) int { return compareMatches(&a, &b) })
	if len(out) > q.Max {
		out = out[:q.Max]
	}
	return out, nil
}

// candidateBound returns k, the number of key elements a unit must share
// with a query of n elements to reach min, and the longest unit key that
// can reach it.
func candidateBound(n, min int) (k, maxLen int) {
	k = (min*n + 99) / 100
	maxLen = 100 * n / min
	return k, maxLen
}

func (s *store) indexedMatches(ctx context.Context, r reader, qa *analysis, q Query, d direction) ([]Match, error) {
	elems := elements(qa.Key)
	n := len(elems)
	k, maxLen := candidateBound(n, q.Min)
	dir := d.from + ">" + d.to
	hs := make([]int64, n)
	for i, e := range elems {
		hs[i] = postingHash(dir, e)
	}
	dfs, err := r.df(hs)
	if err != nil {
		return nil, err
	}
	probe, need := chooseProbes(hs, dfs, k)
	counts := map[int64]int32{}
	err = r.postings(probe, func(_, ref int64) {
		_, m, _ := splitRef(ref)
		if m < k || (m > maxLen && !(m == refLenCap && maxLen >= refLenCap)) {
			return
		}
		counts[ref]++
	})
	if err != nil {
		return nil, err
	}
	type cand struct {
		id   int64
		side int
	}
	var cands []cand
	var ids []int64
	for ref, c := range counts {
		if int(c) >= need {
			id, _, side := splitRef(ref)
			cands = append(cands, cand{id, side})
			ids = append(ids, id)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, nil
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	rows, err := r.keys(ids)
	if err != nil {
		return nil, err
	}
	keyOf := make(map[int64]*keyRow, len(rows))
	for i := range rows {
		keyOf[rows[i].ID] = &rows[i]
	}
	prims := map[int64]int{}
	sides := map[int64]int{}
	var keep []int64
	for _, c := range cands {
		kr := keyOf[c.id]
		if kr == nil {
			continue
		}
		key := kr.SrcKey
		if c.side == 1 {
			key = kr.TgtKey
		}
		prim := similarity(qa.Key, strings.Fields(key))
		if prim < q.Min {
			continue
		}
		if old, ok := prims[c.id]; ok && old >= prim {
			continue
		}
		if _, ok := prims[c.id]; !ok {
			keep = append(keep, c.id)
		}
		prims[c.id], sides[c.id] = prim, c.side
	}
	if len(keep) == 0 {
		return nil, nil
	}
	slices.Sort(keep)
	units, err := r.units(keep)
	if err != nil {
		return nil, err
	}
	var out []Match
	for _, u := range units {
		if m, ok := matchUnit(qa, q, d, u, sides[u.ID]); ok {
			out = append(out, m)
		}
	}
	return out, nil
}

// chooseProbes picks the postings lists to read for a query whose n = len(hs)
// elements have document frequencies dfs, when a match must share k of
// them: the rarest n−k+1 (any n−k+1 will do: a unit sharing k elements
// contains one of them), then more while they are cheap, each raising the
// number of lists a candidate must appear in (k − (n − p)).
func chooseProbes(hs, dfs []int64, k int) (probe []int64, need int) {
	n := len(hs)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return int(dfs[a] - dfs[b]) })
	p := n - k + 1
	cost := int64(0)
	for _, i := range order[:p] {
		cost += dfs[i]
	}
	for p < n && cost+dfs[order[p]] <= max(probeBudget, 2*cost) {
		cost += dfs[order[p]]
		p++
	}
	probe = make([]int64, 0, p)
	for _, i := range order[:p] {
		if dfs[i] > 0 && !slices.Contains(probe, hs[i]) {
			probe = append(probe, hs[i])
		}
	}
	need = k - (n - p)
	if len(probe) < p-countZero(dfs, order[:p]) {
		need = 1 // a hash collision among the query's elements: count conservatively
	}
	return probe, need
}

func countZero(dfs []int64, idx []int) int {
	n := 0
	for _, i := range idx {
		if dfs[i] == 0 {
			n++
		}
	}
	return n
}

// matchUnit scores side `side` of u against the query and reports whether
// it is a match for direction d.
func matchUnit(qa *analysis, q Query, d direction, u *Unit, side int) (Match, bool) {
	if u.Status == StatusRejected {
		return Match{}, false
	}
	text, other := u.Source, u.Target
	tl, ol := u.SourceLang, u.TargetLang
	if side == 1 {
		text, other, tl, ol = other, text, ol, tl
	}
	if baseOf(tl) != d.from || baseOf(ol) != d.to {
		return Match{}, false
	}
	ca := analyze(text, tl)
	prim := similarity(qa.Key, ca.Key)
	if prim < q.Min {
		return Match{}, false
	}
	sc := scoreAnalyses(qa, &ca, q.Text, text, prim, u.Status)
	if sc.Stemmed < q.Min {
		return Match{}, false
	}
	return Match{Source: text, Target: other, SourceLang: tl, TargetLang: ol, Scores: sc, Unit: u}, true
}

func (s *store) scanMatches(ctx context.Context, r reader, qa *analysis, q Query, d direction) ([]Match, error) {
	var out []Match
	err := r.scan(false, func(u *Unit) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		best := Match{}
		found := false
		for side := 0; side < 2; side++ {
			if m, ok := matchUnit(qa, q, d, u, side); ok && (!found || compareMatches(&m, &best) < 0) {
				best, found = m, true
			}
		}
		if found {
			out = append(out, best)
		}
		return nil
	})
	return out, err
}

// ---- concordance ----

// concordWalk: above this many candidates, concordance walks the units
// newest first instead of sorting the candidates by date.
var concordWalk = 4000 // a variable so that tests can exercise both paths

// concordOnImport is false only in the test that builds a schema 1
// memory (without concordance postings) to migrate.
var concordOnImport = true

// concordCandidates bounds how many units a word concordance verifies
// before it reads further postings lists to narrow the set.
const concordCandidates = 2000

func (s *store) Concord(ctx context.Context, q ConcordQuery) ([]Hit, error) {
	if strings.TrimSpace(q.Text) == "" {
		return nil, fmt.Errorf("%w: empty text", ErrQuery)
	}
	if q.Source == language.Und || q.Target == language.Und {
		return nil, fmt.Errorf("%w: concordance needs both languages of the pair", ErrQuery)
	}
	if q.Max < 1 {
		return nil, fmt.Errorf("%w: max %d is not positive", ErrQuery, q.Max)
	}
	if q.Side == "" {
		q.Side = SideSource
	}
	if q.Side != SideSource && q.Side != SideTarget {
		return nil, fmt.Errorf("%w: side %q is not source or target", ErrQuery, q.Side)
	}
	from, to := q.Source, q.Target
	if q.Side == SideTarget {
		from, to = to, from
	}
	m, err := newConcordMatcher(q.Text, from, q.Regex)
	if err != nil {
		return nil, err
	}
	r, err := s.b.read(ctx)
	if err != nil {
		return nil, err
	}
	defer r.end()
	return s.concord(ctx, r, q, m, direction{baseOf(from), baseOf(to)}, false)
}

// concordRun is one concordance search on a snapshot.
type concordRun struct {
	ctx        context.Context
	r          reader
	q          ConcordQuery
	m          *concordMatcher
	d          direction
	exhaustive bool
	hits       []Hit
}

func (c *concordRun) check(u *Unit, side int) {
	if h, ok := c.m.hit(u, side, c.d, c.q); ok {
		c.hits = append(c.hits, h)
	}
}

func (c *concordRun) full() bool { return !c.exhaustive && len(c.hits) >= c.q.Max }

func (s *store) concord(ctx context.Context, r reader, q ConcordQuery, m *concordMatcher, d direction, exhaustive bool) ([]Hit, error) {
	c := &concordRun{ctx: ctx, r: r, q: q, m: m, d: d, exhaustive: exhaustive}
	var err error
	if exhaustive {
		err = c.scan()
	} else {
		err = c.indexed()
	}
	if err != nil && err != errStop {
		return nil, err
	}
	hits := c.hits
	slices.SortFunc(hits, func(a, b Hit) int {
		if c := b.Unit.Changed.Compare(a.Unit.Changed); c != 0 {
			return c
		}
		if a.Unit.ID != b.Unit.ID {
			if b.Unit.ID < a.Unit.ID {
				return -1
			}
			return 1
		}
		return strings.Compare(string(a.Side), string(b.Side))
	})
	if len(hits) > q.Max {
		hits = hits[:q.Max]
	}
	return hits, nil
}

// scan reads every unit newest first, languages and texts only (a unit is
// loaded for a hit): the reference the index is tested against.
func (c *concordRun) scan() error {
	bases := map[string]string{}
	base := func(tag string) string {
		b, ok := bases[tag]
		if !ok {
			b = baseOf(language.Make(tag))
			bases[tag] = b
		}
		return b
	}
	return c.r.scanTexts(func(id int64, sl, tl, src, tgt string) error {
		if err := c.ctx.Err(); err != nil {
			return err
		}
		bs, bt := base(sl), base(tl)
		sides := [2]bool{bs == c.d.from && bt == c.d.to, bt == c.d.from && bs == c.d.to}
		for side, text := range [2]string{src, tgt} {
			if sides[side] && !c.m.mayHit(text) {
				sides[side] = false
			}
		}
		if !sides[0] && !sides[1] {
			return nil
		}
		us, err := c.r.units([]int64{id})
		if err != nil || len(us) == 0 {
			return err
		}
		for side := range 2 {
			if sides[side] {
				c.check(us[0], side)
			}
		}
		if c.full() {
			return errStop
		}
		return nil
	})
}

// candidates returns a superset of the units (keys id<<1 | side) that
// contain every posting of q: the rarest lists first, reading no more once
// the set is small (concordCandidates); an empty set, not nil, for none.
func (c *concordRun) candidates(q *concordQuery) (map[int64]bool, error) {
	dfs, err := c.r.df(q.all)
	if err != nil {
		return nil, err
	}
	order := make([]int, len(q.all))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpDesc(dfs[b], dfs[a]) })
	var set map[int64]bool
	for _, i := range order {
		if set != nil && len(set) <= concordCandidates {
			break
		}
		if dfs[i] == 0 {
			return map[int64]bool{}, nil
		}
		if set, err = c.intersect(set, q.all[i]); err != nil {
			return nil, err
		}
	}
	for _, alts := range q.any {
		if set != nil && len(set) <= concordCandidates {
			break
		}
		union := map[int64]bool{}
		for _, a := range alts {
			sub, err := c.candidates(a)
			if err != nil {
				return nil, err
			}
			for k := range sub {
				if set == nil || set[k] {
					union[k] = true
				}
			}
		}
		set = union
	}
	if set == nil { // only for a query without postings, which newConcordMatcher refuses
		return nil, fmt.Errorf("tm: concordance query without index terms")
	}
	return set, nil
}

// intersect returns the keys of set (all, if nil) that have posting h.
func (c *concordRun) intersect(set map[int64]bool, h int64) (map[int64]bool, error) {
	next := map[int64]bool{}
	err := c.r.postings([]int64{h}, func(_, ref int64) {
		id, _, side := splitRef(ref)
		key := id<<1 | int64(side)
		if set == nil || set[key] {
			next[key] = true
		}
	})
	return next, err
}

func (c *concordRun) indexed() error {
	set, err := c.candidates(c.m.query(c.d))
	if err != nil || len(set) == 0 {
		return err
	}
	if len(set) > concordWalk {
		return c.walk(set)
	}
	keys := make([]int64, 0, len(set))
	ids := make([]int64, 0, len(set))
	for k := range set {
		keys = append(keys, k)
		ids = append(ids, k>>1)
	}
	slices.Sort(ids)
	changed, err := c.r.changed(slices.Compact(ids))
	if err != nil {
		return err
	}
	// Verify in the order of the answer (newest first) and stop at Max
	// hits: the first Max found are the answer.
	slices.SortFunc(keys, func(a, b int64) int {
		if ca, cb := changed[a>>1], changed[b>>1]; ca != cb {
			return cmpDesc(ca, cb)
		}
		if a>>1 != b>>1 {
			return cmpDesc(a>>1, b>>1)
		}
		return int(a&1) - int(b&1)
	})
	const chunk = 64
	for off := 0; off < len(keys) && !c.full(); off += chunk {
		if err := c.ctx.Err(); err != nil {
			return err
		}
		part := keys[off:min(off+chunk, len(keys))]
		pids := make([]int64, 0, len(part))
		for _, k := range part {
			pids = append(pids, k>>1)
		}
		slices.Sort(pids)
		units, err := c.r.units(slices.Compact(pids))
		if err != nil {
			return err
		}
		byID := make(map[int64]*Unit, len(units))
		for _, u := range units {
			byID[u.ID] = u
		}
		for _, k := range part {
			if u := byID[k>>1]; u != nil && !c.full() {
				c.check(u, int(k&1))
			}
		}
	}
	return nil
}

func cmpDesc(a, b int64) int {
	if a > b {
		return -1
	}
	if a < b {
		return 1
	}
	return 0
}

// walk serves a large candidate set: the units newest first (an
// index-only scan), verifying those in the set until Max hits.
func (c *concordRun) walk(set map[int64]bool) error {
	return c.r.newestIDs(func(id int64) error {
		if err := c.ctx.Err(); err != nil {
			return err
		}
		s0, s1 := set[id<<1], set[id<<1|1]
		if !s0 && !s1 {
			return nil
		}
		us, err := c.r.units([]int64{id})
		if err != nil || len(us) == 0 {
			return err
		}
		if s0 {
			c.check(us[0], 0)
		}
		if s1 && !c.full() {
			c.check(us[0], 1)
		}
		if c.full() {
			return errStop
		}
		return nil
	})
}

// concordMatcher finds a query in unit texts.
type concordMatcher struct {
	lang   language.Tag
	phrase []string // stems of the query's words and numbers
	cores  []string // substrings every hit's folded text contains (see stemCore)
	re     *regexp.Regexp
	req    *textReq // what the index must find in every hit's side
}

// textReq is what every hit contains: all the stems (in the namespace
// inConcordNS picks) and trigrams, and for each group of alts one of them.
type textReq struct {
	stems  []string // lookup-key content stems
	cstems []string // stems under "c"
	tris   []string // trigrams under "t"
	alts   [][]*textReq
}

// concordQuery is a textReq hashed for one direction.
type concordQuery struct {
	all []int64
	any [][]*concordQuery
}

func (r *textReq) hash(dir string) *concordQuery {
	q := &concordQuery{}
	add := func(h int64) {
		if !slices.Contains(q.all, h) {
			q.all = append(q.all, h)
		}
	}
	for _, st := range r.stems {
		add(postingHash(dir, st))
	}
	for _, st := range r.cstems {
		add(concordHash(dir, st))
	}
	for _, t := range r.tris {
		add(trigramHash(dir, t))
	}
	for _, alts := range r.alts {
		var qs []*concordQuery
		for _, a := range alts {
			qs = append(qs, a.hash(dir))
		}
		q.any = append(q.any, qs)
	}
	return q
}

func (m *concordMatcher) query(d direction) *concordQuery {
	return m.req.hash(d.from + ">" + d.to)
}

// andReq is the requirement of both a and b (nil requires nothing).
func andReq(a, b *textReq) *textReq {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	return &textReq{
		stems:  append(slices.Clone(a.stems), b.stems...),
		cstems: append(slices.Clone(a.cstems), b.cstems...),
		tris:   append(slices.Clone(a.tris), b.tris...),
		alts:   append(slices.Clone(a.alts), b.alts...),
	}
}

// literalReq: the trigrams of the runs of word runes of a literal that
// a match contains (runs shorter than three runes give none).
func literalReq(lit string) *textReq {
	var tris []string
	forTrigrams(lit, func(t string) {
		if !slices.Contains(tris, t) {
			tris = append(tris, t)
		}
	})
	if len(tris) == 0 {
		return nil
	}
	return &textReq{tris: tris}
}

// regexReq is what every match of re contains, after the idea of Russ
// Cox's trigram index for regular expression search (Google Code Search,
// 2012), kept to the cases that need no rewriting: literals, concatenation,
// alternation, and repetitions of at least one. Anything else requires
// nothing, which is always true.
func regexReq(re *syntax.Regexp) *textReq {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil
		}
		return literalReq(string(re.Rune))
	case syntax.OpCapture, syntax.OpPlus:
		return regexReq(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return regexReq(re.Sub[0])
		}
	case syntax.OpConcat:
		var out *textReq
		for _, sub := range re.Sub {
			out = andReq(out, regexReq(sub))
		}
		return out
	case syntax.OpAlternate:
		var alts []*textReq
		for _, sub := range re.Sub {
			r := regexReq(sub)
			if r == nil {
				return nil
			}
			alts = append(alts, r)
		}
		return &textReq{alts: [][]*textReq{alts}}
	}
	return nil
}

func newConcordMatcher(text string, lang language.Tag, isRegex bool) (*concordMatcher, error) {
	m := &concordMatcher{lang: lang}
	if isRegex {
		re, tree, err := foldRegexp(text)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrQuery, err)
		}
		m.re = re
		if m.req = regexReq(tree); m.req == nil {
			return nil, fmt.Errorf("%w: the regular expression %q has no literal of three letters or digits that every match contains, which the index needs", ErrQuery, text)
		}
		return m, nil
	}
	a := analyze(text, lang)
	stop, stopSt := stopWords(lang), stopStems(lang)
	m.req = &textReq{}
	for _, t := range a.Tokens {
		if t.Kind == tokPunct {
			continue
		}
		st := stem(t.Text)
		m.phrase = append(m.phrase, st)
		if c := stemCore(st); c != "" && !slices.Contains(m.cores, c) {
			m.cores = append(m.cores, c)
		}
		switch {
		case inConcordNS(t, st, stop, stopSt):
			m.req.cstems = append(m.req.cstems, st)
		case t.Kind == tokWord:
			m.req.stems = append(m.req.stems, st)
		}
	}
	if len(m.phrase) == 0 {
		return nil, fmt.Errorf("%w: no words in %q", ErrQuery, text)
	}
	return m, nil
}

// stemCore returns a substring of every folded word whose stem is st:
// feature.Stem only removes affixes, except that English -ies and -ied
// become -y, so the stem without a final y is a substring of the word
// (TestStemCoreIsSubstring checks it on the eval corpora).
func stemCore(st string) string { return strings.TrimSuffix(st, "y") }

// foldRegexp compiles a user expression with its literals folded like the
// texts it is matched against; it returns the folded syntax tree too.
func foldRegexp(expr string) (*regexp.Regexp, *syntax.Regexp, error) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil, nil, err
	}
	var walk func(*syntax.Regexp)
	walk = func(r *syntax.Regexp) {
		if r.Op == syntax.OpLiteral {
			r.Rune = []rune(fold(string(r.Rune)))
			r.Flags &^= syntax.FoldCase
			if len(r.Rune) == 0 {
				r.Op = syntax.OpEmptyMatch
			}
		}
		for _, s := range r.Sub {
			walk(s)
		}
	}
	walk(re)
	c, err := regexp.Compile(re.String())
	return c, re, err
}

// mayHit is a cheap necessary condition for a hit in text, checked before
// the mapped fold and the tokenization.
func (m *concordMatcher) mayHit(text string) bool {
	if m.re != nil {
		f, _ := foldMapped(text)
		return m.re.MatchString(f)
	}
	f := fold(text)
	for _, c := range m.cores {
		if !strings.Contains(f, c) {
			return false
		}
	}
	return true
}

func (m *concordMatcher) hit(u *Unit, side int, d direction, q ConcordQuery) (Hit, bool) {
	text, other := u.Source, u.Target
	tl, ol := u.SourceLang, u.TargetLang
	if side == 1 {
		text, other, tl, ol = other, text, ol, tl
	}
	if baseOf(tl) != d.from || baseOf(ol) != d.to {
		return Hit{}, false
	}
	if !m.mayHit(text) {
		return Hit{}, false
	}
	folded, offs := foldMapped(text)
	var spans []Span
	if m.re != nil {
		for _, loc := range m.re.FindAllStringIndex(folded, -1) {
			if loc[1] > loc[0] {
				spans = append(spans, Span{offs[loc[0]], offs[loc[1]]})
			}
		}
	} else {
		var toks []token
		for _, t := range tokenize(folded) {
			if t.Kind != tokPunct {
				toks = append(toks, t)
			}
		}
	outer:
		for i := 0; i+len(m.phrase) <= len(toks); i++ {
			for j, p := range m.phrase {
				if stem(toks[i+j].Text) != p {
					continue outer
				}
			}
			spans = append(spans, Span{offs[toks[i].Start], offs[toks[i+len(m.phrase)-1].End]})
		}
	}
	if len(spans) == 0 {
		return Hit{}, false
	}
	h := Hit{Source: text, Target: other, SourceLang: tl, TargetLang: ol, Side: q.Side, Spans: spans, Unit: u}
	if q.Side == SideTarget {
		h.Source, h.Target, h.SourceLang, h.TargetLang = other, text, ol, tl
	}
	return h, true
}

// ---- export and stats ----

func (s *store) Export(ctx context.Context, f Filter, fn func(*Unit) error) error {
	r, err := s.b.read(ctx)
	if err != nil {
		return err
	}
	defer r.end()
	fs, ft := "", ""
	if f.Source != language.Und {
		fs = baseOf(f.Source)
	}
	if f.Target != language.Und {
		ft = baseOf(f.Target)
	}
	return r.scan(false, func(u *Unit) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		a, b := baseOf(u.SourceLang), baseOf(u.TargetLang)
		if fs != "" && fs != a && fs != b || ft != "" && ft != a && ft != b {
			return nil
		}
		if f.Status != "" && u.Status != f.Status || f.File != "" && !strings.Contains(u.File, f.File) {
			return nil
		}
		if !f.Since.IsZero() && u.Changed.Before(f.Since) {
			return nil
		}
		return fn(u)
	})
}

func (s *store) Pairs(ctx context.Context) ([]PairCount, error) {
	r, err := s.b.read(ctx)
	if err != nil {
		return nil, err
	}
	defer r.end()
	return r.pairs()
}

func (s *store) Stats(ctx context.Context) (Stats, error) {
	st := Stats{SchemaVersion: SchemaVersion, ByStatus: map[Status]int64{}}
	if err := s.b.stats(ctx, &st); err != nil {
		return st, err
	}
	r, err := s.b.read(ctx)
	if err != nil {
		return st, err
	}
	defer r.end()
	if st.Pairs, err = r.pairs(); err != nil {
		return st, err
	}
	return st, r.counts(&st)
}
