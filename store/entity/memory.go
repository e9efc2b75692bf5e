package entity

import "slices"

// Article is one article's speakers (one entry per speaker per claim),
// for LinkAll.
type Article struct {
	ID       string
	Speakers []Speaker
}

// LinkAll links a whole collection of articles at once, as a store's
// reindex does, and returns for each article the entity id of each of its
// speaker names; a generic speaker's name is absent. A store that links
// article by article (adding and removing occurrences, re-linking the
// units they touch) ends where LinkAll does for the articles it holds.
func (l *Lists) LinkAll(arts []Article, al *Aliases) []map[string]string {
	occs := make([][]Occurrence, len(arts))
	units := map[string][]string{}
	titles := map[string][]string{}
	seen := map[string]bool{}
	for i, a := range arts {
		occs[i] = l.Occurrences(a.Speakers)
		for _, o := range occs[i] {
			if !seen[o.Node] {
				seen[o.Node] = true
				u := al.Unit(o.Bucket)[0]
				units[u] = append(units[u], o.Node)
			}
			titles[o.Node] = AddTitles(titles[o.Node], o.TitleWords)
		}
	}
	links := map[string]Link{}
	for _, keys := range units {
		for k, lk := range LinkUnit(keys, titles, al) {
			links[k] = lk
		}
	}
	out := make([]map[string]string, len(arts))
	for i, a := range arts {
		out[i] = map[string]string{}
		for j := range occs[i] {
			o := &occs[i][j]
			id := EntityOf(links[o.Node], a.ID, o)
			for name := range o.Names {
				out[i][name] = id
			}
		}
	}
	return out
}

// AddTitles adds title words to a sorted set of them.
func AddTitles(set, words []string) []string {
	for _, w := range words {
		if i, found := slices.BinarySearch(set, w); !found {
			set = slices.Insert(set, i, w)
		}
	}
	return set
}
