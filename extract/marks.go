package extract

// Quotation marks, part of preparation. To add a mark style, add its
// marks to markStyles; when whether a mark opens or closes depends on its
// neighbours (roleEither), say how in direction.

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// family groups marks that close each other: “ closes „ (German style), ”
// closes “, and a straight " closes a straight ".
type family uint8

const (
	famNone      family = iota
	famDouble           // “ ” „ and their straight/doubled stand-ins
	famSingle           // ‘ ’ ' ‹ ›
	famGuillemet        // « »
)

type markRole uint8

const (
	roleNone   markRole = iota
	roleOpen            // can only open
	roleClose           // can only close
	roleEither          // direction from context
)

// markStyle is one kind of quotation mark.
type markStyle struct {
	text string
	fam  family
	role markRole
	// straight marks (ASCII " and ', doubled '' and ``) pair only with
	// marks of their own kind.
	straight bool
}

// markStyles are the quotation marks the extractor pairs. Where one mark
// is a prefix of another (” and '), the longer comes first.
var markStyles = [...]markStyle{
	{`"`, famDouble, roleEither, true},
	{`''`, famDouble, roleEither, true},
	{`'`, famSingle, roleEither, true},
	{"``", famDouble, roleOpen, true},
	{"«", famGuillemet, roleOpen, false},
	{"»", famGuillemet, roleClose, false},
	{"“", famDouble, roleEither, false},
	{"”", famDouble, roleEither, false},
	{"„", famDouble, roleOpen, false},
	{"‘", famSingle, roleEither, false},
	{"’", famSingle, roleEither, false},
	{"‹", famSingle, roleOpen, false},
	{"›", famSingle, roleClose, false},
}

// markTable finds marks in text. It is built once per Extractor and only
// read afterwards.
type markTable struct {
	// first[b] says whether a mark starts with byte b, so that the scan
	// passes over every other byte at once; byFirst[b] lists those marks,
	// in the order of markStyles.
	first   [256]bool
	byFirst [256][]markStyle
}

func newMarkTable(styles []markStyle) *markTable {
	t := &markTable{}
	for _, s := range styles {
		t.first[s.text[0]] = true
		t.byFirst[s.text[0]] = append(t.byFirst[s.text[0]], s)
	}
	return t
}

// mark is one quotation mark found in the text.
type mark struct {
	pos, size int
	fam       family
	role      markRole
	straight  bool
	text      string
}

// at returns the mark at text[i], if any.
func (t *markTable) at(text string, i int) (mark, bool) {
	for _, s := range t.byFirst[text[i]] {
		if strings.HasPrefix(text[i:], s.text) {
			return mark{pos: i, size: len(s.text), fam: s.fam, role: s.role, straight: s.straight, text: s.text}, true
		}
	}
	return mark{}, false
}

func isOpenContext(r rune) bool {
	// What may stand before an opening mark: start of text, space, opening
	// brackets, dashes, slashes, colons, and another opening mark (“‘).
	return r == utf8.RuneError || unicode.IsSpace(r) || r == '(' || r == '[' || r == '{' ||
		r == '—' || r == '–' || r == '-' || r == '/' || r == ':' ||
		r == '“' || r == '‘' || r == '„' || r == '«' || r == '"' || r == '\'' || r == '‹'
}

func isCloseContext(r rune) bool {
	// What may follow a closing mark.
	return r == utf8.RuneError || unicode.IsSpace(r) || unicode.IsPunct(r) || r == '—' || r == '–'
}

// neighbours are what stands around a mark, and the marks still open.
type neighbours struct {
	prev, next rune // utf8.RuneError at either end of the text
	open       []mark
}

// openHas reports an open mark of family f and kind straight.
func (n neighbours) openHas(f family, straight bool) bool {
	for k := len(n.open) - 1; k >= 0; k-- {
		if n.open[k].fam == f && n.open[k].straight == straight {
			return true
		}
	}
	return false
}

// direction decides whether a mark opens or closes from its neighbours and
// the marks still open. It returns roleNone for an apostrophe.
func direction(text string, m mark, open []mark) markRole {
	n := neighbours{open: open}
	n.prev, _ = utf8.DecodeLastRuneInString(text[:m.pos])
	n.next, _ = utf8.DecodeRuneInString(text[m.pos+m.size:])
	if m.pos == 0 {
		n.prev = utf8.RuneError
	}
	if m.pos+m.size >= len(text) {
		n.next = utf8.RuneError
	}
	switch m.text {
	case "“":
		return leftDoubleRole(n)
	case "”":
		// A ” with nothing open, at the start of a word, is a mistyped
		// opener (common in copy that went through a word processor).
		if !n.openHas(famDouble, false) && isOpenContext(n.prev) && !isCloseContext(n.next) {
			return roleOpen
		}
		return roleClose
	case "‘":
		// ‘90s: a mistyped apostrophe before a year.
		if isDigit(n.next) || !isOpenContext(n.prev) {
			return roleNone
		}
		return roleOpen
	case "’":
		return rightSingleRole(n)
	case "\"", "''":
		return straightDoubleRole(m.text, n)
	case "'":
		return straightSingleRole(text, m, n)
	}
	return m.role
}

// leftDoubleRole: German „…“ closes with “; elsewhere “ opens, but for a
// mistyped closer: one at the end of a word with a “ open and a space or
// the end after it ("…for her here,“ said Clyburn").
func leftDoubleRole(n neighbours) markRole {
	for k := len(n.open) - 1; k >= 0; k-- {
		if o := n.open[k]; o.fam == famDouble && !o.straight {
			if o.text == "„" || !isOpenContext(n.prev) && (unicode.IsSpace(n.next) || n.next == utf8.RuneError) {
				return roleClose
			}
			break
		}
	}
	return roleOpen
}

// rightSingleRole: inside a word (don’t, Trump’s) or before one (’90s,
// ’n’) ’ is an apostrophe; it closes only a single quote that is open.
func rightSingleRole(n neighbours) markRole {
	if !n.openHas(famSingle, false) {
		return roleNone
	}
	if isWordRune(n.prev) && isWordRune(n.next) {
		return roleNone
	}
	if !unicode.IsSpace(n.prev) && isCloseContext(n.next) {
		return roleClose
	}
	return roleNone
}

// straightDoubleRole: " and ” open after a space and before a word,
// close after a word and before a space or punctuation, and otherwise
// close what is open.
func straightDoubleRole(r string, n neighbours) markRole {
	o := isOpenContext(n.prev) && !unicode.IsSpace(n.next) && n.next != utf8.RuneError
	c := !unicode.IsSpace(n.prev) && n.prev != utf8.RuneError && isCloseContext(n.next)
	switch {
	case o && !c:
		return roleOpen
	case c && !o:
		// It may also close a curly “ in sloppy copy.
		if n.openHas(famDouble, true) || n.openHas(famDouble, false) && r == "\"" {
			return roleClose
		}
		return roleNone
	case n.openHas(famDouble, true):
		return roleClose
	default:
		return roleOpen
	}
}

// straightSingleRole: ' is an apostrophe inside a word (don't) and before
// an elision ('em, 'til); it closes an open single quote, and opens before
// a letter.
func straightSingleRole(text string, m mark, n neighbours) markRole {
	if isWordRune(n.prev) && isWordRune(n.next) {
		return roleNone // don't
	}
	if n.openHas(famSingle, true) && !unicode.IsSpace(n.prev) && isCloseContext(n.next) {
		// "the leaders' summit" has no open quote, so it never gets here
		// unless a quote is open; then closing is the better bet.
		return roleClose
	}
	if isOpenContext(n.prev) && isLetter(n.next) && !isElision(text[m.pos+1:]) {
		return roleOpen
	}
	return roleNone
}

func isDigit(r rune) bool    { return r >= '0' && r <= '9' }
func isLetter(r rune) bool   { return unicode.IsLetter(r) }
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// isElision reports words that begin with an apostrophe in informal
// English ('em, 'til, 'n', 'cause), which must not open a quote.
func isElision(after string) bool {
	for _, w := range [...]string{"em ", "til ", "n' ", "n ", "cause ", "tis ", "twas "} {
		if len(after) >= len(w) && equalFoldASCII(after[:len(w)], w) {
			return true
		}
	}
	return false
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
