package coverage

import (
	_ "embed"
	"html/template"
	"io"
	"strconv"
)

//go:embed report.css
var reportCSS string

//go:embed report.html.tmpl
var reportTmpl string

var htmlTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct":  func(f float64) string { return strconv.FormatFloat(100*f, 'f', 1, 64) + "%" },
	"conf": func(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) },
	"ref": func(c Cell) string {
		return ref(Item{Paragraph: c.Paragraph, Sentence: c.Sentence})
	},
	"iref": ref,
	"css":  func() template.CSS { return template.CSS(reportCSS) },
	// cellDir and cellLang give a table cell the direction and language
	// of its first segment, or of the side when it is empty.
	"cellDir": func(cs []Cell, side DocInfo) string {
		if len(cs) > 0 {
			return cs[0].Dir
		}
		return dirOfLang(side.Lang)
	},
	"cellLang": func(cs []Cell, side DocInfo) string {
		if len(cs) > 0 && cs[0].Lang != "" {
			return cs[0].Lang
		}
		return side.Lang
	},
	"sideDir": func(side DocInfo) string { return dirOfLang(side.Lang) },
}).Parse(reportTmpl))

// rtlLangs are the base languages written right to left that bitext meets.
var rtlLangs = map[string]bool{"ar": true, "fa": true, "ur": true, "he": true, "yi": true, "ps": true, "ckb": true, "sd": true, "ug": true, "dv": true}

func dirOfLang(lang string) string {
	if rtlLangs[lang] {
		return "rtl"
	}
	return "ltr"
}

// WriteHTML writes the report as one self-contained HTML page (inline CSS,
// no scripts, no network): the summary, the lists, then the original and
// the translation side by side with one table row per bead, coloured by
// status. A checkbox hides the rows without problems (pure CSS). Every
// text cell carries dir and lang attributes so that Arabic is laid out
// right to left. Text is escaped by html/template.
func (r *Report) WriteHTML(w io.Writer) error {
	return htmlTmpl.Execute(w, r)
}
