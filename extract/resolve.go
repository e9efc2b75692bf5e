package extract

import (
	"sort"
	"strings"

	"github.com/claims-project/claims"
)

// resolveSpeakers turns each candidate's speaker noun phrase into a
// canonical Speaker, in text order, so that a pronoun can lean on the
// speakers before it.
func resolveSpeakers(d *doc) {
	order := make([]int, len(d.cands))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return d.cands[order[a]].content.s < d.cands[order[b]].content.s })
	var last *claims.Speaker // the latest resolved speaker, for pronouns
	lastPos := -1
	for _, ci := range order {
		c := &d.cands[ci]
		switch {
		case !c.spk.empty():
			c.speaker = d.resolveNP(c.spk, last, lastPos)
			c.basis = d.basisOf(c.spk)
			for _, m := range c.spk.more {
				if s := d.resolveNP(m, last, lastPos); s != nil {
					c.others = append(c.others, *s)
				}
			}
		case c.inherit >= 0:
			p := d.cands[c.inherit]
			if p.speaker == nil && !p.spk.empty() {
				// Parents come first in text order except for continued
				// quotes attributed at their end; resolve those now.
				p.speaker = d.resolveNP(p.spk, last, lastPos)
				d.cands[c.inherit].speaker = p.speaker
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
			c.basis = "none"
		}
	}
}

// basisOf classifies a speaker noun phrase for confidence.
func (d *doc) basisOf(n np) string {
	if n.empty() {
		return "none"
	}
	h := d.head(n)
	switch {
	case n.t1-n.t0 == 1 && speakerPronouns[h.lower] != (pronounInfo{}) || h.lower == "i" || h.lower == "we":
		return "pronoun"
	case d.isNameTok(n.t1 - 1):
		return "name"
	case strings.HasSuffix(h.lower, "s") && !titleWords[h.lower]:
		return "group"
	default:
		return "role"
	}
}

// resolveNP names the speaker of noun phrase n.
func (d *doc) resolveNP(n np, last *claims.Speaker, lastPos int) *claims.Speaker {
	sp := &claims.Speaker{Mention: d.spanText(n), Start: d.toks[n.t0].s, End: d.toks[n.t1-1].e}
	h := d.head(n)
	pos := d.toks[n.t0].s
	if (h.lower == "i" || h.lower == "we") && n.t1-n.t0 == 1 && d.toks[n.t0].q >= 0 {
		// "I told him, ‘…’" inside Jane's quote: Jane.
		if outer := d.claimOfQuote(int(d.toks[n.t0].q)); outer != nil && outer.speaker != nil {
			sp.Name, sp.Type, sp.Title = outer.speaker.Name, outer.speaker.Type, outer.speaker.Title
			return sp
		}
	}
	if pi, ok := speakerPronouns[h.lower]; ok && n.t1-n.t0 == 1 {
		// A third-person pronoun inside Jane's quote is never Jane.
		if q := d.toks[n.t0].q; q >= 0 {
			if outer := d.claimOfQuote(int(q)); outer != nil && outer.speaker != nil && last != nil && last.Name == outer.speaker.Name {
				last = nil
			}
		}
		if e := d.resolvePronoun(pi, pos, last, lastPos); e != nil {
			sp.Name, sp.Type, sp.Title = e.Name, e.Type, e.Title
			return sp
		}
		sp.Name, sp.Type = sp.Mention, claims.TypeOther
		return sp
	}
	// A proper name, possibly after a title or determiner.
	if d.isNameTok(n.t1 - 1) {
		a, b := d.nameRun(n.t1 - 1)
		a = max(a, n.t0)
		title, name := d.splitTitle(a, b)
		if !title.empty() && !honorifics[strings.TrimSuffix(d.toks[title.t0].lower, ".")] {
			// The mention is the name without its title ("Mayor Rahm
			// Emanuel" → "Rahm Emanuel"), as the title goes apart.
			sp.Mention, sp.Start, sp.End = d.spanText(name), d.toks[name.t0].s, d.toks[name.t1-1].e
		}
		if e := d.reg.lookup(d, name); e != nil {
			sp.Name, sp.Type, sp.Title = e.name, e.typ, e.title
			if sp.Title == "" && !title.empty() {
				sp.Title = d.spanText(title)
			}
			return sp
		}
		sp.Name = d.spanText(d.dropPostNominals(name))
		sp.Type = d.nameType(name, title)
		if sp.Type == "" {
			sp.Type = claims.TypePerson
		}
		return sp
	}
	// A role: "the president", "the minister", "the company".
	det := d.toks[n.t0].lower
	if det == "the" && n.t1-n.t0 <= 3 {
		role := h.lower
		if titleWords[role] || personNouns[role] && !strings.HasSuffix(role, "s") {
			if e := d.reg.byTitle(pos, role); e != nil {
				sp.Name, sp.Type, sp.Title = e.name, e.typ, e.title
				return sp
			}
		}
		if orgNouns[role] {
			if e := d.reg.recent(pos, 1<<30, func(e *entity) bool {
				return e.typ == claims.TypeOrg && strings.Contains(strings.ToLower(e.name), role)
			}); e != nil {
				sp.Name, sp.Type = e.name, e.typ
				return sp
			}
		}
	}
	sp.Name = sp.Mention
	switch {
	case orgNouns[h.lower]:
		sp.Type = claims.TypeOrg
	case docNouns[h.lower]:
		sp.Type = claims.TypeOther
	case strings.HasSuffix(h.lower, "s") || h.lower == "people" || h.lower == "police":
		sp.Type = claims.TypeGroup
	default:
		sp.Type = claims.TypePerson
	}
	return sp
}

// resolvedEntity is the part of a Speaker a pronoun inherits.
type resolvedEntity struct{ Name, Type, Title string }

// resolvePronoun finds whom a speaker pronoun refers to: the latest
// speaker when it agrees in gender and number and is close, else the latest
// agreeing name mentioned before it.
func (d *doc) resolvePronoun(pi pronounInfo, pos int, last *claims.Speaker, lastPos int) *resolvedEntity {
	agrees := func(typ string, gender byte) bool {
		switch {
		case pi.thing:
			return typ == claims.TypeOrg || typ == claims.TypeGPE
		case pi.plural:
			return typ == claims.TypeGroup || typ == claims.TypeOrg || typ == claims.TypeGPE
		default:
			return typ == claims.TypePerson && (pi.gender == 0 || gender == 0 || gender == pi.gender)
		}
	}
	const window = 1500 // bytes: a few paragraphs
	if last != nil && pos-lastPos < window {
		g := byte(0)
		if e := d.reg.byKey[d.norm(last.Name)]; e != nil {
			g = e.gender
		}
		if agrees(last.Type, g) {
			// A name mentioned as a subject after the last speaker is the
			// better referent ("Reyes ... He said").
			if e := d.reg.recent(pos, pos-lastPos, func(e *entity) bool { return agrees(e.typ, e.gender) }); e != nil && d.norm(e.name) != d.norm(last.Name) && d.subjectMentionAfter(e, lastPos, pos) {
				return &resolvedEntity{e.name, e.typ, e.title}
			}
			return &resolvedEntity{last.Name, last.Type, last.Title}
		}
	}
	if e := d.reg.recent(pos, window, func(e *entity) bool { return agrees(e.typ, e.gender) }); e != nil {
		return &resolvedEntity{e.name, e.typ, e.title}
	}
	return nil
}

// subjectMentionAfter reports whether e is mentioned as a sentence subject
// between byte offsets a and b.
func (d *doc) subjectMentionAfter(e *entity, a, b int) bool {
	ms := d.reg.mentions
	k := sort.Search(len(ms), func(i int) bool { return ms[i].pos > a })
	for ; k < len(ms) && ms[k].pos < b; k++ {
		if ms[k].ent == e && ms[k].subject {
			return true
		}
	}
	return false
}

// claimOfQuote returns the claim whose content holds quote q.
func (d *doc) claimOfQuote(q int) *cand {
	if d.byQuote == nil {
		d.byQuote = make(map[int]int, len(d.cands))
		for i := range d.cands {
			for _, x := range d.cands[i].quotes {
				d.byQuote[x] = i
			}
		}
	}
	if i, ok := d.byQuote[q]; ok {
		return &d.cands[i]
	}
	return nil
}
