package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/eval"
	"github.com/claims-project/claims/extract"
	"github.com/claims-project/claims/ingest"
	"github.com/claims-project/claims/store/entity"
)

// evalFlags are the flags of claims eval.
type evalFlags struct {
	gold       []string
	asJSON     bool
	errorsN    int
	html       bool
	perArticle bool
	predsFile  string
	scope      string
	speakers   string
	aliases    string
}

func newEvalCmd() *cobra.Command {
	var f evalFlags
	cmd := &cobra.Command{
		Use:   "eval --gold FILE... [--json] [--errors N] [--html] [--articles] | --speakers FILE [--aliases FILE]",
		Short: "Score the extractor against gold-labelled articles, or speaker linking against a linking set",
		Long: `eval runs the extractor on every article of the gold files and scores its
claims against the labels, as the formats spec says: claim precision, recall
and F1 at coverage thresholds 0.3 and 0.8, speaker accuracy and end-to-end
figures (claim matched and speaker right), overall and by kind.

Gold files are JSON Lines, one labelled article a line. Any defect in them is
an error naming file, line and field. Low scores are not errors: eval exits 0
whenever it could score, 1 for bad gold input or a failing extractor, 2 for
bad usage.

With --html the extractor runs on the main text of each article's HTML page
(the gold "html" field, relative to the gold file) instead of the gold text,
and predicted spans are mapped onto the gold text by aligning the two texts;
this scores the whole ingest path. Articles without an html field are left
out (the report says how many).

With --speakers, eval scores speaker linking instead: the file is a linking
set (corpus/linking/speakers.marked: articles whose speaker mentions are marked
with the person or organisation they refer to across the set), its speakers
are linked as the store links them, and the figures are pairwise: precision
is the share of linked pairs of mentions that the gold links too, recall the
share of gold pairs linked. It scores twice: with each speaker named as an
extractor names it (the fullest form the article gives), and with each
mention as written. --aliases applies an alias file as the store would.`,
		Example: `  claims eval --gold corpus/gold.jsonl
  claims eval --gold corpus/gold.jsonl --errors 10
  claims eval --gold corpus/*.jsonl --json > scores.json
  claims eval --gold corpus/gold.jsonl --html --articles
  claims eval --gold ../shared/data/polnear/dev.jsonl --scope all
  claims eval --speakers corpus/linking/speakers.marked --errors 5`,
		RunE: f.run,
	}
	fl := cmd.Flags()
	fl.StringSliceVar(&f.gold, "gold", nil, "gold JSON Lines `FILE`s (repeat the flag, separate with commas, or list more files as arguments)")
	fl.BoolVar(&f.asJSON, "json", false, "print the scores as one JSON document (schema: go doc ./eval)")
	fl.IntVar(&f.errorsN, "errors", 0, "list up to `N` misses, false alarms and wrong speakers each (at coverage > 0.3), with context")
	fl.BoolVar(&f.html, "html", false, "run on each article's HTML page through the ingest main-text extractor instead of the gold text")
	fl.BoolVar(&f.perArticle, "articles", false, "also print figures for each article (always in --json)")
	fl.StringVar(&f.predsFile, "predictions", "", "also write the predicted claims to `FILE`, one {\"id\", \"claims\"} object per article")
	fl.StringVar(&f.scope, "scope", "speech", "which attributions count: speech (statements) or all (beliefs and positions too, as PARC/PolNeAR annotate)")
	fl.StringVar(&f.speakers, "speakers", "", "score speaker linking against the linking set `FILE` instead")
	fl.StringVar(&f.aliases, "aliases", "", "with --speakers: link with this alias `FILE`")
	return cmd
}

// runSpeakers is claims eval --speakers: pairwise linking figures on a
// linking set, named as an extractor names speakers and as written.
func (f *evalFlags) runSpeakers(cmd *cobra.Command) error {
	arts, err := eval.ReadLinkingGoldFile(f.speakers)
	if err != nil {
		return err
	}
	l, err := entity.LoadLists()
	if err != nil {
		return err
	}
	var al *entity.Aliases
	if f.aliases != "" {
		b, err := os.ReadFile(f.aliases)
		if err != nil {
			return fmt.Errorf("eval --aliases: %w", err)
		}
		if al, err = l.ParseAliases(b, f.aliases); err != nil {
			return err
		}
	}
	named := eval.ScoreLinking(l, arts, al, false)
	written := eval.ScoreLinking(l, arts, al, true)
	out := cmd.OutOrStdout()
	if f.asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]eval.LinkReport{"named": named, "as_written": written})
	}
	fmt.Fprintf(out, "%s, speakers named as an extractor names them:\n", f.speakers)
	if err := named.WriteText(out, f.errorsN); err != nil {
		return err
	}
	fmt.Fprintf(out, "\nthe same, each mention as written:\n")
	return written.WriteText(out, 0)
}

// run is claims eval: it reads the gold files named by the flags and args,
// scores the extractor on them and prints the report.
func (f *evalFlags) run(cmd *cobra.Command, args []string) error {
	// Positional arguments are more gold files, so that
	// `--gold corpus/*.jsonl` works after shell expansion.
	files := append(append([]string(nil), f.gold...), args...)
	if f.speakers != "" {
		if len(files) > 0 {
			return usageError{errors.New("eval: --speakers scores linking, not gold files: give one or the other")}
		}
		return f.runSpeakers(cmd)
	}
	if f.aliases != "" {
		return usageError{errors.New("eval: --aliases goes with --speakers")}
	}
	if len(files) == 0 {
		return usageError{errors.New("eval: no gold file given (use --gold FILE)")}
	}
	if f.errorsN < 0 {
		return usageError{fmt.Errorf("eval: --errors must be ≥ 0, got %d", f.errorsN)}
	}
	sc, err := extract.ParseScope(f.scope)
	if err != nil {
		return usageError{fmt.Errorf("eval: --scope: %w", err)}
	}
	arts, err := eval.ReadGoldFiles(files)
	if err != nil {
		return err
	}
	x, err := extract.New(extract.WithScope(sc))
	if err != nil {
		return fmt.Errorf("eval: load extractor: %w", err)
	}
	rep := &eval.Report{GoldFiles: files, Source: "text"}
	var p eval.Predictor = eval.TextPredictor{Extractor: x}
	if f.html {
		p = eval.HTMLPredictor{Extractor: x, Page: ingest.ExtractPage}
		rep.Source = "html"
		if arts, rep.WithoutHTML, err = eval.WithPages(arts, files); err != nil {
			return fmt.Errorf("eval --html: %w", err)
		}
	}
	if rep.Result, err = eval.Evaluate(cmd.Context(), arts, p, eval.Options{}); err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	if f.predsFile != "" {
		if err := writePredictions(f.predsFile, rep.Result); err != nil {
			return err
		}
	}
	if f.errorsN > 0 {
		rep.Mistakes = eval.FindMistakes(rep.Result, 0, f.errorsN)
	}
	if f.asJSON {
		return rep.WriteJSON(cmd.OutOrStdout())
	}
	return rep.WriteText(cmd.OutOrStdout(), f.perArticle)
}

// writePredictions writes the claims predicted for each article, in gold
// order, as JSON Lines: {"id": ..., "claims": [...]}.
func writePredictions(path string, res *eval.Result) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("eval --predictions: %w", err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, a := range res.PerArticle {
		cs := make([]claims.Claim, 0, len(a.Predictions))
		for _, p := range a.Predictions {
			cs = append(cs, p.Claim)
		}
		if err := enc.Encode(struct {
			ID     string         `json:"id"`
			Claims []claims.Claim `json:"claims"`
		}{a.ID, cs}); err != nil {
			f.Close()
			return fmt.Errorf("eval --predictions %s: %w", path, err)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("eval --predictions %s: %w", path, err)
	}
	return f.Close()
}
