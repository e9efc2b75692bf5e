package extract

// The article's cast, built in preparation: every proper name it mentions,
// with the fullest form used, the title stated and the type, so that
// "Trump", "Mr. Trump" and "he" all come out as "Donald Trump". Speaker
// resolution (speakers.go) and entities (output.go) look names up in it.

import (
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/extract/lexicon"
)

type entity struct {
	name   string // fullest form
	typ    string
	title  string
	gender lexicon.Gender
	// key is castKey(name), the form against which other mentions are
	// compared; ambiguous marks a surname-only entity that stands for a
	// mention shared by two people ("Clinton" beside Bill and Hillary),
	// which no later mention is linked to.
	key       string
	ambiguous bool
}

// mentionAt is a mention of an entity at a byte offset, for recency.
type mentionAt struct {
	pos     int
	ent     *entity
	subject bool // the mention opens its sentence or stands before a verb
}

// cast is written by newCast and only read afterwards.
type cast struct {
	byKey    map[string]*entity // name key → entity, for every form linked
	people   personIndex
	mentions []mentionAt // in text order
	// full lists where each person is named in full, in text order, for
	// a surname shared by two people (castlink.go).
	full []fullMention
	// keys memoises castKey for the names the article mentions: it names
	// the same few people over and over.
	keys map[string]string
}

// castKey is the key a name is known by within the article: claims.NameKey,
// the one identity rule of names, which reads a typographic apostrophe as
// a straight one, so that "O’Neill" and "O'Neill" are one person.
func castKey(name string) string { return claims.NameKey(name) }

// key returns castKey(name), from the memo when the article mentions it.
func (c *cast) key(name string) string {
	if k, ok := c.keys[name]; ok {
		return k
	}
	return castKey(name)
}

// newCast scans every sentence for proper-name runs, then links them to
// people and organisations (castlink.go). It runs before attribution so
// that a pronoun can refer to a name mentioned in a sentence that holds no
// claim.
func newCast(d *document) *cast {
	c := &cast{byKey: map[string]*entity{}, keys: map[string]string{},
		people: personIndex{byLast: map[string][]*entity{}, byFirst: map[string][]*entity{}}}
	buf, _ := castScratch.Get().(*[]castMention)
	if buf == nil {
		buf = new([]castMention)
	}
	ms := (*buf)[:0]
	for si := range d.sents {
		s := &d.sents[si]
		for k := s.t0; k < s.t1; k++ {
			if !d.isNameTok(k) {
				continue
			}
			a, b := d.nameRun(k)
			if b <= k {
				continue
			}
			if a == k {
				// (When a < k, the run started before k and was read there.)
				if m, ok := c.scan(d, s, si, a, b); ok {
					ms = append(ms, m)
				}
			}
			k = b - 1
		}
	}
	c.link(ms)
	clear(ms) // (the pool keeps no article's text or entities alive)
	*buf = ms[:0]
	castScratch.Put(buf)
	return c
}

// castScratch recycles the mention buffers of newCast, which are read
// only while linking: an article names the same people over and over, and
// the buffer is the cast's largest allocation.
var castScratch sync.Pool

// castMention is a name run as read, before it is linked to an entity.
type castMention struct {
	pos, sent int
	full, key string // the name as written, and its key
	typ       string // nameType's guess, "" for none
	title     string
	gender    lexicon.Gender
	subject   bool
	demonym   bool
	ent       *entity
}

// words counts the words of the mention's key.
func (m *castMention) words() int { return strings.Count(m.key, " ") + 1 }

// scan reads the name run [a, b) of sentence s; it reports false when the
// run is nothing but honorifics.
func (c *cast) scan(d *document, s *sentence, si, a, b int) (castMention, bool) {
	title, name := d.splitTitle(a, b)
	if name.empty() || d.noOne(a, b) {
		return castMention{}, false
	}
	name = d.dropPostNominals(name)
	full := d.spanText(name)
	key, ok := c.keys[full]
	if !ok {
		key = castKey(full)
		c.keys[full] = key
	}
	if key == "" {
		return castMention{}, false
	}
	m := castMention{pos: d.toks[name.t0].s, sent: si, full: full, key: key, typ: d.nameType(name, title), title: d.spanText(title)}
	m.gender = d.mentionGender(title, name, m.typ)
	// "the Norwegian", "no American would": a demonym alone, unless it is
	// the surname of someone named in full (Mark Cuban) or has a title.
	m.demonym = title.empty() && name.t1-name.t0 == 1 && d.lex.Demonyms.Has(d.toks[name.t0].lower)
	if title.empty() && m.typ != claims.TypeOrg && m.typ != claims.TypeGroup {
		// A person's title makes "fisheries minister Joe Hall" a person,
		// whatever "Hall" says of places.
		if m.title = d.lowerTitle(s, a, b); m.title != "" {
			m.typ = claims.TypePerson
		}
	}
	// A subject: it opens the sentence, a verb follows it, or it is the
	// apposition of an opening role ("The Turkish mediator, Aylin Korkmaz,
	// was ...").
	m.subject = name.t0 == s.t0 || title.t0 == s.t0 && !title.empty() || b < s.t1 && strings.HasPrefix(d.toks[b].tag, "VB") ||
		a > s.t0 && d.toks[a-1].text == "," && b < s.t1 && d.toks[b].text == "," && a-1 < s.t0+subjectApposition
	return m, true
}

// splitTitle separates leading title words from the name in a run
// ("NATO Secretary-General Jürgen van Haaren" → "NATO Secretary-General",
// "Jürgen van Haaren"). The last title word in the run ends the title,
// provided a name follows it.
func (d *document) splitTitle(a, b int) (title, name np) {
	last := -1
	for k := a; k < b-1; k++ {
		if d.lex.Titles.Has(d.toks[k].lower) && d.hasGivenName(k+1, b) {
			last = k
		}
	}
	if last < 0 {
		return np{}, np{t0: a, t1: b}
	}
	return np{t0: a, t1: last + 1}, np{t0: last + 1, t1: b}
}

// hasGivenName reports whether tokens [a, b) hold a name word that is not
// a suffix or an initial: "Martin Luther King Jr." has no title, since
// after "King" only "Jr." is left.
func (d *document) hasGivenName(a, b int) bool {
	for k := a; k < b; k++ {
		t := &d.toks[k]
		if !d.lex.NameSuffixes.Has(t.lower) && !isInitial(t.text) && t.text != "." && !d.lex.Titles.Has(t.lower) {
			return true
		}
	}
	return false
}

// noOne reports a name run that names no one a pronoun could refer to: a
// pronoun, page furniture ("Article Continued"), or a header after the headline,
// which stands on a line of its own.
func (d *document) noOne(a, b int) bool {
	if b-a == 1 {
		// "He voted yes": a pronoun the tagger took for a name.
		w := d.toks[a].lower
		if _, ok := d.lex.Pronouns[w]; ok || possessivePronouns[w] != "" {
			return true
		}
	}
	// The line around the run, read no further than a label can reach, so
	// that a text of one long line costs no more than one of many.
	s, e := d.toks[a].s, d.toks[b-1].e
	if e-s > maxHeaderBytes {
		return false
	}
	lo, hi := max(0, s-maxHeaderBytes), min(len(d.text), e+maxHeaderBytes)
	lineStart := strings.LastIndexByte(d.text[lo:s], '\n') + 1 + lo
	lineEnd := strings.IndexByte(d.text[e:hi], '\n')
	if lineEnd < 0 {
		lineEnd = hi
	} else {
		lineEnd += e
	}
	line := strings.TrimSpace(d.text[lineStart:lineEnd])
	if lineStart == lo && lo > 0 || lineEnd == hi && hi < len(d.text) || len(line) > maxHeaderBytes {
		return false // a sentence, not a label, nor furniture
	}
	if d.lex.Boilerplate.Has(strings.ToLower(line)) || d.lex.Boilerplate.Has(strings.ToLower(d.text[d.toks[a].s:d.toks[b-1].e])) {
		return true
	}
	return lineStart > 0 && isHeaderLine(line)
}

// maxHeaderBytes bounds the lines noOne reads as labels.
const maxHeaderBytes = 60

// maxHeaderWords bounds a header line ("Top Stories", "Related Coverage").
const maxHeaderWords = 6

// isHeaderLine reports a short line of capitalised words without a full
// stop: a section header or a label of the page, not a sentence.
func isHeaderLine(line string) bool {
	ws := strings.Fields(line)
	if len(ws) == 0 || len(ws) > maxHeaderWords || strings.ContainsAny(line, ".!?,;“”\"") {
		return false
	}
	for _, w := range ws {
		if !isUpperStart(w) {
			return false
		}
	}
	return true
}

// mentionGender returns the sex a mention's title, honorific or given
// name tells.
func (d *document) mentionGender(title, name np, typ string) lexicon.Gender {
	var g lexicon.Gender
	if !title.empty() {
		g = d.lex.GenderedTitles[d.toks[title.t1-1].lower]
	}
	if name.t0 > 0 {
		if h := d.lex.GenderedTitles[d.toks[name.t0-1].lower]; h != 0 {
			g = h
		}
	}
	if g == 0 && (typ == claims.TypePerson || typ == "") && name.t1-name.t0 >= 2 {
		g = d.givenNameGender(d.toks[name.t0].text)
	}
	return g
}

// givenNameGender returns what a given name tells of a person's sex.
func (d *document) givenNameGender(name string) lexicon.Gender {
	return d.lex.GivenNames[strings.ToLower(name)]
}

// nameType guesses PERSON, ORG, GPE, GROUP or OTHER for a name; "" means
// no evidence.
func (d *document) nameType(name, title np) string {
	lx := d.lex
	first, last := &d.toks[name.t0], &d.toks[name.t1-1]
	words := name.t1 - name.t0
	switch {
	case lx.Places.Has(strings.ToLower(d.spanText(name))):
		return claims.TypeGPE
	case d.hasOrgWord(name):
		return claims.TypeOrg
	case words >= 2 && lx.Demonyms.Has(first.lower) && title.empty():
		// "British Swimming", "American Airlines": no person's name opens
		// with a demonym.
		return claims.TypeOrg
	case words == 1 && isAllCaps(first.text) && len(first.text) <= 6:
		return claims.TypeOrg // NATO, OSCE, IMF
	case lx.PlaceSuffixes.Has(last.lower):
		return claims.TypeGPE // the Black Sea, Harbor Street
	case lx.ThingHeads.Has(last.lower):
		return claims.TypeOther // the Great Recession, the Affordable Care Act
	case words == 1 && (lx.GroupNames.Has(first.lower) || strings.HasSuffix(first.lower, "s") && lx.Demonyms.Has(first.lower[:len(first.lower)-1])):
		return claims.TypeGroup // Democrats, Russians
	case name.t0 > 0 && d.toks[name.t0-1].lower == "the" && title.empty():
		// "the Kremlin", "the Rapids": a name with an article is not a
		// person's.
		return claims.TypeOrg
	case d.givenNameGender(first.text) != 0 && words >= 2, !title.empty(),
		name.t0 > 0 && claims.IsNameAffix(strings.TrimSuffix(d.toks[name.t0-1].lower, ".")), words >= 2:
		return claims.TypePerson
	}
	return ""
}

// hasOrgWord reports a word of name that marks an organisation
// ("Ministry", "Reuters", "FC").
func (d *document) hasOrgWord(name np) bool {
	for k := name.t0; k < name.t1; k++ {
		if d.lex.OrgSuffixes.Has(d.toks[k].lower) {
			return true
		}
	}
	return false
}

func isAllCaps(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n >= 2
}

// dropPostNominals trims "KC", "MP" and the like off the end of a name.
func (d *document) dropPostNominals(n np) np {
	for n.t1-n.t0 > 1 && d.lex.PostNominals.Has(strings.TrimSuffix(d.toks[n.t1-1].lower, ".")) {
		n.t1--
	}
	return n
}

// maxLookback bounds recent in mentions as well as in distance, so a role
// noun in an article of a million names costs no more than in a normal
// one.
const maxLookback = 200

// recent returns the entity of the latest mention before byte offset pos
// that satisfies ok, looking back at most window bytes.
func (c *cast) recent(pos, window int, ok func(*entity) bool) *entity {
	lo := sort.Search(len(c.mentions), func(i int) bool { return c.mentions[i].pos >= pos })
	for k := lo - 1; k >= 0 && k >= lo-maxLookback && pos-c.mentions[k].pos <= window; k-- {
		if ok(c.mentions[k].ent) {
			return c.mentions[k].ent
		}
	}
	return nil
}

// anywhere is a window that reaches back to the start of any article.
const anywhere = 1 << 30

// byTitle returns the latest named holder of a role ("the president" →
// the entity titled "President") mentioned before pos.
func (c *cast) byTitle(pos int, role string) *entity {
	return c.recent(pos, anywhere, func(e *entity) bool {
		return e.typ == claims.TypePerson && e.title != "" && strings.Contains(strings.ToLower(e.title), role)
	})
}

// subjectMentionAfter reports whether e is mentioned as a sentence subject
// between byte offsets a and b.
func (c *cast) subjectMentionAfter(e *entity, a, b int) bool {
	ms := c.mentions
	k := sort.Search(len(ms), func(i int) bool { return ms[i].pos > a })
	for ; k < len(ms) && ms[k].pos < b; k++ {
		if ms[k].ent == e && ms[k].subject {
			return true
		}
	}
	return false
}

func (d *document) spanText(n np) string {
	if n.empty() {
		return ""
	}
	return d.text[d.toks[n.t0].s:d.toks[n.t1-1].e]
}

// mentionsOf counts the mentions of e.
func (c *cast) mentionsOf(e *entity) int {
	n := 0
	for _, m := range c.mentions {
		if m.ent == e {
			n++
		}
	}
	return n
}
