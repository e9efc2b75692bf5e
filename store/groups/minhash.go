package groups

import (
	"encoding/binary"
	"slices"

	"github.com/cespare/xxhash/v2"
)

// Params are the grouping parameters; DefaultParams documents why each is
// what it is.
type Params struct {
	// Shingle is the number of words in a shingle.
	Shingle int
	// Bands and Rows shape the MinHash signature (Bands×Rows values) and
	// its locality-sensitive hashing: two texts are compared when all Rows
	// values of at least one band agree.
	Bands, Rows int
	// QuotedJaccard is the shingle Jaccard similarity from which two
	// quoted wordings of one speaker are the same quote.
	QuotedJaccard float64
	// ReportedJaccard is the same for indirect claims, which group only
	// when nearly identical.
	ReportedJaccard float64
}

// DefaultParams are the parameters the store groups with (doc.go says
// how they were chosen).
var DefaultParams = Params{Shingle: 3, Bands: 12, Rows: 2, QuotedJaccard: 0.5, ReportedJaccard: 0.8}

// Shingles is the sorted, distinct set of shingle hashes of t: every run
// of p.Shingle consecutive words within a stretch, and a stretch shorter
// than that whole. Hashes are xxhash64 of the words joined by spaces.
func (p Params) Shingles(t Text) []uint64 {
	var out []uint64
	var buf []byte
	for _, seg := range t.Segments {
		n := min(p.Shingle, len(seg))
		for i := 0; i+n <= len(seg); i++ {
			buf = appendWords(buf[:0], seg[i:i+n])
			out = append(out, xxhash.Sum64(buf))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Anchor is the shingle a fragment is found by: the first full shingle
// of its longest stretch. ok is false when no stretch has p.Shingle
// words: such a wording is never taken for a fragment of another.
func (p Params) Anchor(t Text) (h uint64, ok bool) {
	best := -1
	for i, seg := range t.Segments {
		if len(seg) >= p.Shingle && (best < 0 || len(seg) > len(t.Segments[best])) {
			best = i
		}
	}
	if best < 0 {
		return 0, false
	}
	return xxhash.Sum64(appendWords(nil, t.Segments[best][:p.Shingle])), true
}

// FullShingles is the sorted, distinct set of the full shingles of t (of
// p.Shingle words; none from a shorter stretch): the shingles a fragment's
// Anchor is looked up among.
func (p Params) FullShingles(t Text) []uint64 {
	var out []uint64
	var buf []byte
	for _, seg := range t.Segments {
		for i := 0; i+p.Shingle <= len(seg); i++ {
			buf = appendWords(buf[:0], seg[i:i+p.Shingle])
			out = append(out, xxhash.Sum64(buf))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func appendWords(b []byte, words []string) []byte {
	for i, w := range words {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, w...)
	}
	return b
}

// seeds are the Bands×Rows hash functions of a signature, fixed forever:
// they are part of the store's format (the buckets it keeps).
func seed(i int) uint64 {
	// splitmix64 of i: well-spread, reproducible constants.
	z := uint64(i+1) * 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// mix is hash function seed s applied to shingle hash h.
func mix(h, s uint64) uint64 {
	z := (h ^ s) * 0xff51afd7ed558ccd
	z ^= z >> 33
	z *= 0xc4ceb9fe1a85ec53
	return z ^ (z >> 33)
}

// Signature is the MinHash signature of a shingle set: for each of
// Bands×Rows hash functions, the least value it takes on the set.
func (p Params) Signature(shingles []uint64) []uint64 {
	sig := make([]uint64, p.Bands*p.Rows)
	for i := range sig {
		s, m := seed(i), ^uint64(0)
		for _, h := range shingles {
			m = min(m, mix(h, s))
		}
		sig[i] = m
	}
	return sig
}

// Buckets is the LSH bucket of each band of a signature: xxhash64 of its
// Rows values.
func (p Params) Buckets(sig []uint64) []uint64 {
	out := make([]uint64, p.Bands)
	var buf [8]byte
	for b := range out {
		d := xxhash.New()
		for _, v := range sig[b*p.Rows : (b+1)*p.Rows] {
			binary.LittleEndian.PutUint64(buf[:], v)
			d.Write(buf[:])
		}
		out[b] = d.Sum64()
	}
	return out
}
