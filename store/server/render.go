package server

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store"
)

// segment is a run of article text with the classes of the spans over it;
// templates print Text escaped, inside a <mark> when Class is set.
type segment struct {
	Text  string
	Class string
	Title string
	// ID anchors the first segment of a claim on the article page.
	ID string
}

// span is a range of code points to highlight.
type span struct {
	start, end int
	class      string
	title, id  string
}

// clampSpan keeps a span inside [0, n] with start <= end: stored offsets
// come from whoever ingested the article and are not trusted.
func clampSpan(start, end, n int) (int, int) {
	start = min(max(start, 0), n)
	end = min(max(end, start), n)
	return start, end
}

// segments cuts text[from:to] at every span boundary inside it. A piece
// takes the classes of every span over it and the title and id of the
// first that has them.
func segments(text []rune, from, to int, spans []span) []segment {
	from, to = clampSpan(from, to, len(text))
	cuts := []int{from, to}
	for i := range spans {
		sp := &spans[i]
		sp.start, sp.end = clampSpan(sp.start, sp.end, len(text))
		for _, c := range []int{sp.start, sp.end} {
			if c > from && c < to {
				cuts = append(cuts, c)
			}
		}
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	out := make([]segment, 0, len(cuts))
	started := map[int]bool{}
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		seg := segment{Text: string(text[a:b])}
		var classes []string
		for j, sp := range spans {
			if sp.start > a || sp.end < b || sp.start == sp.end {
				continue
			}
			classes = append(classes, sp.class)
			if seg.Title == "" {
				seg.Title = sp.title
			}
			if sp.id != "" && !started[j] {
				started[j] = true
				if seg.ID == "" {
					seg.ID = sp.id
				}
			}
		}
		seg.Class = strings.Join(classes, " ")
		out = append(out, seg)
	}
	return out
}

// maxContext is how many code points of a paragraph a claim's context
// shows on either side of the claim.
const maxContext = 400

// paragraph is the range of the lines around [start, end): from the line
// break before start to the one after end, cut to maxContext either side.
func paragraph(text []rune, start, end int) (from, to int, cutBefore, cutAfter bool) {
	start, end = clampSpan(start, end, len(text))
	from, to = start, end
	for from > 0 && text[from-1] != '\n' && start-from < maxContext {
		from--
	}
	for to < len(text) && text[to] != '\n' && to-end < maxContext {
		to++
	}
	return from, to, from > 0 && text[from-1] != '\n', to < len(text) && text[to] != '\n'
}

// claimSpans are the spans a claim's context highlights: its content,
// its cue and its speaker's mention.
func claimSpans(c *claims.Claim) []span {
	sps := []span{{start: c.Start, end: c.End, class: "said"}}
	if c.Cue != nil {
		sps = append(sps, span{start: c.Cue.Start, end: c.Cue.End, class: "cue"})
	}
	if c.Speaker != nil && c.Speaker.HasMention() {
		sps = append(sps, span{start: c.Speaker.Start, end: c.Speaker.End, class: "who"})
	}
	return sps
}

// claimView is one claim as the pages show it.
type claimView struct {
	ID, Kind, Text     string
	Speaker, Title     string
	SpeakerURL         string
	Cue                string
	QuoteURL           string
	ArticleURL         string
	ArticleTitle, Site string
	Date               string
	SourceURL          string
	Context            []segment
	CutBefore          bool
	CutAfter           bool
	Entities           []string
}

func newClaimView(r store.Result, text []rune) claimView {
	c, a := &r.Claim, &r.Article
	v := claimView{
		ID: c.ID, Kind: string(c.Kind), Text: c.Text, QuoteURL: "/quotes/" + r.Cursor(),
		ArticleURL: "/articles/" + url.PathEscape(a.ID) + "#" + c.ID, ArticleTitle: a.Title,
		Site: a.Site, Date: "undated", SourceURL: a.URL,
	}
	if v.ArticleTitle == "" {
		v.ArticleTitle = a.ID
	}
	if !a.Published.IsZero() {
		v.Date = a.Published.UTC().Format("2 Jan 2006")
	}
	if c.Speaker != nil {
		v.Speaker, v.Title, v.SpeakerURL = c.Speaker.Name, c.Speaker.Title, speakerURL(c.Speaker)
	}
	if c.Cue != nil {
		v.Cue = c.Cue.Text
	}
	for _, e := range c.Entities {
		if !slices.Contains(v.Entities, e.Name) {
			v.Entities = append(v.Entities, e.Name)
		}
	}
	if text != nil {
		from, to, before, after := paragraph(text, c.Start, c.End)
		v.Context, v.CutBefore, v.CutAfter = segments(text, from, to, claimSpans(c)), before, after
	}
	return v
}

// speakerURL is the page of the person or organisation a speaker is
// linked to; an unnamed speaker ("the company") is no one's, and its name
// is searched for instead ("" for a name with nothing to search by).
func speakerURL(sp *claims.Speaker) string {
	if sp.Entity != nil {
		return "/speakers/" + url.PathEscape(sp.Entity.ID)
	}
	if len(claims.NameWords(sp.Name)) == 0 {
		return ""
	}
	return "/?speaker=" + url.QueryEscape(sp.Name)
}

// chart is a speaker's timeline as inline SVG: one point per week with
// claims, joined by a line through the empty weeks between.
type chart struct {
	W, H         int
	Line         string
	Points       []chartPoint
	First, Last  string
	Max          int
	Label        string
	BaseY, Right int
}

type chartPoint struct {
	X, Y  string
	Title string
}

// maxLineWeeks bounds the weeks the line walks through; a longer span
// shows its points alone.
const maxLineWeeks = 1500

func newChart(weeks []store.WeekCount) *chart {
	if len(weeks) == 0 {
		return nil
	}
	ch := &chart{W: 600, H: 140, BaseY: 120, Right: 590}
	const left, top = 10.0, 10.0
	first, last := weeks[0].Start, weeks[len(weeks)-1].Start
	for _, w := range weeks {
		ch.Max = max(ch.Max, w.Claims)
	}
	span := last.Sub(first).Hours()
	x := func(t time.Time) float64 {
		if span == 0 {
			return float64(ch.W) / 2
		}
		return left + (float64(ch.Right)-left)*t.Sub(first).Hours()/span
	}
	y := func(n int) float64 { return float64(ch.BaseY) - (float64(ch.BaseY)-top)*float64(n)/float64(ch.Max) }
	nWeeks := int(span/(24*7)) + 1
	var line []string
	if nWeeks <= maxLineWeeks {
		i := 0
		for t := first; !t.After(last); t = t.AddDate(0, 0, 7) {
			n := 0
			if i < len(weeks) && weeks[i].Start.Equal(t) {
				n = weeks[i].Claims
				i++
			}
			line = append(line, fmt.Sprintf("%.1f,%.1f", x(t), y(n)))
		}
	}
	ch.Line = strings.Join(line, " ")
	for _, w := range weeks {
		ch.Points = append(ch.Points, chartPoint{
			X: fmt.Sprintf("%.1f", x(w.Start)), Y: fmt.Sprintf("%.1f", y(w.Claims)),
			Title: fmt.Sprintf("week of %s: %d claims", w.Start.Format("2 Jan 2006"), w.Claims),
		})
	}
	ch.First, ch.Last = first.Format("Jan 2006"), last.Format("Jan 2006")
	ch.Label = fmt.Sprintf("Claims per week, %s to %s, at most %d in a week", ch.First, ch.Last, ch.Max)
	return ch
}
