package extract

// Stage 1, preparation: the article text becomes a document of paragraphs,
// quotations, sentences and tokens, with the cue words marked and the
// sentences that hold one tagged, and the cast of names it mentions. The
// document is not changed after prepare returns; every later stage reads
// it.

import (
	"context"
	"sort"
	"strings"

	"github.com/jdkato/prose/v3/token"

	"github.com/claims-project/claims/extract/lexicon"
)

// tok is one token of the article.
type tok struct {
	s, e  int // bytes
	text  string
	lower string
	tag   string
	cue   *lexicon.Cue // lexicon.NoCue unless isCue
	isCue bool
	q     int32 // innermost quote holding the token, or -1
	sent  int32
}

type sentence struct {
	s, e   int // bytes
	para   int
	t0, t1 int // tokens [t0, t1)
	tagged bool
}

// document is a prepared article. Its fields are set by prepare and only
// read afterwards, so rules and later stages can share it.
type document struct {
	lex    *lexicon.Lexicon
	text   string
	paras  []span
	quotes []quote
	sents  []sentence
	toks   []tok
	// paraTok[p] is one past the last token of paragraph p.
	paraTok []int
	// caps holds the capitalised words the article uses mid-sentence,
	// which tells "Patience" the name from "Patience" the word.
	caps map[string]bool
	cast *cast
}

// bufs are the buffers preparation reuses across sentences and, through
// Extractor.bufs, across documents.
type bufs struct {
	toks []tok
	// scratch buffers for tagOutsideQuotes
	scratch    []token.Token
	scratchIdx []int
	// light holds the current sentence's tokens before they become toks.
	light []token.Token
	// caps is the document's caps, kept with its buckets between articles.
	caps map[string]bool
}

// preparer builds one document. It holds what only preparation needs: the
// extractor's models, the buffers and a cursor over the quotations.
type preparer struct {
	ex *Extractor
	d  *document
	bufs
	// qcur is quoteAtNext's cursor.
	qcur int
}

func (e *Extractor) newPreparer(text string) *preparer {
	p := &preparer{ex: e, d: &document{lex: e.lex, text: text}}
	if b, ok := e.bufs.Get().(*bufs); ok {
		p.bufs = *b
		p.toks = p.toks[:0]
	}
	// News runs at about five bytes a token; sizing the token slice once
	// saves its regrowth, the largest allocation per article.
	if cap(p.toks) < len(text)/5+16 {
		p.toks = make([]tok, 0, len(text)/5+16)
	}
	return p
}

// release returns p's buffers to the pool. The claims made from the
// document hold no reference to them.
func (e *Extractor) release(p *preparer) {
	b := p.bufs
	// Drop the references into the text, so that the pool does not keep
	// an article alive.
	clear(b.toks)
	clear(b.scratch[:cap(b.scratch)])
	clear(b.light[:cap(b.light)])
	clear(b.caps)
	p.bufs = bufs{}
	e.bufs.Put(&b)
}

// prepare runs preparation and returns the document.
func (p *preparer) prepare(ctx context.Context) (*document, error) {
	d := p.d
	d.paras = paragraphs(d.text)
	d.quotes = p.ex.marks.findQuotes(d.text, d.paras)
	for i := range d.quotes {
		d.quotes[i].parent = -1
		if d.quotes[i].depth > 0 {
			d.quotes[i].parent = d.quoteAt(d.quotes[i].open)
		}
	}
	if err := p.sentences(ctx); err != nil {
		return nil, err
	}
	d.toks = p.toks
	d.paraTok = make([]int, len(d.paras))
	for _, s := range d.sents {
		d.paraTok[s.para] = s.t1
	}
	if p.caps == nil {
		p.caps = map[string]bool{}
	}
	d.caps = capitalisedMidSentence(d, p.caps)
	d.cast = newCast(d)
	return d, nil
}

// checkEvery is how many paragraphs preparation works through between two
// looks at its context.
const checkEvery = 64

// sentences segments every paragraph into sentences and tokenizes them.
func (p *preparer) sentences(ctx context.Context) error {
	d := p.d
	qi := 0 // quotes are ordered; walk them alongside the sentences
	for pi, para := range d.paras {
		if pi%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		sents := p.ex.seg.Segment(d.text[para.s:para.e])
		// Merge sentences so that no sentence boundary falls inside a
		// quotation of this paragraph: the attribution of a quote of
		// several sentences is found after its last one.
		for k := 0; k < len(sents); {
			s := para.s + sents[k].Start
			end := para.s + sents[k].End()
			k++
			for k < len(sents) && d.insideQuote(&qi, pi, end) {
				end = para.s + sents[k].End()
				k++
			}
			// Line breaks inside a paragraph separate headline from byline
			// and the like; they end a sentence unless a quote spans them.
			for _, piece := range d.splitLines(s, end) {
				p.addSentencesSplitAfterQuotes(piece, pi)
			}
		}
	}
	return nil
}

// capitalisedMidSentence adds to caps, and returns it, the capitalised
// words that stand inside a sentence, not opening it or a quotation.
func capitalisedMidSentence(d *document, caps map[string]bool) map[string]bool {
	for _, s := range d.sents {
		for k := s.t0 + 1; k < s.t1; k++ {
			t := &d.toks[k]
			if isUpperStart(t.text) && !isOpenQuoteTok(d.toks[k-1].text) && d.toks[k-1].text != ":" {
				caps[t.text] = true
			}
		}
	}
	return caps
}

// insideQuote reports whether byte offset b lies strictly inside a
// quotation of paragraph pi. *qi is advanced past quotes that end before b.
func (d *document) insideQuote(qi *int, pi, b int) bool {
	for *qi < len(d.quotes) && (d.quotes[*qi].para < pi || d.quotes[*qi].closeEnd <= b && d.quotes[*qi].para == pi) {
		*qi++
	}
	for k := *qi; k < len(d.quotes) && d.quotes[k].para == pi && d.quotes[k].open < b; k++ {
		if d.quotes[k].open < b && b < d.quotes[k].closeEnd {
			return true
		}
	}
	return false
}

// splitLines cuts text[s:e] at line breaks that no quotation spans.
func (d *document) splitLines(s, e int) []span {
	if strings.IndexByte(d.text[s:e], '\n') < 0 {
		return []span{{s, e}}
	}
	var out []span
	start := s
	for i := s; i < e; i++ {
		if d.text[i] != '\n' {
			continue
		}
		if d.quoteAt(i) >= 0 {
			continue
		}
		out = appendTrimmed(out, d.text, start, i)
		start = i + 1
	}
	return appendTrimmed(out, d.text, start, e)
}

// addSentencesSplitAfterQuotes adds the sentence sp, ending a sentence
// after a quotation that ends with a full stop and is followed by a
// capital: the segmenter runs “We will win.” While others ... into one
// sentence, which hides that the quotation ends a sentence of its own (see
// the floating-quote rule). A quotation ending with "?" or "!" may still
// take its attribution after it (“Why now?” Lee asked), so it does not
// split.
func (p *preparer) addSentencesSplitAfterQuotes(sp span, para int) {
	d := p.d
	start := sp.s
	for k := d.firstQuoteFrom(sp.s); k < len(d.quotes) && d.quotes[k].open < sp.e; k++ {
		q := d.quotes[k]
		if q.depth > 0 || q.closeEnd >= sp.e || q.close == q.closeEnd || q.e <= q.s || d.text[q.e-1] != '.' {
			continue
		}
		j := q.closeEnd
		if j >= sp.e || d.text[j] != ' ' {
			continue
		}
		for j < sp.e && d.text[j] == ' ' {
			j++
		}
		if j < sp.e && isUpperStart(d.text[j:sp.e]) {
			p.addSentence(start, q.closeEnd, para)
			start = j
		}
	}
	p.addSentence(start, sp.e, para)
}

// addSentence tokenizes text[s:e] as one sentence, marks its cue words and
// tags it if it holds one.
func (p *preparer) addSentence(s, e, para int) {
	d := p.d
	si := int32(len(d.sents))
	t0 := len(p.toks)
	var raw []token.Token
	if p.ex.mayHoldCue(d.text[s:e]) {
		raw = splitFinalStop(d.lex, joinApostropheNames(d.text[s:e], p.ex.tokenize(p.light[:0], d.text[s:e])))
	} else {
		raw = lightTokenize(p.light[:0], d.text[s:e])
	}
	p.light = raw
	hasCue := false
	for _, t := range raw {
		tk := tok{s: s + t.Start, e: s + t.End(), text: t.Text, sent: si, cue: lexicon.NoCue}
		tk.lower = lowerASCII(t.Text)
		if p.markCue(&tk, t0) || opensAttribution(d, &tk, len(p.toks)-t0, e) {
			hasCue = true
		}
		tk.q = int32(p.quoteAtNext(tk.s))
		p.toks = append(p.toks, tk)
	}
	if hasCue {
		// Tagging is the costliest step. Only a sentence with a cue word
		// (or a colon) can attribute anything; quotes in the others are
		// floating or unattributed, which needs no tags.
		p.tagOutsideQuotes(raw, p.toks[t0:])
	}
	p.dropNounCues(t0)
	d.sents = append(d.sents, sentence{s: s, e: e, para: para, t0: t0, t1: len(p.toks), tagged: hasCue})
}

// firstQuoteFrom returns the index of the first quote opening at or after b.
func (d *document) firstQuoteFrom(b int) int {
	return sort.Search(len(d.quotes), func(i int) bool { return d.quotes[i].open >= b })
}

// quoteAt returns the index of the innermost quote whose content holds
// byte offset b, or -1.
func (d *document) quoteAt(b int) int {
	lo := sort.Search(len(d.quotes), func(i int) bool { return d.quotes[i].open > b })
	return d.innermost(lo, b)
}

// quoteAtNext is quoteAt for offsets that never decrease, as tokens come
// in text order: a cursor replaces the search, keeping tokenizing linear.
func (p *preparer) quoteAtNext(b int) int {
	d := p.d
	for p.qcur < len(d.quotes) && d.quotes[p.qcur].open <= b {
		p.qcur++
	}
	return d.innermost(p.qcur, b)
}

// innermost returns the deepest quote among those opening before index lo
// (the last maxOpen+1 of them) whose content holds byte b, or -1.
func (d *document) innermost(lo, b int) int {
	best := -1
	for k := lo - 1; k >= 0 && k >= lo-maxOpen-1; k-- {
		q := d.quotes[k]
		if q.openEnd <= b && b < max(q.close, q.e) {
			if best < 0 || q.depth > d.quotes[best].depth {
				best = k
			}
		}
	}
	return best
}

// tagOutsideQuotes tags a sentence's tokens, leaving out the words inside
// quotations: attribution reads the writer's words around a quote, not the
// speaker's inside it, and news sentences are a third quotation. A quote
// that holds a nested quote is tagged whole, since its words may attribute
// the inner one. raw and toks are the same tokens; the tags go to toks,
// whose quote membership is already known.
func (p *preparer) tagOutsideQuotes(raw []token.Token, toks []tok) {
	keep := p.scratch[:0]
	idx := p.scratchIdx[:0]
	for i, t := range raw {
		if q := toks[i].q; q >= 0 && !p.d.hasNested(int(q)) {
			continue
		}
		keep = append(keep, t)
		idx = append(idx, i)
	}
	p.ex.tag.TagTokens(keep)
	for j, i := range idx {
		toks[i].tag = keep[j].Tag
		if dashLen(toks[i].text, 0) > 0 || toks[i].text == "--" {
			// Penn Treebank's tag for a dash; the tagger guesses a verb or
			// a name for one it sees standing alone.
			toks[i].tag = ":"
		}
	}
	p.scratch, p.scratchIdx = keep[:0], idx[:0]
}

// hasNested reports whether quote q holds another quote.
func (d *document) hasNested(q int) bool {
	return q+1 < len(d.quotes) && d.quotes[q+1].parent == q
}

// tokenAt returns the index of the first token starting at or after byte b.
func (d *document) tokenAt(b int) int {
	return sort.Search(len(d.toks), func(i int) bool { return d.toks[i].s >= b })
}

func (d *document) tokSpan(k int) span { return span{d.toks[k].s, d.toks[k].e} }

// paraTokEnd returns the index one past the last token of token k's
// paragraph.
func (d *document) paraTokEnd(k int) int {
	return d.paraTok[d.sents[d.toks[k].sent].para]
}

func (d *document) paraOf(b int) int {
	return sort.Search(len(d.paras), func(i int) bool { return d.paras[i].e > b })
}
