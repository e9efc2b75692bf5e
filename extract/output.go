package extract

// Stage 5, claims: candidates become claims with code-point offsets, the
// entities named in their content, and their confidence. Where two rules
// reached the same content (a quote and the clause that is exactly that
// quote), the first, most precise one stands: claim ids derive from kind
// and span, so one span gives one claim.

import (
	"context"
	"sort"

	"github.com/claims-project/claims"
)

// claims converts candidates to claims with code-point offsets, in order
// of content start, dropping exact duplicates. With explain, it also
// returns each claim's confidence terms.
func (d *document) claims(cands []cand, explain bool) ([]claims.Claim, [][]string) {
	ix := newCPIndex(d.text)
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].content.s < cands[b].content.s })
	out := make([]claims.Claim, 0, len(cands))
	var terms [][]string
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
	seen := make(map[span]bool, len(cands))
	for _, c := range cands {
		if c.content.empty() || seen[c.content] {
			continue
		}
		seen[c.content] = true
		body := conv(c.content)
		cl := claims.Claim{Kind: c.kind, Text: body.Text, Start: body.Start, End: body.End, Quotes: []claims.Span{}, Rule: c.rule.String(), SpeakerBasis: c.basis.String()}
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
		f := d.confidenceFeatures(&cl, c.rule, c.basis, lastRunes(d.text[:c.content.s], beforeCP), len(d.paras) > 0 && c.content.s < d.paras[0].e)
		cl.Confidence = fittedWeights.score(f)
		out = append(out, cl)
		if explain {
			terms = append(terms, f.terms())
		}
	}
	return out, terms
}

// Explain is Extract that also returns, for each claim, the names of the
// confidence terms it was scored on ("rule=cue-clause", "len=short", ...),
// in the order the model sums them: what the fitter,
// extract/internal/fitconf, learns weights for.
func (e *Extractor) Explain(ctx context.Context, text string) ([]claims.Claim, [][]string, error) {
	return e.extract(ctx, text, true)
}

// entitiesIn lists the named people, organisations and places inside a
// claim's content, with their canonical names.
func (d *document) entitiesIn(content span, conv func(span) claims.Span) []claims.Entity {
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
		if name.empty() || name.t1-name.t0 == 1 && d.lex.Demonyms.Has(d.toks[name.t0].lower) {
			continue // "Ukrainian officials", "Western allies": no one is named
		}
		e := d.cast.lookup(d, name)
		if e == nil || e.typ != claims.TypePerson && e.typ != claims.TypeOrg && e.typ != claims.TypeGPE {
			continue // formats.md: entities are people, organisations and places
		}
		m := conv(span{d.toks[name.t0].s, d.toks[name.t1-1].e})
		out = append(out, claims.Entity{Name: e.name, Text: m.Text, Type: e.typ, Start: m.Start, End: m.End})
	}
	return out
}
