package extract

// Tokenizing, part of preparation. A sentence that may hold a cue is
// tokenized as prose v3 does it (tokenize, which cuts plain words itself
// and hands the rest to prose; FuzzTokenize holds the two to the same
// tokens); every other sentence takes lightTokenize (lighttok.go). Offsets
// hold by construction: src[t.Start:t.End()] == t.Text.

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v3/token"
	"github.com/jdkato/prose/v3/tokenize"

	"github.com/claims-project/claims/extract/lexicon"
)

// newProseTokenizer returns prose's tokenizer set up for news: curly and
// guillemet quotes and dashes come off words like straight quotes do.
func newProseTokenizer() *tokenize.Tokenizer {
	// The contraction endings prose splits off, with a straight
	// apostrophe; "'" opens quotes here, so without this the "'s" split
	// off "Beijing's" would lose its apostrophe to the prefix rule and the
	// tagger would see "'" and "s".
	straightClitics := map[string]bool{"'s": true, "'S": true, "'ll": true, "'re": true, "'m": true, "'ve": true, "'d": true}
	return tokenize.New(
		tokenize.UsingPrefixes([]string{"$", "(", `"`, "[", "“", "‘", "«", "„", "‹", "'", "—", "–"}),
		tokenize.UsingSuffixes([]string{",", ")", `"`, "]", "!", ";", ".", "?", ":", "'", "”", "’", "»", "“", "›", "—", "–"}),
		// prose splits "'ll", "'s", "'re", "'m" and "n't" off; "he'd" and
		// "we've" are as common in quoted news and tag as badly whole.
		tokenize.UsingSplitCases([]string{"'ll", "'s", "'re", "'m", "n't", "'d", "'ve",
			"’ll", "’s", "’re", "’m", "n’t", "’d", "’ve"}),
		tokenize.UsingSpecialTest(func(w string) bool { return straightClitics[w] }),
	)
}

// maxWord is the longest run without white space handed to prose's
// tokenizer, whose prefix and suffix stripping is quadratic in the length
// of a run ("“‘“‘…" twenty thousand marks long). News text never comes
// close; longer runs are split here, rune class by rune class.
const maxWord = 64

// tokenize returns prose's tokens for text, with byte offsets into it,
// appended to dst, except that a run without white space also ends after
// a glued closing mark (gluedClose), and an em or en dash always stands
// as a token of its own: prose leaves "voices—many" and "silenced—warn" whole, which
// hides the cue "warn" in "opposition voices—many of whom have been
// silenced—warn that". Prose's tokenizer tests every run without white
// space against a regular expression; a run of plain letters, digits and
// hyphens, with at most a comma after it, is one token (and the comma) in
// prose's hands, so it is cut here without asking. Other runs go to prose
// one at a time, which tokenizes runs independently of each other; the
// result is prose's own tokenization of text cut at its dashes
// (TestTokenizeMatchesProse, FuzzTokenize).
func (e *Extractor) tokenize(dst []token.Token, text string) []token.Token {
	out := dst
	for i := 0; i < len(text); {
		for i < len(text) && isSpaceByteOrNBSP(text, i) {
			i += spaceLen(text, i)
		}
		if n := dashLen(text, i); n > 0 {
			out = append(out, token.Token{Text: text[i : i+n], Start: i})
			i += n
			continue
		}
		j, plain, comma := scanRun(text, i)
		switch {
		case i == j:
		case plain && comma:
			out = append(out, token.Token{Text: text[i : j-1], Start: i}, token.Token{Text: text[j-1 : j], Start: j - 1})
		case plain:
			out = append(out, token.Token{Text: text[i:j], Start: i})
		case j-i <= maxWord:
			for _, t := range e.tok.Tokenize(text[i:j]) {
				t.Start += i
				out = append(out, t)
			}
		default:
			out = appendRuneClassTokens(out, text, i, j)
		}
		i = j
	}
	return out
}

// scanRun returns the end of the run without white space that starts at
// i, whether it holds only [A-Za-z0-9-] with at most a final comma
// (plain), and whether it ends with that comma.
func scanRun(text string, i int) (j int, plain, comma bool) {
	j, plain = i, true
	for j < len(text) && !isSpaceByteOrNBSP(text, j) && dashLen(text, j) == 0 {
		if gluedClose(text, j) {
			return j + len("”"), false, false
		}
		c := text[j]
		switch {
		case comma:
			plain = false // something after the comma
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-':
		case c == ',' && j > i:
			comma = true
		default:
			plain = false
		}
		j += spaceLen(text, j)
	}
	return j, plain, comma
}

// appendRuneClassTokens splits text[i:j] into runs of letters and digits
// (at most maxWord bytes each) and single other runes.
func appendRuneClassTokens(out []token.Token, text string, i, j int) []token.Token {
	for i < j {
		r, size := utf8.DecodeRuneInString(text[i:j])
		k := i + size
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			for k < j && k-i < maxWord {
				r2, s2 := utf8.DecodeRuneInString(text[k:j])
				if !unicode.IsLetter(r2) && !unicode.IsDigit(r2) {
					break
				}
				k += s2
			}
		}
		out = append(out, token.Token{Text: text[i:k], Start: i})
		i = k
	}
	return out
}

// splitFinalStop separates a sentence's closing full stop from its last
// word ("Doe." → "Doe", "."), which prose leaves joined when the word could
// be an abbreviation. Real abbreviations (lexicon KeepStop) and initials
// keep theirs.
func splitFinalStop(lex *lexicon.Lexicon, raw []token.Token) []token.Token {
	if len(raw) == 0 {
		return raw
	}
	last := raw[len(raw)-1]
	w := last.Text
	if len(w) < 3 || w[len(w)-1] != '.' || isInitial(w) || lex.KeepStop.Has(strings.ToLower(w)) || strings.Count(w, ".") > 1 {
		return raw
	}
	raw[len(raw)-1].Text = w[:len(w)-1]
	return append(raw, token.Token{Text: ".", Start: last.Start + len(w) - 1})
}

// joinApostropheNames puts back together the names prose splits at a
// straight apostrophe, where "'M" of "O'Malley" looks like the clitic
// "'m": "O", "'", "Malley" become "O'Malley". Offsets stay exact, since
// the pieces touch.
func joinApostropheNames(text string, raw []token.Token) []token.Token {
	out := raw[:0]
	for i := 0; i < len(raw); i++ {
		t := raw[i]
		if i+2 < len(raw) && len(t.Text) == 1 && 'A' <= t.Text[0] && t.Text[0] <= 'Z' && raw[i+1].Text == "'" &&
			raw[i+1].Start == t.Start+1 && raw[i+2].Start == t.Start+2 && isUpperStart(raw[i+2].Text) {
			end := raw[i+2].Start + len(raw[i+2].Text)
			out = append(out, token.Token{Text: text[t.Start:end], Start: t.Start})
			i += 2
			continue
		}
		out = append(out, t)
	}
	return out
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || c >= utf8.RuneSelf {
			return strings.ToLower(s)
		}
	}
	return s
}

func isUpperStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// firstNonSpaceFrom returns the offset of the first non-space byte at or
// after i.
func firstNonSpaceFrom(text string, i int) int {
	for i < len(text) && isSpaceByteOrNBSP(text, i) {
		i += spaceLen(text, i)
	}
	return i
}

// gluedClose reports a closing ” at text[i] that punctuation ends and a
// word follows without a space (“…paranoia,”Clinton said): the run ends
// after the mark, as it would at a space, so that the name stands alone.
func gluedClose(text string, i int) bool {
	if i == 0 || !strings.HasPrefix(text[i:], "”") || !strings.ContainsRune(",.?!", rune(text[i-1])) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[i+len("”"):])
	return unicode.IsLetter(r)
}

// dashLen returns the byte length of an em or en dash at text[i], or 0.
func dashLen(text string, i int) int {
	if i+2 < len(text) && text[i] == 0xE2 && text[i+1] == 0x80 && (text[i+2] == 0x94 || text[i+2] == 0x93) {
		return 3
	}
	return 0
}
