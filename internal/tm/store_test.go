package tm

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/language"
)

// The store suite runs against every backend: SQLite always, PostgreSQL
// when BITEXT_TEST_POSTGRES holds the URL of a server where the test may
// create databases (scripts/tm-pg-cluster.sh starts a throwaway one).

const pgEnv = "BITEXT_TEST_POSTGRES"

type opener func(t *testing.T) string // returns a fresh store location

func backends(t *testing.T) map[string]opener {
	m := map[string]opener{
		"sqlite": func(t *testing.T) string { return filepath.Join(t.TempDir(), "tm.db") },
	}
	if u := os.Getenv(pgEnv); u != "" {
		m["postgres"] = func(t *testing.T) string { return freshPGDatabase(t, u) }
	}
	return m
}

var pgSeq atomic.Int64

// freshPGDatabase creates an empty database for one test and drops it
// afterwards.
func freshPGDatabase(t *testing.T, admin string) string {
	t.Helper()
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("bitext_test_%d_%d", os.Getpid(), pgSeq.Add(1))
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		db.Close()
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		db.Close()
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func forEachBackend(t *testing.T, fn func(t *testing.T, loc string)) {
	if os.Getenv(pgEnv) == "" {
		t.Logf("PostgreSQL backend not tested: set %s to a server URL (scripts/tm-pg-cluster.sh start prints one)", pgEnv)
	}
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) { fn(t, open(t)) })
	}
}

func mustOpen(t *testing.T, loc string) Store {
	t.Helper()
	s, err := Open(context.Background(), loc, Options{Create: true})
	if err != nil {
		t.Fatalf("Open(%s): %v", loc, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

const smallTMX = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
<header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="ar" datatype="plaintext"/>
<body>
<tu tuid="1" changedate="20240101T000000Z"><prop type="x-confidence">0.9</prop>
<tuv xml:lang="ar"><seg>ذهب الولد إلى المدرسة صباح يوم الأحد</seg></tuv>
<tuv xml:lang="en"><seg>The boy went to school on Sunday morning</seg></tuv></tu>
<tu tuid="2" changedate="20240101T000000Z">
<tuv xml:lang="ar"><seg>أعلنت الحكومة عن خطة جديدة للتعليم</seg></tuv>
<tuv xml:lang="en"><seg>The government announced a new plan for education</seg></tuv></tu>
<tu tuid="3" changedate="20250101T000000Z">
<tuv xml:lang="ar"><seg>قُتل ١٢ شخصاً في الهجوم</seg></tuv>
<tuv xml:lang="en"><seg>12 people were killed in the attack</seg></tuv></tu>
<tu tuid="4" changedate="20260101T000000Z">
<tuv xml:lang="ar"><seg>الحكومة تدرس الخطة</seg></tuv>
<tuv xml:lang="en"><seg>The government is studying the plan</seg></tuv></tu>
</body></tmx>
`

func importString(t *testing.T, s Store, doc, name string) ImportStats {
	t.Helper()
	st, err := s.Import(context.Background(), strings.NewReader(doc), ImportOptions{Name: name})
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	return st
}

func TestImportLookupConcord(t *testing.T) {
	forEachBackend(t, func(t *testing.T, loc string) {
		ctx := context.Background()
		s := mustOpen(t, loc)
		st := importString(t, s, smallTMX, "small.tmx")
		if st.TUs != 4 || st.Added != 4 {
			t.Fatalf("import = %+v, want 4 TUs, 4 added", st)
		}
		// dedupe: the same file again adds nothing
		if st := importString(t, s, smallTMX, "again.tmx"); st.Added != 0 || st.Updated != 4 {
			t.Errorf("second import = %+v, want 0 added, 4 updated", st)
		}
		ms, err := s.Lookup(ctx, Query{Text: "ذَهَبَ الوَلَدُ إلى المَدْرَسَةِ صباح يوم الاثنين", From: language.Arabic, To: language.English, Min: 75, Max: 5})
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 1 || ms[0].Target != "The boy went to school on Sunday morning" {
			t.Fatalf("ar lookup = %+v, want the boy went to school", ms)
		}
		if ms[0].Unit.Status != StatusAuto || ms[0].Scores.Penalty != AutoPenalty {
			t.Errorf("status %q penalty %d, want auto with penalty %d (it has x-confidence)", ms[0].Unit.Status, ms[0].Scores.Penalty, AutoPenalty)
		}
		// the other direction: English query, Arabic answer; To inferred
		ms, err = s.Lookup(ctx, Query{Text: "The government announced a new plan for schools", From: language.English, Min: 60, Max: 5})
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 || ms[0].Target != "أعلنت الحكومة عن خطة جديدة للتعليم" || ms[0].TargetLang != language.Arabic {
			t.Fatalf("en lookup = %+v, want the government plan in Arabic", ms)
		}
		// concordance, Arabic-folded, newest first, with offsets
		hits, err := s.Concord(ctx, ConcordQuery{Text: "حكومه", Source: language.Arabic, Target: language.English, Side: SideSource, Max: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 2 || hits[0].Unit.TUID != "4" || hits[1].Unit.TUID != "2" {
			t.Fatalf("concord = %+v, want tuids 4 then 2", hits)
		}
		sp := hits[0].Spans[0]
		if got := hits[0].Source[sp.Start:sp.End]; got != "الحكومة" {
			t.Errorf("span = %q, want الحكومة", got)
		}
		// target side of the pair, in English
		hits, err = s.Concord(ctx, ConcordQuery{Text: "the plan", Source: language.Arabic, Target: language.English, Side: SideTarget, Max: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 1 || hits[0].Target[hits[0].Spans[0].Start:hits[0].Spans[0].End] != "the plan" {
			t.Fatalf("target concord = %+v, want one hit on 'the plan'", hits)
		}
		// regex on the folded text: digits were Arabic-Indic
		hits, err = s.Concord(ctx, ConcordQuery{Text: `\d+ شخصا`, Source: language.Arabic, Target: language.English, Regex: true, Max: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 1 || hits[0].Source[hits[0].Spans[0].Start:hits[0].Spans[0].End] != "١٢ شخصاً" {
			t.Fatalf("regex concord = %+v, want ١٢ شخصاً", hits)
		}
		stats, err := s.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if stats.Units != 4 || len(stats.Pairs) != 1 || stats.ByStatus[StatusAuto] != 1 {
			t.Errorf("stats = %+v, want 4 units, one pair, one auto", stats)
		}
		var n int
		if err := s.Export(ctx, Filter{}, func(*Unit) error { n++; return nil }); err != nil || n != 4 {
			t.Errorf("export: %d units, %v; want 4", n, err)
		}
	})
}

func TestAddKeepsReviewStatus(t *testing.T) {
	forEachBackend(t, func(t *testing.T, loc string) {
		ctx := context.Background()
		s := mustOpen(t, loc)
		conf := 0.42
		u := Unit{SourceLang: language.Arabic, TargetLang: language.English, Source: "مرحبا بالعالم", Target: "Hello world", Status: StatusAuto, Confidence: &conf}
		if st, err := s.Add(ctx, []Unit{u}); err != nil || st.Added != 1 {
			t.Fatalf("Add = %+v, %v", st, err)
		}
		u.Status = StatusConfirmed
		if st, err := s.Add(ctx, []Unit{u}); err != nil || st.Updated != 1 {
			t.Fatalf("Add again = %+v, %v; want 1 updated", st, err)
		}
		// aligning the same text again (auto) keeps the review
		again := u
		again.Status = StatusAuto
		if st, err := s.Add(ctx, []Unit{again}); err != nil || st.Updated != 1 {
			t.Fatalf("Add auto again = %+v, %v; want 1 updated", st, err)
		}
		ms, err := s.Lookup(ctx, Query{Text: "Hello world", From: language.English, To: language.Arabic, Min: 100, Max: 5})
		if err != nil || len(ms) != 1 {
			t.Fatalf("lookup = %v, %v", ms, err)
		}
		if ms[0].Unit.Status != StatusConfirmed || ms[0].Scores.Stemmed != 100 {
			t.Errorf("got status %q score %d, want confirmed 100", ms[0].Unit.Status, ms[0].Scores.Stemmed)
		}
		for _, bad := range []Unit{
			{SourceLang: language.Arabic, TargetLang: language.English, Source: "", Target: "x", Status: StatusAuto},
			{SourceLang: language.Arabic, TargetLang: language.English, Source: "a", Target: "x", Status: "maybe"},
			{SourceLang: language.Arabic, Source: "a", Target: "x"},
		} {
			if _, err := s.Add(ctx, []Unit{u, bad}); !errors.Is(err, ErrUnit) {
				t.Errorf("Add(%+v) = %v, want ErrUnit", bad, err)
			}
		}
		// rejected units are never matches
		u.Status = StatusRejected
		s.Add(ctx, []Unit{u})
		if ms, _ := s.Lookup(ctx, Query{Text: "Hello world", From: language.English, To: language.Arabic, Min: 50, Max: 5}); len(ms) != 0 {
			t.Errorf("lookup of a rejected unit = %+v, want none", ms)
		}
	})
}

func TestBadTMXImportsNothing(t *testing.T) {
	forEachBackend(t, func(t *testing.T, loc string) {
		ctx := context.Background()
		s := mustOpen(t, loc)
		tests := []struct {
			name, doc, want string
		}{
			{"malformed XML at line 11", strings.Replace(smallTMX, `<tu tuid="3"`, `<tu tuid="3" <<`, 1), "line 11"},
			{"bad language at line 11", strings.Replace(smallTMX, `<tuv xml:lang="en"><seg>12 people`, `<tuv xml:lang="12-!!"><seg>12 people`, 1), "line 11"},
			{"truncated", smallTMX[:len(smallTMX)/2], "line "},
		}
		for _, tt := range tests {
			_, err := s.Import(ctx, strings.NewReader(tt.doc), ImportOptions{Name: "bad.tmx"})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "bad.tmx") {
				t.Errorf("%s: Import error = %v, want one naming bad.tmx and %q", tt.name, err, tt.want)
			}
			st, err := s.Stats(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if st.Units != 0 || st.Postings != 0 {
				t.Errorf("%s: after a failed import %d units, %d postings; want none", tt.name, st.Units, st.Postings)
			}
		}
	})
}

func TestReadersNeverSeeHalfAnImport(t *testing.T) {
	forEachBackend(t, func(t *testing.T, loc string) {
		ctx := context.Background()
		s := mustOpen(t, loc)
		var doc strings.Builder
		doc.WriteString(smallTMX[:strings.Index(smallTMX, "<body>")+6])
		const per = 300
		for i := 0; i < per; i++ {
			fmt.Fprintf(&doc, "<tu><tuv xml:lang=\"en\"><seg>sentence number %d of the batch</seg></tuv><tuv xml:lang=\"ar\"><seg>الجملة رقم %d</seg></tuv></tu>\n", i, i)
		}
		doc.WriteString("</body></tmx>")
		var wg sync.WaitGroup
		stop := make(chan struct{})
		var bad atomic.Int64
		for r := 0; r < 4; r++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					st, err := s.Stats(ctx)
					if err != nil {
						bad.Add(1)
						return
					}
					if st.Units%per != 0 {
						bad.Add(1)
					}
				}
			}()
		}
		for i := 0; i < 3; i++ {
			// each import brings new pairs (the name only), so 300 new units
			d := strings.ReplaceAll(doc.String(), "of the batch", fmt.Sprintf("of batch %d", i))
			if _, err := s.Import(ctx, strings.NewReader(d), ImportOptions{Name: "batch"}); err != nil {
				t.Fatal(err)
			}
		}
		close(stop)
		wg.Wait()
		if bad.Load() > 0 {
			t.Errorf("%d reads saw a unit count that is not a multiple of %d (half an import) or failed", bad.Load(), per)
		}
	})
}

func fileHash(t *testing.T, path string) [32]byte {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestSQLiteRefusesForeignCorruptAndNewer(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()

	corrupt := filepath.Join(dir, "corrupt.db")
	os.WriteFile(corrupt, bytes.Repeat([]byte("not a database\n"), 100), 0o644)
	broken := filepath.Join(dir, "broken.db")
	hdr := append([]byte("SQLite format 3\x00"), bytes.Repeat([]byte{0xff}, 4000)...)
	os.WriteFile(broken, hdr, 0o644)

	foreign := filepath.Join(dir, "foreign.db")
	db, err := sql.Open("sqlite", foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'x')"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	newer := filepath.Join(dir, "newer.db")
	s := mustOpen(t, newer)
	importString(t, s, smallTMX, "small.tmx")
	s.Close()
	db, _ = sql.Open("sqlite", newer)
	if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion+1)); err != nil {
		t.Fatal(err)
	}
	db.Close()

	tests := []struct {
		name, path string
		want       error
	}{
		{"text file", corrupt, ErrNotTM},
		{"corrupt sqlite", broken, ErrNotTM},
		{"foreign sqlite", foreign, ErrNotTM},
		{"newer schema", newer, ErrNewerSchema},
		{"missing, no create", filepath.Join(dir, "missing.db"), ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before [32]byte
			exists := false
			if _, err := os.Stat(tt.path); err == nil {
				before, exists = fileHash(t, tt.path), true
			}
			for _, create := range []bool{false, true} {
				if tt.want == ErrNotFound && create {
					continue
				}
				s, err := Open(ctx, tt.path, Options{Create: create})
				if err == nil {
					s.Close()
				}
				if !errors.Is(err, tt.want) {
					t.Errorf("Open(create=%v) = %v, want %v", create, err, tt.want)
				}
			}
			if exists && fileHash(t, tt.path) != before {
				t.Errorf("%s was modified", tt.path)
			}
			if !exists {
				if _, err := os.Stat(tt.path); err == nil {
					t.Errorf("%s was created", tt.path)
				}
			}
		})
	}
}

func TestPostgresRefusesForeignAndNewer(t *testing.T) {
	admin := os.Getenv(pgEnv)
	if admin == "" {
		t.Skipf("%s not set (scripts/tm-pg-cluster.sh start prints a URL)", pgEnv)
	}
	ctx := context.Background()
	foreign := freshPGDatabase(t, admin)
	db, _ := sql.Open("pgx", foreign)
	if _, err := db.Exec("CREATE TABLE units(id int); CREATE TABLE meta(key text, value text)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(ctx, foreign, Options{Create: true}); !errors.Is(err, ErrNotTM) {
		t.Errorf("foreign database: %v, want ErrNotTM", err)
	}
	newer := freshPGDatabase(t, admin)
	s := mustOpen(t, newer)
	s.Close()
	db, _ = sql.Open("pgx", newer)
	db.Exec("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
	db.Close()
	if _, err := Open(ctx, newer, Options{Create: true}); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("newer schema: %v, want ErrNewerSchema", err)
	}
}

// randomMemory builds units from a small vocabulary so that many units share
// tokens and the count filter is exercised.
func randomMemory(rng *rand.Rand, n int) []Unit {
	vocab := strings.Fields("the a of in government plan school boy girl went announced new old city river " +
		"war peace 2019 12 1,000 people killed attack morning evening report minister said today market price")
	ar := strings.Fields("الحكومة خطة مدرسة ولد بنت ذهب أعلن جديد قديم مدينة نهر حرب سلام في من إلى ٢٠١٩ ١٢ الناس قتل هجوم")
	sent := func(v []string, lo, hi int) string {
		k := lo + rng.IntN(hi-lo+1)
		w := make([]string, k)
		for i := range w {
			w[i] = v[rng.IntN(len(v))]
		}
		return strings.Join(w, " ")
	}
	units := make([]Unit, n)
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range units {
		st := StatusConfirmed
		if rng.IntN(3) == 0 {
			st = StatusAuto
		}
		units[i] = Unit{SourceLang: language.English, TargetLang: language.Arabic,
			Source: sent(vocab, 1, 14), Target: sent(ar, 1, 12), Status: st,
			Created: base, Changed: base.Add(time.Duration(rng.IntN(1000)) * time.Minute)}
	}
	return units
}

func mutate(rng *rand.Rand, s string, vocab []string) string {
	w := strings.Fields(s)
	for e := rng.IntN(4); e > 0; e-- {
		switch i := rng.IntN(len(w) + 1); rng.IntN(3) {
		case 0:
			if i < len(w) {
				w = append(w[:i], w[i+1:]...)
			}
		case 1:
			w = append(w[:i], append([]string{vocab[rng.IntN(len(vocab))]}, w[i:]...)...)
		default:
			if i < len(w) {
				w[i] = vocab[rng.IntN(len(vocab))]
			}
		}
	}
	if len(w) == 0 {
		w = []string{vocab[0]}
	}
	return strings.Join(w, " ")
}

func TestIndexedEqualsExhaustive(t *testing.T) {
	forEachBackend(t, func(t *testing.T, loc string) {
		ctx := context.Background()
		rng := rand.New(rand.NewPCG(15, 1))
		units := randomMemory(rng, 1500)
		s := mustOpen(t, loc)
		if _, err := s.Add(ctx, units); err != nil {
			t.Fatal(err)
		}
		st := s.(*store)
		r, err := st.b.read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer r.end()
		vocab := strings.Fields("the a of government plan school zebra 2019 12 people attack quietly")
		queries := 0
		for i := 0; i < 150; i++ {
			u := units[rng.IntN(len(units))]
			q := Query{Text: mutate(rng, u.Source, vocab), From: language.English, To: language.Arabic,
				Min: []int{30, 50, 60, 75, 80, 90, 100}[rng.IntN(7)], Max: 5}
			if i%2 == 1 {
				q = Query{Text: mutate(rng, u.Target, strings.Fields("الحكومة خطة زرافة ٢٠١٩")), From: language.Arabic, To: language.English, Min: q.Min, Max: 5}
			}
			if len(analyze(q.Text, q.From).Key) == 0 {
				continue
			}
			queries++
			got, err := st.lookup(ctx, r, q, false)
			if err != nil {
				t.Fatal(err)
			}
			want, err := st.lookup(ctx, r, q, true)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(matchIDs(got)) != fmt.Sprint(matchIDs(want)) {
				t.Errorf("query %q (min %d): indexed top-5 %v, exhaustive %v", q.Text, q.Min, matchIDs(got), matchIDs(want))
			}
		}
		if queries < 100 {
			t.Errorf("only %d queries ran", queries)
		}
	})
}

// concordQueries are the fixed cases and random ones: phrases of one to
// three words of the memory's vocabularies (stop words and numbers
// included) and regular expressions built from its words.
func concordQueries(rng *rand.Rand, n int) []concordCase {
	en := strings.Fields("the a of in government plan school boy girl went announced new old city river " +
		"war peace 2019 12 1,000 people killed attack morning evening report minister said today market price")
	ar := strings.Fields("الحكومة خطة مدرسة ولد بنت ذهب أعلن جديد قديم مدينة نهر حرب سلام في من إلى ٢٠١٩ ١٢ الناس قتل هجوم")
	out := []concordCase{}
	for _, q := range []string{"government plan", "the government", "river", "killed in", "of the", "1000", "2019",
		"the", "a", "of in the", "in a", "12"} {
		out = append(out, concordCase{q, false, language.English})
	}
	for _, q := range []string{"في", "من إلى", "١٢", "الحكومة"} {
		out = append(out, concordCase{q, false, language.Arabic})
	}
	for _, q := range []string{"govern", "ment pl", `\bthe gov`, "(river|market)", "peo?ple", `rive[rs]`, `\d+ people`,
		"kill(ed)+ in", "of the (war|peace)", "(?i)GOVERNMENT", `ci.y`} {
		out = append(out, concordCase{q, true, language.English})
	}
	for _, q := range []string{"الحكوم", `\d+ الناس`, "(مدرسة|مدينة)"} {
		out = append(out, concordCase{q, true, language.Arabic})
	}
	for range n {
		v, lang := en, language.English
		if rng.IntN(3) == 0 {
			v, lang = ar, language.Arabic
		}
		w := func() string { return v[rng.IntN(len(v))] }
		var q string
		isRegex := rng.IntN(2) == 0
		if !isRegex {
			q = w()
			for k := rng.IntN(3); k > 0; k-- {
				q += " " + w()
			}
		} else {
			a, b := w(), w()
			for len([]rune(a)) < 4 {
				a = w()
			}
			r := []rune(a)
			i := 1 + rng.IntN(len(r)-2)
			switch rng.IntN(6) {
			case 0:
				q = string(r[i:])
			case 1:
				q = string(r[:i]) + "." + string(r[i+1:])
			case 2:
				q = "(" + a + "|" + b + ")"
			case 3:
				q = a + " " + b
			case 4:
				q = a + ".*" + b
			default:
				q = string(r[:i]) + "(" + string(r[i:]) + ")?" + " " + b
			}
		}
		out = append(out, concordCase{q, isRegex, lang})
	}
	return out
}

type concordCase struct {
	text    string
	isRegex bool
	lang    language.Tag
}

// checkConcordIndexed compares the index-served concordance with a scan of
// every unit, for each query and both paths of the verification.
func checkConcordIndexed(t *testing.T, st *store, qs []concordCase) (ran int) {
	t.Helper()
	ctx := context.Background()
	r, err := st.b.read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer r.end()
	defer func(w int) { concordWalk = w }(concordWalk)
	for i, c := range qs {
		concordWalk = 4000
		if i%2 == 1 {
			concordWalk = 10 // the walk over units newest first
		}
		m, err := newConcordMatcher(c.text, c.lang, c.isRegex)
		if errors.Is(err, ErrQuery) && c.isRegex {
			continue // no literal to look up: refused (TestConcordRefusesUnindexableRegex)
		}
		if err != nil {
			t.Fatalf("%q: %v", c.text, err)
		}
		cq := ConcordQuery{Text: c.text, Regex: c.isRegex, Source: language.English, Target: language.Arabic, Side: SideSource, Max: 20}
		d := direction{"en", "ar"}
		if c.lang == language.Arabic {
			cq.Side, d = SideTarget, direction{"ar", "en"}
		}
		got, err := st.concord(ctx, r, cq, m, d, false)
		if err != nil {
			t.Fatal(err)
		}
		want, err := st.concord(ctx, r, cq, m, d, true)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(hitIDs(got)) != fmt.Sprint(hitIDs(want)) {
			t.Errorf("concord %q (regex %v): indexed %v, exhaustive %v", c.text, c.isRegex, hitIDs(got), hitIDs(want))
		}
		ran++
	}
	return ran
}

func TestConcordIndexedEqualsExhaustive(t *testing.T) {
	forEachBackend(t, func(t *testing.T, loc string) {
		rng := rand.New(rand.NewPCG(16, 1))
		units := randomMemory(rng, 1500)
		s := mustOpen(t, loc)
		if _, err := s.Add(context.Background(), units); err != nil {
			t.Fatal(err)
		}
		if ran := checkConcordIndexed(t, s.(*store), concordQueries(rng, 100)); ran < 90 {
			t.Errorf("only %d queries ran", ran)
		}
	})
}

func TestConcordRefusesUnindexableRegex(t *testing.T) {
	for _, q := range []string{`\d+`, `.*`, `of|the`, `go?v`, `(gov)?er`} {
		if _, err := newConcordMatcher(q, language.English, true); !errors.Is(err, ErrQuery) {
			t.Errorf("regex %q: got %v, want ErrQuery (nothing for the index to look up)", q, err)
		}
	}
	for _, q := range []string{`gov`, `ernment`, `(gov)+ernment`, `(gov)?ernment`} {
		if _, err := newConcordMatcher(q, language.English, true); err != nil {
			t.Errorf("regex %q: got %v, want it served", q, err)
		}
	}
}

// TestMigrationToSchema2 builds a schema 1 memory (no concordance
// postings), reopens it and checks that the migration indexed it whole.
func TestMigrationToSchema2(t *testing.T) {
	forEachBackend(t, func(t *testing.T, loc string) {
		ctx := context.Background()
		rng := rand.New(rand.NewPCG(17, 1))
		concordOnImport = false
		s, err := Open(ctx, loc, Options{Create: true})
		if err == nil {
			_, err = s.Add(ctx, randomMemory(rng, 800))
		}
		concordOnImport = true
		if err != nil {
			t.Fatal(err)
		}
		schema := func(s Store, set int) (v int) {
			var err error
			switch b := s.(*store).b.(type) {
			case *sqliteBackend:
				if set > 0 {
					_, err = b.wdb.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", set))
				} else {
					err = b.wdb.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
				}
			case *pgBackend:
				if set > 0 {
					_, err = b.db.ExecContext(ctx, fmt.Sprintf("UPDATE meta SET value = '%d' WHERE key = 'schema_version'", set))
				} else {
					err = b.db.QueryRowContext(ctx, "SELECT value::int FROM meta WHERE key = 'schema_version'").Scan(&v)
				}
			}
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		schema(s, 1)
		s.Close()
		s = mustOpen(t, loc)
		if v := schema(s, 0); v != 2 {
			t.Errorf("schema after open: got %d, want 2", v)
		}
		if ran := checkConcordIndexed(t, s.(*store), concordQueries(rng, 40)); ran < 35 {
			t.Errorf("only %d queries ran", ran)
		}
		r, _ := s.(*store).b.read(ctx)
		defer r.end()
		if _, ok, err := r.meta(reindexMeta); ok || err != nil {
			t.Errorf("meta %s after the migration: got present=%v err=%v, want gone", reindexMeta, ok, err)
		}
	})
}

func matchIDs(ms []Match) []string {
	var out []string
	for _, m := range ms {
		out = append(out, fmt.Sprintf("%d:%d", m.Unit.ID, m.Scores.Stemmed))
	}
	return out
}

func hitIDs(hs []Hit) []int64 {
	var out []int64
	for _, h := range hs {
		out = append(out, h.Unit.ID)
	}
	return out
}

func TestImportPo2tmx(t *testing.T) {
	po2tmx, err := exec.LookPath("po2tmx")
	if err != nil {
		t.Skip("po2tmx (Debian translate-toolkit) not installed")
	}
	dir := t.TempDir()
	po := `msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: ar\n"

#: main.c:10
msgid "Open the file"
msgstr "افتح الملف"

#: main.c:11
msgid "Save the document before closing"
msgstr "احفظ المستند قبل الإغلاق"

#: main.c:12
msgid "Untranslated"
msgstr ""
`
	os.WriteFile(filepath.Join(dir, "a.po"), []byte(po), 0o644)
	out := filepath.Join(dir, "a.tmx")
	if b, err := exec.Command(po2tmx, "-l", "ar", filepath.Join(dir, "a.po"), out).CombinedOutput(); err != nil {
		t.Fatalf("po2tmx: %v\n%s", err, b)
	}
	forEachBackend(t, func(t *testing.T, loc string) {
		s := mustOpen(t, loc)
		f, _ := os.Open(out)
		defer f.Close()
		st, err := s.Import(context.Background(), f, ImportOptions{Name: "a.tmx"})
		if err != nil {
			t.Fatal(err)
		}
		if st.Added != 2 {
			t.Errorf("import = %+v, want 2 added", st)
		}
		ms, err := s.Lookup(context.Background(), Query{Text: "Save the document before closing it", From: language.English, Min: 75, Max: 5})
		if err != nil || len(ms) != 1 || ms[0].Target != "احفظ المستند قبل الإغلاق" || ms[0].Unit.Status != StatusConfirmed {
			t.Errorf("lookup = %+v, %v; want the confirmed po2tmx unit", ms, err)
		}
	})
}

func TestStemCoreIsSubstring(t *testing.T) {
	dir := "../../../shared/eval"
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared/eval not present")
	}
	files := []string{"ntrex-dev-ar-en/ar", "ntrex-dev-ar-en/en", "quran-dev-ar-en/en", "quran-dev-ar-en/ar"}
	n := 0
	for _, f := range files {
		ents, _ := os.ReadDir(filepath.Join(dir, f))
		for _, e := range ents {
			b, err := os.ReadFile(filepath.Join(dir, f, e.Name()))
			if err != nil {
				continue
			}
			for _, tk := range tokenize(fold(string(b))) {
				if tk.Kind == tokPunct {
					continue
				}
				n++
				if c := stemCore(stem(tk.Text)); !strings.Contains(tk.Text, c) {
					t.Errorf("stemCore(stem(%q)) = %q is not a substring", tk.Text, c)
				}
			}
		}
	}
	if n < 10000 {
		t.Errorf("only %d tokens checked", n)
	}
}
