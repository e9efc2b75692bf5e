package extract

// Stage 2, attribution: ordered rules turn quotations and cue words into
// candidate claims, most precise first, in the spirit of CoreNLP's quote
// attribution sieves. Each quotation and each cue word belongs to the
// first rule that takes it: a rule proposes a candidate to the ledger,
// which records what the candidate takes, so that the rule's own later
// steps and every later rule see only what is left. Rules read the
// document and the ledger and write nothing else.
//
// To add a construction, write a rule (a type with id and apply, in a file
// rule_NAME.go beside its siblings), give it a RuleID, and put it in
// rules() at the place its precision earns it; TestRules checks each rule
// on its own construction and TestRuleOrder pins the order.

import (
	"strings"

	"github.com/claims-project/claims"
)

// RuleID names an attribution rule. Claim.Rule carries its String, and the
// confidence model weighs each rule by it.
type RuleID uint8

// The rules, in the order they run.
const (
	RuleQuoteThenAttribution RuleID = iota + 1 // “…,” she said. / “…,” said Jane Doe.
	RuleAttributionThenQuote                   // Doe said: “…” / Doe said, “…”
	RuleAccordingTo                            // According to X, … / …, according to X.
	RuleCueClause                              // X warned (that) …; …, X said.
	RuleColonAttribution                       // Sanders: Brexit vote could help Trump
	RulePossessiveStatement                    // Putin’s statements ... “on equal terms”
	RuleContinuedQuote                         // later paragraphs of a multi-paragraph quote
	RuleFloatingQuote                          // a quote with no cue after an attributed one
	RuleUnattributedQuote                      // a statement nobody is named for
	numRules
)

var ruleNames = [numRules]string{
	RuleQuoteThenAttribution: "quote-then-attribution",
	RuleAttributionThenQuote: "attribution-then-quote",
	RuleAccordingTo:          "according-to",
	RuleCueClause:            "cue-clause",
	RuleColonAttribution:     "colon-attribution",
	RulePossessiveStatement:  "possessive-statement",
	RuleContinuedQuote:       "continued-quote",
	RuleFloatingQuote:        "floating-quote",
	RuleUnattributedQuote:    "unattributed-quote",
}

// String returns the rule's name, as Claim.Rule carries it.
func (id RuleID) String() string {
	if id < numRules {
		return ruleNames[id]
	}
	return "rule?"
}

// Rules lists the ids of the attribution rules, in the order they run.
func Rules() []RuleID {
	var ids []RuleID
	for _, r := range rules() {
		ids = append(ids, r.id())
	}
	return ids
}

// rule is one attribution step.
type rule interface {
	id() RuleID
	// apply proposes the rule's candidates to led.
	apply(d *document, led *ledger)
}

// rules returns the attribution rules in the order they run.
func rules() []rule {
	return []rule{
		quoteThenAttribution{},
		attributionThenQuote{},
		accordingTo{},
		cueClause{},
		colonAttribution{},
		possessiveStatement{},
		continuedQuote{},
		floatingQuote{},
		unattributedQuote{},
	}
}

// attribute runs the rules over d and returns the candidates they
// proposed, in the order proposed.
func attribute(d *document, rules []rule) []cand {
	led := newLedger(d)
	for _, r := range rules {
		r.apply(d, led)
	}
	return led.cands
}

// cand is a claim in the making, in byte offsets.
type cand struct {
	kind    claims.Kind
	content span
	quotes  []int // indexes into document.quotes
	cue     span
	spk     np  // speaker noun phrase; empty when inherited or unknown
	inherit int // index of the candidate whose speaker this one shares, or -1
	rule    RuleID
	// Set by speaker resolution:
	speaker *claims.Speaker
	others  []claims.Speaker
	basis   basis // what the speaker rests on
}

// ledger records what the rules have proposed: the candidates, and the
// quotations and tokens each took (its quotes, its cue words, its speaker
// noun phrase).
type ledger struct {
	d          *document
	cands      []cand
	quoteTaken []bool
	tokTaken   []bool
}

func newLedger(d *document) *ledger {
	return &ledger{d: d, quoteTaken: make([]bool, len(d.quotes)), tokTaken: make([]bool, len(d.toks))}
}

// propose records candidate c and what it takes, and returns its index.
func (l *ledger) propose(c cand) int {
	for _, q := range c.quotes {
		l.quoteTaken[q] = true
	}
	l.take(c.spk)
	for _, m := range c.spk.more {
		l.take(m)
	}
	if !c.cue.empty() {
		for k := l.d.tokenAt(c.cue.s); k < len(l.d.toks) && l.d.toks[k].s < c.cue.e; k++ {
			l.tokTaken[k] = true
		}
	}
	l.cands = append(l.cands, c)
	return len(l.cands) - 1
}

func (l *ledger) take(n np) {
	for k := n.t0; k < n.t1; k++ {
		l.tokTaken[k] = true
	}
}

// reader is how a rule reads the document: with the ledger, and at one
// quotation level: -1 for the writer's own words, or the index of the
// quotation whose words are read, when attributing a quotation nested in
// it ("He told me ‘never again’").
type reader struct {
	*document
	led *ledger
	lvl int32
}

func newReader(d *document, led *ledger, lvl int) reader {
	return reader{document: d, led: led, lvl: int32(lvl)}
}

// usableCue reports a cue token that no claim has taken and that stands
// at the reader's quotation level.
func (r reader) usableCue(k int) bool {
	t := &r.toks[k]
	return t.isCue && !r.led.tokTaken[k] && t.q == r.lvl
}

// quoteCand builds the direct claim of quotation q.
func (d *document) quoteCand(q int, cue span, spk np, id RuleID) cand {
	qq := d.quotes[q]
	return cand{kind: claims.Direct, content: span{qq.s, qq.e}, quotes: []int{q}, cue: cue, spk: spk, inherit: -1, rule: id}
}

// clauseCand builds a claim whose content is a clause: direct when the
// clause is one whole quotation, partial when it holds quotations,
// indirect otherwise.
func (r reader) clauseCand(content span, cue span, spk np, id RuleID) cand {
	c := cand{kind: claims.Indirect, content: content, cue: cue, spk: spk, inherit: -1, rule: id}
	// Trim surrounding marks and spaces: if what remains is exactly one
	// quotation, the claim is direct.
	for k := r.firstQuoteFrom(content.s); k < len(r.quotes) && r.quotes[k].open < content.e; k++ {
		q := r.quotes[k]
		if q.depth > 0 || r.led.quoteTaken[k] {
			continue
		}
		if q.closeEnd > content.e {
			// The clause ends inside the quote; take the closing mark too.
			if q.close >= content.e+closingMarkReach {
				continue
			}
			c.content.e = q.closeEnd
		}
		c.quotes = append(c.quotes, k)
	}
	if len(c.quotes) == 1 {
		q := r.quotes[c.quotes[0]]
		if strings.TrimSpace(r.text[c.content.s:q.open]) == "" && strings.Trim(r.text[q.closeEnd:c.content.e], " .,") == "" {
			c.kind = claims.Direct
			c.content = span{q.s, q.e}
			return c
		}
	}
	if len(c.quotes) > 0 {
		c.kind = claims.Partial
	}
	return c
}

// leftPiece proposes the words of sentence s before the comma at token
// comma, which the attribution follows, as a claim of its own: content
// interrupted by its attribution is two claims (formats.md), "An economic
// downturn, he said, “could be …”". A prepositional phrase there ("In a
// statement, the ministry said, …", "On Monday, officials said, …") is the
// saying's adjunct, not what was said, and a piece with no noun or verb
// ("Even then, she said, …", "Now, he said, …") only links the statement
// to what came before.
func (r reader) leftPiece(s sentence, comma int, cue span, spk np, id RuleID) {
	b := r.bodyStart(s)
	if comma-1 < b {
		return
	}
	if t := &r.toks[b]; t.tag == "IN" && !r.lex.OpeningSubordinators.Has(t.lower) {
		return
	}
	content := false
	for m := b; m < comma && !content; m++ {
		tag := r.toks[m].tag
		content = isNounTag(tag) || strings.HasPrefix(tag, "VB") || tag == "PRP" || tag == "CD" || r.toks[m].q >= 0
	}
	if !content {
		return
	}
	r.led.propose(r.clauseCand(span{r.toks[b].s, r.toks[comma-1].e}, cue, spk, id))
}
