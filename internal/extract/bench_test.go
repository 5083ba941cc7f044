package extract

import (
	"os"
	"testing"
)

func BenchmarkHTML(b *testing.B) {
	body, err := os.ReadFile("testdata/ar-wordpress.html")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := HTML("bench", body, "text/html; charset=utf-8"); err != nil {
			b.Fatal(err)
		}
	}
}
