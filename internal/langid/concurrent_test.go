package langid

import (
	"os"
	"sync"
	"testing"
)

// TestConcurrentDetect runs one Identifier from several goroutines on
// texts that build detectors and load models on first use (run with
// -race).
func TestConcurrentDetect(t *testing.T) {
	d := NewConfig(Config{WordLists: os.DirFS(SystemWordLists)})
	texts := []struct{ text, want string }{
		{"What Was Discussed?", "en"},
		{"Le ministre a déclaré hier soir.", "fr"},
		{"التقى وزير الخارجية السوري بنظيره الروسي", "ar"},
		{"این کتاب خیلی خوب است", "fa"},
		{"Министр иностранных дел России", "ru"},
		{"moist soils", "en"},
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := range texts {
				tt := texts[(i+g)%len(texts)]
				if got := d.Detect(tt.text).Lang.String(); got != tt.want {
					t.Errorf("goroutine %d: Detect(%q) = %s, want %s", g, tt.text, got, tt.want)
				}
			}
		}(g)
	}
	wg.Wait()
}
