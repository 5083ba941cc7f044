package tmxtool

import (
	"context"
	"io"
	"sort"
	"unicode/utf8"

	"github.com/bitext/bitext/tmx"
)

// LengthBuckets are the upper bounds (in characters) of the length histogram.
var LengthBuckets = []int{10, 25, 50, 100, 200, 500, 1000, 2000}

// LangStats describe the segments of one language.
type LangStats struct {
	Lang      string  `json:"lang"`
	Segments  int     `json:"segments"`
	Chars     int     `json:"chars"`
	MeanChars float64 `json:"mean_chars"`
	MinChars  int     `json:"min_chars"`
	MaxChars  int     `json:"max_chars"`
	// Histogram[i] counts segments of at most LengthBuckets[i] characters
	// (and more than the previous bound); the last counts longer ones.
	Histogram []int `json:"histogram"`
}

// Stats describe one memory.
type Stats struct {
	File        string       `json:"file"`
	Version     string       `json:"version"`
	SegType     string       `json:"segtype"`
	SrcLang     string       `json:"srclang"`
	Tool        string       `json:"creationtool"`
	TUs         int          `json:"tus"`
	Languages   []*LangStats `json:"languages"`   // srclang first, then by tag
	Duplicates  int          `json:"duplicates"`  // TUs identical to an earlier one
	Conflicting int          `json:"conflicting"` // TUs whose source was seen with a different translation
	BucketsMax  []int        `json:"histogram_bounds"`
}

// ComputeStats reads the memory r (named name in Stats and errors). Memory
// is one TU plus 16 bytes per TU for the duplicate count.
func ComputeStats(ctx context.Context, r io.Reader, name string) (*Stats, error) {
	var st *Stats
	byLang := map[string]*LangStats{}
	var keys [][2]uint64 // (source hash, all-variants hash), counted after sorting
	var srclang string
	err := decodeEach(ctx, r, name, func(h *tmx.Header) error {
		st = &Stats{File: name, Version: h.Version, SegType: h.SegType, SrcLang: h.SrcLang, Tool: h.CreationTool, BucketsMax: LengthBuckets}
		srclang = h.SrcLang
		return nil
	}, func(tu *tmx.TU) error {
		st.TUs++
		for _, v := range tu.TUVs {
			l := byLang[v.Lang]
			if l == nil {
				l = &LangStats{Lang: v.Lang, MinChars: -1, Histogram: make([]int, len(LengthBuckets)+1)}
				byLang[v.Lang] = l
			}
			l.add(utf8.RuneCountInString(v.Text()))
		}
		all, src := tuKeys(tu, srclang)
		keys = append(keys, [2]uint64{src, all})
		return nil
	})
	if err != nil {
		return nil, err
	}
	st.Duplicates, st.Conflicting = countDuplicates(keys)
	for _, l := range byLang {
		if l.Segments > 0 {
			l.MeanChars = float64(l.Chars) / float64(l.Segments)
		}
		st.Languages = append(st.Languages, l)
	}
	sort.Slice(st.Languages, func(i, j int) bool {
		a, b := st.Languages[i], st.Languages[j]
		if (a.Lang == srclang) != (b.Lang == srclang) {
			return a.Lang == srclang
		}
		return a.Lang < b.Lang
	})
	return st, nil
}

func (l *LangStats) add(n int) {
	l.Segments++
	l.Chars += n
	if l.MinChars < 0 || n < l.MinChars {
		l.MinChars = n
	}
	l.MaxChars = max(l.MaxChars, n)
	l.Histogram[sort.SearchInts(LengthBuckets, n)]++
}

// countDuplicates returns the number of TUs identical to an earlier one and
// the number of distinct TUs whose source also has another translation
// (distinct pairs minus distinct sources).
func countDuplicates(keys [][2]uint64) (dups, conflicting int) {
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	for i := 1; i < len(keys); i++ {
		if keys[i] == keys[i-1] {
			dups++
		} else if keys[i][0] == keys[i-1][0] {
			conflicting++
		}
	}
	return dups, conflicting
}
