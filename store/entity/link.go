package entity

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
)

// Link is where linking puts one node.
type Link struct {
	// Entity is the id of the node's entity; "" when the node is
	// Ambiguous.
	Entity string `json:"e,omitempty"`
	// Ambiguous: a short name that the store gives to two or more people
	// ("Varga" beside Ilona and Anton Varga). Each of its occurrences goes
	// to the one of Choices whose titles share a word with the
	// occurrence's ("Mayor Okafor" to the Okafor who is a mayor), or else
	// is an entity of its own (LocalID).
	Ambiguous bool     `json:"a,omitempty"`
	Choices   []Choice `json:"c,omitempty"`
}

// Choice is one person an ambiguous short name may stand for: the
// entity, and the title words its full names were given in the store.
type Choice struct {
	Entity string   `json:"e"`
	Titles []string `json:"t,omitempty"`
}

// EntityID is the id of the entity anchored at anchor (a node key): "p_"
// for a person, "o_" for an organisation, then 12 hex digits of a hash,
// so that an entity keeps its id for as long as its anchor is in the
// store, across re-linking and reindexing alike.
func EntityID(anchor string) string {
	p := "p_"
	if strings.HasPrefix(anchor, "@") {
		p = "o_"
	}
	sum := sha256.Sum256([]byte(anchor))
	return p + hex.EncodeToString(sum[:6])
}

// LocalID is the id of the entity of one occurrence that links to nothing
// beyond its article (Occurrence.Local, or an Ambiguous node).
func LocalID(article, node string) string {
	sum := sha256.Sum256([]byte(article + "\x00" + node))
	return "p_" + hex.EncodeToString(sum[:6])
}

// EntityOf is the entity of one occurrence of a node whose link is lk.
func EntityOf(lk Link, article string, o *Occurrence) string {
	if o.Local {
		return LocalID(article, o.Node)
	}
	if lk.Ambiguous && len(o.TitleWords) > 0 {
		var pick string
		for _, c := range lk.Choices {
			if slices.ContainsFunc(c.Titles, func(t string) bool { return slices.Contains(o.TitleWords, t) }) {
				if pick != "" {
					return LocalID(article, o.Node)
				}
				pick = c.Entity
			}
		}
		if pick != "" {
			return pick
		}
	}
	if lk.Ambiguous || lk.Entity == "" {
		return LocalID(article, o.Node)
	}
	return lk.Entity
}

// LinkUnit links the nodes of one unit (a bucket, with the buckets the
// alias file joins to it; Aliases.Unit) and returns every node's link, by
// key. It is a pure function of the node keys and the aliases:
//
//   - full names with the same first and last name (middle names and
//     initials aside) are one person, unless two different generational
//     suffixes ("Jr.", "III") or a split in the alias file tell them
//     apart;
//   - an initialled name ("J. Smith") or a short one ("Smith", "van
//     Haaren") joins the one person whose name it fits; with none it is a
//     person of its own, shared by every article that gives only it; with
//     two or more it is Ambiguous;
//   - an organisation is the organisation of that name, and a one-word
//     name ("Corvane") the one organisation whose name it begins
//     ("Corvane Therapeutics"), if there is one;
//   - the alias file's merges join entities; its splits keep two names
//     apart.
//
// titles holds the title words given to each full name in the store
// (Occurrence.TitleWords), which the Choices of an ambiguous name carry;
// it may be nil.
func LinkUnit(keys []string, titles map[string][]string, al *Aliases) map[string]Link {
	keys = slices.Clone(keys)
	slices.Sort(keys)
	u := newUnion()
	names := make(map[string]Name, len(keys))
	for _, k := range keys {
		names[k] = ParseKey(k)
		u.add(k)
	}
	anchors := linkFull(keys, names, al, u)
	ambiguous := linkShort(keys, names, al, u)
	linkOrgs(keys, names, al, u)
	for _, m := range al.mergesOf(names) {
		// A merge settles an ambiguity.
		for _, k := range m[1:] {
			u.union(m[0], k)
			delete(ambiguous, k)
		}
		delete(ambiguous, m[0])
	}
	entity := func(k string) string {
		root := u.find(k)
		anchor, ok := anchors[root]
		if !ok {
			anchor = root
		}
		return EntityID(anchor)
	}
	out := make(map[string]Link, len(keys))
	for _, k := range keys {
		if cands, ok := ambiguous[k]; ok {
			out[k] = Link{Ambiguous: true, Choices: choices(cands, keys, titles, u, entity)}
			continue
		}
		out[k] = Link{Entity: entity(k)}
	}
	return out
}

// choices lists the entities of an ambiguous name's candidates, each with
// the title words of every full name in it, in entity order.
func choices(cands, keys []string, titles map[string][]string, u *union, entity func(string) string) []Choice {
	var out []Choice
	for _, c := range cands {
		id := entity(c)
		if slices.ContainsFunc(out, func(ch Choice) bool { return ch.Entity == id }) {
			continue
		}
		ch := Choice{Entity: id}
		for _, k := range keys {
			if u.find(k) == u.find(c) {
				for _, t := range titles[k] {
					if !slices.Contains(ch.Titles, t) {
						ch.Titles = append(ch.Titles, t)
					}
				}
			}
		}
		slices.Sort(ch.Titles)
		out = append(out, ch)
	}
	slices.SortFunc(out, func(a, b Choice) int { return strings.Compare(a.Entity, b.Entity) })
	return out
}

// linkFull joins the full names of one person, and returns the anchor of
// each full name's entity: its first and last name, so that the id stays
// when a longer or shorter form of the name comes or goes ("Vladimir
// Putin", "Vladimir Vladimirovich Putin"), with the generation when two
// generations are apart, or the name itself when a split parts the
// group.
func linkFull(keys []string, names map[string]Name, al *Aliases, u *union) map[string]string {
	anchors := map[string]string{}
	groups := map[string][]string{}
	var order []string
	for _, k := range keys {
		if n := names[k]; n.Full() {
			g := groupKey(n)
			if groups[g] == nil {
				order = append(order, g)
			}
			groups[g] = append(groups[g], k)
		}
	}
	for _, g := range order {
		members := groups[g]
		if al.splitsAny(members) {
			for _, k := range members {
				anchors[k] = k // each its own person
			}
			continue
		}
		gens := map[string]string{} // generation → first member with it
		for _, k := range members {
			if gen := names[k].Gen; gen != "" && gens[gen] == "" {
				gens[gen] = k
			}
		}
		var plain string // the first member without a generation
		for _, k := range members {
			gen := names[k].Gen
			switch {
			case len(gens) <= 1:
				u.union(members[0], k)
				anchors[k] = g
			case gen != "":
				u.union(gens[gen], k)
				anchors[k] = g + "#" + gen
			default:
				if plain == "" {
					plain = k
				}
				u.union(plain, k)
				anchors[k] = g
			}
		}
	}
	return anchors
}

// linkShort joins each initialled or short name to the one person it
// fits, and returns those that fit two or more, with one full name of
// each.
func linkShort(keys []string, names map[string]Name, al *Aliases, u *union) map[string][]string {
	ambiguous := map[string][]string{}
	for _, k := range keys {
		n := names[k]
		if n.Kind != Person || n.Full() {
			continue
		}
		var target string
		roots := map[string]bool{}
		var cands []string
		sameGen := false // a candidate with the name's own generation
		for _, f := range keys {
			fn := names[f]
			if f == k || !fn.Full() || !fits(n, fn, false) || al.split(k, f) {
				continue
			}
			if n.Gen != "" && fn.Gen == n.Gen && !sameGen {
				sameGen = true
				clear(roots)
				cands = cands[:0]
			}
			if sameGen && fn.Gen != n.Gen {
				continue
			}
			if r := u.find(f); !roots[r] {
				roots[r] = true
				target = f
				cands = append(cands, f)
			}
		}
		switch len(roots) {
		case 0:
		case 1:
			u.union(target, k)
		default:
			ambiguous[k] = cands
		}
	}
	return ambiguous
}

// linkOrgs joins each one-word organisation to the one longer name it
// begins.
func linkOrgs(keys []string, names map[string]Name, al *Aliases, u *union) {
	for _, k := range keys {
		n := names[k]
		if n.Kind != Org || len(n.Tokens) != 1 {
			continue
		}
		var target string
		count := 0
		for _, f := range keys {
			fn := names[f]
			if fn.Kind == Org && len(fn.Tokens) > 1 && fn.Tokens[0] == n.Tokens[0] && !al.split(k, f) {
				target, count = f, count+1
			}
		}
		if count == 1 {
			u.union(target, k)
		}
	}
}

// union is a union-find over node keys whose root is the best of each
// set by anchorBefore, whatever the order of the unions.
type union struct{ parent map[string]string }

func newUnion() *union { return &union{parent: map[string]string{}} }

func (u *union) add(k string) { u.parent[k] = k }

func (u *union) find(k string) string {
	for u.parent[k] != k {
		u.parent[k] = u.parent[u.parent[k]]
		k = u.parent[k]
	}
	return k
}

func (u *union) union(a, b string) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	if anchorBefore(rb, ra) {
		ra, rb = rb, ra
	}
	u.parent[rb] = ra
}

// anchorBefore orders candidate anchors: full names first, then fewer
// tokens (the plain "first last" over one with a middle name), then key.
// An organisation's longer name anchors its one-word form.
func anchorBefore(a, b string) bool {
	na, nb := ParseKey(a), ParseKey(b)
	if na.Full() != nb.Full() {
		return na.Full()
	}
	if na.Kind == Org && nb.Kind == Org && (len(na.Tokens) == 1) != (len(nb.Tokens) == 1) {
		return len(nb.Tokens) == 1
	}
	if len(na.Tokens) != len(nb.Tokens) {
		return len(na.Tokens) < len(nb.Tokens)
	}
	return a < b
}
