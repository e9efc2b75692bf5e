package eval

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/claims-project/claims"
)

// Report is the JSON document `claims eval --json` prints: the Result's
// figures plus where they came from and, on request, the mistakes.
type Report struct {
	GoldFiles []string `json:"gold_files"`
	// Source is "text" when the extractor ran on the gold text, "html"
	// when it ran on the main text extracted from the article's page.
	Source string `json:"source"`
	// WithoutHTML counts the gold articles left out of an "html" run
	// because they name no page.
	WithoutHTML int `json:"without_html,omitempty"`
	*Result
	Mistakes *Mistakes `json:"mistakes,omitempty"`
}

// WriteJSON writes the report as one indented JSON document.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes the report for a person: the figure tables, the
// confidence split, per-article figures when perArticle is set, and the
// mistakes when the report has them.
func (r *Report) WriteText(w io.Writer, perArticle bool) error {
	ew := &errWriter{w: w}
	gold, pred := r.All.Gold, r.All.Predicted
	ew.printf("Scored %d %s from %s (extractor run on the %s): %d gold claims, %d predicted.\n",
		r.Articles, plural(r.Articles, "article", "articles"), strings.Join(r.GoldFiles, ", "), sourceWords(r.Source), gold, pred)
	if r.WithoutHTML > 0 {
		ew.printf("%d gold %s without an html page not scored.\n", r.WithoutHTML, plural(r.WithoutHTML, "article", "articles"))
	}
	for t, th := range r.Thresholds {
		ew.printf("\ncoverage > %g\n", th)
		ew.printf("%-10s %6s %6s %6s %6s %6s %6s %8s %6s %6s %6s\n",
			"kind", "gold", "pred", "match", "P", "R", "F1", "speaker", "e2e P", "e2e R", "e2e F1")
		row := func(name string, b *Breakdown) {
			s := b.Scores[t]
			ew.printf("%-10s %6d %6d %6d %6s %6s %6s %8s %6s %6s %6s\n", name, b.Gold, b.Predicted, s.MatchedGold,
				pc(s.Precision), pc(s.Recall), pc(s.F1), pc(s.SpeakerAccuracy), pc(s.E2EPrecision), pc(s.E2ERecall), pc(s.E2EF1))
		}
		row("all", r.All)
		for _, k := range claims.Kinds {
			row(string(k), r.ByKind[k])
		}
	}
	ew.printf("\nFigures in %%; \"-\" where there is nothing to count. By kind, P counts predictions by\n" +
		"their predicted kind; match, R and speaker count gold claims by their gold kind.\n")
	if cs := r.ConfidenceSplit; cs != nil {
		ew.printf("\nconfidence split (coverage > %g): top half P %s (%d/%d, confidence %.2f–%.2f), bottom half P %s (%d/%d, confidence %.2f–%.2f)\n",
			cs.Threshold, pc(cs.Top.Precision), cs.Top.Matched, cs.Top.Predicted, cs.Top.MinConfidence, cs.Top.MaxConfidence,
			pc(cs.Bottom.Precision), cs.Bottom.Matched, cs.Bottom.Predicted, cs.Bottom.MinConfidence, cs.Bottom.MaxConfidence)
		ew.printf("                  end to end: top half P %s (%d/%d), bottom half P %s (%d/%d)\n",
			pc(cs.Top.E2EPrecision), cs.Top.Right, cs.Top.Predicted, pc(cs.Bottom.E2EPrecision), cs.Bottom.Right, cs.Bottom.Predicted)
	}
	if f := r.GoldFound; f != nil {
		ew.printf("gold text found in the extracted page text: mean %.1f%%, lowest %.1f%% (%s)\n", 100*f.Mean, 100*f.Min, f.MinArticle)
	}
	if perArticle && len(r.PerArticle) > 0 {
		th := r.Thresholds[0]
		ew.printf("\nper article (coverage > %g)\n", th)
		found := r.GoldFound != nil
		ew.printf("%-40s %6s %6s %6s %6s %6s %8s %6s", "article", "gold", "pred", "P", "R", "F1", "speaker", "e2e F1")
		if found {
			ew.printf(" %6s", "found")
		}
		ew.printf("\n")
		for _, a := range r.PerArticle {
			s := a.All.Scores[0]
			ew.printf("%-40s %6d %6d %6s %6s %6s %8s %6s", clip(a.ID, 39), a.All.Gold, a.All.Predicted,
				pc(s.Precision), pc(s.Recall), pc(s.F1), pc(s.SpeakerAccuracy), pc(s.E2EF1))
			if found {
				ew.printf(" %6s", pc(a.GoldFound))
			}
			ew.printf("\n")
		}
	}
	if m := r.Mistakes; m != nil {
		writeMistakes(ew, "Misses", "gold claims no prediction matched", m.Misses, m.TotalMisses, m.Threshold)
		writeMistakes(ew, "False alarms", "predictions that matched no gold claim", m.FalseAlarms, m.TotalFalseAlarms, m.Threshold)
		writeMistakes(ew, "Wrong speakers", "matched, but the speaker is wrong", m.WrongSpeakers, m.TotalWrongSpeakers, m.Threshold)
	}
	return ew.err
}

func writeMistakes(ew *errWriter, title, what string, ms []Mistake, total int, th float64) {
	ew.printf("\n%s at coverage > %g: %s (%d shown of %d)\n", title, th, what, len(ms), total)
	for _, m := range ms {
		where := fmt.Sprintf("%d..%d", m.Start, m.End)
		if m.Start == Unlocated {
			where = "not in gold text"
		}
		ew.printf("- [%s] %s %s\n    %s\n    %s\n", m.Article, m.Kind, where, m.Context, m.Why)
		if m.Type == WrongSpeaker {
			ew.printf("    expected:  %s\n    predicted: %s\n", m.ExpectedSpeaker, m.PredictedSpeaker)
		}
		if m.Type == Miss && m.Gold != nil {
			ew.printf("    gold speaker: %s\n", speakerName(m.Gold.Speaker))
		}
		if m.Type == FalseAlarm && m.Predicted != nil {
			ew.printf("    predicted speaker: %s\n", speakerName(m.Predicted.Speaker))
		}
	}
}

func speakerName(sp *claims.Speaker) string {
	if sp == nil {
		return "none (null)"
	}
	if !sp.HasMention() {
		return fmt.Sprintf("%q", sp.Name)
	}
	return fmt.Sprintf("%q (mention %q at %d..%d)", sp.Name, sp.Mention, sp.Start, sp.End)
}

func sourceWords(s string) string {
	if s == "html" {
		return "main text of each article's HTML page"
	}
	return "gold text"
}

// pc formats a rate as a percentage with one decimal, "-" for no data.
func pc(v *float64) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf("%.1f", 100**v)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// errWriter keeps the first write error so that a long report need not
// check every line.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
