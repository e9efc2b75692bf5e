package eval

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/claims-project/claims/store/entity"
)

// LinkReport is how well linking put the mentions of a speaker-linking
// gold file together, pairwise: a pair of mentions is linked when linking
// gave both the same entity, and should be when the gold gives both the
// same label (not "-").
type LinkReport struct {
	Articles int `json:"articles"`
	Mentions int `json:"mentions"`
	// GoldEntities and Entities count distinct labels (not "-") and
	// distinct entities given.
	GoldEntities int `json:"gold_entities"`
	Entities     int `json:"entities"`
	// GoldPairs, LinkedPairs and RightPairs: pairs the gold links, pairs
	// linking linked, and pairs in both.
	GoldPairs   int `json:"gold_pairs"`
	LinkedPairs int `json:"linked_pairs"`
	RightPairs  int `json:"right_pairs"`
	// Precision = RightPairs / LinkedPairs, Recall = RightPairs /
	// GoldPairs.
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	// GenericLinked counts mentions the gold leaves unlinked that linking
	// gave an entity; NamedUnlinked, labelled mentions it gave none.
	GenericLinked int `json:"generic_linked"`
	NamedUnlinked int `json:"named_unlinked"`
	// Merged lists entities that hold mentions of two gold labels; Split,
	// gold labels whose mentions went to two or more entities.
	Merged []LinkError `json:"merged,omitempty"`
	Split  []LinkError `json:"split,omitempty"`
}

// LinkError is one entity (Merged) or label (Split) and the mentions
// that make it wrong, as "article: mention → label/entity".
type LinkError struct {
	What     string   `json:"what"`
	Mentions []string `json:"mentions"`
}

// ScoreLinking links the mentions of arts as a store would link their
// speakers (entity.Lists.LinkAll, with the alias file al, which may be
// nil) and scores the result. Linking reads each mention's Name, or with
// asWritten its Mention: the harder case of an extractor that resolved
// nothing within the article.
func ScoreLinking(l *entity.Lists, arts []LinkArticle, al *entity.Aliases, asWritten bool) LinkReport {
	in := make([]entity.Article, len(arts))
	name := func(m LinkMention) string {
		if asWritten {
			return m.Mention
		}
		return m.Name
	}
	for i, a := range arts {
		in[i].ID = a.ID
		for _, m := range a.Mentions {
			in[i].Speakers = append(in[i].Speakers, entity.Speaker{Name: name(m), Type: m.Type})
		}
	}
	linked := l.LinkAll(in, al)
	rep := LinkReport{Articles: len(arts)}
	byLabel, byEntity, byBoth := map[string][]string{}, map[string][]string{}, map[string]int{}
	for i, a := range arts {
		for _, m := range a.Mentions {
			rep.Mentions++
			id := linked[i][name(m)]
			where := fmt.Sprintf("%s: %s → %s/%s", a.ID, m.Mention, m.Label, cmp.Or(id, "none"))
			switch {
			case m.Generic() && id != "":
				rep.GenericLinked++
			case !m.Generic() && id == "":
				rep.NamedUnlinked++
			}
			if !m.Generic() {
				byLabel[m.Label] = append(byLabel[m.Label], where)
			}
			if id != "" {
				byEntity[id] = append(byEntity[id], where)
			}
			if !m.Generic() && id != "" {
				byBoth[m.Label+"\x00"+id]++
			}
		}
	}
	pairs := func(n int) int { return n * (n - 1) / 2 }
	for _, ms := range byLabel {
		rep.GoldPairs += pairs(len(ms))
	}
	for _, ms := range byEntity {
		rep.LinkedPairs += pairs(len(ms))
	}
	for _, n := range byBoth {
		rep.RightPairs += pairs(n)
	}
	rep.GoldEntities, rep.Entities = len(byLabel), len(byEntity)
	rep.Precision = pairRatio(rep.RightPairs, rep.LinkedPairs)
	rep.Recall = pairRatio(rep.RightPairs, rep.GoldPairs)
	rep.Merged = mixed(byEntity, func(w string) string { return labelOf(w) })
	rep.Split = mixed(byLabel, func(w string) string { return w[strings.LastIndexByte(w, '/')+1:] })
	return rep
}

// labelOf is the gold label in a "article: mention → label/entity" line.
func labelOf(w string) string {
	i := strings.LastIndex(w, " → ")
	j := strings.LastIndexByte(w, '/')
	return w[i+len(" → ") : j]
}

// mixed lists the groups whose mentions carry two or more values of key,
// largest first.
func mixed(groups map[string][]string, key func(string) string) []LinkError {
	var out []LinkError
	for what, ms := range groups {
		vals := map[string]bool{}
		for _, m := range ms {
			vals[key(m)] = true
		}
		if len(vals) > 1 {
			out = append(out, LinkError{What: what, Mentions: ms})
		}
	}
	slices.SortFunc(out, func(a, b LinkError) int {
		return cmp.Or(cmp.Compare(len(b.Mentions), len(a.Mentions)), cmp.Compare(a.What, b.What))
	})
	return out
}

// pairRatio is a/b, 1 when there is nothing to get right.
func pairRatio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// WriteText prints the report for people, with up to errorsN wrong
// entities and split labels each.
func (r *LinkReport) WriteText(w io.Writer, errorsN int) error {
	fmt.Fprintf(w, "speaker linking: %d articles, %d mentions, %d gold entities, %d entities given\n", r.Articles, r.Mentions, r.GoldEntities, r.Entities)
	fmt.Fprintf(w, "pairwise precision %.1f%% (%d of %d linked pairs), recall %.1f%% (%d of %d gold pairs)\n",
		100*r.Precision, r.RightPairs, r.LinkedPairs, 100*r.Recall, r.RightPairs, r.GoldPairs)
	fmt.Fprintf(w, "unnamed speakers given an entity: %d; named mentions given none: %d\n", r.GenericLinked, r.NamedUnlinked)
	for _, sec := range []struct {
		head string
		errs []LinkError
	}{{"merged (one entity, several people)", r.Merged}, {"split (one person, several entities)", r.Split}} {
		if errorsN == 0 || len(sec.errs) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s: %d\n", sec.head, len(sec.errs))
		for _, e := range sec.errs[:min(errorsN, len(sec.errs))] {
			fmt.Fprintf(w, "  %s\n", e.What)
			for _, m := range e.Mentions {
				fmt.Fprintf(w, "    %s\n", m)
			}
		}
	}
	_, err := fmt.Fprint(w, "")
	return err
}
