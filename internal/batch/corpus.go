package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/internal/atomicfile"
	"github.com/bitext/bitext/internal/pipeline"
)

// The corpus pass (Config.Corpus): a first pass aligns every pair of the
// run and writes nothing; the confident 1-1 sentence beads of each pair
// (align.ConfidentPairs), collected in manifest order, train one lexicon
// per group of pairs with the same language pair and dictionary choice
// (align.Aligner.LearnCorpus); the second pass, the one that writes, aligns
// every pair with its group's lexicon as align.Aligner.Learned. A group of
// fewer than 2 pairs learns nothing. This is what bitext eval does on a
// dev set (internal/eval.Run), per language pair. The result depends on
// the manifest order only, not on Jobs or on which worker finishes first.

// Corpus holds the lexicons a first pass learned.
type Corpus struct {
	// Groups are the learned lexicons by group key (see corpusKey).
	Groups map[string]*align.Lexicon
	// Sum is the sha256 of the groups' keys and lexicons; it is part of
	// every pair's Config hash, so --resume redoes a pair aligned with
	// another corpus lexicon (or none).
	Sum string
	// Info describes the first pass, for the "corpus" progress event.
	Info CorpusInfo
}

// CorpusInfo is what the "corpus" progress event says about the first
// pass.
type CorpusInfo struct {
	// Reused is set when the lexicons were read from CorpusPath (--resume)
	// and no first pass ran.
	Reused bool        `json:"reused"`
	Groups []GroupInfo `json:"groups"`
}

// GroupInfo is one group of pairs of the corpus pass.
type GroupInfo struct {
	Key     string `json:"key"`   // language pair and dictionary choice
	Docs    int    `json:"docs"`  // pairs aligned in the first pass
	Pairs   int    `json:"pairs"` // confident 1-1 training pairs
	Learned bool   `json:"learned"`
}

func (f corpusFile) info(reused bool) CorpusInfo {
	in := CorpusInfo{Reused: reused, Groups: []GroupInfo{}}
	for _, g := range f.Groups {
		in.Groups = append(in.Groups, GroupInfo{Key: g.Key, Docs: g.Docs, Pairs: g.Pairs, Learned: len(g.Lexicon) > 0})
	}
	return in
}

// learned returns the lexicon for entry e's detected pair src-tgt.
func (c *Corpus) learned(e Entry, src, tgt language.Tag) *align.Lexicon {
	if c == nil {
		return nil
	}
	return c.Groups[corpusKey(e, src, tgt)]
}

// corpusKey groups the pairs that share a lexicon: the detected language
// pair and the dictionary choice.
func corpusKey(e Entry, src, tgt language.Tag) string {
	return src.String() + "-" + tgt.String() + " dict=" + strconv.Quote(e.Options.Dict) +
		" no_dict=" + strconv.FormatBool(e.Options.NoDict) + " lexicon=" + strconv.Quote(e.Options.Lexicon)
}

// CorpusPath is the file next to the journal where the learned lexicons
// are saved for --resume.
func CorpusPath(journal string) string { return journal + ".corpus" }

// corpusFile is the saved form of a Corpus.
type corpusFile struct {
	Version int `json:"version"`
	// Inputs is the sha256 of what the first pass read: every pair's id,
	// settings and input hashes, in manifest order.
	Inputs string        `json:"inputs_sha256"`
	Groups []corpusGroup `json:"groups"`
}

type corpusGroup struct {
	Key     string `json:"key"`
	Docs    int    `json:"docs"`
	Pairs   int    `json:"pairs"`
	Lexicon []byte `json:"lexicon,omitempty"` // align.Lexicon.WriteTo; none when too few pairs
}

// firstPass is what one pair gives the corpus pass.
type firstPass struct {
	ok    bool
	key   string
	pairs [][2]string
	lex   *align.Lexicon // the dictionary lexicon the pair was aligned with
}

// learnCorpus runs the first pass over entries with jobs workers (or
// loads the lexicons saved at path by an earlier run with the same
// inputs, when resume) and saves them at path ("" saves nothing). A pair
// that fails contributes nothing (the second pass records its failure).
// progress, when set, is called (from the calling goroutine) with the
// number of pairs the first pass has done.
func learnCorpus(ctx context.Context, env *pipeline.Env, entries []Entry, o Options, jobs int, path string, resume bool,
	progress func(done int)) (*Corpus, error) {
	var inputs string
	if path != "" {
		var err error
		if inputs, err = corpusInputs(ctx, env, entries, o); err != nil {
			return nil, err
		}
	}
	if resume && path != "" {
		if c, ok := loadCorpus(path, inputs); ok {
			return c, nil
		}
	}
	res := make([]firstPass, len(entries))
	idx, done := make(chan int), make(chan struct{})
	var wg sync.WaitGroup
	for range min(jobs, max(len(entries), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range idx {
				res[k] = firstPassEntry(ctx, env, entries[k])
				done <- struct{}{}
			}
		}()
	}
	go func() {
		defer close(idx)
		for k := range entries {
			select {
			case idx <- k:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(done)
	}()
	n := 0
	for range done {
		n++
		if progress != nil {
			progress(n)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// Groups in manifest order, so that the training pairs (and so the
	// lexicon) do not depend on the workers.
	var order []string
	byKey := map[string]*firstPass{}
	docs := map[string]int{}
	for _, r := range res {
		if !r.ok {
			continue
		}
		g := byKey[r.key]
		if g == nil {
			g = &firstPass{key: r.key, lex: r.lex}
			byKey[r.key] = g
			order = append(order, r.key)
		}
		g.pairs = append(g.pairs, r.pairs...)
		docs[r.key]++
	}
	f := corpusFile{Version: 1, Inputs: inputs, Groups: []corpusGroup{}}
	c := &Corpus{Groups: map[string]*align.Lexicon{}}
	for _, k := range order {
		g := byKey[k]
		cg := corpusGroup{Key: k, Docs: docs[k], Pairs: len(g.pairs)}
		if docs[k] >= 2 {
			if l := (&align.Aligner{Lexicon: g.lex}).LearnCorpus(g.pairs); l != nil {
				var b bytes.Buffer
				if _, err := l.WriteTo(&b); err != nil {
					return nil, fmt.Errorf("batch: corpus lexicon %s: %w", k, err)
				}
				cg.Lexicon = b.Bytes()
				c.Groups[k] = l
			}
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		f.Groups = append(f.Groups, cg)
	}
	c.Sum, c.Info = corpusSum(f), f.info(false)
	if path != "" {
		data, err := json.Marshal(f)
		if err != nil {
			return nil, fmt.Errorf("batch: corpus: %w", err)
		}
		if err := atomicfile.Write(path, func(w io.Writer) error {
			_, err := w.Write(append(data, '\n'))
			return err
		}); err != nil {
			return nil, fmt.Errorf("batch: corpus: %w", err)
		}
	}
	return c, nil
}

// firstPassEntry aligns e as the second pass would without a corpus
// lexicon and returns its confident pairs and group.
func firstPassEntry(ctx context.Context, env *pipeline.Env, e Entry) firstPass {
	srcLang, tgtLang, langs, err := entryLanguages(e)
	if err != nil {
		return firstPass{}
	}
	var key string
	// The key is taken where the second pass asks for the lexicon, with
	// the same languages.
	a, err := alignPair(ctx, env, e, srcLang, tgtLang, langs, func(src, tgt language.Tag) *align.Lexicon {
		key = corpusKey(e, src, tgt)
		return nil
	})
	if err != nil || key == "" {
		return firstPass{}
	}
	src, tgt := texts(a.res.Src.Sentences), texts(a.res.Tgt.Sentences)
	return firstPass{ok: true, key: key, pairs: align.ConfidentPairs(src, tgt, a.res.SentBeads), lex: a.lex}
}

func texts(segs []pipeline.Segment) []string {
	out := make([]string, len(segs))
	for i, s := range segs {
		out[i] = s.Text
	}
	return out
}

// corpusInputs hashes what the first pass reads. A discovered original
// is not fetched for it: its translation's hash stands for it.
func corpusInputs(ctx context.Context, env *pipeline.Env, entries []Entry, o Options) (string, error) {
	o.Corpus = nil
	var b bytes.Buffer
	for _, e := range entries {
		th, err := HashInput(ctx, env, e.Translation)
		if err != nil {
			th = "error: " + err.Error()
		}
		oh, err := HashInput(ctx, env, e.Original)
		if err != nil {
			oh = "error: " + err.Error()
		}
		if err := ctx.Err(); err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "%q %s %s %s\n", e.ID, ConfigHash(e, o), th, oh)
	}
	return Hash(b.Bytes()), nil
}

// corpusSum is Corpus.Sum of a saved corpus.
func corpusSum(f corpusFile) string {
	f.Inputs = ""
	data, _ := json.Marshal(f)
	return Hash(data)
}

// loadCorpus reads the corpus saved at path; ok is false when there is
// none, it does not parse or it was learned from other inputs.
func loadCorpus(path, inputs string) (*Corpus, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, false
	}
	var f corpusFile
	if err := json.Unmarshal(data, &f); err != nil || f.Version != 1 || f.Inputs != inputs {
		return nil, false
	}
	c := &Corpus{Groups: map[string]*align.Lexicon{}, Sum: corpusSum(f), Info: f.info(true)}
	for _, g := range f.Groups {
		if len(g.Lexicon) == 0 {
			continue
		}
		l := new(align.Lexicon)
		if _, err := l.ReadFrom(bytes.NewReader(g.Lexicon)); err != nil {
			return nil, false
		}
		c.Groups[g.Key] = l
	}
	return c, true
}
