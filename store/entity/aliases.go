package entity

import (
	"bufio"
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// Aliases are the hand-made decisions of an alias file, for the cases the
// rules cannot decide. The file is plain text, one decision a line:
//
//	# a comment; blank lines are ignored
//	Volodymyr Zelensky = Wolodymyr Selenskyj = Zelensky   (one entity)
//	Anton Varga != Ilona Varga                            (never one)
//
// A name is read as a speaker name is (Parse), so titles, honorifics,
// case and accents do not matter, and it matches the node of that name
// (as a person's or an organisation's). A merge joins the entities of its
// names, whatever the rules say; a split keeps two names apart: two full
// names in different entities, a short name away from a full one. A file
// whose merges join two names one of its splits parts is refused. The
// zero value and nil have no decisions.
type Aliases struct {
	merges [][]side
	splits [][2]side
	// units joins buckets that merges join, by bucket.
	units map[string][]string
}

// side is one name of a decision: the keys it may match, as a person's
// name and as an organisation's.
type side struct {
	text string
	keys []string
}

func (s side) has(key string) bool { return slices.Contains(s.keys, key) }

// ParseAliases reads an alias file; file names it in errors, which say
// file:line and why.
func (l *Lists) ParseAliases(text []byte, file string) (*Aliases, error) {
	a := &Aliases{units: map[string][]string{}}
	u := newUnion()
	mergeLine := map[string]int{}
	var splitLines []int
	sc := bufio.NewScanner(bytes.NewReader(text))
	sc.Buffer(nil, 1<<20)
	for no := 1; sc.Scan(); no++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		sep, split := " = ", false
		if strings.Contains(line, "!=") {
			sep, split = "!=", true
		} else if !strings.Contains(line, "=") {
			return nil, fmt.Errorf("%s:%d: %q: want NAME = NAME (merge) or NAME != NAME (split)", file, no, line)
		}
		if !split {
			sep = "="
		}
		var sides []side
		for _, t := range strings.Split(line, sep) {
			s, err := l.side(t)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", file, no, err)
			}
			sides = append(sides, s)
		}
		if split {
			if len(sides) != 2 {
				return nil, fmt.Errorf("%s:%d: a split names two names, not %d", file, no, len(sides))
			}
			a.splits = append(a.splits, [2]side{sides[0], sides[1]})
			splitLines = append(splitLines, no)
			continue
		}
		a.merges = append(a.merges, sides)
		for _, s := range sides {
			for _, k := range s.keys {
				u.add(k)
				u.union(sides[0].keys[0], k)
				if _, ok := mergeLine[k]; !ok {
					mergeLine[k] = no
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	for i, sp := range a.splits {
		for _, x := range sp[0].keys {
			for _, y := range sp[1].keys {
				if x == y {
					return nil, fmt.Errorf("%s:%d: %q and %q are one name to linking (titles, case, accents and spelling variants aside), which no split can part", file, splitLines[i], sp[0].text, sp[1].text)
				}
				if u.parent[x] != "" && u.parent[y] != "" && u.find(x) == u.find(y) {
					return nil, fmt.Errorf("%s:%d: %q != %q contradicts the merges of line %d", file, splitLines[i], sp[0].text, sp[1].text, max(mergeLine[x], mergeLine[y]))
				}
			}
		}
	}
	a.buildUnits()
	return a, nil
}

// side reads one name of a decision.
func (l *Lists) side(text string) (side, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return side{}, fmt.Errorf("an empty name")
	}
	s := side{text: text}
	p := l.Parse(text, "")
	if p.Kind == Generic {
		return side{}, fmt.Errorf("%q names no one in particular: linking has no entity for it", text)
	}
	s.keys = append(s.keys, p.Key())
	if p.Kind == Person {
		if o := l.org(strings.Fields(text)); len(o.Tokens) > 0 {
			s.keys = append(s.keys, o.Key())
		}
	}
	return s, nil
}

// buildUnits records, for each bucket a merge names, every bucket the
// merges join to it.
func (a *Aliases) buildUnits() {
	u := newUnion()
	for _, m := range a.merges {
		for _, s := range m {
			for _, k := range s.keys {
				b := ParseKey(k).Bucket()
				u.add(b)
				u.union(ParseKey(m[0].keys[0]).Bucket(), b)
			}
		}
	}
	groups := map[string][]string{}
	for b := range u.parent {
		groups[u.find(b)] = append(groups[u.find(b)], b)
	}
	for _, g := range groups {
		slices.Sort(g)
		for _, b := range g {
			a.units[b] = g
		}
	}
}

// Unit returns the buckets linked together with bucket: bucket itself
// and those the merges join to it, sorted.
func (a *Aliases) Unit(bucket string) []string {
	if a != nil {
		if u, ok := a.units[bucket]; ok {
			return u
		}
	}
	return []string{bucket}
}

// Buckets lists every bucket a decision names, sorted: what changing the
// file may re-link.
func (a *Aliases) Buckets() []string {
	if a == nil {
		return nil
	}
	set := map[string]bool{}
	add := func(s side) {
		for _, k := range s.keys {
			set[ParseKey(k).Bucket()] = true
		}
	}
	for _, m := range a.merges {
		for _, s := range m {
			add(s)
		}
	}
	for _, sp := range a.splits {
		add(sp[0])
		add(sp[1])
	}
	out := make([]string, 0, len(set))
	for b := range set {
		out = append(out, b)
	}
	slices.Sort(out)
	return out
}

// mergesOf lists, for each merge, the keys among names that its names
// match, when two or more do.
func (a *Aliases) mergesOf(names map[string]Name) [][]string {
	if a == nil {
		return nil
	}
	var out [][]string
	for _, m := range a.merges {
		var ks []string
		for _, s := range m {
			for _, k := range s.keys {
				if _, ok := names[k]; ok && !slices.Contains(ks, k) {
					ks = append(ks, k)
				}
			}
		}
		if len(ks) >= 2 {
			out = append(out, ks)
		}
	}
	return out
}

// split reports whether a split keeps the nodes x and y apart.
func (a *Aliases) split(x, y string) bool {
	if a == nil {
		return false
	}
	for _, sp := range a.splits {
		if sp[0].has(x) && sp[1].has(y) || sp[0].has(y) && sp[1].has(x) {
			return true
		}
	}
	return false
}

// splitsAny reports whether a split parts two of keys.
func (a *Aliases) splitsAny(keys []string) bool {
	for i, x := range keys {
		for _, y := range keys[i+1:] {
			if a.split(x, y) {
				return true
			}
		}
	}
	return false
}
