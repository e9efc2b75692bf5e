package extract

// Linking the cast's mentions to entities. A mention never resolves to a
// different person: a full name is its own person unless its words fit
// another full name of the article ("Donald Trump" and "Donald J. Trump");
// a surname, or a first name alone, goes to the one person it fits, and
// when two people share it (Bill and Hillary Clinton, a lawyer and a judge
// named Lopez), to the one named in full nearest before it, or to nobody
// in particular, a surname-only name, when the article has not said yet.
// Keying people by their last word alone, as the cast once did, gave
// "Hillary Clinton told supporters" to Bill Clinton.

import (
	"sort"
	"strings"

	"github.com/claims-project/claims"
)

// fullMention is where a person is named in full.
type fullMention struct {
	pos, sent int
	ent       *entity
}

// personIndex finds the cast's people by the first and last words of
// their full names.
type personIndex struct {
	byLast  map[string][]*entity // last word of any full name → its people
	byFirst map[string][]*entity // first word of any full name → its people
}

// maxSharedSurname bounds the people one surname is compared with, so
// that an article of a thousand Smiths costs no more than one of ten.
const maxSharedSurname = 16

// link turns the scanned mentions into entities: names in full first, in
// text order, so that a short form can look forwards as well as back;
// then the short forms (a surname, a first name, an organisation's name).
func (c *cast) link(ms []castMention) {
	for i := range ms {
		if m := &ms[i]; m.isFull() {
			m.ent = c.linkFull(m)
			c.full = append(c.full, fullMention{pos: m.pos, sent: m.sent, ent: m.ent})
		}
	}
	for i := range ms {
		if m := &ms[i]; m.ent == nil {
			m.ent = c.linkShort(m)
		}
	}
	c.mentions = make([]mentionAt, 0, len(ms))
	for i := range ms {
		m := &ms[i]
		if m.ent == nil {
			continue
		}
		c.mentions = append(c.mentions, mentionAt{pos: m.pos, ent: m.ent, subject: m.subject})
		// The first title and sex the article states stay the entity's.
		if m.ent.title == "" {
			m.ent.title = m.title
		}
		if m.ent.gender == 0 {
			m.ent.gender = m.gender
		}
	}
}

// isFull reports a person's name of two words or more.
func (m *castMention) isFull() bool {
	return (m.typ == claims.TypePerson || m.typ == "") && m.words() >= 2
}

// linkFull returns the person a full name names: the one whose names it
// fits, else a new one.
func (c *cast) linkFull(m *castMention) *entity {
	if e := c.byKey[m.key]; e != nil && !e.ambiguous {
		return e
	}
	cands := c.fitting(m.key)
	switch len(cands) {
	case 0:
		return c.newEntity(m, claims.TypePerson)
	case 1:
		e := cands[0]
		c.byKey[m.key] = e
		if m.words() > strings.Count(e.key, " ")+1 {
			// "Donald J. Trump" after "Donald Trump": the fullest form.
			e.name, e.key = m.full, m.key
			c.index(e)
		}
		return e
	}
	// "George Bush" beside George W. and George H. W. Bush.
	if e := c.nearest(agreeing(cands, m), m.pos, m.sent); e != nil {
		return e
	}
	return c.surnameOnly(m)
}

// linkShort returns the entity of a mention that is not a person's full
// name; nil for a demonym alone, which names no one.
func (c *cast) linkShort(m *castMention) *entity {
	if m.demonym && len(c.fitting(m.key)) == 0 {
		return nil
	}
	if m.typ != claims.TypePerson && m.typ != "" {
		if e := c.byKey[m.key]; e != nil {
			return e
		}
		return c.newEntity(m, m.typ)
	}
	cands := c.fitting(m.key)
	if len(cands) == 0 && m.words() == 1 {
		// "Michael" for Michael Reyes, when no one else is a Michael.
		if fs := c.people.byFirst[m.key]; len(fs) == 1 {
			cands = fs
		}
	}
	switch cands = agreeing(cands, m); len(cands) {
	case 0:
		if e := c.byKey[m.key]; e != nil {
			return e
		}
		return c.newEntity(m, claims.TypePerson)
	case 1:
		return cands[0]
	}
	if e := c.nearest(cands, m.pos, m.sent); e != nil {
		return e
	}
	return c.surnameOnly(m)
}

// newEntity makes the entity of a name first seen.
func (c *cast) newEntity(m *castMention, typ string) *entity {
	e := &entity{name: m.full, typ: typ, key: m.key, title: m.title, gender: m.gender}
	c.byKey[m.key] = e
	if typ == claims.TypePerson && m.words() >= 2 {
		c.index(e)
	}
	return e
}

// index files a person under the first and last words of its key.
func (c *cast) index(e *entity) {
	first, last := e.key[:strings.IndexByte(e.key, ' ')], e.key[strings.LastIndexByte(e.key, ' ')+1:]
	add := func(m map[string][]*entity, w string) {
		for _, x := range m[w] {
			if x == e {
				return
			}
		}
		if len(m[w]) < maxSharedSurname {
			m[w] = append(m[w], e)
		}
	}
	add(c.people.byLast, last)
	add(c.people.byFirst, first)
}

// surnameOnly returns the entity of a surname that two people share and
// nothing decides between: the name as written, linked to neither.
func (c *cast) surnameOnly(m *castMention) *entity {
	if e := c.byKey[m.key]; e != nil && e.ambiguous {
		return e
	}
	e := &entity{name: m.full, typ: claims.TypePerson, key: m.key, ambiguous: true}
	if c.byKey[m.key] == nil {
		c.byKey[m.key] = e
	}
	return e
}

// fitting returns the people one of whose full names key fits.
func (c *cast) fitting(key string) []*entity {
	var out []*entity
	for _, e := range c.people.byLast[key[strings.LastIndexByte(key, ' ')+1:]] {
		if keysFit(key, e.key) {
			out = append(out, e)
		}
	}
	return out
}

// keysFit reports whether two name keys can name one person: the words of
// the shorter are the last words of the longer ("Trump", "Donald Trump"),
// or it is the longer's first and last word ("Donald Trump", "Donald J.
// Trump"). "Bill Clinton" and "Hillary Clinton" do not fit, nor do
// "George W. Bush" and "George H. W. Bush". Keys are words joined by
// single spaces, so words compare as substrings, without allocating.
func keysFit(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if a == b || strings.HasSuffix(b, " "+a) {
		return true
	}
	i := strings.IndexByte(a, ' ')
	if i < 0 || strings.IndexByte(a[i+1:], ' ') >= 0 {
		return false // one word that is no suffix, or three or more
	}
	return strings.HasPrefix(b, a[:i+1]) && strings.HasSuffix(b, a[i:])
}

// agreeing keeps the candidates that agree with what the mention says of
// sex and title ("Mrs. Clinton", "Judge Lopez"), unless none does.
func agreeing(cands []*entity, m *castMention) []*entity {
	if len(cands) < 2 {
		return cands
	}
	keep := func(ok func(*entity) bool) {
		var out []*entity
		for _, e := range cands {
			if ok(e) {
				out = append(out, e)
			}
		}
		if len(out) > 0 {
			cands = out
		}
	}
	if m.gender != 0 {
		keep(func(e *entity) bool { return e.gender == 0 || e.gender == m.gender })
	}
	if m.title != "" {
		t := strings.ToLower(m.title)
		keep(func(e *entity) bool { return e.title != "" && strings.Contains(strings.ToLower(e.title), t) })
	}
	return cands
}

// nearest returns the candidate named in full nearest before byte offset
// pos, or nil when none is, or when another candidate is named in the
// same sentence as that one ("Bill and Hillary Clinton ... Clinton").
func (c *cast) nearest(cands []*entity, pos, sent int) *entity {
	in := func(e *entity) bool {
		for _, x := range cands {
			if x == e {
				return true
			}
		}
		return false
	}
	k := sort.Search(len(c.full), func(i int) bool { return c.full[i].pos >= pos })
	for j := k - 1; j >= 0 && j >= k-maxLookback; j-- {
		f := c.full[j]
		if !in(f.ent) {
			continue
		}
		for i := j - 1; i >= 0 && i >= j-maxLookback && c.full[i].sent == f.sent; i-- {
			if c.full[i].ent != f.ent && in(c.full[i].ent) {
				return nil
			}
		}
		return f.ent
	}
	return nil
}

// lookup returns the entity a name run refers to: the one the cast linked
// the mention at its place to, else the one its key names.
func (c *cast) lookup(d *document, name np) *entity {
	name = d.dropPostNominals(name)
	pos := d.toks[name.t0].s
	if k := sort.Search(len(c.mentions), func(i int) bool { return c.mentions[i].pos >= pos }); k < len(c.mentions) && c.mentions[k].pos == pos {
		return c.mentions[k].ent
	}
	key := c.key(d.spanText(name))
	if key == "" {
		return nil
	}
	if e := c.byKey[key]; e != nil {
		return e
	}
	switch cands := c.fitting(key); len(cands) {
	case 0:
		return nil
	case 1:
		return cands[0]
	default:
		return c.nearest(cands, d.toks[name.t0].s, int(d.toks[name.t0].sent))
	}
}
