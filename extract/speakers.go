package extract

// Stage 3, speakers: each candidate's speaker noun phrase becomes a
// canonical Speaker, in text order, so that a pronoun can lean on the
// speakers before it: names to the fullest form the article uses (the
// cast), pronouns and role nouns to the named speaker they refer to,
// titles moved to Speaker.Title.

import (
	"sort"
	"strings"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/extract/lexicon"
)

// basis says what a speaker rests on, for the confidence model and for
// Claim.SpeakerBasis.
type basis uint8

const (
	basisNone basis = iota
	basisName
	basisPronoun
	basisRole
	basisGroup
	numBases
)

var basisNames = [numBases]string{basisNone: "none", basisName: "name", basisPronoun: "pronoun", basisRole: "role", basisGroup: "group"}

func (b basis) String() string { return basisNames[b] }

// resolver resolves the speakers of one document's candidates.
type resolver struct {
	d     *document
	cands []cand
	// byQuote maps a quotation to the candidate that holds it, built when
	// first needed.
	byQuote map[int]int
	// capsLabels counts the labels in capitals that open a line before a
	// colon, -1 until first needed; headers says which labels are headers
	// (nospeaker.go).
	capsLabels int
	headers    map[string]bool
}

// resolveSpeakers sets the speaker, further speakers and basis of every
// candidate.
func resolveSpeakers(d *document, cands []cand) {
	r := &resolver{d: d, cands: cands, capsLabels: -1}
	order := make([]int, len(cands))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return cands[order[a]].content.s < cands[order[b]].content.s })
	var last *claims.Speaker // the latest resolved speaker, for pronouns
	lastPos := -1
	for _, ci := range order {
		c := &cands[ci]
		switch {
		case !c.spk.empty():
			c.speaker = r.resolveNP(c.spk, last, lastPos)
			c.basis = d.basisOf(c.spk)
			for _, m := range c.spk.more {
				if o := r.resolveNP(m, last, lastPos); o != nil {
					c.others = append(c.others, *o)
				}
			}
		case c.inherit >= 0:
			p := &cands[c.inherit]
			if p.speaker == nil && !p.spk.empty() {
				// Parents come first in text order except for continued
				// quotes attributed at their end; resolve those now.
				p.speaker = r.resolveNP(p.spk, last, lastPos)
			}
			if p.speaker != nil {
				// The attribution rests on the parent's mention.
				s := *p.speaker
				c.speaker = &s
				c.others = p.others
				c.basis = d.basisOf(p.spk)
			}
		}
		if c.speaker != nil {
			last = c.speaker
			lastPos = c.content.s
		} else {
			c.basis = basisNone
		}
	}
}

// basisOf classifies a speaker noun phrase.
func (d *document) basisOf(n np) basis {
	if n.empty() {
		return basisNone
	}
	h := d.head(n)
	switch {
	case n.t1-n.t0 == 1 && d.lex.Pronouns[h.lower] != (lexicon.Pronoun{}) || h.lower == "i" || h.lower == "we":
		return basisPronoun
	case d.isNameTok(n.t1 - 1):
		return basisName
	case strings.HasSuffix(h.lower, "s") && !d.lex.Titles.Has(h.lower):
		return basisGroup
	default:
		return basisRole
	}
}

// resolveNP names the speaker of noun phrase n, or returns nil when n can
// be no one (noSpeaker). When a relative "who" stands for n before the cue
// ("Obama, who said"), the attribution rests on it, as on a pronoun: the
// mention is "who", the name n's.
func (r *resolver) resolveNP(n np, last *claims.Speaker, lastPos int) *claims.Speaker {
	sp := r.resolvePhrase(n, last, lastPos)
	if sp != nil && n.rel > 0 {
		w := &r.d.toks[n.rel-1]
		sp.Mention, sp.Start, sp.End = w.text, w.s, w.e
	}
	return sp
}

// resolvePhrase names the speaker of noun phrase n, as resolveNP does.
func (r *resolver) resolvePhrase(n np, last *claims.Speaker, lastPos int) *claims.Speaker {
	d := r.d
	n = d.withoutQuoteMarks(n)
	if d.noSpeaker(n) || r.isHeader(n) {
		return nil
	}
	sp := &claims.Speaker{Mention: d.spanText(n), Start: d.toks[n.t0].s, End: d.toks[n.t1-1].e}
	if d.isEpithet(n) {
		// "asked the Norwegian": the person the story is about.
		if e := d.resolvePronoun(lexicon.Pronoun{}, d.toks[n.t0].s, last, lastPos); e != nil {
			sp.Name, sp.Type, sp.Title = e.Name, e.Type, e.Title
			return sp
		}
	}
	h := d.head(n)
	if (h.lower == "i" || h.lower == "we") && n.t1-n.t0 == 1 && d.toks[n.t0].q >= 0 {
		// "I told him, ‘…’" inside Jane's quote: Jane.
		if outer := r.claimOfQuote(int(d.toks[n.t0].q)); outer != nil && outer.speaker != nil {
			sp.Name, sp.Type, sp.Title = outer.speaker.Name, outer.speaker.Type, outer.speaker.Title
			return sp
		}
	}
	if pr, ok := d.lex.Pronouns[h.lower]; ok && n.t1-n.t0 == 1 {
		if (h.lower == "i" || h.lower == "we") && d.toks[n.t0].q < 0 {
			// The writer's own "I" or "we", outside any quotation, is the
			// writer, whom no name in the article stands for.
			sp.Name, sp.Type = sp.Mention, claims.TypePerson
			if h.lower == "we" {
				sp.Type = claims.TypeGroup
			}
			return sp
		}
		r.resolvePronounNP(sp, n, pr, last, lastPos)
		return sp
	}
	if core := d.npCore(n); core.t1 < n.t1 {
		// "Dana Moss with the Harbour Health Authority", "a spokeswoman
		// for the Department for Environment": the head before the
		// prepositional tail speaks, not the organisation after it.
		if d.isNameTok(core.t1 - 1) {
			d.resolveName(sp, core)
		} else {
			d.resolveRole(sp, n, &d.toks[core.t1-1])
		}
		return sp
	}
	if d.isNameTok(n.t1 - 1) {
		d.resolveName(sp, n)
		return sp
	}
	if r.resolveDocument(sp, n, h, last, lastPos) {
		return sp
	}
	d.resolveRole(sp, n, h)
	return sp
}

// resolvePronounNP names the referent of the pronoun n, or keeps the
// pronoun when it finds none.
func (r *resolver) resolvePronounNP(sp *claims.Speaker, n np, pr lexicon.Pronoun, last *claims.Speaker, lastPos int) {
	d := r.d
	// A third-person pronoun inside Jane's quote is never Jane.
	if q := d.toks[n.t0].q; q >= 0 {
		if outer := r.claimOfQuote(int(q)); outer != nil && outer.speaker != nil && last != nil && last.Name == outer.speaker.Name {
			last = nil
		}
	}
	if e := d.resolvePronoun(pr, d.toks[n.t0].s, last, lastPos); e != nil {
		sp.Name, sp.Type, sp.Title = e.Name, e.Type, e.Title
		return
	}
	sp.Name, sp.Type = sp.Mention, claims.TypeOther
}

// resolveName names a proper name, possibly after a title or determiner.
func (d *document) resolveName(sp *claims.Speaker, n np) {
	a, b := d.nameRun(n.t1 - 1)
	a = max(a, n.t0)
	title, name := d.splitTitle(a, b)
	if !title.empty() && !claims.IsNameAffix(strings.TrimSuffix(d.toks[title.t0].lower, ".")) {
		// The mention is the name without its title ("Mayor Rahm Emanuel"
		// → "Rahm Emanuel"), as the title goes apart.
		sp.Mention, sp.Start, sp.End = d.spanText(name), d.toks[name.t0].s, d.toks[name.t1-1].e
	}
	if e := d.cast.lookup(d, name); e != nil {
		sp.Name, sp.Type, sp.Title = e.name, e.typ, e.title
		if sp.Title == "" && !title.empty() {
			sp.Title = d.spanText(title)
		}
		return
	}
	sp.Name = d.spanText(d.dropPostNominals(name))
	sp.Type = d.nameType(name, title)
	if sp.Type == "" {
		sp.Type = claims.TypePerson
	}
}

// resolveRole names a role ("the president", "the minister", "the
// company") after the named holder the article mentions, or keeps the noun
// phrase as the name.
func (d *document) resolveRole(sp *claims.Speaker, n np, h *tok) {
	pos := d.toks[n.t0].s
	if d.toks[n.t0].lower == "the" && n.t1-n.t0 <= maxRoleWords {
		role := h.lower
		if d.lex.Titles.Has(role) || (d.lex.PersonNouns.Has(role) || isAgentNoun(role)) && !strings.HasSuffix(role, "s") {
			if e := d.cast.byTitle(pos, role); e != nil {
				sp.Name, sp.Type, sp.Title = e.name, e.typ, e.title
				return
			}
			if d.lex.Titles.Has(role) && !d.lex.ProxyRoles.Has(role) {
				if e := d.soleSubjectBefore(pos); e != nil {
					sp.Name, sp.Type = e.name, e.typ
					return
				}
			}
		}
		if d.lex.OrgNouns.Has(role) {
			if e := d.cast.recent(pos, anywhere, func(e *entity) bool {
				return e.typ == claims.TypeOrg && strings.Contains(strings.ToLower(e.name), role)
			}); e != nil {
				sp.Name, sp.Type = e.name, e.typ
				return
			}
		}
	}
	sp.Name = sp.Mention
	switch {
	case d.lex.OrgNouns.Has(h.lower):
		sp.Type = claims.TypeOrg
	case d.lex.DocNouns.Has(h.lower):
		sp.Type = claims.TypeOther
	case strings.HasSuffix(h.lower, "s") || h.lower == "people" || h.lower == "police":
		sp.Type = claims.TypeGroup
	default:
		sp.Type = claims.TypePerson
	}
}

// resolvedEntity is the part of a Speaker a pronoun inherits.
type resolvedEntity struct{ Name, Type, Title string }

// resolvePronoun finds whom a speaker pronoun refers to: the latest
// speaker when it agrees in gender and number and is close, else the latest
// agreeing name mentioned before it.
func (d *document) resolvePronoun(pr lexicon.Pronoun, pos int, last *claims.Speaker, lastPos int) *resolvedEntity {
	agrees := func(typ string, gender lexicon.Gender) bool {
		switch {
		// A pronoun speaks for a person or an organisation, never a
		// place: "It's easy to be cynical" after "Ireland" is no one.
		case pr.Thing:
			return typ == claims.TypeOrg
		case pr.Plural:
			return typ == claims.TypeGroup || typ == claims.TypeOrg
		default:
			return typ == claims.TypePerson && (pr.Gender == 0 || gender == 0 || gender == pr.Gender)
		}
	}
	if last != nil && pos-lastPos < pronounWindow {
		var g lexicon.Gender
		if e := d.cast.byKey[d.cast.key(last.Name)]; e != nil {
			g = e.gender
		}
		if agrees(last.Type, g) {
			// A name mentioned as a subject after the last speaker is the
			// better referent ("Reyes ... He said").
			if e := d.cast.recent(pos, pos-lastPos, func(e *entity) bool { return agrees(e.typ, e.gender) }); e != nil && d.cast.key(e.name) != d.cast.key(last.Name) && d.cast.subjectMentionAfter(e, lastPos, pos) {
				return &resolvedEntity{e.name, e.typ, e.title}
			}
			// So is one whose sex the pronoun's matches, when nothing
			// tells the last speaker's ("Mayor Glenn Whitcombe said ...
			// Councilwoman Vasquez-Lund lingered ... She said").
			if g == 0 && pr.Gender != 0 {
				if e := d.cast.recent(pos, pos-lastPos, func(e *entity) bool { return e.typ == claims.TypePerson && e.gender == pr.Gender }); e != nil {
					return &resolvedEntity{e.name, e.typ, e.title}
				}
			}
			return &resolvedEntity{last.Name, last.Type, last.Title}
		}
	}
	if e := d.cast.recent(pos, pronounWindow, func(e *entity) bool { return agrees(e.typ, e.gender) }); e != nil {
		return &resolvedEntity{e.name, e.typ, e.title}
	}
	return nil
}

// claimOfQuote returns the candidate whose content holds quote q.
func (r *resolver) claimOfQuote(q int) *cand {
	if r.byQuote == nil {
		r.byQuote = make(map[int]int, len(r.cands))
		for i := range r.cands {
			for _, x := range r.cands[i].quotes {
				r.byQuote[x] = i
			}
		}
	}
	if i, ok := r.byQuote[q]; ok {
		return &r.cands[i]
	}
	return nil
}
