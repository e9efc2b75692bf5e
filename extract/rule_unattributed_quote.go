package extract

import "strings"

// unattributedQuote keeps a quotation that reads as a statement (a
// sentence of minStatementLen words or more) with speaker null; shorter
// quotations with no cue are scare quotes, titles and terms, and are
// dropped.
type unattributedQuote struct{}

func (unattributedQuote) id() RuleID { return RuleUnattributedQuote }

// minStatementLen is how many words a quotation nobody is named for needs
// to be a statement.
const minStatementLen = 5

func (rule unattributedQuote) apply(d *document, led *ledger) {
	for qi := range d.quotes {
		q := d.quotes[qi]
		if led.quoteTaken[qi] || q.depth > 0 || q.e <= q.s || q.para == 0 {
			continue
		}
		// A statement nobody is named for opens its sentence or follows a
		// colon ("A sign read: “…”"); in mid-sentence it is a phrase.
		if k := d.tokenAt(q.open); k < len(d.toks) && !d.opensSentence(q) && (k == 0 || d.toks[k-1].text != ":") {
			continue
		}
		inner := d.text[q.s:q.e]
		words := strings.Fields(inner)
		if len(words) < minStatementLen || titleCase(words) {
			continue
		}
		last := inner[len(inner)-1]
		if !isUpperStart(inner) && last != '.' && last != '?' && last != '!' {
			continue
		}
		led.propose(d.quoteCand(qi, span{}, np{}, rule.id()))
	}
}

// maxWorkWords bounds the name of a work in quotation marks.
const maxWorkWords = 6

// namesWork reports a quotation that names a programme, a book or the
// like inside a phrase ("on ABC’s “This Week,” Carson admitted"): a few
// capitalised words after a possessive, a preposition or an article.
func (d *document) namesWork(qi int) bool {
	q := d.quotes[qi]
	words := strings.Fields(strings.TrimRight(d.text[q.s:q.e], ",.?!"))
	if len(words) == 0 || len(words) > maxWorkWords || !isUpperStart(words[0]) {
		return false
	}
	for _, w := range words {
		if !isUpperStart(w) && !d.lex.TitleSmallWords.Has(w) {
			return false
		}
	}
	k := d.tokenAt(q.open) - 1
	if k < 0 || d.toks[k].e > q.open {
		return false
	}
	return d.lex.WorkMarkers.Has(d.toks[k].lower)
}

// titleCase reports words most of which are capitalised: a title or a
// slogan ("Rent Is Not a Luxury"), not a sentence.
func titleCase(words []string) bool {
	n := 0
	for _, w := range words {
		if isUpperStart(w) {
			n++
		}
	}
	return n*4 >= len(words)*3
}
