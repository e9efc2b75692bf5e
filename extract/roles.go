package extract

// Roles and documents that stand for a named speaker: "the rookie
// defenceman" for the person the article titles so ("rookie defenceman
// Jake Tate", "Tate, a rookie defenceman,"), "her statement" and "Tate's
// letter" for their author. The mention stays the noun phrase; the name
// is the person's.

import (
	"sort"
	"strings"

	"github.com/claims-project/claims"
)

// possessivePronouns maps a possessive determiner to the pronoun whose
// referent owns the thing.
var possessivePronouns = map[string]string{"his": "he", "her": "she", "their": "they", "its": "it"}

// resolveDocument names the author of a document or statement that is
// the speaker ("her statement said", "Tate's letter says"), and reports
// whether it found one.
func (r *resolver) resolveDocument(sp *claims.Speaker, n np, h *tok, last *claims.Speaker, lastPos int) bool {
	d := r.d
	if !d.lex.DocNouns.Has(h.lower) && !d.lex.StatementNouns.Has(h.lower) || n.t1-n.t0 > maxRoleWords {
		return false
	}
	first := &d.toks[n.t0]
	if p, ok := possessivePronouns[first.lower]; ok {
		pr, ok := d.lex.Pronouns[p]
		if !ok {
			return false
		}
		if e := d.resolvePronoun(pr, first.s, last, lastPos); e != nil && e.Type == claims.TypePerson {
			sp.Name, sp.Type, sp.Title = e.Name, e.Type, e.Title
			return true
		}
		return false
	}
	// "Tate's letter": the name before the possessive.
	for k := n.t0 + 1; k < n.t1; k++ {
		if (d.toks[k].text == "’s" || d.toks[k].text == "'s") && d.isNameTok(k-1) {
			a, _ := d.nameRun(k - 1)
			if e := d.cast.lookup(d, np{t0: max(a, n.t0), t1: k}); e != nil && e.typ == claims.TypePerson {
				sp.Name, sp.Type, sp.Title = e.name, e.typ, e.title
				return true
			}
			return false
		}
	}
	return false
}

// isAgentNoun reports a singular noun for a person by its ending
// ("defenceman", "striker", "organiser") that no list holds.
func isAgentNoun(w string) bool {
	for _, suf := range agentSuffixes {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 && !strings.HasSuffix(suf, "s") {
			return true
		}
	}
	return false
}

// soleSubjectBefore is the person a role at byte offset pos stands for
// when the article never titles anyone so: the one person named from the
// start of the sentence before (in the same paragraph) up to pos, as the
// subject of a sentence there, with no title of their own ("Marta
// Lindqvist did not hide. “…,” the coach said"). Two people there, or a
// titled one (whose title byTitle would have matched), make it nobody.
func (d *document) soleSubjectBefore(pos int) *entity {
	k := d.tokenAt(pos)
	if k >= len(d.toks) {
		return nil
	}
	si := int(d.toks[k].sent)
	from := d.sents[si].s
	if si > 0 && d.sents[si-1].para == d.sents[si].para {
		from = d.sents[si-1].s
	}
	ms := d.cast.mentions
	var sole *entity
	subject := false
	for i := sort.Search(len(ms), func(i int) bool { return ms[i].pos >= from }); i < len(ms) && ms[i].pos < pos; i++ {
		e := ms[i].ent
		if e.typ != claims.TypePerson {
			continue
		}
		if sole != nil && e != sole || e.title != "" || e.ambiguous {
			return nil
		}
		sole, subject = e, subject || ms[i].subject
	}
	if !subject {
		return nil
	}
	return sole
}
