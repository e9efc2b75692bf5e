package entity

import (
	"cmp"
	"slices"
	"strings"

	"github.com/claims-project/claims"
)

// Speaker is one speaker of one claim, as the article gives it: the
// in-article canonical name, title and type of claims.Speaker; or, with
// Claims set, of that many claims alike (a long article's speakers
// counted as they stream past).
type Speaker struct {
	Name, Title, Type string
	Claims            int
}

// Occurrence is one node's part in one article: the speaker names of the
// article that stand for it, and what they say. It is a pure function of
// the article's speakers (Occurrences), so that a store can derive and
// delete it as it does an index entry.
type Occurrence struct {
	// Node is the node's key (Name.Key), Bucket its bucket.
	Node   string `json:"k"`
	Bucket string `json:"-"`
	// Names counts the claims of each speaker name (as the claim has it)
	// that stands for the node; Titles the claims of each title given.
	Names  map[string]int `json:"n"`
	Titles map[string]int `json:"t,omitempty"`
	// Displays counts claims by each display form (Name.Display), from
	// which an entity's canonical name is chosen.
	Displays map[string]int `json:"d"`
	// Claims counts the article's claims with the node among their
	// speakers.
	Claims int `json:"c"`
	// TitleWords are the words of the titles the article gives the node
	// (titleWords), sorted.
	TitleWords []string `json:"w,omitempty"`
	// Local: a short name ("Varga") that the article itself could give to
	// two of the people it names; it is linked to no one beyond the
	// article.
	Local bool `json:"l,omitempty"`
}

// Occurrences reads the speakers of one article's claims (one entry per
// speaker per claim) into its occurrences, one per node, in node order.
// Generic speakers give none, unless they speak for a named organisation,
// which is then their node. A short name is resolved within the article
// first: "Putin", "Mr. Putin", "Denning Jr." and "Declan" go to the one
// full name of the article whose last (or, for one word, first) name
// they are; when the article has two such full names, the occurrence is
// Local.
func (l *Lists) Occurrences(speakers []Speaker) []Occurrence {
	type parsed struct {
		sp   Speaker
		name Name
	}
	var ps []parsed
	parsedNames := map[string]Name{}
	for _, sp := range speakers {
		n, ok := parsedNames[sp.Name+"\x00"+sp.Type]
		if !ok {
			n = l.Parse(sp.Name, sp.Type)
			if n.Kind == Generic && n.Org != nil {
				n = *n.Org
			}
			parsedNames[sp.Name+"\x00"+sp.Type] = n
		}
		if n.Kind != Generic {
			ps = append(ps, parsed{sp, n})
		}
	}
	var fulls []Name
	titles := map[string]map[string]bool{} // a full name's title words in the article
	for _, p := range ps {
		if p.name.Full() {
			fulls = append(fulls, p.name)
			k := p.name.Key()
			if titles[k] == nil {
				titles[k] = map[string]bool{}
			}
			for _, t := range l.titleWords(p.name, p.sp.Title) {
				titles[k][t] = true
			}
		}
	}
	byNode := map[string]*Occurrence{}
	for _, p := range ps {
		n, local, count := p.name, false, max(p.sp.Claims, 1)
		if !n.Full() && n.Kind == Person {
			switch cands := inArticle(n, l.titleWords(n, p.sp.Title), fulls, titles); len(cands) {
			case 0:
			case 1:
				n = cands[0]
			default:
				local = true
			}
		}
		key := n.Key()
		o := byNode[key]
		if o == nil {
			o = &Occurrence{Node: key, Bucket: n.Bucket(), Names: map[string]int{}, Displays: map[string]int{}}
			byNode[key] = o
		}
		o.Local = o.Local || local
		o.Names[p.sp.Name] += count
		o.Displays[p.name.Display] += count
		if p.sp.Title != "" {
			if o.Titles == nil {
				o.Titles = map[string]int{}
			}
			o.Titles[p.sp.Title] += count
		}
		o.Claims += count
		for _, t := range l.titleWords(p.name, p.sp.Title) {
			if !slices.Contains(o.TitleWords, t) {
				o.TitleWords = append(o.TitleWords, t)
			}
		}
	}
	out := make([]Occurrence, 0, len(byNode))
	for _, o := range byNode {
		slices.Sort(o.TitleWords)
		out = append(out, *o)
	}
	slices.SortFunc(out, func(a, b Occurrence) int { return cmp.Compare(a.Node, b.Node) })
	return out
}

// inArticle lists the distinct full names of an article that a short or
// initialled name may stand for: names it fits whose titles in the
// article, when both have some, share one with the short name's
// ("Minister Whitfield" is not "Senator Fiona Whitfield").
func inArticle(n Name, nTitles []string, fulls []Name, titles map[string]map[string]bool) []Name {
	var out []Name
	seen := map[string]int{}
	for _, f := range fulls {
		if !fits(n, f, true) || !titlesAgree(nTitles, titles[f.Key()]) {
			continue
		}
		if i, ok := seen[groupKey(f)]; ok {
			if len(f.Tokens) > len(out[i].Tokens) || len(f.Tokens) == len(out[i].Tokens) && f.Key() < out[i].Key() {
				out[i] = f // the fullest form of the name, whatever the order
			}
			continue
		}
		seen[groupKey(f)] = len(out)
		out = append(out, f)
	}
	return out
}

// titlesAgree reports whether a short name's title words fit a full
// name's: either has none, or they share one.
func titlesAgree(short []string, full map[string]bool) bool {
	if len(short) == 0 || len(full) == 0 {
		return true
	}
	for _, t := range short {
		if full[t] {
			return true
		}
	}
	return false
}

// titleWords are the words of a speaker's titles that say a role, lower
// case: those before the name and those of the title the extractor gave,
// which are in the title list and are not honorifics or modifiers of
// time ("former", "acting").
func (l *Lists) titleWords(n Name, title string) []string {
	var out []string
	add := func(w string) {
		w = strings.TrimSuffix(strings.ToLower(strings.Trim(w, ",")), ".")
		if l.titles[w] && !claims.IsHonorific(w) && w != "former" && w != "acting" && w != "interim" && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	for _, w := range n.Titles {
		add(w)
	}
	for _, w := range strings.Fields(title) {
		add(w)
	}
	return out
}

// fits reports whether the short or initialled name n may stand for the
// full name f: its tokens are the end of f's ("Putin", "van Haaren"), or,
// within one article, the one token is f's first name ("Declan"); an
// initial must be the first letter of f's first name; a generational
// suffix must agree where both have one.
func fits(n, f Name, firstToo bool) bool {
	if n.Gen != "" && f.Gen != "" && n.Gen != f.Gen {
		return false
	}
	if n.Initialled() {
		return len(f.Tokens) >= 2 && f.Tokens[0][0] == n.Tokens[0][0] && f.Tokens[len(f.Tokens)-1] == n.Tokens[len(n.Tokens)-1]
	}
	if len(n.Tokens) == 1 && firstToo && f.Tokens[0] == n.Tokens[0] {
		return true
	}
	if len(n.Tokens) >= len(f.Tokens) {
		return false
	}
	return slices.Equal(f.Tokens[len(f.Tokens)-len(n.Tokens):], n.Tokens)
}

// groupKey is what full names of one person share: first and last name
// (middle names and initials aside).
func groupKey(f Name) string { return f.Tokens[0] + " " + f.Tokens[len(f.Tokens)-1] }
