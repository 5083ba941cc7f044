package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bitext/bitext/internal/atomicfile"
	"github.com/bitext/bitext/internal/eval"
	"github.com/bitext/bitext/internal/pipeline"
)

type evalOpts struct {
	json     bool
	dict     string // dictionary file, "" = installed FreeDict, "none" = none
	noLearn  bool
	noCorpus bool   // no corpus pass (a lexicon learned from every document's first pass)
	whole    bool   // align multi-sentence units whole, not through their sentences
	predDir  string // write predicted beads per document here
	stderr   io.Writer
}

func evalCommand() *cli.Command {
	return &cli.Command{
		Name:      "eval",
		Usage:     "align an evaluation dataset and score it against its gold (Sennrich & Volk strict/lax P/R/F1)",
		ArgsUsage: "DATASET_DIR",
		Description: "DATASET_DIR has two language folders (named by the n_<lang> columns of\n" +
			"manifest.tsv, source first), one document per file with one unit per line,\n" +
			"and gold/<doc> beads \"[i, j]:[k]\". Lines are aligned as given.\n" +
			"Installed dictionaries for the pair (FreeDict, CC-CEDICT; see README) are used\n" +
			"unless --dict names another file or --dict none.",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "json", Usage: "print the scores as one JSON object"},
			&cli.StringFlag{Name: "dict", Usage: "dictionary `FILE` (dictd, CC-CEDICT, hunalign or lexicon TSV), or \"none\""},
			&cli.BoolFlag{Name: "no-dict", Usage: "do not use installed dictionaries (like --dict none, as on align)"},
			&cli.BoolFlag{Name: "no-learn", Usage: "do not learn a lexicon from a first pass (Moore 2002)"},
			&cli.BoolFlag{Name: "no-corpus", Usage: "learn the lexicon from each document alone, not from the first pass over every document"},
			&cli.BoolFlag{Name: "whole", Usage: "align multi-sentence units whole instead of through their sentences"},
			&cli.StringFlag{Name: "pred", Usage: "write the predicted beads of each document into `DIR`"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usageErrorf("eval: want one DATASET_DIR, got %d arguments", c.NArg())
			}
			opts := evalOpts{
				json: c.Bool("json"), dict: dictOrNone(c.String("dict"), c.Bool("no-dict")), noLearn: c.Bool("no-learn"), noCorpus: c.Bool("no-corpus"), whole: c.Bool("whole"),
				predDir: c.String("pred"), stderr: c.App.ErrWriter,
			}
			env, err := pipelineEnv(c)
			if err != nil {
				return err
			}
			return runEval(c.Context, env, opts, c.Args().Slice(), c.App.Writer)
		},
	}
}

func runEval(ctx context.Context, env *pipeline.Env, opts evalOpts, args []string, out io.Writer) error {
	ds, err := eval.Open(args[0])
	if err != nil {
		return err
	}
	stderr := opts.stderr
	if stderr == nil {
		stderr = io.Discard
	}
	// The dictionary choice of align and coverage (pipeline.Env.Lexicon).
	var info *pipeline.LexiconInfo
	a, err := eval.NewAligner(ds, env.LexiconFor(pipeline.DictChoice{Dict: opts.dict}, &info))
	if err != nil {
		return err
	}
	switch {
	case info == nil && opts.dict != "" && opts.dict != "none":
		return fmt.Errorf("eval: %s: languages %q and %q are not BCP 47 tags", args[0], ds.Src, ds.Tgt)
	case info != nil && opts.dict == "" && a.Lexicon != nil:
		fmt.Fprintf(stderr, "bitext: using installed dictionary %s (%d pairs; --no-dict to turn off)\n", strings.Join(info.Paths, ", "), a.Lexicon.Len())
	case info != nil && opts.dict != "" && opts.dict != "none":
		fmt.Fprintf(stderr, "bitext: using dictionary %s (%d entries)\n", opts.dict, info.Entries)
	}
	a.NoLearn = opts.noLearn
	a.Whole = opts.whole
	p := newProgress(ctx, stderr)
	// The corpus pass aligns every document twice: the total comes with
	// the first report.
	started := false
	res, err := eval.Run(ctx, ds, a, eval.Options{NoCorpus: opts.noCorpus}, func(done, total int) {
		if !started {
			p.step("aligning documents", int64(total), false)
			started = true
		}
		p.set(int64(done))
	})
	p.done()
	if err != nil {
		return err
	}
	if opts.predDir != "" {
		if err := os.MkdirAll(opts.predDir, 0o755); err != nil {
			return fmt.Errorf("eval: %w", err)
		}
		for k, name := range ds.Docs {
			bs := make([]eval.Bead, len(res.Pred[k]))
			for i, b := range res.Pred[k] {
				bs[i] = eval.Bead{Src: b.Src, Tgt: b.Tgt}
			}
			text := eval.FormatBeads(bs)
			if err := atomicfile.Write(filepath.Join(opts.predDir, name), func(w io.Writer) error {
				_, err := io.WriteString(w, text)
				return err
			}); err != nil {
				return err
			}
		}
	}
	if opts.json {
		b, err := json.Marshal(res)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(out, "%s\n", b)
		return err
	}
	s := res.Scores
	fmt.Fprintf(out, "%s: %d documents (%s-%s) in %.2fs\n", args[0], res.Documents, ds.Src, ds.Tgt, res.Seconds)
	fmt.Fprintf(out, "            strict   lax\n")
	fmt.Fprintf(out, "precision   %.3f   %.3f\n", s.Strict.Precision, s.Lax.Precision)
	fmt.Fprintf(out, "recall      %.3f   %.3f\n", s.Strict.Recall, s.Lax.Recall)
	fmt.Fprintf(out, "F1          %.3f   %.3f\n", s.Strict.F1, s.Lax.F1)
	cs := res.Confidence
	fmt.Fprintf(out, "confidence ≥ %.1f: %.1f%% of beads, strict precision %.3f (below: %.3f), AUC %.3f\n",
		cs.Threshold, 100*cs.ShareAbove, cs.PrecisionAbove, cs.PrecisionBelow, cs.AUC)
	n := res.Nulls
	fmt.Fprintf(out, "deletions P %.3f R %.3f; insertions P %.3f R %.3f\n",
		n.Deletions.Precision, n.Deletions.Recall, n.Insertions.Precision, n.Insertions.Recall)
	return nil
}

// dictOrNone maps --no-dict onto eval's --dict none.
func dictOrNone(dict string, noDict bool) string {
	if noDict && dict == "" {
		return "none"
	}
	return dict
}
