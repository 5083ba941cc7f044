package langid_test

import (
	"fmt"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/internal/langid"
)

func ExampleIdentifier_Detect() {
	d := langid.New(nil)
	r := d.Detect("[رابط المقال: https://www.noonpost.com/en/363624/](https://www.noonpost.com/en/363624/)")
	fmt.Println(r.Lang, r.URLs)

	r = d.Detect("The minister said «نرفض أي تدخل في الشؤون الداخلية» in Moscow")
	fmt.Println(r.Mixed, r.Lang, r.RunnerUp)

	fmt.Println(d.Detect("17").Lang, d.Detect("Lavrov").Lang)
	// Output:
	// ar [https://www.noonpost.com/en/363624/]
	// true ar en
	// und und
}

func ExampleParseLanguages() {
	langs, err := langid.ParseLanguages("ar,en,fa")
	fmt.Println(langs, err)
	_, err = langid.ParseLanguages("ar,xx")
	fmt.Println(err)
	// Output:
	// [ar en fa] <nil>
	// langid: unknown language "xx"
}

func ExampleNew() {
	d := langid.New([]language.Tag{language.English, language.Arabic})
	fmt.Println(d.Candidates())
	fmt.Println(d.Detect("Министр иностранных дел").Lang) // no Cyrillic candidate
	// Output:
	// [en ar]
	// und
}

func ExampleIdentifier_DetectHint() {
	d := langid.New(nil)
	// A heading of an English document: the fast trigram pass agrees with
	// the document's language, so lingua's large models are not loaded.
	r := d.DetectHint("What Was on the Table?", language.English)
	fmt.Println(r.Lang)
	// Output:
	// en
}
