package eval

// runeText indexes a string by code point once, so that slicing by the
// spec's code-point offsets costs O(1) instead of a scan per span.
type runeText struct {
	s string
	// off[i] is the byte offset of code point i; off[n] == len(s).
	off []int
}

func newRuneText(s string) *runeText {
	off := make([]int, 0, len(s)+1)
	for i := range s {
		off = append(off, i)
	}
	off = append(off, len(s))
	return &runeText{s: s, off: off}
}

// Len is the length in code points.
func (t *runeText) Len() int { return len(t.off) - 1 }

// Slice returns code points [start, end), clamped to the text, so that a
// bad predicted span can be shown rather than crash the report.
func (t *runeText) Slice(start, end int) string {
	n := t.Len()
	start = min(max(start, 0), n)
	end = min(max(end, start), n)
	return t.s[t.off[start]:t.off[end]]
}
