package eval

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/claims-project/claims"
	"golang.org/x/sync/errgroup"
)

// Predictor produces the predicted claims for a gold article, with offsets
// into a.Text. A claim it cannot place in a.Text has Start and End set to
// Unlocated. Implementations must be safe for concurrent use.
type Predictor interface {
	Predict(ctx context.Context, a *Article) ([]claims.Claim, error)
}

// TextExtractor is the part of *extract.Extractor that eval uses.
type TextExtractor interface {
	Extract(ctx context.Context, text string) ([]claims.Claim, error)
}

// TextPredictor runs an extractor on the gold text itself.
type TextPredictor struct {
	Extractor TextExtractor
}

// Predict implements Predictor.
func (p TextPredictor) Predict(ctx context.Context, a *Article) ([]claims.Claim, error) {
	cs, err := p.Extractor.Extract(ctx, a.Text)
	if err != nil {
		return nil, err
	}
	if err := CheckClaims(a.Text, cs); err != nil {
		return nil, err
	}
	return cs, nil
}

// PageExtractor turns an HTML page into its main text, as
// ingest.ExtractPage does.
type PageExtractor func(ctx context.Context, body []byte, contentType, pageURL string) (claims.Article, error)

// HTMLPredictor scores the whole ingest path: it reads the page named by
// the article's html field (relative to the gold file's directory),
// extracts its main text with Page, runs Extractor on that text, and maps
// the predicted offsets onto the gold text with Align.
type HTMLPredictor struct {
	Extractor TextExtractor
	Page      PageExtractor
	// ReadFile reads the page; nil means os.ReadFile.
	ReadFile func(name string) ([]byte, error)
}

// ErrNoHTML is returned (wrapped) for a gold article without an html
// field, and by WithPages when no article has one.
var ErrNoHTML = errors.New("gold article has no html field")

// WithPages returns the articles of arts that name their HTML page (the
// gold "html" field), in order, and how many do not. An HTML run cannot
// score an article without a page, and gold files label many articles
// that have none (PolNeAR: all), so such a run leaves them out and says
// how many (Report.WithoutHTML) instead of failing on the first. When no
// article is left it fails, naming files (the gold files arts were read
// from), with an error that is ErrNoHTML to errors.Is: figures over no
// article would read as a score.
func WithPages(arts []*Article, files []string) ([]*Article, int, error) {
	var kept []*Article
	for _, a := range arts {
		if a.HTML != "" {
			kept = append(kept, a)
		}
	}
	if len(kept) == 0 {
		return nil, len(arts), &noPagesError{files: files}
	}
	return kept, len(arts) - len(kept), nil
}

// noPagesError is WithPages' error: it names the gold files, which no
// single article's InputError could.
type noPagesError struct{ files []string }

func (e *noPagesError) Error() string {
	return fmt.Sprintf("no article in %s has an html field naming its page", strings.Join(e.files, ", "))
}

func (e *noPagesError) Unwrap() error { return ErrNoHTML }

// CoveragePredictor is a Predictor that runs on some other text than the
// gold text and says how much of the gold text it found there: the
// fraction of the gold text's non-space code points aligned with it.
// Evaluate records it per article.
type CoveragePredictor interface {
	Predictor
	PredictCoverage(ctx context.Context, a *Article) (cs []claims.Claim, goldFound float64, err error)
}

// Predict implements Predictor.
func (p HTMLPredictor) Predict(ctx context.Context, a *Article) ([]claims.Claim, error) {
	cs, _, err := p.PredictCoverage(ctx, a)
	return cs, err
}

// PredictCoverage implements CoveragePredictor.
func (p HTMLPredictor) PredictCoverage(ctx context.Context, a *Article) ([]claims.Claim, float64, error) {
	if a.HTML == "" {
		return nil, 0, &InputError{File: a.File, Line: a.Line, Article: a.ID, Field: "html", Err: ErrNoHTML}
	}
	path := a.HTML
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(a.File), filepath.FromSlash(a.HTML))
	}
	read := p.ReadFile
	if read == nil {
		read = os.ReadFile
	}
	body, err := read(path)
	if err != nil {
		return nil, 0, &InputError{File: a.File, Line: a.Line, Article: a.ID, Field: "html", Err: fmt.Errorf("read page: %w", err)}
	}
	pageURL := (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
	if abs, err := filepath.Abs(path); err == nil {
		pageURL = (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
	}
	// No charset: a saved page declares its own (BOM or <meta>), and a
	// header claiming UTF-8 would override it.
	page, err := p.Page(ctx, body, "text/html", pageURL)
	if err != nil {
		return nil, 0, fmt.Errorf("extract main text of %s: %w", path, err)
	}
	cs, err := p.Extractor.Extract(ctx, page.Text)
	if err != nil {
		return nil, 0, err
	}
	if err := CheckClaims(page.Text, cs); err != nil {
		return nil, 0, err
	}
	al := Align(page.Text, a.Text)
	return al.MapClaims(cs, a.Text), al.GoldCoverage(), nil
}

// CheckClaims checks that every span of every claim lies in text and
// selects its text field: predictions with bad offsets are a bug in the
// predictor, and scoring them would give meaningless numbers.
func CheckClaims(text string, cs []claims.Claim) error {
	rt := newRuneText(text)
	check := func(i int, what string, s claims.Span) error {
		if s.Start < 0 || s.End > rt.Len() || s.Start > s.End {
			return fmt.Errorf("predicted claim %d: %s offsets %d..%d out of range (text has %d code points)", i, what, s.Start, s.End, rt.Len())
		}
		if got := rt.Slice(s.Start, s.End); got != s.Text {
			return fmt.Errorf("predicted claim %d: %s %q does not match text[%d:%d] = %q", i, what, clip(s.Text, 60), s.Start, s.End, clip(got, 60))
		}
		return nil
	}
	for i, c := range cs {
		if err := check(i, "content", claims.Span{Text: c.Text, Start: c.Start, End: c.End}); err != nil {
			return err
		}
		if sp := c.Speaker; sp.HasMention() {
			if err := check(i, "speaker mention", claims.Span{Text: sp.Mention, Start: sp.Start, End: sp.End}); err != nil {
				return err
			}
		}
	}
	return nil
}

// Evaluate runs p on every article, at most GOMAXPROCS at a time, and
// scores the predictions. Results are in the order of arts whatever order
// the predictions finish in. The first predictor error cancels the rest
// and is returned, naming the article.
func Evaluate(ctx context.Context, arts []*Article, p Predictor, opt Options) (*Result, error) {
	preds := make([][]claims.Claim, len(arts))
	cp, hasCoverage := p.(CoveragePredictor)
	found := make([]float64, len(arts))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, a := range arts {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			var c []claims.Claim
			var err error
			if hasCoverage {
				c, found[i], err = cp.PredictCoverage(gctx, a)
			} else {
				c, err = p.Predict(gctx, a)
			}
			if err != nil {
				var ie *InputError
				if errors.As(err, &ie) {
					return err
				}
				return fmt.Errorf("article %q (%s:%d): %w", a.ID, a.File, a.Line, err)
			}
			preds[i] = c
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	res := Score(arts, preds, opt)
	if hasCoverage {
		res.setGoldFound(found)
	}
	return res, nil
}
