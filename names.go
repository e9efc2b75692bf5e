package claims

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The one rule by which the program compares names: the extractor keys an
// article's cast with it, the store indexes and groups speakers with it,
// and the scorer compares a predicted speaker with the gold one through
// it. The store's index keys hold its output, so a change to it is a
// change of the store's on-disk format (store.SchemaVersion).

// foldSpecial spells out letters that Unicode decomposition leaves alone,
// so that "Ødegaard" and "Odegaard" meet. Keys are lower case.
var foldSpecial = map[rune]string{
	'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d", 'ħ': "h", 'ı': "i", 'ŀ': "l",
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'þ': "th",
}

// honorifics are dropped where they lead a name: formats.md's scorer
// ignores them, and people type "Putin", not "Mr. Putin".
var honorifics = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "messrs": true,
	"dr": true, "prof": true, "professor": true, "sir": true, "dame": true,
	"madam": true, "madame": true, "mme": true, "mlle": true, "m": true,
	"rev": true, "reverend": true, "hon": true,
}

// generational are the suffixes that end a name without being its last
// name: "Walter Denning Jr." is a Denning.
var generational = map[string]bool{"jr": true, "sr": true, "ii": true, "iii": true, "iv": true}

// IsHonorific reports a word (lower case, without its full stop) that
// NameWords drops where it leads a name ("mr", "dr", "sir").
func IsHonorific(word string) bool { return honorifics[word] }

// IsGenerational reports a generational suffix ("jr", "sr", "iii"),
// folded as NameWords folds it.
func IsGenerational(word string) bool { return generational[word] }

// NameWords folds a name into the words it is compared by: lower case,
// diacritics dropped ("Bédier" → "bedier"), letters that do not decompose
// spelled out ("Ødegaard" → "odegaard"), apostrophes dropped so that
// "O'Brien" is one word ("obrien"), every other character that is not a
// letter or a digit a word boundary ("J.D." → "j", "d"), and leading
// honorifics dropped as long as a word remains ("Mr. Putin" → "putin").
// The result is the same for every spelling an article or a user is likely
// to give one person.
func NameWords(name string) []string {
	words := FoldWords(name)
	i := 0
	for i < len(words)-1 && honorifics[words[i]] {
		i++
	}
	return words[i:]
}

// keyDropped are the words NameKey leaves out wherever they stand:
// honorifics and the abbreviated titles that go with a surname ("Gov.
// Fallin", "Sgt. Ruiz"), and the generational suffixes.
var keyDropped = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "prof": true,
	"sir": true, "dame": true, "rev": true, "mme": true, "m": true, "herr": true,
	"frau": true, "sen": true, "rep": true, "gov": true, "gen": true, "col": true,
	"lt": true, "sgt": true, "adm": true, "jr": true, "sr": true,
}

// IsNameAffix reports a word (lower case, without its full stop) that
// NameKey leaves out of a name: an honorific, an abbreviated title or a
// generational suffix.
func IsNameAffix(word string) bool { return keyDropped[word] }

// NameKey is the identity of a name within an article: its folded words
// without honorifics, abbreviated titles and generational suffixes,
// wherever they stand ("Gov. Mary Fallin" and "Mary Fallin Jr." are both
// "mary fallin"), joined by single spaces; "" when no word is left ("Mr.").
// It folds as FoldWords does, into one buffer: the extractor keys every
// name an article mentions with it.
func NameKey(name string) string {
	buf := make([]byte, 0, len(name))
	start := -1 // where the word being read begins in buf, or -1
	end := func() {
		if start >= 0 && keyDropped[string(buf[start:])] {
			buf = buf[:max(start-1, 0)]
		}
		start = -1
	}
	for _, r := range norm.NFD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r), isApostrophe(r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				if len(buf) > 0 {
					buf = append(buf, ' ')
				}
				start = len(buf)
			}
			lr := unicode.ToLower(r)
			if s, ok := foldSpecial[lr]; ok {
				buf = append(buf, s...)
			} else {
				buf = utf8.AppendRune(buf, lr)
			}
		default:
			end()
		}
	}
	end()
	return string(buf)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' || r == '`' || r == '´' }

// NormalizeName is NameWords joined by single spaces: the form in which
// two names are equal or not.
func NormalizeName(name string) string { return strings.Join(NameWords(name), " ") }

// LastName returns the last word of a normalised name that is not a
// generational suffix ("walter denning jr" → "denning"), or the last word
// when every word is one.
func LastName(normalized string) string {
	rest := normalized
	for rest != "" {
		i := strings.LastIndexByte(rest, ' ')
		w := rest[i+1:]
		if !generational[w] {
			return w
		}
		if i < 0 {
			break
		}
		rest = rest[:i]
	}
	return normalized[strings.LastIndexByte(normalized, ' ')+1:]
}

// FoldWords splits s into the words NameWords compares, without dropping
// honorifics: lower case, diacritics dropped, apostrophes joining. Search
// in free text ("quotes that contain ...") folds both sides with it.
func FoldWords(s string) []string {
	if isASCII(s) {
		return foldASCII(s)
	}
	return foldUnicode(s)
}

// foldUnicode is FoldWords for any text.
func foldUnicode(s string) []string {
	var words []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			words = append(words, b.String())
			b.Reset()
		}
	}
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// Combining marks left over from decomposition: the diacritics.
		case isApostrophe(r):
			// Apostrophes join, so O'Brien is one word.
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			lr := unicode.ToLower(r)
			if lr < utf8.RuneSelf {
				b.WriteByte(byte(lr))
			} else if s, ok := foldSpecial[lr]; ok {
				b.WriteString(s)
			} else {
				b.WriteRune(lr)
			}
		default:
			flush()
		}
	}
	flush()
	return words
}

// foldASCII is FoldWords for ASCII text, most of what it folds: the same
// words (FuzzFoldASCII), lower-cased into one buffer that every word is a
// piece of, so that folding costs two allocations, not one per word.
func foldASCII(s string) []string {
	buf := make([]byte, 0, len(s))
	var ends []int // where each word ends in buf
	end := func() {
		if n := len(ends); len(buf) > 0 && (n == 0 || ends[n-1] < len(buf)) {
			ends = append(ends, len(buf))
		}
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'' || c == '`':
			// Apostrophes join, as in foldUnicode.
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			buf = append(buf, c)
		case 'A' <= c && c <= 'Z':
			buf = append(buf, c+'a'-'A')
		default:
			end()
		}
	}
	end()
	if len(ends) == 0 {
		return nil
	}
	all := string(buf)
	words := make([]string, len(ends))
	start := 0
	for i, end := range ends {
		words[i], start = all[start:end], end
	}
	return words
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// FoldSegments folds quoted words for comparison across outlets: the
// words of each stretch of s as FoldWords folds them (case, diacritics,
// punctuation, quote-mark and dash styles and spacing all vanish), with
// the stretch broken where an editor cut or inserted something: at an
// ellipsis ("…", "...", ". . .") and at a bracketed insertion ("[the
// council]", "(sic)"), whose words are dropped. A comma between two
// digits joins them ("1,000" is "1000"), as outlets differ there. Empty
// stretches are left out, so "…" alone has none.
func FoldSegments(s string) [][]string {
	var segs [][]string
	var cur strings.Builder
	flush := func() {
		if w := FoldWords(cur.String()); len(w) > 0 {
			segs = append(segs, w)
		}
		cur.Reset()
	}
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '[' || r == '(':
			// An insertion is dropped whole; a bracket never closed is
			// only a word boundary.
			if j := closing(rs, i); j > 0 {
				flush()
				i = j
			} else {
				cur.WriteRune(' ')
			}
		case r == '…':
			flush()
		case r == '.' && isEllipsisAt(rs, i):
			flush()
			for i+1 < len(rs) && (rs[i+1] == '.' || rs[i+1] == ' ') {
				i++
			}
		case r == ',' && i > 0 && i+1 < len(rs) && unicode.IsDigit(rs[i-1]) && unicode.IsDigit(rs[i+1]):
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return segs
}

// isEllipsisAt reports three full stops from rs[i], with or without a
// space between them.
func isEllipsisAt(rs []rune, i int) bool {
	n := 0
	for ; i < len(rs) && n < 3; i++ {
		switch rs[i] {
		case '.':
			n++
		case ' ':
			if n == 0 {
				return false
			}
		default:
			return false
		}
	}
	return n == 3
}

// closing is the index of the bracket that closes the one at rs[i], or
// -1 when none does.
func closing(rs []rune, i int) int {
	want := ']'
	if rs[i] == '(' {
		want = ')'
	}
	for j := i + 1; j < len(rs); j++ {
		if rs[j] == want {
			return j
		}
	}
	return -1
}
