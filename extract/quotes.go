package extract

// Pairing quotation marks, part of preparation: marks.go says which
// characters are marks and whether each opens or closes; this file pairs
// them into quotations, paragraph by paragraph.

import (
	"unicode"
	"unicode/utf8"
)

// quote is one quotation: the marks and what lies between them, in bytes.
// A piece of a multi-paragraph quote is a quote of its own with contPrev or
// contNext set.
type quote struct {
	open, openEnd   int // the opening mark
	close, closeEnd int // the closing mark; close == closeEnd when there is none
	s, e            int // content: between the marks, trimmed of spaces and a trailing comma
	para            int
	depth           int  // 0 for an outermost quote
	parent          int  // the quote this one is nested in, or -1
	contPrev        bool // continues a quote from the previous paragraph
	contNext        bool // continues in the next paragraph
}

// maxOpen bounds the stack of open marks; deeper nesting is never real
// quotation and bounding it keeps pairing linear on hostile input.
const maxOpen = 6

// findQuotes pairs the quotation marks of every paragraph. Paragraphs are
// byte ranges of text, in order. The result is ordered by opening mark.
func (t *markTable) findQuotes(text string, paras []span) []quote {
	var (
		out  []quote
		open []mark
	)
	for pi, p := range paras {
		open = open[:0]
		// Marks are read within the paragraph: no quotation crosses its
		// end, so a missing closing mark costs one paragraph at most.
		ptext := text[:p.e]
		for i := p.s; i < p.e; i++ {
			if !t.first[ptext[i]] {
				continue
			}
			m, ok := t.at(ptext, i)
			if !ok {
				continue
			}
			role := m.role
			if role == roleEither || m.straight {
				role = direction(ptext, m, open)
			}
			switch role {
			case roleOpen:
				if len(open) == maxOpen {
					copy(open, open[1:])
					open = open[:maxOpen-1]
				}
				open = append(open, m)
			case roleClose:
				out, open = closeQuote(out, open, text, m, pi)
			}
			i += m.size - 1
		}
		out = t.appendOpenQuote(out, open, text, paras, pi)
	}
	sortQuotes(out)
	for i := range out {
		if i > 0 && out[i-1].contNext && out[i-1].para == out[i].para-1 && out[i].open == firstNonSpace(text, paras[out[i].para]) {
			out[i].contPrev = true
		}
	}
	return out
}

// closeQuote pairs closing mark m with the innermost open mark it closes,
// if any, and returns the quotes and the marks still open.
func closeQuote(out []quote, open []mark, text string, m mark, para int) ([]quote, []mark) {
	for k := len(open) - 1; k >= 0; k-- {
		o := open[k]
		if o.fam != m.fam || o.straight && o.size != m.size && m.straight {
			continue
		}
		// Sloppy copy mixes marks ("…that,” or “…that,"): a straight and a
		// curly double mark pair when nothing of the mark's own kind is
		// open.
		if o.straight != m.straight && (o.fam != famDouble || o.size != 1 && o.straight || m.size != 1 && m.straight || hasOpenOfKind(open[k+1:], m.straight)) {
			continue
		}
		return append(out, newQuote(text, o.pos, o.pos+o.size, m.pos, m.pos+m.size, para, k)), open[:k]
	}
	return out, open
}

// appendOpenQuote ends the first double or guillemet quote still open at
// the end of paragraph pi at that end: either it continues in the next
// paragraph (the multi-paragraph convention) or its closing mark is
// missing, and the paragraph bounds the damage either way.
func (t *markTable) appendOpenQuote(out []quote, open []mark, text string, paras []span, pi int) []quote {
	p := paras[pi]
	for k, o := range open {
		if o.fam == famSingle {
			continue
		}
		q := newQuote(text, o.pos, o.pos+o.size, p.e, p.e, pi, k)
		if pi+1 < len(paras) {
			if n, ok := t.firstMarkFam(text, paras[pi+1]); ok && n == o.fam {
				q.contNext = true
			}
		}
		return append(out, q)
	}
	return out
}

func hasOpenOfKind(open []mark, straight bool) bool {
	for _, o := range open {
		if o.straight == straight && o.fam == famDouble {
			return true
		}
	}
	return false
}

func firstNonSpace(text string, p span) int {
	for i := p.s; i < p.e; {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsSpace(r) {
			return i
		}
		i += size
	}
	return p.e
}

// firstMarkFam returns the family of the mark that opens paragraph p, if
// one does.
func (t *markTable) firstMarkFam(text string, p span) (family, bool) {
	i := firstNonSpace(text, p)
	if i >= p.e {
		return famNone, false
	}
	m, ok := t.at(text[:p.e], i)
	return m.fam, ok
}

func newQuote(text string, o, oe, c, ce, para, depth int) quote {
	q := quote{open: o, openEnd: oe, close: c, closeEnd: ce, para: para, depth: depth}
	q.s, q.e = trimContent(text, oe, c)
	return q
}

// trimContent drops surrounding spaces (« Bonjour ») and a trailing comma
// that leads into the attribution (“We will,” he said).
func trimContent(text string, s, e int) (int, int) {
	for s < e {
		r, size := utf8.DecodeRuneInString(text[s:])
		if !unicode.IsSpace(r) {
			break
		}
		s += size
	}
	for e > s {
		r, size := utf8.DecodeLastRuneInString(text[s:e])
		if !unicode.IsSpace(r) && r != ',' {
			break
		}
		e -= size
	}
	return s, e
}

func sortQuotes(qs []quote) {
	// Quotes are appended when they close, so an outer quote follows the
	// quotes nested in it; insertion sort is linear on such nearly sorted
	// input.
	for i := 1; i < len(qs); i++ {
		for j := i; j > 0 && qs[j].open < qs[j-1].open; j-- {
			qs[j], qs[j-1] = qs[j-1], qs[j]
		}
	}
}
