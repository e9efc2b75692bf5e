package extract

import (
	"strings"
	"unicode/utf8"
)

// span is a half-open byte range of the article text.
type span struct{ s, e int }

func (a span) empty() bool { return a.e <= a.s }

// paragraphs splits text at blank lines (lines holding only white space,
// including the no-break spaces some sites put there). A paragraph is a
// maximal run of non-blank lines, trimmed of surrounding white space.
func paragraphs(text string) []span {
	var out []span
	start := -1 // byte offset of the current paragraph's first line, or -1
	end := 0
	for i := 0; i <= len(text); {
		j := strings.IndexByte(text[i:], '\n')
		lineEnd := len(text)
		if j >= 0 {
			lineEnd = i + j
		}
		blank := true
		for k := i; k < lineEnd; k += spaceLen(text, k) {
			if !isSpaceByteOrNBSP(text, k) {
				blank = false
				break
			}
		}
		switch {
		case !blank && start < 0:
			start, end = i, lineEnd
		case !blank:
			end = lineEnd
		case start >= 0:
			out = appendTrimmed(out, text, start, end)
			start = -1
		}
		if j < 0 {
			break
		}
		i = lineEnd + 1
	}
	if start >= 0 {
		out = appendTrimmed(out, text, start, end)
	}
	return out
}

func appendTrimmed(out []span, text string, s, e int) []span {
	for s < e && isSpaceByteOrNBSP(text, s) {
		s += spaceLen(text, s)
	}
	for e > s && isSpaceBefore(text, e) {
		_, size := utf8.DecodeLastRuneInString(text[:e])
		e -= size
	}
	if s < e {
		out = append(out, span{s, e})
	}
	return out
}

// isSpaceByteOrNBSP reports white space at text[i], counting the no-break
// spaces news copy uses between paragraphs.
func isSpaceByteOrNBSP(text string, i int) bool {
	switch text[i] {
	case ' ', '\t', '\r', '\n', '\v', '\f':
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return r == '\u00a0' || r == '\u202f' || r == '\u2009' || r == '\u3000' || r == '\u2028' || r == '\u2029'
}

func spaceLen(text string, i int) int {
	if text[i] < utf8.RuneSelf {
		return 1
	}
	_, size := utf8.DecodeRuneInString(text[i:])
	return size
}

func isSpaceBefore(text string, e int) bool {
	r, size := utf8.DecodeLastRuneInString(text[:e])
	return size > 0 && isSpaceByteOrNBSP(text, e-size) && r != utf8.RuneError
}

// cpIndex converts byte offsets of one text to code-point offsets. Built
// once per article; lookups are O(1) for ASCII text and O(log n) otherwise.
type cpIndex struct {
	ascii bool
	// starts[k] is the byte offset of the k-th non-ASCII rune; a byte
	// offset b is at code point b - extra(b), where extra counts the
	// continuation bytes before b.
	starts []int
	sizes  []int
}

func newCPIndex(text string) *cpIndex {
	ix := &cpIndex{ascii: true}
	for i := 0; i < len(text); {
		if text[i] < utf8.RuneSelf {
			i++
			continue
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		ix.ascii = false
		ix.starts = append(ix.starts, i)
		ix.sizes = append(ix.sizes, size)
		i += size
	}
	if !ix.ascii {
		// Turn sizes into a running count of extra bytes.
		extra := 0
		for k, s := range ix.sizes {
			extra += s - 1
			ix.sizes[k] = extra
		}
	}
	return ix
}

// cp returns the code-point offset of byte offset b, which must fall on a
// rune boundary.
func (ix *cpIndex) cp(b int) int {
	if ix.ascii {
		return b
	}
	// Number of multi-byte runes starting before b.
	lo, hi := 0, len(ix.starts)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if ix.starts[mid] < b {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo == 0 {
		return b
	}
	return b - ix.sizes[lo-1]
}
