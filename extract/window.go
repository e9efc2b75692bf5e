// Windows: a text longer than WindowBytes is extracted a window of
// paragraphs at a time, so that the memory extraction takes is bounded by
// the window, not by the text. A claim never spans more than a few
// paragraphs, and its speaker is named at most a few paragraphs before it,
// so each window is a core of paragraphs with a margin of whole paragraphs
// on either side; a window keeps only the claims whose content starts in
// its core, which makes every claim come from exactly one window, in
// order. What a window cannot see is the rest of the article: a name used
// in full only further away than the margin stays in the form the window
// has. Below WindowBytes, Extract is the one pass over the whole text it
// always was.

package extract

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/claims-project/claims"
)

const (
	// WindowBytes is the longest text extracted in one pass, and the size
	// of a window's core: four times the longest article of the corpus
	// and PolNeAR, so that news articles never meet a window.
	WindowBytes = 256 << 10
	// marginBefore and marginAfter are how many paragraphs around its core
	// a window reads: the continued-quote rule follows a quotation over
	// paragraphs, and a speaker is named in the paragraph before a quote or
	// a few more (PolNeAR's farthest is three).
	marginBefore = 4
	marginAfter  = 2
	// marginBytes caps each margin, for texts of few, huge paragraphs.
	marginBytes = 16 << 10
)

// window is one pass over text[s:e] that keeps the claims starting in
// text[coreS:coreE]; byte offsets.
type window struct{ s, e, coreS, coreE int }

// ExtractEach calls fn with the claims of text in order of where their
// content starts, a window of paragraphs at a time for a text longer than
// WindowBytes (once, with every claim, for a shorter one), so that a caller
// that writes claims as they come holds one window's worth at a time. It
// stops at fn's first error and returns it. Offsets are into text, as
// Extract's.
func (e *Extractor) ExtractEach(ctx context.Context, text string, fn func([]claims.Claim) error) error {
	if len(text) <= WindowBytes {
		cs, _, err := e.extract(ctx, text, false)
		if err != nil {
			return err
		}
		return fn(cs)
	}
	// cpBase is the code-point offset of byte bBase; windows start in
	// increasing order, so it only moves forward.
	bBase, cpBase := 0, 0
	for _, w := range windows(text) {
		cs, _, err := e.extract(ctx, text[w.s:w.e], false)
		if err != nil {
			return err
		}
		cpBase += utf8.RuneCountInString(text[bBase:w.s])
		bBase = w.s
		from := utf8.RuneCountInString(text[w.s:w.coreS])
		to := from + utf8.RuneCountInString(text[w.coreS:w.coreE])
		kept := cs[:0]
		for i := range cs {
			if cs[i].Start >= from && cs[i].Start < to {
				shiftClaim(&cs[i], cpBase)
				kept = append(kept, cs[i])
			}
		}
		if err := fn(kept); err != nil {
			return err
		}
	}
	return nil
}

// extractWindows is Extract for a text longer than WindowBytes.
func (e *Extractor) extractWindows(ctx context.Context, text string) ([]claims.Claim, error) {
	var out []claims.Claim
	err := e.ExtractEach(ctx, text, func(cs []claims.Claim) error {
		out = append(out, cs...)
		return nil
	})
	return out, err
}

// windows cuts text into windows whose cores are runs of paragraphs of
// about WindowBytes and together cover the text.
func windows(text string) []window {
	units := windowUnits(text)
	var out []window
	for i := 0; i < len(units); {
		j := i + 1
		for j < len(units) && units[j].e-units[i].s <= WindowBytes {
			j++
		}
		w := window{coreS: 0, coreE: len(text)}
		if i > 0 {
			w.coreS = units[i].s
		}
		if j < len(units) {
			w.coreE = units[j].s
		}
		w.s = w.coreS
		for k := i - 1; k >= max(0, i-marginBefore) && w.coreS-units[k].s <= marginBytes; k-- {
			w.s = units[k].s
		}
		w.e = w.coreE
		if j == len(units) {
			w.e = len(text)
		}
		for k := j; k < min(len(units), j+marginAfter) && units[k].e-w.coreE <= marginBytes; k++ {
			w.e = units[k].e
		}
		out = append(out, w)
		i = j
	}
	return out
}

// windowUnits is the text's paragraphs, with any paragraph longer than a
// window's core cut at line breaks, else at spaces, else anywhere between
// two characters, into pieces no longer than that.
func windowUnits(text string) []span {
	var out []span
	for _, p := range paragraphs(text) {
		for p.e-p.s > WindowBytes {
			cut := p.s + WindowBytes
			for !utf8.RuneStart(text[cut]) {
				cut--
			}
			piece := text[p.s:cut]
			if i := strings.LastIndexByte(piece, '\n'); i > 0 {
				cut = p.s + i + 1
			} else if i := strings.LastIndexByte(piece, ' '); i > 0 {
				cut = p.s + i + 1
			}
			out = append(out, span{p.s, cut})
			p.s = cut
		}
		out = append(out, p)
	}
	return out
}

// shiftClaim moves every offset of c by n code points.
func shiftClaim(c *claims.Claim, n int) {
	c.Start += n
	c.End += n
	for i := range c.Quotes {
		c.Quotes[i].Start += n
		c.Quotes[i].End += n
	}
	shiftSpeaker(c.Speaker, n)
	for i := range c.Speakers {
		shiftSpeaker(&c.Speakers[i], n)
	}
	if c.Cue != nil {
		c.Cue.Start += n
		c.Cue.End += n
	}
	for i := range c.Entities {
		c.Entities[i].Start += n
		c.Entities[i].End += n
	}
}

// shiftSpeaker moves a speaker's mention; a speaker without one (no
// words in the text) keeps its zero offsets.
func shiftSpeaker(s *claims.Speaker, n int) {
	if s.HasMention() {
		s.Start += n
		s.End += n
	}
}
