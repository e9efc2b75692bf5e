package extract

import (
	"sort"

	"github.com/claims-project/claims"
)

// toClaims converts candidates to claims with code-point offsets, in order
// of content start, dropping exact duplicates.
func (d *doc) toClaims() []claims.Claim {
	ix := newCPIndex(d.text)
	sort.SliceStable(d.cands, func(a, b int) bool { return d.cands[a].content.s < d.cands[b].content.s })
	out := make([]claims.Claim, 0, len(d.cands))
	conv := func(s span) claims.Span {
		return claims.Span{Text: d.text[s.s:s.e], Start: ix.cp(s.s), End: ix.cp(s.e)}
	}
	convSpeaker := func(sp claims.Speaker) claims.Speaker {
		if sp.End > sp.Start {
			m := conv(span{sp.Start, sp.End})
			sp.Mention, sp.Start, sp.End = m.Text, m.Start, m.End
		}
		return sp
	}
	// Two sieves may reach the same content (a quote and the clause that
	// is exactly that quote); the first, most precise one stands. Claim ids
	// derive from kind and span, so one span gives one claim.
	seen := make(map[span]bool, len(d.cands))
	for _, c := range d.cands {
		if c.content.empty() || seen[c.content] {
			continue
		}
		seen[c.content] = true
		body := conv(c.content)
		cl := claims.Claim{Kind: c.kind, Text: body.Text, Start: body.Start, End: body.End, Quotes: []claims.Span{}, Rule: c.sieve, SpeakerBasis: c.basis}
		for _, q := range c.quotes {
			qq := d.quotes[q]
			if qq.e > qq.s {
				cl.Quotes = append(cl.Quotes, conv(span{qq.s, qq.e}))
			}
		}
		if len(cl.Quotes) == 0 && cl.Kind != claims.Indirect {
			// Only empty quotations ("”" left alone): no words are quoted.
			cl.Kind = claims.Indirect
		}
		if c.speaker != nil {
			s := convSpeaker(*c.speaker)
			cl.Speaker = &s
			if len(c.others) > 0 {
				cl.Speakers = append(cl.Speakers, s)
				for _, o := range c.others {
					cl.Speakers = append(cl.Speakers, convSpeaker(o))
				}
			}
		}
		if !c.cue.empty() {
			k := conv(c.cue)
			cl.Cue = &k
		}
		cl.Entities = d.entitiesIn(c.content, conv)
		cl.Confidence = confidence(&cl, lastRunes(d.text[:c.content.s], 5), len(d.paras) > 0 && c.content.s < d.paras[0].e)
		out = append(out, cl)
	}
	return out
}

// entitiesIn lists the named people, organisations and places inside a
// claim's content, with their canonical names.
func (d *doc) entitiesIn(content span, conv func(span) claims.Span) []claims.Entity {
	var out []claims.Entity
	k := d.tokenAt(content.s)
	for ; k < len(d.toks) && d.toks[k].s < content.e; k++ {
		if !d.isNameTok(k) {
			continue
		}
		a, b := d.nameRun(k)
		if a < k || d.toks[b-1].e > content.e {
			k = max(k, b-1)
			continue
		}
		_, name := d.splitTitle(a, b)
		k = b - 1
		if name.empty() || name.t1-name.t0 == 1 && demonyms[d.toks[name.t0].lower] {
			continue // "Ukrainian officials", "Western allies": no one is named
		}
		e := d.reg.lookup(d, name)
		if e == nil || e.typ != claims.TypePerson && e.typ != claims.TypeOrg && e.typ != claims.TypeGPE {
			continue // formats.md: entities are people, organisations and places
		}
		m := conv(span{d.toks[name.t0].s, d.toks[name.t1-1].e})
		out = append(out, claims.Entity{Name: e.name, Text: m.Text, Type: e.typ, Start: m.Start, End: m.End})
	}
	return out
}
