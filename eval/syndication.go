package eval

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/claims-project/claims"
)

// Syndicated is one article of a syndication set (store/groups/testdata/
// syndication.txt describes the format): the article, its text without
// marks, and the marks, each the words of one claim and the quote they
// are an occurrence of.
type Syndicated struct {
	Article claims.Article
	Marks   []QuoteMark
}

// QuoteMark is one marked claim: Label names the quote (marks with one
// label are occurrences of it), Speaker who said it, Start and End its
// code-point offsets into the article's text, Text its words.
type QuoteMark struct {
	Label, Speaker string
	Start, End     int
	Text           string
}

// Quoted reports a mark of quoted words: the text before it ends in an
// opening quotation mark.
func (m QuoteMark) Quoted(text string) bool {
	rs := []rune(text)
	if m.Start == 0 || m.Start > len(rs) {
		return false
	}
	return strings.ContainsRune("“\"‘'«„‚", rs[m.Start-1])
}

// ReadSyndication reads a syndication set. A defect (a header without an
// id, date or site, an unparsable date, a duplicate id, an unclosed or
// empty mark, a mark without a label or speaker) is an *InputError naming
// file, line and article.
func ReadSyndication(path string) ([]Syndicated, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read syndication set: %w", err)
	}
	defer f.Close()
	return parseSyndication(path, f)
}

func parseSyndication(path string, r io.Reader) ([]Syndicated, error) {
	var out []Syndicated
	var body []string
	var cur *Syndicated
	head := 0
	seen := map[string]bool{}
	finish := func() error {
		if cur == nil {
			return nil
		}
		if err := cur.setText(strings.Trim(strings.Join(body, "\n"), "\n")); err != nil {
			return &InputError{File: path, Line: head, Article: cur.Article.ID, Err: err}
		}
		out = append(out, *cur)
		return nil
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if !utf8.ValidString(line) {
			// Offsets count code points: bytes that are none have no
			// place in them.
			return nil, &InputError{File: path, Line: n, Err: errors.New("not UTF-8 text")}
		}
		switch {
		case strings.HasPrefix(line, "==="):
			if err := finish(); err != nil {
				return nil, err
			}
			a, err := parseHeader(line)
			if err == nil && seen[a.ID] {
				err = fmt.Errorf("article id %q appears twice", a.ID)
			}
			if err != nil {
				return nil, &InputError{File: path, Line: n, Err: err}
			}
			seen[a.ID] = true
			cur, body, head = &Syndicated{Article: a}, nil, n
		case cur == nil:
			// The file's header comment.
		default:
			body = append(body, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if err := finish(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, &InputError{File: path, Err: errors.New("no articles")}
	}
	return out, nil
}

// parseHeader reads "=== ID DATE SITE".
func parseHeader(line string) (claims.Article, error) {
	f := strings.Fields(strings.TrimPrefix(line, "==="))
	if len(f) != 3 {
		return claims.Article{}, fmt.Errorf("header %q: want === ID DATE SITE", line)
	}
	t, err := time.Parse(time.RFC3339, f[1])
	if err != nil {
		return claims.Article{}, fmt.Errorf("header %q: date: %w", line, err)
	}
	return claims.Article{
		ID: "syn-" + f[0], URL: "https://" + f[2] + "/" + f[0], Site: f[2], Published: t.UTC(),
	}, nil
}

// setText takes the marked text: the first line is the title, the marks
// are removed and recorded.
func (s *Syndicated) setText(marked string) error {
	var b strings.Builder
	runes := 0
	for {
		i := strings.Index(marked, "[[")
		if i < 0 {
			b.WriteString(marked)
			break
		}
		b.WriteString(marked[:i])
		runes += utf8.RuneCountInString(marked[:i])
		rest := marked[i+2:]
		j := strings.Index(rest, "]]")
		bar := strings.IndexByte(rest, '|')
		if j < 0 || bar < 0 || bar > j {
			return fmt.Errorf("mark at %q: want [[LABEL@SPEAKER|words]]", head(marked[i:]))
		}
		label, speaker, _ := strings.Cut(rest[:bar], "@")
		words := rest[bar+1 : j]
		if label == "" || speaker == "" || strings.TrimSpace(words) == "" {
			return fmt.Errorf("mark at %q: empty label, speaker or words", head(marked[i:]))
		}
		n := utf8.RuneCountInString(words)
		s.Marks = append(s.Marks, QuoteMark{Label: label, Speaker: speaker, Start: runes, End: runes + n, Text: words})
		b.WriteString(words)
		runes += n
		marked = rest[j+2:]
	}
	s.Article.Text = b.String()
	s.Article.Title, _, _ = strings.Cut(s.Article.Text, "\n")
	return nil
}

func head(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// MarkClaims are the claims the marks of s make, as a perfect extractor
// would give them: direct when the mark is inside quotation marks, else
// indirect, spoken by the mark's speaker under a name made of the
// speaker's id ("ines-carvalho" is Ines Carvalho), so that grouping reads
// one person in every article the id is in.
func (s *Syndicated) MarkClaims() []claims.Claim {
	var cs []claims.Claim
	for _, m := range s.Marks {
		name := markSpeakerName(m.Speaker)
		c := claims.Claim{Kind: claims.Indirect, Text: m.Text, Start: m.Start, End: m.End,
			Speaker: &claims.Speaker{Name: name, Mention: name}, Confidence: 1}
		if m.Quoted(s.Article.Text) {
			c.Kind = claims.Direct
			c.Quotes = []claims.Span{{Text: m.Text, Start: m.Start, End: m.End}}
		}
		cs = append(cs, c)
	}
	return cs
}

// markSpeakerName is the name a mark's speaker id stands for: its words,
// capitalised ("kofi-mensah-boateng" is "Kofi Mensah Boateng").
func markSpeakerName(id string) string {
	words := strings.Split(id, "-")
	for i, w := range words {
		if r, n := utf8.DecodeRuneInString(w); n > 0 {
			words[i] = strings.ToUpper(string(r)) + w[n:]
		}
	}
	return strings.Join(words, " ")
}

// LabelClaim is the label of the mark claim c is an occurrence of: the
// mark its quotes (or, for an indirect claim, its text) overlap most, at
// least half of the mark's length; "" when none does.
func (s *Syndicated) LabelClaim(c *claims.Claim) string {
	spans := c.Quotes
	if len(spans) == 0 || c.Kind == claims.Indirect {
		spans = []claims.Span{{Start: c.Start, End: c.End}}
	}
	best, bestN := "", 0
	for _, m := range s.Marks {
		n := 0
		for _, sp := range spans {
			n += max(0, min(sp.End, m.End)-max(sp.Start, m.Start))
		}
		if 2*n >= m.End-m.Start && n > bestN {
			best, bestN = m.Label, n
		}
	}
	return best
}

// PairScore is a pairwise clustering score: of the pairs of items the
// prediction puts together (Predicted), how many the gold puts together
// too (Both), and of the gold's pairs (Gold), how many the prediction
// found.
type PairScore struct {
	Items, Gold, Predicted, Both int
}

// Precision and Recall of the pairs; 1 when there is nothing to find.
func (p PairScore) Precision() float64 { return pairRatio(p.Both, p.Predicted) }

// Recall is Both / Gold.
func (p PairScore) Recall() float64 { return pairRatio(p.Both, p.Gold) }

// ScorePairs scores a clustering of items: gold[i] and predicted[i] name
// the clusters item i is in. An empty gold label is a cluster of its own.
func ScorePairs(gold, predicted []string) PairScore {
	s := PairScore{Items: len(gold)}
	g, p, both := map[string]int{}, map[string]int{}, map[[2]string]int{}
	for i := range gold {
		gl := gold[i]
		if gl == "" {
			gl = fmt.Sprintf("\x00%d", i)
		}
		g[gl]++
		p[predicted[i]]++
		both[[2]string{gl, predicted[i]}]++
	}
	pairs := func(m map[string]int) int {
		n := 0
		for _, k := range m {
			n += k * (k - 1) / 2
		}
		return n
	}
	s.Gold, s.Predicted = pairs(g), pairs(p)
	for _, k := range both {
		s.Both += k * (k - 1) / 2
	}
	return s
}
