// Package tm is bitext's translation memory: a store of sentence pairs that
// answers fuzzy-match lookups and concordance searches, in both directions.
//
// # Design
//
// A Store holds units (a source and a target text with their language
// tags, origin, confidence, review status and dates). Two backends share
// one implementation of import, matching and concordance through a small
// internal interface: SQLite (a file, the default; WAL, foreign keys, a
// versioned schema) and PostgreSQL (a postgres:// URL, for teams). Open
// picks the backend from the name.
//
// Matching follows OmegaT: three fuzzy scores on word tokens,
// 100 × (max(|a|,|b|) − LD(a,b)) / max(|a|,|b|) with LD the Levenshtein
// distance over tokens, computed on the stems of the words that are not stop
// words (Stemmed), on all words (Unstemmed) and on all tokens including
// numbers and punctuation (All), and ranked in that order. Texts are
// compared in their matching form: NFC, then the project's one fold
// (feature.Fold: Arabic tashkeel and tatweel removed, alef, ya and ta marbuta
// variants unified, Arabic-Indic digits to ASCII, lower case). Penalties
// (NumberPenalty, AutoPenalty) lower all three numbers.
//
// Lookup does not scan the memory. Every unit side is indexed by the set of
// its key tokens (stems, repeats numbered) in a postings table, with the
// number of documents per token. A unit whose score can reach m shares at
// least k = ⌈m·n/100⌉ of the n key tokens of the query (the token
// Levenshtein distance is at least max(n,|c|) minus the multiset
// intersection), so it contains at least one of any n−k+1 of them: lookup
// reads the postings of the rarest n−k+1 tokens (or more, requiring more
// shared tokens accordingly), keeps the units whose length allows the
// score, and verifies them exactly. TestIndexedEqualsExhaustive checks the
// bound against a full scan.
//
// The work of the tm commands is here too, so that cmd/bitext only parses
// flags and prints: units from JSON lines (ReadJSONL) or from an
// alignment (AlignmentUnits, StoreAlignment: bitext align --tm), the
// query's language among the memory's (QueryLang, LookupLang), the
// defaults of a concordance (ConcordDefaults), export filters
// (ParseFilter) and TMX export (WriteTMX), and serving (Serve).
//
// What it does not do: it does not edit texts in place (an edit is a new
// unit), it does not translate, and it does not scan the memory for a
// concordance: every query is served by the index (stop words, numbers and
// trigrams are indexed for it), so a regular expression must contain a
// literal of three letters or digits that every match contains.
package tm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/text/language"
)

// Sentinel errors.
var (
	// ErrNotTM means the file or database exists but is not a bitext
	// translation memory (another SQLite database, a corrupt file, a text
	// file). The store never writes to it.
	ErrNotTM = errors.New("tm: not a bitext translation memory")
	// ErrNewerSchema means the memory was written by a newer bitext.
	ErrNewerSchema = errors.New("tm: schema newer than this bitext")
	// ErrNotFound means the memory does not exist and Options.Create is false.
	ErrNotFound = errors.New("tm: no such translation memory")
	// ErrQuery is a bad query (empty text, bad regular expression, bad limits).
	ErrQuery = errors.New("tm: bad query")
	// ErrUnit is a unit that cannot be stored (no text, no language, bad status).
	ErrUnit = errors.New("tm: bad unit")
)

// SchemaVersion is the schema this bitext writes. Opening a memory with a
// lower version migrates it; a higher one is ErrNewerSchema.
const SchemaVersion = 2

// Status is the review status of a unit.
type Status string

// Review statuses.
const (
	// StatusAuto: aligned by bitext and not reviewed (penalised by AutoPenalty).
	StatusAuto Status = "auto"
	// StatusConfirmed: reviewed and accepted, or a human translation
	// imported from TMX.
	StatusConfirmed Status = "confirmed"
	// StatusEdited: corrected by a reviewer.
	StatusEdited Status = "edited"
	// StatusRejected: rejected by a reviewer; kept (for concordance and
	// export) but never offered as a fuzzy match.
	StatusRejected Status = "rejected"
)

// ParseStatus checks a status name ("" gives def).
func ParseStatus(s string, def Status) (Status, error) {
	switch Status(s) {
	case "":
		return def, nil
	case StatusAuto, StatusConfirmed, StatusEdited, StatusRejected:
		return Status(s), nil
	}
	return "", fmt.Errorf("%w: status %q is not auto, confirmed, edited or rejected", ErrUnit, s)
}

// Prop is a tool-specific property kept from the unit's origin (a TMX prop).
type Prop struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

// Unit is one stored sentence pair.
type Unit struct {
	ID         int64        `json:"id"`
	SourceLang language.Tag `json:"source_lang"`
	TargetLang language.Tag `json:"target_lang"`
	Source     string       `json:"source"` // as published
	Target     string       `json:"target"`
	// Origin: the file or session it came from, the TMX tuid, a URL and
	// the TU's props.
	File  string `json:"file,omitempty"`
	TUID  string `json:"tuid,omitempty"`
	URL   string `json:"url,omitempty"`
	Props []Prop `json:"props,omitempty"`
	// Confidence is the aligner's confidence in [0,1], or nil.
	Confidence *float64  `json:"confidence,omitempty"`
	Status     Status    `json:"status"`
	Created    time.Time `json:"created"`
	Changed    time.Time `json:"changed"`
}

// Query is a fuzzy-match lookup.
type Query struct {
	Text string
	From language.Tag // language of Text
	To   language.Tag // wanted translation; und: every language paired with From
	Min  int          // minimum Stemmed score, 1..100
	Max  int          // maximum number of matches (> 0)
}

// Match is one fuzzy match, oriented as the query: Source is in the query's
// language, whichever side of the unit it is stored on.
type Match struct {
	Source     string       `json:"source"`
	Target     string       `json:"target"`
	SourceLang language.Tag `json:"source_lang"`
	TargetLang language.Tag `json:"target_lang"`
	Scores     Scores       `json:"scores"`
	Unit       *Unit        `json:"unit"`
}

// Side names the side of the pair a concordance searches.
type Side string

// Sides of a pair.
const (
	SideSource Side = "source"
	SideTarget Side = "target"
)

// ConcordQuery is a concordance search for a word, a phrase or a regular
// expression in the texts of one language of a pair.
type ConcordQuery struct {
	Text string
	// Source and Target name the pair (base languages; either may be the
	// stored source); Side says which of the two is searched.
	Source, Target language.Tag
	Side           Side
	// Regex: Text is an RE2 expression matched against the folded text
	// (its literals are folded too).
	Regex bool
	Max   int
}

// Span is a byte range [Start, End) of a published text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Hit is one concordance hit, oriented as the query's pair.
type Hit struct {
	Source     string       `json:"source"`
	Target     string       `json:"target"`
	SourceLang language.Tag `json:"source_lang"`
	TargetLang language.Tag `json:"target_lang"`
	Side       Side         `json:"side"`
	// Spans are the hits in the searched text (Source when Side is
	// source), as byte offsets.
	Spans []Span `json:"spans"`
	Unit  *Unit  `json:"unit"`
}

// ImportOptions control Import.
type ImportOptions struct {
	// Name is recorded as the origin file of the units.
	Name string
	// Status of units whose TU does not say (x-status prop); default:
	// StatusAuto for TUs with bitext's x-confidence, StatusConfirmed otherwise.
	Status Status
}

// ImportStats counts what an import or add did.
type ImportStats struct {
	TUs     int `json:"tus"`     // translation units read
	Added   int `json:"added"`   // new units stored
	Updated int `json:"updated"` // identical pairs found: dates (and status) updated
	Skipped int `json:"skipped"` // TUs without a usable pair (one language, empty)
}

// Filter selects units for Export.
type Filter struct {
	Source, Target language.Tag // base languages, und = any (order-insensitive)
	Status         Status       // "" = any
	File           string       // substring of the origin file, "" = any
	Since          time.Time    // changed at or after
}

// PairCount is the number of units of one language pair.
type PairCount struct {
	Source string `json:"source"`
	Target string `json:"target"`
	Units  int64  `json:"units"`
}

// Stats describes a store.
type Stats struct {
	Backend       string           `json:"backend"`
	Location      string           `json:"location"`
	SchemaVersion int              `json:"schema_version"`
	Units         int64            `json:"units"`
	Postings      int64            `json:"postings"`
	Pairs         []PairCount      `json:"pairs"`
	ByStatus      map[Status]int64 `json:"by_status"`
	SizeBytes     int64            `json:"size_bytes"`
}

// Store is a translation memory. Implementations are safe for concurrent use
// by many goroutines: reads see a consistent snapshot, writes are
// serialised, and an import or add becomes visible whole or not at all.
type Store interface {
	// Import reads a TMX document and stores its pairs in one transaction:
	// on any error nothing of it is stored, and the error carries the TMX
	// line.
	Import(ctx context.Context, r io.Reader, opts ImportOptions) (ImportStats, error)
	// Add stores units in one transaction, deduplicating identical pairs
	// (their status, confidence and change date are updated, except that
	// StatusAuto never replaces a reviewed status).
	Add(ctx context.Context, units []Unit) (ImportStats, error)
	// Lookup returns the best fuzzy matches, best first.
	Lookup(ctx context.Context, q Query) ([]Match, error)
	// Concord returns concordance hits, newest first.
	Concord(ctx context.Context, q ConcordQuery) ([]Hit, error)
	// Export calls fn for each unit that f selects, oldest first, from one
	// snapshot.
	Export(ctx context.Context, f Filter, fn func(*Unit) error) error
	// Pairs lists the language pairs (base languages) and their unit counts.
	Pairs(ctx context.Context) ([]PairCount, error)
	// Stats describes the store.
	Stats(ctx context.Context) (Stats, error)
	Close() error
}

// Options control Open.
type Options struct {
	// Create the memory when it does not exist (import, add, serve). A
	// read-only command leaves it false and gets ErrNotFound.
	Create bool
}

// Open opens the memory named by loc: a postgres:// or postgresql:// URL
// for PostgreSQL, anything else a SQLite file path.
func Open(ctx context.Context, loc string, opts Options) (Store, error) {
	var b backend
	var err error
	if strings.HasPrefix(loc, "postgres://") || strings.HasPrefix(loc, "postgresql://") {
		b, err = openPostgres(ctx, loc, opts)
	} else {
		b, err = openSQLite(ctx, loc, opts)
	}
	if err != nil {
		return nil, err
	}
	s := &store{b: b}
	if err := s.finishMigration(ctx); err != nil {
		b.close()
		return nil, err
	}
	return s, nil
}

// ParseLang parses and normalises a BCP 47 tag ("AR_eg" → "ar-EG").
func ParseLang(s string) (language.Tag, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "_", "-")
	if s == "" {
		return language.Und, fmt.Errorf("%w: empty language tag", ErrUnit)
	}
	t, err := language.Parse(s)
	if err != nil {
		return language.Und, fmt.Errorf("%w: language %q: %v", ErrUnit, s, err)
	}
	return t, nil
}
