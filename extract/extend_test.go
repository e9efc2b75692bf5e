package extract

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/extract/lexicon"
)

// The tests in this file do once what doc.go ("Where to change what")
// tells a newcomer to do, on a copy, so that the instructions stay true.

// extendedLexicon returns the word lists with lines appended to
// data/NAME.txt.
func extendedLexicon(t *testing.T, name string, lines ...string) *lexicon.Lexicon {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(lexicon.Files(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(lexicon.Files(), p)
		if p == "data/"+name+".txt" {
			b = append(b, strings.Join(lines, "\n")+"\n"...)
		}
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	lx, err := lexicon.LoadFS(m)
	if err != nil {
		t.Fatal(err)
	}
	return lx
}

func extractWith(t *testing.T, ex *Extractor, text string) []claims.Claim {
	t.Helper()
	cs, err := ex.Extract(context.Background(), text)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// testModels are loaded once for the package's tests.
var testModels = NewModels()

func newExtractor(t *testing.T, opts ...Option) *Extractor {
	t.Helper()
	ex, err := testModels.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

// findClaim returns the claim whose text is text, or nil.
func findClaim(cs []claims.Claim, text string) *claims.Claim {
	for i := range cs {
		if cs[i].Text == text {
			return &cs[i]
		}
	}
	return nil
}

func TestAddCueVerb(t *testing.T) {
	text := "Lede.\n\nThe harbour master griped that the new pier was too short."
	if c := findClaim(extractWith(t, testExtractorIn(t), text), "the new pier was too short"); c != nil {
		t.Fatalf("gripe is a cue before it is added: %+v", c)
	}
	ex := newExtractor(t, WithLexicon(extendedLexicon(t, "cues", "gripe speech weak")))
	c := findClaim(extractWith(t, ex, text), "the new pier was too short")
	if c == nil || c.Cue == nil || c.Cue.Text != "griped" || c.Speaker == nil || c.Speaker.Name != "The harbour master" {
		t.Fatalf("with gripe added: %+v", c)
	}
}

func TestAddTitleWord(t *testing.T) {
	text := "Lede.\n\nArchdeacon Mary Lowe said the roof would be mended by spring."
	speaker := func(ex *Extractor) *claims.Speaker {
		c := findClaim(extractWith(t, ex, text), "the roof would be mended by spring")
		if c == nil || c.Speaker == nil {
			t.Fatalf("no claim with a speaker in %q", text)
		}
		return c.Speaker
	}
	if s := speaker(testExtractorIn(t)); s.Name != "Archdeacon Mary Lowe" || s.Title != "" {
		t.Fatalf("before archdeacon is a title: %+v", s)
	}
	ex := newExtractor(t, WithLexicon(extendedLexicon(t, "titles", "archdeacon")))
	if s := speaker(ex); s.Name != "Mary Lowe" || s.Title != "Archdeacon" || s.Mention != "Mary Lowe" {
		t.Fatalf("with archdeacon a title: %+v", s)
	}
}

func TestAddQuoteMarkStyle(t *testing.T) {
	text := "Lede.\n\n「We will rebuild the pier,」 said Jane Doe."
	if c := findClaim(extractWith(t, testExtractorIn(t), text), "We will rebuild the pier"); c != nil {
		t.Fatalf("corner brackets pair before they are a style: %+v", c)
	}
	ex := newExtractor(t)
	styles := append(markStyles[:], markStyle{"「", famDouble, roleOpen, false}, markStyle{"」", famDouble, roleClose, false})
	ex.marks = newMarkTable(styles)
	c := findClaim(extractWith(t, ex, text), "We will rebuild the pier")
	if c == nil || c.Kind != claims.Direct || c.Speaker == nil || c.Speaker.Name != "Jane Doe" || len(c.Quotes) != 1 {
		t.Fatalf("with corner brackets: %+v", c)
	}
}

// dashAttribution is a construction for TestAddRule: a pull quote signed
// after a dash, “Never again.” — Jane Doe.
type dashAttribution struct{}

func (dashAttribution) id() RuleID { return RuleColonAttribution }

func (dashAttribution) apply(d *document, led *ledger) {
	for qi, q := range d.quotes {
		k := d.tokenAt(q.closeEnd)
		if led.quoteTaken[qi] || k+1 >= len(d.toks) || !isDash(d.toks[k].text) {
			continue
		}
		// The signature runs to the end of the paragraph, in capitals.
		spk := np{t0: k + 1, t1: d.paraTokEnd(k)}
		for m := spk.t0; m < spk.t1; m++ {
			if !isUpperStart(d.toks[m].text) {
				spk = np{}
				break
			}
		}
		if !spk.empty() {
			led.propose(d.quoteCand(qi, d.tokSpan(k), spk, dashAttribution{}.id()))
		}
	}
}

func TestAddRule(t *testing.T) {
	text := "Lede.\n\n“We will not sell the orchard.” — Ruth Ames"
	if c := findClaim(extractWith(t, testExtractorIn(t), text), "We will not sell the orchard."); c != nil && c.Speaker != nil {
		t.Fatalf("attributed before the rule is added: %+v", c.Speaker)
	}
	ex := newExtractor(t)
	// Before the rules that take quotations nobody is named for.
	ex.rules = append(rules()[:6:6], dashAttribution{}, continuedQuote{}, floatingQuote{}, unattributedQuote{})
	c := findClaim(extractWith(t, ex, text), "We will not sell the orchard.")
	if c == nil || c.Speaker == nil || c.Speaker.Mention != "Ruth Ames" || c.Cue == nil || c.Cue.Text != "—" {
		t.Fatalf("with the dash rule: %+v speaker %+v cue %+v", c, c.Speaker, c.Cue)
	}
}
