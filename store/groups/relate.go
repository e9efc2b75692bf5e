package groups

import "slices"

// Variant is one wording of one speaker prepared for comparison: its
// shingles, LSH buckets and anchor, computed once.
type Variant struct {
	ID   string
	Text Text
	// Shingles (all), Full (full-length only) and Buckets as Params
	// computes them.
	Shingles, Full, Buckets []uint64
	// Anchor is valid when HasAnchor (Params.Anchor).
	Anchor    uint64
	HasAnchor bool
	words     int
}

// Prepare computes what comparing t needs.
func (p Params) Prepare(id string, t Text) *Variant {
	v := &Variant{ID: id, Text: t, Shingles: p.Shingles(t), words: t.Words()}
	v.Buckets = p.Buckets(p.Signature(v.Shingles))
	if t.Class == Quoted {
		v.Full = p.FullShingles(t)
		v.Anchor, v.HasAnchor = p.Anchor(t)
	}
	return v
}

// Jaccard is |a ∩ b| / |a ∪ b| of two sorted, distinct sets.
func Jaccard(a, b []uint64) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	i, j, both := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			both++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(both) / float64(len(a)+len(b)-both)
}

// Near reports two wordings of one class that are the same statement
// reworded a little: they share an LSH bucket (so that the store finds
// one from the other) and their shingle Jaccard similarity reaches the
// class's threshold.
func (p Params) Near(a, b *Variant) bool {
	if a.Text.Class != b.Text.Class || !shareBucket(a.Buckets, b.Buckets) {
		return false
	}
	t := p.QuotedJaccard
	if a.Text.Class == Reported {
		t = p.ReportedJaccard
	}
	return Jaccard(a.Shingles, b.Shingles) >= t
}

func shareBucket(a, b []uint64) bool {
	for i := range a {
		if i < len(b) && a[i] == b[i] {
			return true
		}
	}
	return false
}

// Contains reports that quoted wording short is a fragment of quoted
// wording long: short has fewer words, a stretch of at least Shingle
// words (its Anchor), and each of its stretches appears word for word
// within one stretch of long.
func Contains(long, short *Variant) bool {
	if long.Text.Class != Quoted || short.Text.Class != Quoted || !short.HasAnchor || short.words >= long.words {
		return false
	}
	if _, ok := slices.BinarySearch(long.Full, short.Anchor); !ok {
		return false
	}
	for _, seg := range short.Text.Segments {
		if !inAny(long.Text.Segments, seg) {
			return false
		}
	}
	return true
}

func inAny(segs [][]string, words []string) bool {
	for _, s := range segs {
		if indexWords(s, words) >= 0 {
			return true
		}
	}
	return false
}

// indexWords is the index of the first run of words in s equal to sub,
// or -1.
func indexWords(s, sub []string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if slices.Equal(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// Linked reports two wordings that belong to one cluster: near, or one a
// fragment of the other. Clusters are the connected parts of this
// relation; groups are made within a cluster (Partition).
func (p Params) Linked(a, b *Variant) bool {
	return p.Near(a, b) || Contains(a, b) || Contains(b, a)
}
