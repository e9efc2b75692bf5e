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
			if s, ok := foldSpecial[lr]; ok {
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
