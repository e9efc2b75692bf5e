package extract

import (
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v3/token"
)

// lightTokenize splits a sentence that holds no cue word: such a sentence
// is read only for the names in it (the article's cast) and for where its
// quotations start and end, so prose's tokenizer, with its regular
// expressions for abbreviations and contractions, is more than it needs.
// Words are runs without white space or em and en dashes, ending after a
// glued closing mark (gluedClose); punctuation and
// quotation marks at either end of a run, and the dashes, are tokens of
// their own. Offsets hold by
// construction: src[t.Start:t.End()] == t.Text. The tokens are appended
// to dst, so that a caller can reuse one buffer.
func lightTokenize(dst []token.Token, text string) []token.Token {
	out := dst
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		if n := dashLen(text, i); n > 0 {
			out = append(out, token.Token{Text: text[i : i+n], Start: i})
			i += n
			continue
		}
		j := i
		for j < len(text) && dashLen(text, j) == 0 {
			r, size := utf8.DecodeRuneInString(text[j:])
			if unicode.IsSpace(r) {
				break
			}
			j += size
			if gluedClose(text, j-size) {
				break
			}
		}
		out = appendWord(out, text, i, j)
		i = j
	}
	return out
}

// appendWord peels leading and trailing punctuation off text[i:j] and
// appends the pieces in order.
func appendWord(out []token.Token, text string, i, j int) []token.Token {
	for i < j {
		r, size := utf8.DecodeRuneInString(text[i:j])
		if !isPeel(r) {
			break
		}
		out = append(out, token.Token{Text: text[i : i+size], Start: i})
		i += size
	}
	var tail [8]token.Token
	n := 0
	for j > i && n < len(tail) {
		r, size := utf8.DecodeLastRuneInString(text[i:j])
		if !isPeel(r) || r == '.' && isAbbreviation(text[i:j]) {
			break
		}
		tail[n] = token.Token{Text: text[j-size : j], Start: j - size}
		n++
		j -= size
	}
	if j > i {
		// "America’s", "Putin's": the possessive stands apart, as prose
		// has it, so that the name is the name.
		if c := possessiveLen(text[i:j]); c > 0 {
			out = append(out, token.Token{Text: text[i : j-c], Start: i}, token.Token{Text: text[j-c : j], Start: j - c})
		} else {
			out = append(out, token.Token{Text: text[i:j], Start: i})
		}
	}
	for k := n - 1; k >= 0; k-- {
		out = append(out, tail[k])
	}
	return out
}

// isPeel reports punctuation that stands apart from the word it touches.
func isPeel(r rune) bool {
	switch r {
	case '"', '\'', '“', '”', '‘', '’', '«', '»', '„', '‹', '›', '(', ')', '[', ']', ',', '.', ';', ':', '?', '!', '—', '–':
		return true
	}
	return false
}

// isAbbreviation reports words whose final stop belongs to them, as
// prose's tokenizer has it: initials and acronyms ("U.S.", "J.D.") and a
// capital with one or two small letters ("Mr.", "Dr.", "Gov.", "Jr.").
func isAbbreviation(w string) bool {
	if len(w) < 2 || w[len(w)-1] != '.' {
		return false
	}
	if isInitial(w) {
		return true
	}
	if len(w) >= 3 && len(w) <= 4 && 'A' <= w[0] && w[0] <= 'Z' {
		for _, c := range w[1 : len(w)-1] {
			if c < 'a' || c > 'z' {
				return false
			}
		}
		return true
	}
	return false
}

// possessiveLen returns the byte length of a final "’s" or "'s" on word w
// that has more before it, or 0.
func possessiveLen(w string) int {
	for _, p := range [...]string{"’s", "'s", "’S", "'S"} {
		if len(w) > len(p) && w[len(w)-len(p):] == p {
			return len(p)
		}
	}
	return 0
}
