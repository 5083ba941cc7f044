package batch

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

//go:embed report.css
var reportCSS string

//go:embed report.html.tmpl
var reportTmpl string

var reportHTML = template.Must(template.New("corpus").Funcs(template.FuncMap{
	"pct":    func(f float64) string { return strconv.FormatFloat(100*f, 'f', 1, 64) + "%" },
	"pctNum": func(f float64) string { return strconv.FormatFloat(100*f, 'f', 1, 64) },
	"conf":   func(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) },
	"add":    func(a, b int) int { return a + b },
	"css":    func() template.CSS { return template.CSS(reportCSS) },
}).Parse(reportTmpl))

// DefaultLowCoverage is the coverage below which the report marks a pair.
const DefaultLowCoverage = 0.8

// Report is the corpus report: the summary and every pair, worst first.
type Report struct {
	Name    string      `json:"manifest"`
	Summary *Summary    `json:"summary"`
	Pairs   []ReportRow `json:"pairs"`
	// LowThreshold is the coverage below which a pair is "low"; Low
	// counts those pairs.
	LowThreshold float64 `json:"low_coverage_threshold"`
	Low          int     `json:"low_coverage_pairs"`
	Bins         []Bin   `json:"-"`
}

// ReportRow is one pair of the report.
type ReportRow struct {
	Record
	// Class is failed, low, suspect or ok (the row's colour).
	Class string `json:"class"`
	// Link is the pair's coverage report relative to the corpus report.
	Link string `json:"link,omitempty"`
	// Shapes lists the bead counts, most frequent shape first.
	Shapes string `json:"shapes"`
}

// Bin is one bar of the coverage histogram.
type Bin struct {
	Label  string
	Count  int
	Height float64 // percent of the tallest bar
	Low    bool
}

// NewReport builds the corpus report of a run's summary. reportPath is
// where the HTML page will be written: links to the pairs' coverage
// reports are made relative to its folder ("" keeps them as recorded).
func NewReport(name string, s *Summary, reportPath string) *Report {
	r := &Report{Name: name, Summary: s, LowThreshold: DefaultLowCoverage, Pairs: []ReportRow{}}
	for _, rec := range s.Records {
		row := ReportRow{Record: rec, Shapes: Shapes(rec.Beads)}
		switch {
		case rec.Status == Failed:
			row.Class = "failed"
		case rec.Coverage < r.LowThreshold:
			row.Class = "low"
			r.Low++
		case rec.Suspects > 0:
			row.Class = "suspect"
		default:
			row.Class = "ok"
		}
		if rec.CoverageReport != "" {
			row.Link = relLink(reportPath, rec.CoverageReport)
		}
		r.Pairs = append(r.Pairs, row)
	}
	sort.SliceStable(r.Pairs, func(i, j int) bool { return worse(r.Pairs[i], r.Pairs[j]) })
	tallest := 1
	for _, n := range s.Histogram {
		tallest = max(tallest, n)
	}
	for i, n := range s.Histogram {
		label := fmt.Sprintf("%d–%d%%", 10*i, 10*(i+1))
		r.Bins = append(r.Bins, Bin{Label: label, Count: n, Height: float64(100*n) / float64(tallest),
			Low: float64(i+1)/10 <= r.LowThreshold})
	}
	return r
}

// worse orders failed pairs first, then by coverage, suspects and
// confidence, then by id.
func worse(a, b ReportRow) bool {
	if af, bf := a.Status == Failed, b.Status == Failed; af != bf {
		return af
	}
	if a.Coverage != b.Coverage {
		return a.Coverage < b.Coverage
	}
	if a.Suspects != b.Suspects {
		return a.Suspects > b.Suspects
	}
	if a.MeanConfidence != b.MeanConfidence {
		return a.MeanConfidence < b.MeanConfidence
	}
	return a.ID < b.ID
}

// Shapes lists bead shape counts, most frequent first ("1-1×40 1-2×3").
func Shapes(m map[string]int) string {
	ks := sortedKeys(m)
	sort.SliceStable(ks, func(i, j int) bool { return m[ks[i]] > m[ks[j]] })
	parts := make([]string, len(ks))
	for i, k := range ks {
		parts[i] = fmt.Sprintf("%s×%d", k, m[k])
	}
	return strings.Join(parts, " ")
}

func relLink(reportPath, target string) string {
	if reportPath != "" && !hasScheme(target) {
		if rel, err := filepath.Rel(filepath.Dir(reportPath), target); err == nil {
			target = filepath.ToSlash(rel)
		}
	}
	return (&url.URL{Path: target}).String()
}

// WriteHTML writes the report as one self-contained HTML page (inline CSS,
// no scripts, no network), with the conventions of the coverage report:
// the summary, a histogram of coverage across the corpus, and one row per
// pair, worst first, linking to the pair's coverage report; a checkbox
// hides the pairs without problems.
func (r *Report) WriteHTML(w io.Writer) error {
	return reportHTML.Execute(w, r)
}

// WriteJSON writes the report as one JSON object: "summary" (counts, bead
// shapes, coverage histogram, failures) and "pairs" (the journal records,
// worst first, with their class and link).
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
