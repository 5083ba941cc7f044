package tm

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
)

// dialect is what differs between the SQL of the two backends.
type dialect struct {
	name string
	// ph returns the placeholder of parameter i (1-based).
	ph func(i int) string
	// in returns "IN (...)" over one list parameter and the argument.
	in func(i int, ids []int64) (string, any)
	// dfUpsert, pairUpsert: the ON CONFLICT update clauses.
	dfUpsert, pairUpsert string
}

var sqliteDialect = &dialect{
	name: "sqlite",
	ph:   func(int) string { return "?" },
	in: func(_ int, ids []int64) (string, any) {
		b, _ := json.Marshal(ids)
		return "IN (SELECT value FROM json_each(?))", string(b)
	},
	dfUpsert:   "ON CONFLICT (h) DO UPDATE SET n = n + excluded.n",
	pairUpsert: "ON CONFLICT (src, tgt) DO UPDATE SET n = n + excluded.n",
}

var postgresDialect = &dialect{
	name: "postgres",
	ph:   func(i int) string { return "$" + strconv.Itoa(i) },
	in: func(i int, ids []int64) (string, any) {
		return "= ANY($" + strconv.Itoa(i) + ")", ids
	},
	dfUpsert:   "ON CONFLICT (h) DO UPDATE SET n = df.n + excluded.n",
	pairUpsert: "ON CONFLICT (src, tgt) DO UPDATE SET n = pairs.n + excluded.n",
}

// sqlTx implements reader and writer over database/sql for both backends.
type sqlTx struct {
	ctx   context.Context
	tx    *sql.Tx
	d     *dialect
	stmts map[string]*sql.Stmt
}

func (t *sqlTx) q(query string) string {
	if t.d.ph(1) == "?" {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString(t.d.ph(n))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func (t *sqlTx) stmt(query string) (*sql.Stmt, error) {
	if s, ok := t.stmts[query]; ok {
		return s, nil
	}
	if t.stmts == nil {
		t.stmts = map[string]*sql.Stmt{}
	}
	s, err := t.tx.PrepareContext(t.ctx, t.q(query))
	if err != nil {
		return nil, fmt.Errorf("tm: %w", err)
	}
	t.stmts[query] = s
	return s, nil
}

func (t *sqlTx) end() error {
	return t.tx.Rollback()
}

func (t *sqlTx) rollback() error { return t.tx.Rollback() }

func (t *sqlTx) commit() error {
	if err := t.tx.Commit(); err != nil {
		return fmt.Errorf("tm: commit: %w", err)
	}
	return nil
}

func (t *sqlTx) df(hs []int64) ([]int64, error) {
	out := make([]int64, len(hs))
	if len(hs) == 0 {
		return out, nil
	}
	in, arg := t.d.in(1, hs)
	rows, err := t.tx.QueryContext(t.ctx, "SELECT h, n FROM df WHERE h "+in, arg)
	if err != nil {
		return nil, fmt.Errorf("tm: %w", err)
	}
	defer rows.Close()
	got := map[int64]int64{}
	for rows.Next() {
		var h, n int64
		if err := rows.Scan(&h, &n); err != nil {
			return nil, fmt.Errorf("tm: %w", err)
		}
		got[h] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("tm: %w", err)
	}
	for i, h := range hs {
		out[i] = got[h]
	}
	return out, nil
}

func (t *sqlTx) postings(hs []int64, fn func(h, ref int64)) error {
	if len(hs) == 0 {
		return nil
	}
	in, arg := t.d.in(1, hs)
	rows, err := t.tx.QueryContext(t.ctx, "SELECT h, refs FROM postings WHERE h "+in, arg)
	if err != nil {
		return fmt.Errorf("tm: %w", err)
	}
	defer rows.Close()
	var blob []byte
	for rows.Next() {
		var h int64
		if err := rows.Scan(&h, &blob); err != nil {
			return fmt.Errorf("tm: %w", err)
		}
		if err := decodeRefs(blob, func(ref int64) { fn(h, ref) }); err != nil {
			return fmt.Errorf("tm: postings of %d: %w", h, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("tm: %w", err)
	}
	return nil
}

// Postings are stored as one row per (hash, segment): the refs of the
// units one flush indexed under that hash, ascending, as varint deltas.
// Rows are few (one per hash per flush, not per unit) and small.

func encodeRefs(dst []byte, refs []int64) []byte {
	prev := int64(0)
	for _, r := range refs {
		dst = binary.AppendUvarint(dst, uint64(r-prev))
		prev = r
	}
	return dst
}

func decodeRefs(b []byte, fn func(ref int64)) error {
	prev := int64(0)
	for len(b) > 0 {
		d, n := binary.Uvarint(b)
		if n <= 0 {
			return fmt.Errorf("corrupt postings")
		}
		prev += int64(d)
		fn(prev)
		b = b[n:]
	}
	return nil
}

func (t *sqlTx) keys(ids []int64) ([]keyRow, error) {
	in, arg := t.d.in(1, ids)
	rows, err := t.tx.QueryContext(t.ctx, "SELECT id, src_key, tgt_key FROM units WHERE id "+in, arg)
	if err != nil {
		return nil, fmt.Errorf("tm: %w", err)
	}
	defer rows.Close()
	out := make([]keyRow, 0, len(ids))
	for rows.Next() {
		var k keyRow
		if err := rows.Scan(&k.ID, &k.SrcKey, &k.TgtKey); err != nil {
			return nil, fmt.Errorf("tm: %w", err)
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("tm: %w", err)
	}
	return out, nil
}

func (t *sqlTx) changed(ids []int64) (map[int64]int64, error) {
	out := make(map[int64]int64, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	in, arg := t.d.in(1, ids)
	rows, err := t.tx.QueryContext(t.ctx, "SELECT id, changed FROM units WHERE id "+in, arg)
	if err != nil {
		return nil, fmt.Errorf("tm: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, ch int64
		if err := rows.Scan(&id, &ch); err != nil {
			return nil, fmt.Errorf("tm: %w", err)
		}
		out[id] = ch
	}
	return out, rows.Err()
}

// scanTexts and newestIDs read in pages (keyset pagination on changed,
// id) and call fn between queries, so that fn may query the same
// transaction: PostgreSQL connections cannot run a query while another
// one's rows are open.

type textRow struct {
	id, changed      int64
	sl, tl, src, tgt string
}

func (t *sqlTx) scanTexts(fn func(id int64, sl, tl, src, tgt string) error) error {
	return t.pages("id, changed, src_lang, tgt_lang, src, tgt", 512, func(rows *sql.Rows) (textRow, error) {
		var r textRow
		err := rows.Scan(&r.id, &r.changed, &r.sl, &r.tl, &r.src, &r.tgt)
		return r, err
	}, func(r textRow) error { return fn(r.id, r.sl, r.tl, r.src, r.tgt) })
}

func (t *sqlTx) newestIDs(fn func(id int64) error) error {
	return t.pages("id, changed", 4096, func(rows *sql.Rows) (textRow, error) {
		var r textRow
		err := rows.Scan(&r.id, &r.changed)
		return r, err
	}, func(r textRow) error { return fn(r.id) })
}

func (t *sqlTx) pages(cols string, size int, scan func(*sql.Rows) (textRow, error), fn func(textRow) error) error {
	var last *textRow
	for {
		var rows *sql.Rows
		var err error
		if last == nil {
			rows, err = t.tx.QueryContext(t.ctx, t.q("SELECT "+cols+" FROM units ORDER BY changed DESC, id DESC LIMIT ?"), size)
		} else {
			rows, err = t.tx.QueryContext(t.ctx, t.q("SELECT "+cols+" FROM units WHERE (changed, id) < (?, ?) ORDER BY changed DESC, id DESC LIMIT ?"),
				last.changed, last.id, size)
		}
		if err != nil {
			return fmt.Errorf("tm: %w", err)
		}
		var page []textRow
		for rows.Next() {
			r, err := scan(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("tm: %w", err)
			}
			page = append(page, r)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("tm: %w", err)
		}
		for _, r := range page {
			if err := fn(r); err != nil {
				return err
			}
		}
		if len(page) < size {
			return nil
		}
		last = &page[len(page)-1]
	}
}

const unitCols = `u.id, u.src_lang, u.tgt_lang, u.src, u.tgt, s.name, u.tuid, u.url, u.props,
	u.confidence, u.status, u.created, u.changed`

const unitFrom = ` FROM units u JOIN sources s ON s.id = u.source_id `

type rowScanner interface{ Scan(...any) error }

func scanUnit(r rowScanner) (*Unit, error) {
	var u Unit
	var sl, tl, props, status string
	var conf sql.NullFloat64
	var created, changed int64
	if err := r.Scan(&u.ID, &sl, &tl, &u.Source, &u.Target, &u.File, &u.TUID, &u.URL, &props,
		&conf, &status, &created, &changed); err != nil {
		return nil, fmt.Errorf("tm: %w", err)
	}
	var err error
	if u.SourceLang, err = language.Parse(sl); err != nil {
		return nil, fmt.Errorf("tm: unit %d: source language %q: %w", u.ID, sl, err)
	}
	if u.TargetLang, err = language.Parse(tl); err != nil {
		return nil, fmt.Errorf("tm: unit %d: target language %q: %w", u.ID, tl, err)
	}
	if props != "" {
		if err := json.Unmarshal([]byte(props), &u.Props); err != nil {
			return nil, fmt.Errorf("tm: unit %d: props: %w", u.ID, err)
		}
	}
	if conf.Valid {
		c := conf.Float64
		u.Confidence = &c
	}
	u.Status = Status(status)
	u.Created = time.UnixMicro(created).UTC()
	u.Changed = time.UnixMicro(changed).UTC()
	return &u, nil
}

func (t *sqlTx) units(ids []int64) ([]*Unit, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	in, arg := t.d.in(1, ids)
	var out []*Unit
	err := t.eachUnit("WHERE u.id "+in, []any{arg}, func(u *Unit) error { out = append(out, u); return nil })
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *Unit) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

func (t *sqlTx) scan(newestFirst bool, fn func(*Unit) error) error {
	order := "u.id"
	if newestFirst {
		order = "u.changed DESC, u.id DESC"
	}
	return t.eachUnit("ORDER BY "+order, nil, fn)
}

// eachUnit calls fn for each unit that SELECT … FROM the units tail selects.
func (t *sqlTx) eachUnit(tail string, args []any, fn func(*Unit) error) error {
	rows, err := t.tx.QueryContext(t.ctx, "SELECT "+unitCols+unitFrom+tail, args...)
	if err != nil {
		return fmt.Errorf("tm: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return err
		}
		if err := fn(u); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("tm: %w", err)
	}
	return nil
}

func (t *sqlTx) pairs() ([]PairCount, error) {
	rows, err := t.tx.QueryContext(t.ctx, "SELECT src, tgt, n FROM pairs WHERE n > 0 ORDER BY src, tgt")
	if err != nil {
		return nil, fmt.Errorf("tm: %w", err)
	}
	defer rows.Close()
	var out []PairCount
	for rows.Next() {
		var p PairCount
		if err := rows.Scan(&p.Source, &p.Target, &p.Units); err != nil {
			return nil, fmt.Errorf("tm: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (t *sqlTx) counts(s *Stats) error {
	rows, err := t.tx.QueryContext(t.ctx, "SELECT status, count(*) FROM units GROUP BY status")
	if err != nil {
		return fmt.Errorf("tm: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var st string
		var n int64
		if err := rows.Scan(&st, &n); err != nil {
			return fmt.Errorf("tm: %w", err)
		}
		s.ByStatus[Status(st)] = n
		s.Units += n
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("tm: %w", err)
	}
	var np sql.NullInt64
	if err := t.tx.QueryRowContext(t.ctx, "SELECT sum(n) FROM df").Scan(&np); err != nil {
		return fmt.Errorf("tm: %w", err)
	}
	s.Postings = np.Int64
	return nil
}

// ---- writes ----

func (t *sqlTx) source(name string, at time.Time) (int64, error) {
	var id int64
	err := t.tx.QueryRowContext(t.ctx, t.q("INSERT INTO sources(name, added) VALUES (?, ?) RETURNING id"), name, at.UnixMicro()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("tm: %w", err)
	}
	return id, nil
}

func (t *sqlTx) findPairs(hs []int64) ([]*Unit, error) {
	in, arg := t.d.in(1, hs)
	var out []*Unit
	err := t.eachUnit("WHERE u.pair_hash "+in, []any{arg}, func(u *Unit) error { out = append(out, u); return nil })
	return out, err
}

func (t *sqlTx) maxID() (int64, error) {
	var id int64
	if err := t.tx.QueryRowContext(t.ctx, "SELECT COALESCE(MAX(id), 0) FROM units").Scan(&id); err != nil {
		return 0, fmt.Errorf("tm: %w", err)
	}
	return id, nil
}

func propsJSON(ps []Prop) string {
	if len(ps) == 0 {
		return ""
	}
	b, _ := json.Marshal(ps)
	return string(b)
}

const unitInsertCols = 16

func (t *sqlTx) insertUnits(us []*Unit, sourceID int64, keys [][2]string, hashes []int64) error {
	const chunk = 256
	for off := 0; off < len(us); off += chunk {
		part := us[off:min(off+chunk, len(us))]
		var b strings.Builder
		b.WriteString(`INSERT INTO units(id, source_id, src_lang, tgt_lang, src, tgt, src_key, tgt_key, pair_hash,
		tuid, url, props, confidence, status, created, changed) VALUES `)
		args := make([]any, 0, unitInsertCols*len(part))
		for i, u := range part {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
			var conf any
			if u.Confidence != nil {
				conf = *u.Confidence
			}
			k := keys[off+i]
			args = append(args, u.ID, sourceID, u.SourceLang.String(), u.TargetLang.String(), u.Source, u.Target,
				k[0], k[1], hashes[off+i], u.TUID, u.URL, propsJSON(u.Props), conf, string(u.Status),
				u.Created.UnixMicro(), u.Changed.UnixMicro())
		}
		st, err := t.stmt(b.String())
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(t.ctx, args...); err != nil {
			return fmt.Errorf("tm: insert: %w", err)
		}
	}
	return nil
}

func (t *sqlTx) update(u *Unit) error {
	st, err := t.stmt("UPDATE units SET status = ?, confidence = ?, created = ?, changed = ? WHERE id = ?")
	if err != nil {
		return err
	}
	var conf any
	if u.Confidence != nil {
		conf = *u.Confidence
	}
	if _, err := st.ExecContext(t.ctx, string(u.Status), conf, u.Created.UnixMicro(), u.Changed.UnixMicro(), u.ID); err != nil {
		return fmt.Errorf("tm: update: %w", err)
	}
	return nil
}

// insertRows inserts rows of two integers with multi-row INSERTs.
func (t *sqlTx) insertRows(head, tail string, rows [][2]int64) error {
	const chunk = 500
	for len(rows) > 0 {
		n := min(chunk, len(rows))
		var b strings.Builder
		b.WriteString(head)
		args := make([]any, 0, 2*n)
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("(?,?)")
			args = append(args, rows[i][0], rows[i][1])
		}
		b.WriteString(tail)
		st, err := t.stmt(b.String())
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(t.ctx, args...); err != nil {
			return fmt.Errorf("tm: %w", err)
		}
		rows = rows[n:]
	}
	return nil
}

func (t *sqlTx) addPostings(ps []posting) error {
	if len(ps) == 0 {
		return nil
	}
	seg := ps[0].ref >> 9
	for _, p := range ps {
		seg = min(seg, p.ref>>9)
	}
	const chunk = 500
	var b strings.Builder
	args := make([]any, 0, 3*chunk)
	n := 0
	flush := func() error {
		if n == 0 {
			return nil
		}
		st, err := t.stmt(b.String())
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(t.ctx, args...); err != nil {
			return fmt.Errorf("tm: postings: %w", err)
		}
		b.Reset()
		args, n = args[:0], 0
		return nil
	}
	for i := 0; i < len(ps); {
		j := i
		refs := make([]int64, 0, 4)
		for j < len(ps) && ps[j].h == ps[i].h {
			refs = append(refs, ps[j].ref)
			j++
		}
		if n == 0 {
			b.WriteString("INSERT INTO postings(h, seg, refs) VALUES ")
		} else {
			b.WriteByte(',')
		}
		b.WriteString("(?,?,?)")
		args = append(args, ps[i].h, seg, encodeRefs(nil, refs))
		n++
		if n == chunk {
			if err := flush(); err != nil {
				return err
			}
		}
		i = j
	}
	return flush()
}

func (t *sqlTx) addDF(delta map[int64]int64) error {
	rows := make([][2]int64, 0, len(delta))
	for h, n := range delta {
		rows = append(rows, [2]int64{h, n})
	}
	slices.SortFunc(rows, func(a, b [2]int64) int {
		if a[0] < b[0] {
			return -1
		} else if a[0] > b[0] {
			return 1
		}
		return 0
	})
	return t.insertRows("INSERT INTO df(h, n) VALUES ", " "+t.d.dfUpsert, rows)
}

func (t *sqlTx) addPairs(delta map[[2]string]int64) error {
	for p, n := range delta {
		if _, err := t.tx.ExecContext(t.ctx, t.q("INSERT INTO pairs(src, tgt, n) VALUES (?, ?, ?) "+t.d.pairUpsert), p[0], p[1], n); err != nil {
			return fmt.Errorf("tm: %w", err)
		}
	}
	return nil
}

func (t *sqlTx) meta(key string) (string, bool, error) {
	var v string
	err := t.tx.QueryRowContext(t.ctx, t.q("SELECT value FROM meta WHERE key = ?"), key).Scan(&v)
	if err == sql.ErrNoRows {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("tm: %w", err)
	}
	return v, true, nil
}

func (t *sqlTx) deleteMeta(key string) error {
	if _, err := t.tx.ExecContext(t.ctx, t.q("DELETE FROM meta WHERE key = ?"), key); err != nil {
		return fmt.Errorf("tm: %w", err)
	}
	return nil
}

func (t *sqlTx) textsAfter(id int64, n int) ([]textRow, error) {
	rows, err := t.tx.QueryContext(t.ctx, t.q("SELECT id, changed, src_lang, tgt_lang, src, tgt FROM units WHERE id > ? ORDER BY id LIMIT ?"), id, n)
	if err != nil {
		return nil, fmt.Errorf("tm: %w", err)
	}
	defer rows.Close()
	var out []textRow
	for rows.Next() {
		var r textRow
		if err := rows.Scan(&r.id, &r.changed, &r.sl, &r.tl, &r.src, &r.tgt); err != nil {
			return nil, fmt.Errorf("tm: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("tm: %w", err)
	}
	return out, nil
}
