package extract

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/claims-project/claims"
	"github.com/jdkato/prose/v3/segment"
	"github.com/jdkato/prose/v3/tag"
	"github.com/jdkato/prose/v3/token"
	"github.com/jdkato/prose/v3/tokenize"
)

// Extractor finds claims in article text. It holds only immutable models
// and tables and is safe for concurrent use.
type Extractor struct {
	seg  *segment.Segmenter
	tok  *tokenize.Tokenizer
	tag  *tag.Tagger
	lex  *lexicon
	opts options
	// bufs recycles the buffers of finished documents (*bufs): the token
	// slice is the largest allocation per article, and reusing it takes
	// that load off the garbage collector in batch runs.
	bufs sync.Pool
}

type options struct {
	scope Scope
}

// Scope says which attributions count as claims.
type Scope int

const (
	// ScopeSpeech (the default) takes statements: things said, written,
	// asked, announced, and what documents and data are reported to show.
	ScopeSpeech Scope = iota
	// ScopeAll adds beliefs and positions ("believes", "wants",
	// "criticized", "endorsed"), as attribution schemes such as PARC and
	// the PolNeAR corpus annotate them.
	ScopeAll
)

// ParseScope reads a scope name: "speech" or "all".
func ParseScope(s string) (Scope, error) {
	switch s {
	case "speech", "":
		return ScopeSpeech, nil
	case "all":
		return ScopeAll, nil
	}
	return 0, fmt.Errorf("unknown scope %q: want speech or all", s)
}

// String returns the scope's name.
func (s Scope) String() string {
	if s == ScopeAll {
		return "all"
	}
	return "speech"
}

// Option configures an Extractor.
type Option func(*options)

// WithScope sets which attributions count as claims (ScopeSpeech by
// default).
func WithScope(s Scope) Option { return func(o *options) { o.scope = s } }

// New returns an Extractor with its models loaded.
func New(opts ...Option) (*Extractor, error) {
	e := &Extractor{}
	for _, o := range opts {
		o(&e.opts)
	}
	var err error
	if e.seg, err = segment.New(); err != nil {
		return nil, fmt.Errorf("load sentence model: %w", err)
	}
	if e.tag, err = tag.New(); err != nil {
		return nil, fmt.Errorf("load tagger: %w", err)
	}
	if e.lex, err = newLexicon(); err != nil {
		return nil, err
	}
	e.tok = tokenize.New(
		tokenize.UsingPrefixes([]string{"$", "(", `"`, "[", "“", "‘", "«", "„", "‹", "'", "—", "–"}),
		tokenize.UsingSuffixes([]string{",", ")", `"`, "]", "!", ";", ".", "?", ":", "'", "”", "’", "»", "“", "›", "—", "–"}),
		// "'" opens quotes here, so without this the "'s" split off
		// "Beijing's" would lose its apostrophe to the prefix rule and the
		// tagger would see "'" and "s".
		// prose splits "'ll", "'s", "'re", "'m" and "n't" off; "he'd" and
		// "we've" are as common in quoted news and tag as badly whole.
		tokenize.UsingSplitCases([]string{"'ll", "'s", "'re", "'m", "n't", "'d", "'ve",
			"’ll", "’s", "’re", "’m", "n’t", "’d", "’ve"}),
		tokenize.UsingSpecialTest(func(w string) bool { return straightClitics[w] }),
	)
	return e, nil
}

// Extract returns the claims in text, in order of where their content
// starts. It returns early with ctx's error if ctx is cancelled.
func (e *Extractor) Extract(ctx context.Context, text string) ([]claims.Claim, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	text = validUTF8(text)
	d := e.newDoc(text)
	defer e.release(d)
	if err := e.analyse(ctx, d); err != nil {
		return nil, err
	}
	runSieves(d)
	return d.toClaims(), nil
}

// release returns d's token slice to the pool. The claims toClaims made
// hold no reference to it.
func (e *Extractor) release(d *doc) {
	b := d.bufs
	// Drop the references into the text, so that the pool does not keep
	// an article alive.
	clear(b.toks)
	clear(b.scratch[:cap(b.scratch)])
	clear(b.light[:cap(b.light)])
	d.bufs = bufs{}
	e.bufs.Put(&b)
}

// validUTF8 replaces each invalid byte with U+FFFD, one for one, so that
// code-point offsets agree with []rune(text) and with what a JSON encoder
// prints.
func validUTF8(text string) string {
	if utf8.ValidString(text) {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) + 16)
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString("\uFFFD")
		} else {
			b.WriteString(text[i : i+size])
		}
		i += size
	}
	return b.String()
}

// tok is one token of the article.
type tok struct {
	s, e  int // bytes
	text  string
	lower string
	tag   string
	cue   *cueForm // noCue unless isCue
	isCue bool
	q     int32 // innermost quote holding the token, or -1
	sent  int32
	used  bool // the token is part of a claim's cue or speaker already
}

type sentence struct {
	s, e   int // bytes
	para   int
	t0, t1 int // tokens [t0, t1)
	tagged bool
}

// bufs are the buffers a document's analysis reuses across its sentences
// and, through Extractor.bufs, across documents.
type bufs struct {
	toks []tok
	// scratch buffers for tagOutsideQuotes
	scratch    []token.Token
	scratchIdx []int
	// light holds lightTokenize's tokens for the current sentence
	light []token.Token
}

// doc is the working state of one Extract call.
type doc struct {
	ex     *Extractor
	text   string
	paras  []span
	quotes []quote
	qUsed  []bool
	sents  []sentence
	cands  []cand
	reg    *registry
	bufs
	// qcur is quoteAtNext's cursor.
	qcur int
	// order lists claim indexes by content start (sortCands); lastFloat
	// is the latest floating quote added since.
	order      []int
	byQuote    map[int]int // quote → claim, built on first use after the sieves
	normCache  map[string]string
	coordDepth int
	lastFloat  int
	// paraTok[p] is one past the last token of paragraph p.
	paraTok []int
	// lvl is the quote whose words a sieve is reading: -1 for the
	// writer's own text, a quote's index when attributing quotes nested in
	// it ("He told me ‘never again’").
	lvl int32
	// caps holds the capitalised words the article uses mid-sentence,
	// which tells "Patience" the name from "Patience" the word.
	caps map[string]bool
}

func capitalisedMidSentence(d *doc) map[string]bool {
	caps := map[string]bool{}
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

func (e *Extractor) newDoc(text string) *doc {
	// News runs at about five bytes a token; sizing the token slice once
	// saves its regrowth, the largest allocation per article.
	d := &doc{ex: e, text: text}
	if b, ok := e.bufs.Get().(*bufs); ok {
		d.bufs = *b
		d.toks = d.toks[:0]
	}
	if cap(d.toks) < len(text)/5+16 {
		d.toks = make([]tok, 0, len(text)/5+16)
	}
	d.paras = paragraphs(text)
	d.quotes = findQuotes(text, d.paras)
	d.qUsed = make([]bool, len(d.quotes))
	for i := range d.quotes {
		d.quotes[i].parent = -1
		if d.quotes[i].depth > 0 {
			d.quotes[i].parent = d.quoteAt(d.quotes[i].open)
		}
	}
	d.lvl = -1
	return d
}

func (e *Extractor) analyse(ctx context.Context, d *doc) error {
	qi := 0 // quotes are ordered; walk them alongside the sentences
	for pi, p := range d.paras {
		if pi%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		ptext := d.text[p.s:p.e]
		sents := e.seg.Segment(ptext)
		// Merge sentences so that no sentence boundary falls inside a
		// quotation of this paragraph: the attribution of a quote of
		// several sentences is found after its last one.
		for k := 0; k < len(sents); {
			s := p.s + sents[k].Start
			end := p.s + sents[k].End()
			k++
			for k < len(sents) && d.insideQuote(&qi, pi, end) {
				end = p.s + sents[k].End()
				k++
			}
			// Line breaks inside a paragraph separate headline from byline
			// and the like; they end a sentence unless a quote spans them.
			for _, piece := range splitLines(d.text, s, end, d, pi) {
				d.addSentencesSplitAfterQuotes(piece, pi)
			}
		}
	}
	d.paraTok = make([]int, len(d.paras))
	for _, s := range d.sents {
		d.paraTok[s.para] = s.t1
	}
	d.caps = capitalisedMidSentence(d)
	d.reg = newRegistry(d)
	return nil
}

// insideQuote reports whether byte offset b lies strictly inside a
// quotation of paragraph pi. *qi is advanced past quotes that end before b.
func (d *doc) insideQuote(qi *int, pi, b int) bool {
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

func splitLines(text string, s, e int, d *doc, pi int) []span {
	if strings.IndexByte(text[s:e], '\n') < 0 {
		return []span{{s, e}}
	}
	var out []span
	start := s
	for i := s; i < e; i++ {
		if text[i] != '\n' {
			continue
		}
		if d.quoteAt(i) >= 0 {
			continue
		}
		out = appendTrimmed(out, text, start, i)
		start = i + 1
	}
	return appendTrimmed(out, text, start, e)
}

// addSentencesSplitAfterQuotes adds the sentence sp, ending a sentence
// after a quotation that ends with a full stop and is followed by a
// capital: the segmenter runs “We will win.” While others ... into one
// sentence, which hides that the quotation ends a sentence of its own (see
// sieveFloatingQuote). A quotation ending with
// "?" or "!" may still take its attribution after it (“Why now?” Lee
// asked), so it does not split.
func (d *doc) addSentencesSplitAfterQuotes(sp span, para int) {
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
			d.addSentence(start, q.closeEnd, para)
			start = j
		}
	}
	d.addSentence(start, sp.e, para)
}

func (d *doc) addSentence(s, e, para int) {
	ex := d.ex
	si := int32(len(d.sents))
	t0 := len(d.toks)
	var raw []token.Token
	if ex.mayHoldCue(d.text[s:e]) {
		raw = splitFinalStop(joinApostropheNames(d.text[s:e], ex.tokenize(d.light[:0], d.text[s:e])))
		d.light = raw
	} else {
		raw = lightTokenize(d.light[:0], d.text[s:e])
		d.light = raw
	}
	hasCue := false
	for _, t := range raw {
		tk := tok{s: s + t.Start, e: s + t.End(), text: t.Text, sent: si, cue: noCue}
		tk.lower = lowerASCII(t.Text)
		if f, ok := ex.lex.lookup(tk.lower); ok && ex.inScope(f) && !(f.nounLike && len(d.toks) > t0 && nounMarkers[d.toks[len(d.toks)-1].lower]) {
			tk.cue, tk.isCue = f, true
			hasCue = true
		}
		// "according to", and a colon near the start of a sentence
		// (headlines, transcripts), at its end, or before a quote.
		if tk.lower == "according" || tk.text == ":" && (len(d.toks)-t0 < 6 || tk.e >= e-1 || d.quoteOpeningAt(firstNonSpaceFrom(d.text, tk.e)) >= 0) {
			hasCue = true
		}
		tk.q = int32(d.quoteAtNext(tk.s))
		d.toks = append(d.toks, tk)
	}
	if hasCue {
		// Tagging is the costliest step. Only a sentence with a cue word
		// (or a colon) can attribute anything; quotes in the others are
		// floating or unattributed, which needs no tags.
		d.tagOutsideQuotes(raw, d.toks[t0:])
	}
	for k := t0; k < len(d.toks); k++ {
		// Forms that are mostly nouns count only when tagged as verbs.
		if t := &d.toks[k]; t.isCue && t.cue.nounLike && (!strings.HasPrefix(t.tag, "VB") || d.inNounCompound(k, t0)) {
			t.cue, t.isCue = noCue, false
		}
	}
	d.sents = append(d.sents, sentence{s: s, e: e, para: para, t0: t0, t1: len(d.toks), tagged: hasCue})
}

// inNounCompound reports a token between a noun or adjective and a noun
// ("the server email story"), where a form such as "email" is a noun
// whatever the tagger says.
func (d *doc) inNounCompound(k, t0 int) bool {
	if k-1 < t0 || k+1 >= len(d.toks) {
		return false
	}
	prev, next := d.toks[k-1].tag, d.toks[k+1].tag
	return (prev == "NN" || prev == "NNS" || prev == "JJ" || prev == "NNP") && (next == "NN" || next == "NNS")
}

// firstQuoteFrom returns the index of the first quote opening at or after b.
func (d *doc) firstQuoteFrom(b int) int {
	return sort.Search(len(d.quotes), func(i int) bool { return d.quotes[i].open >= b })
}

// quoteAt returns the index of the innermost quote whose content holds
// byte offset b, or -1.
func (d *doc) quoteAt(b int) int {
	lo := sort.Search(len(d.quotes), func(i int) bool { return d.quotes[i].open > b })
	return d.innermost(lo, b)
}

// quoteAtNext is quoteAt for offsets that never decrease, as tokens come
// in text order: a cursor replaces the search, keeping tokenizing linear.
func (d *doc) quoteAtNext(b int) int {
	for d.qcur < len(d.quotes) && d.quotes[d.qcur].open <= b {
		d.qcur++
	}
	return d.innermost(d.qcur, b)
}

// innermost returns the deepest quote among those opening before index lo
// (the last maxOpen+1 of them) whose content holds byte b, or -1.
func (d *doc) innermost(lo, b int) int {
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

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || c >= utf8.RuneSelf {
			return strings.ToLower(s)
		}
	}
	return s
}

func isUpperStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// joinApostropheNames puts back together the names prose splits at a
// straight apostrophe, where "'M" of "O'Malley" looks like the clitic
// "'m": "O", "'", "Malley" become "O'Malley". Offsets stay exact, since
// the pieces touch.
func joinApostropheNames(text string, raw []token.Token) []token.Token {
	out := raw[:0]
	for i := 0; i < len(raw); i++ {
		t := raw[i]
		if i+2 < len(raw) && len(t.Text) == 1 && 'A' <= t.Text[0] && t.Text[0] <= 'Z' && raw[i+1].Text == "'" &&
			raw[i+1].Start == t.Start+1 && raw[i+2].Start == t.Start+2 && isUpperStart(raw[i+2].Text) {
			end := raw[i+2].Start + len(raw[i+2].Text)
			out = append(out, token.Token{Text: text[t.Start:end], Start: t.Start})
			i += 2
			continue
		}
		out = append(out, t)
	}
	return out
}

// straightClitics are the contraction endings prose's tokenizer splits
// off, written with a straight apostrophe.
var straightClitics = set("'s", "'S", "'ll", "'re", "'m", "'ve", "'d")

// maxWord is the longest run without white space handed to prose's
// tokenizer, whose prefix and suffix stripping is quadratic in the length
// of a run ("“‘“‘…" twenty thousand marks long). News text never comes
// close; longer runs are split here, rune class by rune class.
const maxWord = 64

// tokenize returns prose's tokens for text, with byte offsets into it,
// appended to dst. Prose's tokenizer tests every run without white space
// against a regular expression; a run of plain letters, digits and
// hyphens, with at most a comma after it, is one token (and the comma) in
// prose's hands, so it is cut here without asking. Other runs go to prose
// one at a time, which tokenizes runs independently of each other; the
// result is prose's own tokenization of text (TestTokenizeMatchesProse,
// FuzzTokenize).
func (e *Extractor) tokenize(dst []token.Token, text string) []token.Token {
	out := dst
	for i := 0; i < len(text); {
		for i < len(text) && isSpaceByteOrNBSP(text, i) {
			i += spaceLen(text, i)
		}
		j := i
		plain := true // only [A-Za-z0-9-] so far
		comma := false
		for j < len(text) && !isSpaceByteOrNBSP(text, j) {
			c := text[j]
			switch {
			case comma:
				plain = false // something after the comma
			case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-':
			case c == ',' && j > i:
				comma = true
			default:
				plain = false
			}
			j += spaceLen(text, j)
		}
		switch {
		case i == j:
		case plain && comma:
			out = append(out, token.Token{Text: text[i : j-1], Start: i}, token.Token{Text: text[j-1 : j], Start: j - 1})
		case plain:
			out = append(out, token.Token{Text: text[i:j], Start: i})
		case j-i <= maxWord:
			for _, t := range e.tok.Tokenize(text[i:j]) {
				t.Start += i
				out = append(out, t)
			}
		default:
			out = appendRuneClassTokens(out, text, i, j)
		}
		i = j
	}
	return out
}

// appendRuneClassTokens splits text[i:j] into runs of letters and digits
// (at most maxWord bytes each) and single other runes.
func appendRuneClassTokens(out []token.Token, text string, i, j int) []token.Token {
	for i < j {
		r, size := utf8.DecodeRuneInString(text[i:j])
		k := i + size
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			for k < j && k-i < maxWord {
				r2, s2 := utf8.DecodeRuneInString(text[k:j])
				if !unicode.IsLetter(r2) && !unicode.IsDigit(r2) {
					break
				}
				k += s2
			}
		}
		out = append(out, token.Token{Text: text[i:k], Start: i})
		i = k
	}
	return out
}

// splitFinalStop separates a sentence's closing full stop from its last
// word ("Doe." → "Doe", "."), which prose leaves joined when the word could
// be an abbreviation. Real abbreviations and initials keep theirs.
func splitFinalStop(raw []token.Token) []token.Token {
	if len(raw) == 0 {
		return raw
	}
	last := raw[len(raw)-1]
	w := last.Text
	if len(w) < 3 || w[len(w)-1] != '.' || isInitial(w) || keepStop[strings.ToLower(w)] || strings.Count(w, ".") > 1 {
		return raw
	}
	raw[len(raw)-1].Text = w[:len(w)-1]
	return append(raw, token.Token{Text: ".", Start: last.Start + len(w) - 1})
}

// keepStop are abbreviations that end sentences with their own stop.
var keepStop = set("jr.", "sr.", "inc.", "corp.", "ltd.", "co.", "st.", "etc.", "p.m.", "a.m.", "no.", "u.s.", "u.k.", "d.c.", "mr.", "mrs.", "ms.", "dr.", "plc.", "bros.", "esq.")

// tagOutsideQuotes tags a sentence's tokens, leaving out the words inside
// quotations: attribution reads the writer's words around a quote, not the
// speaker's inside it, and news sentences are a third quotation. A quote
// that holds a nested quote is tagged whole, since its words may attribute
// the inner one. raw and toks are the same tokens; the tags go to toks,
// whose quote membership is already known.
func (d *doc) tagOutsideQuotes(raw []token.Token, toks []tok) {
	keep := d.scratch[:0]
	idx := d.scratchIdx[:0]
	for i, t := range raw {
		if q := toks[i].q; q >= 0 && !d.hasNested(int(q)) {
			continue
		}
		keep = append(keep, t)
		idx = append(idx, i)
	}
	d.ex.tag.TagTokens(keep)
	for j, i := range idx {
		toks[i].tag = keep[j].Tag
	}
	d.scratch, d.scratchIdx = keep[:0], idx[:0]
}

// hasNested reports whether quote q holds another quote.
func (d *doc) hasNested(q int) bool {
	return q+1 < len(d.quotes) && d.quotes[q+1].parent == q
}

// mayHoldCue reports whether text has a word that is a cue form in the
// extractor's scope, "according", or a colon: only such a sentence is
// tokenized by prose and tagged. It looks words up in a stack buffer, so it
// allocates nothing.
func (e *Extractor) mayHoldCue(text string) bool {
	var buf [24]byte
	n := 0
	afterDet := false // the word before is a determiner or preposition
	check := func() bool {
		if n < 2 || n > len(buf) {
			return false
		}
		w := buf[:n]
		if string(w) == "according" {
			return true
		}
		f, ok := e.lex.forms[string(w)]
		return ok && e.inScope(f) && !(f.nounLike && afterDet)
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case 'a' <= c && c <= 'z':
			if n < len(buf) {
				buf[n] = c
			}
			n++
		case 'A' <= c && c <= 'Z':
			if n < len(buf) {
				buf[n] = c + ('a' - 'A')
			}
			n++
		default:
			if check() {
				return true
			}
			if n > 0 {
				afterDet = n <= len(buf) && nounMarkers[string(buf[:n])]
			} else if c != ' ' {
				afterDet = false
			}
			n = 0
			if c == ':' {
				return true
			}
		}
	}
	return check()
}

// inScope reports whether cue form f counts under the extractor's scope.
func (e *Extractor) inScope(f *cueForm) bool {
	return f.class != cueBelief && f.class != cueStance || e.opts.scope == ScopeAll
}

// nounMarkers are words after which a form such as "report" or "claims"
// is a noun ("the report", "of claims"), so it needs no tagging to rule
// it out as a cue. "to" and "that" are not here: "to comment", "people
// that report".
var nounMarkers = set("the", "a", "an", "his", "her", "its", "their", "our", "my", "your",
	"this", "these", "those", "of", "in", "for", "on", "with", "from", "without", "no",
	"any", "every", "each", "another", "some", "such", "whose")

// firstNonSpaceFrom returns the offset of the first non-space byte at or
// after i.
func firstNonSpaceFrom(text string, i int) int {
	for i < len(text) && isSpaceByteOrNBSP(text, i) {
		i += spaceLen(text, i)
	}
	return i
}
