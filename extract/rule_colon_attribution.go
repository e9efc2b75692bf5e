package extract

import "github.com/claims-project/claims"

// colonAttribution: a paragraph that opens with a speaker and a colon, as
// headlines ("Sanders: Brexit vote could help Trump") and interview
// transcripts ("CLINTON: Honestly, ...") do.
type colonAttribution struct{}

func (colonAttribution) id() RuleID { return RuleColonAttribution }

func (rule colonAttribution) apply(d *document, led *ledger) {
	r := newReader(d, led, -1)
	for si := range d.sents {
		s := d.sents[si]
		if si > 0 && d.sents[si-1].para == s.para {
			continue // only a paragraph's first sentence
		}
		c := -1
		for k := s.t0; k < s.t1 && k < s.t0+colonOpening; k++ {
			if d.toks[k].text == ":" {
				c = k
				break
			}
		}
		if c <= s.t0 || c+1 >= s.t1 || led.tokTaken[c] || d.toks[c].q >= 0 {
			continue
		}
		if d.lex.NotColonSpeakers.Has(d.toks[s.t0].lower) || d.lex.NotColonSpeakers.Has(d.toks[c-1].lower) || !d.allName(s.t0, c) {
			continue
		}
		if !d.colonSpeaker(s.t0, c) || d.dataAfterColon(c+1, s) {
			continue
		}
		p := d.paras[s.para]
		content := span{d.toks[c+1].s, p.e}
		for content.e > content.s && (d.text[content.e-1] == '.') {
			content.e--
		}
		led.propose(r.clauseCand(content, d.tokSpan(c), np{t0: s.t0, t1: c}, rule.id()))
	}
}

// allName reports whether tokens [a, c) before a colon are a name: name
// words, capitals, particles, or one capitalised word.
func (d *document) allName(a, c int) bool {
	for k := a; k < c; k++ {
		if !d.isNameTok(k) && !isAllCaps(d.toks[k].text) && !d.isParticle(k) && !(isUpperStart(d.toks[k].text) && c-a == 1) {
			return false
		}
	}
	return true
}

// bodyStart returns the first token of sentence s after a dateline
// ("BRUSSELS (Eurolink News) –", "WASHINGTON —"), which is never part of a
// claim.
func (d *document) bodyStart(s sentence) int {
	for m := s.t0; m < s.t1 && m < s.t0+datelineReach; m++ {
		t := &d.toks[m]
		switch {
		case isDash(t.text):
			if m > s.t0 && m+1 < s.t1 {
				return m + 1
			}
			return s.t0
		case isAllCaps(t.text) || t.text == "(" || t.text == ")" || t.text == "," || m > s.t0 && d.toks[m-1].text == "(" || isUpperStart(t.text) && m > s.t0 && d.toks[m-1].text != "(" && d.inParens(m, s):
		case isUpperStart(t.text) && m > s.t0 && d.toks[m-1].text == "," && isAllCaps(d.toks[s.t0].text):
			// "LAUSANNE, Switzerland (Continental Press) —": the country.
		default:
			return s.t0
		}
	}
	return s.t0
}

func (d *document) inParens(m int, s sentence) bool {
	for k := m - 1; k >= s.t0; k-- {
		switch d.toks[k].text {
		case "(":
			return true
		case ")":
			return false
		}
	}
	return false
}

// colonSpeaker reports whether the label [a, c) before a colon is someone
// the article names: a label of several capitals must be a name the
// article also writes in lower case ("HILLARY CLINTON:", not "MARKET
// WATCH:"), and one capitalised word must be in the article's cast or a
// transcript's capitals ("Sanders:", "CLINTON:", not "Oil:").
func (d *document) colonSpeaker(a, c int) bool {
	caps := true
	for k := a; k < c; k++ {
		caps = caps && isAllCaps(d.toks[k].text)
	}
	if c-a == 1 && (caps || d.lex.DocNouns.Has(d.toks[a].lower)) {
		return true // "CLINTON:", "Poll:"
	}
	e := d.cast.lookup(d, np{t0: a, t1: c})
	if e == nil || e.typ != claims.TypePerson && e.typ != claims.TypeOrg {
		return false
	}
	return !caps || d.cast.mentionsOf(e) > 1
}

// dataAfterColon reports a line of data after a label's colon: a number or
// a market word first ("Oil: DOWN at $72", "Turnout: 61 percent").
func (d *document) dataAfterColon(k int, s sentence) bool {
	if k >= s.t1 {
		return false
	}
	switch t := &d.toks[k]; t.text {
	case "UP", "DOWN", "FLAT", "UNCHANGED", "HIGHER", "LOWER", "N/A":
		return true
	default:
		return t.tag == "CD"
	}
}
