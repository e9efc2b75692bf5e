// Command fitconf fits the extractor's confidence model and writes its
// weights to extract/confidence_weights.go:
//
//	go run ./extract/internal/fitconf -gold ../shared/data/polnear/train.jsonl
//
// It runs the extractor on every gold article with Explain, which reports
// for each claim the confidence terms it was scored on (computed by the
// same function that scores claims at run time), labels each claim by
// formats.md's meaning of confidence (it matches a gold claim at coverage
// 0.3 and its speaker is right, as eval.ScoreArticle judges), and fits a
// logistic regression by batch gradient descent with an L2 penalty. Fit on
// a training split only, and measure the result with `claims eval` on
// another.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/claims-project/claims/eval"
	"github.com/claims-project/claims/extract"
)

func main() {
	gold := flag.String("gold", "", "gold JSON Lines `FILE` to fit on (a training split)")
	out := flag.String("out", "extract/confidence_weights.go", "Go `FILE` to write the weights to")
	iters := flag.Int("iters", 400, "gradient descent iterations")
	rate := flag.Float64("rate", 0.5, "learning rate")
	l2 := flag.Float64("l2", 0.001, "L2 penalty")
	flag.Parse()
	if *gold == "" {
		fmt.Fprintln(os.Stderr, "fitconf: -gold FILE is required")
		os.Exit(2)
	}
	if err := run(*gold, *out, fitOptions{iters: *iters, rate: *rate, l2: *l2}); err != nil {
		fmt.Fprintln(os.Stderr, "fitconf:", err)
		os.Exit(1)
	}
}

func run(gold, out string, opt fitOptions) error {
	arts, err := eval.ReadGoldFile(gold)
	if err != nil {
		return err
	}
	ex, err := extract.New()
	if err != nil {
		return err
	}
	samples, err := collect(context.Background(), ex, arts)
	if err != nil {
		return err
	}
	w := fit(samples, opt)
	src, err := render(w, gold)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, src, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	fmt.Fprintf(os.Stderr, "fitconf: %d claims of %d articles; weights written to %s\n", len(samples), len(arts), out)
	return nil
}

// sample is one predicted claim: the terms it was scored on, and whether
// it was right.
type sample struct {
	terms []string
	right bool
}

// coverage is formats.md's looser threshold, the one confidence promises.
const coverage = 0.3

// collect runs the extractor over arts and labels every claim.
func collect(ctx context.Context, ex *extract.Extractor, arts []*eval.Article) ([]sample, error) {
	var out []sample
	for _, a := range arts {
		cs, terms, err := ex.Explain(ctx, a.Text)
		if err != nil {
			return nil, fmt.Errorf("extract %s: %w", a.ID, err)
		}
		res := eval.ScoreArticle(a, cs, []float64{coverage})
		for i, p := range res.Predictions {
			out = append(out, sample{terms: terms[i], right: p.Matched(0) && p.SpeakerRight[0]})
		}
	}
	return out, nil
}
