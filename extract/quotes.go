package extract

import (
	"unicode"
	"unicode/utf8"
)

// This file pairs quotation marks. A newcomer adding a mark style adds it to
// markOf and, if its direction depends on context, to direction.

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

// mark is one quotation mark found in the text.
type mark struct {
	pos, size int
	fam       family
	role      markRole
	straight  bool // ASCII " or ' or doubled '' / ``: pair only with the same kind
}

// markOf classifies the mark at text[i], if any. It is a byte-level check so
// the scan stays linear and allocation-free.
func markOf(text string, i int) (m mark, ok bool) {
	switch b := text[i]; b {
	case '"':
		return mark{pos: i, size: 1, fam: famDouble, role: roleEither, straight: true}, true
	case '\'':
		if i+1 < len(text) && text[i+1] == '\'' {
			return mark{pos: i, size: 2, fam: famDouble, role: roleEither, straight: true}, true
		}
		return mark{pos: i, size: 1, fam: famSingle, role: roleEither, straight: true}, true
	case '`':
		if i+1 < len(text) && text[i+1] == '`' {
			return mark{pos: i, size: 2, fam: famDouble, role: roleOpen, straight: true}, true
		}
	case 0xC2:
		if i+1 < len(text) {
			switch text[i+1] {
			case 0xAB: // «
				return mark{pos: i, size: 2, fam: famGuillemet, role: roleOpen}, true
			case 0xBB: // »
				return mark{pos: i, size: 2, fam: famGuillemet, role: roleClose}, true
			}
		}
	case 0xE2:
		if i+2 < len(text) && text[i+1] == 0x80 {
			switch text[i+2] {
			case 0x9C: // “
				return mark{pos: i, size: 3, fam: famDouble, role: roleEither}, true
			case 0x9D: // ”
				return mark{pos: i, size: 3, fam: famDouble, role: roleEither}, true
			case 0x9E: // „
				return mark{pos: i, size: 3, fam: famDouble, role: roleOpen}, true
			case 0x98: // ‘
				return mark{pos: i, size: 3, fam: famSingle, role: roleEither}, true
			case 0x99: // ’
				return mark{pos: i, size: 3, fam: famSingle, role: roleEither}, true
			case 0xB9: // ‹
				return mark{pos: i, size: 3, fam: famSingle, role: roleOpen}, true
			case 0xBA: // ›
				return mark{pos: i, size: 3, fam: famSingle, role: roleClose}, true
			}
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

// direction decides whether a mark opens or closes from its neighbours and
// the marks still open. It returns roleNone for an apostrophe.
func direction(text string, m mark, open []mark) markRole {
	prev, _ := utf8.DecodeLastRuneInString(text[:m.pos])
	next, _ := utf8.DecodeRuneInString(text[m.pos+m.size:])
	if m.pos == 0 {
		prev = utf8.RuneError
	}
	if m.pos+m.size >= len(text) {
		next = utf8.RuneError
	}
	openHas := func(f family, straight bool) bool {
		for k := len(open) - 1; k >= 0; k-- {
			if open[k].fam == f && open[k].straight == straight {
				return true
			}
		}
		return false
	}
	r := text[m.pos : m.pos+m.size]
	switch r {
	case "“":
		// German „…“: a “ closes an open „.
		for k := len(open) - 1; k >= 0; k-- {
			if open[k].fam == famDouble && !open[k].straight {
				if text[open[k].pos:open[k].pos+open[k].size] == "„" {
					return roleClose
				}
				break
			}
		}
		return roleOpen
	case "”":
		// A ” with nothing open, at the start of a word, is a mistyped
		// opener (common in copy that went through a word processor).
		if !openHas(famDouble, false) && isOpenContext(prev) && !isCloseContext(next) {
			return roleOpen
		}
		return roleClose
	case "‘":
		// ‘90s: a mistyped apostrophe before a year.
		if isDigit(next) {
			return roleNone
		}
		if isOpenContext(prev) {
			return roleOpen
		}
		return roleNone
	case "’":
		// Inside a word (don’t, Trump’s) or before one (’90s, ’n’) it is an
		// apostrophe; it closes only a single quote that is open.
		if !openHas(famSingle, false) {
			return roleNone
		}
		if isWordRune(prev) && isWordRune(next) {
			return roleNone
		}
		if !unicode.IsSpace(prev) && isCloseContext(next) {
			return roleClose
		}
		return roleNone
	case "\"", "''":
		o, c := isOpenContext(prev) && !unicode.IsSpace(next) && next != utf8.RuneError,
			!unicode.IsSpace(prev) && prev != utf8.RuneError && isCloseContext(next)
		switch {
		case o && !c:
			return roleOpen
		case c && !o:
			// It may also close a curly “ in sloppy copy.
			if openHas(famDouble, true) || openHas(famDouble, false) && r == "\"" {
				return roleClose
			}
			return roleNone
		case openHas(famDouble, true):
			return roleClose
		default:
			return roleOpen
		}
	case "'":
		if isWordRune(prev) && isWordRune(next) {
			return roleNone // don't
		}
		if openHas(famSingle, true) && !unicode.IsSpace(prev) && isCloseContext(next) {
			// "the leaders' summit" has no open quote, so it never gets here
			// unless a quote is open; then closing is the better bet.
			return roleClose
		}
		if isOpenContext(prev) && isLetter(next) && !isElision(text[m.pos+1:]) {
			return roleOpen
		}
		return roleNone
	}
	return m.role
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

// quote is one quotation: the marks and what lies between them, in bytes.
// A piece of a multi-paragraph quote is a quote of its own with contPrev or
// contNext set.
type quote struct {
	open, openEnd   int // the opening mark
	close, closeEnd int // the closing mark; close == closeEnd when there is none
	s, e            int // content: between the marks, trimmed of spaces and a trailing comma
	para            int
	depth           int  // 0 for an outermost quote
	parent          int  // the quote this one is nested in, or -1
	contPrev        bool // continues a quote from the previous paragraph
	contNext        bool // continues in the next paragraph
}

// maxOpen bounds the stack of open marks; deeper nesting is never real
// quotation and bounding it keeps pairing linear on hostile input.
const maxOpen = 6

// findQuotes pairs the quotation marks of every paragraph. Paragraphs are
// byte ranges of text, in order. The result is ordered by opening mark.
func findQuotes(text string, paras []span) []quote {
	var (
		out  []quote
		open []mark
	)
	for pi, p := range paras {
		open = open[:0]
		for i := p.s; i < p.e; i++ {
			b := text[i]
			if b != '"' && b != '\'' && b != '`' && b != 0xC2 && b != 0xE2 {
				continue
			}
			m, ok := markOf(text[:p.e], i)
			if !ok {
				continue
			}
			role := m.role
			if role == roleEither || m.straight || text[i:i+m.size] == "“" || text[i:i+m.size] == "’" {
				role = direction(text[:p.e], m, open)
			}
			switch role {
			case roleOpen:
				if len(open) == maxOpen {
					copy(open, open[1:])
					open = open[:maxOpen-1]
				}
				open = append(open, m)
			case roleClose:
				for k := len(open) - 1; k >= 0; k-- {
					o := open[k]
					if o.fam != m.fam || o.straight && o.size != m.size && m.straight {
						continue
					}
					// Sloppy copy mixes marks ("…that,” or “…that,"): a
					// straight and a curly double mark pair when nothing
					// of the mark's own kind is open.
					if o.straight != m.straight && (o.fam != famDouble || o.size != 1 && o.straight || m.size != 1 && m.straight || hasOpenOfKind(open[k+1:], m.straight)) {
						continue
					}
					out = append(out, newQuote(text, o.pos, o.pos+o.size, m.pos, m.pos+m.size, pi, k))
					open = open[:k]
					break
				}
			}
			i += m.size - 1
		}
		// A double or guillemet quote still open at the end of the
		// paragraph runs to its end: either it continues in the next
		// paragraph (the multi-paragraph convention) or its closing mark is
		// missing, and the paragraph bounds the damage either way.
		for k, o := range open {
			if o.fam == famSingle {
				continue
			}
			q := newQuote(text, o.pos, o.pos+o.size, p.e, p.e, pi, k)
			if pi+1 < len(paras) {
				if n, ok := firstMark(text, paras[pi+1]); ok && n.fam == o.fam {
					q.contNext = true
				}
			}
			out = append(out, q)
			break
		}
	}
	sortQuotes(out)
	for i := range out {
		if i > 0 && out[i-1].contNext && out[i-1].para == out[i].para-1 && out[i].open == firstNonSpace(text, paras[out[i].para]) {
			out[i].contPrev = true
		}
	}
	return out
}

func hasOpenOfKind(open []mark, straight bool) bool {
	for _, o := range open {
		if o.straight == straight && o.fam == famDouble {
			return true
		}
	}
	return false
}

func firstNonSpace(text string, p span) int {
	for i := p.s; i < p.e; {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsSpace(r) {
			return i
		}
		i += size
	}
	return p.e
}

func firstMark(text string, p span) (mark, bool) {
	i := firstNonSpace(text, p)
	if i >= p.e {
		return mark{}, false
	}
	return markOf(text[:p.e], i)
}

func newQuote(text string, o, oe, c, ce, para, depth int) quote {
	q := quote{open: o, openEnd: oe, close: c, closeEnd: ce, para: para, depth: depth}
	q.s, q.e = trimContent(text, oe, c)
	return q
}

// trimContent drops surrounding spaces (« Bonjour ») and a trailing comma
// that leads into the attribution (“We will,” he said).
func trimContent(text string, s, e int) (int, int) {
	for s < e {
		r, size := utf8.DecodeRuneInString(text[s:])
		if !unicode.IsSpace(r) {
			break
		}
		s += size
	}
	for e > s {
		r, size := utf8.DecodeLastRuneInString(text[s:e])
		if !unicode.IsSpace(r) && r != ',' {
			break
		}
		e -= size
	}
	return s, e
}

func sortQuotes(qs []quote) {
	// Quotes are appended when they close, so an outer quote follows the
	// quotes nested in it; insertion sort is linear on such nearly sorted
	// input.
	for i := 1; i < len(qs); i++ {
		for j := i; j > 0 && qs[j].open < qs[j-1].open; j-- {
			qs[j], qs[j-1] = qs[j-1], qs[j]
		}
	}
}
