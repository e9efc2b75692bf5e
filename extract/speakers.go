package extract

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/claims-project/claims"
	"golang.org/x/text/unicode/norm"
)

// This file keeps the article's cast: every proper name it mentions, with
// the fullest form used, the title stated and the type, so that "Trump",
// "Mr. Trump" and "he" all come out as "Donald Trump".

type entity struct {
	name   string // fullest form
	typ    string
	title  string
	gender byte // 'm', 'f' or 0
}

// mentionAt is a mention of an entity at a byte offset, for recency.
type mentionAt struct {
	pos     int
	ent     *entity
	subject bool // the mention opens its sentence or stands before a verb
}

type registry struct {
	byKey    map[string]*entity // normalised full name → entity
	byLast   map[string]*entity // normalised last word → person
	mentions []mentionAt        // in text order
}

// newRegistry scans every sentence for proper-name runs. It runs before
// attribution so that a pronoun can refer to a name mentioned in a sentence
// that holds no claim.
func newRegistry(d *doc) *registry {
	r := &registry{byKey: map[string]*entity{}, byLast: map[string]*entity{}}
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
			if a < k {
				// nameRun from k found an earlier start, which we passed.
				k = b - 1
				continue
			}
			title, name := d.splitTitle(a, b)
			if name.empty() {
				k = b - 1
				continue
			}
			e := r.add(d, title, name)
			// A subject: it opens the sentence, a verb follows it, or it
			// is the apposition of an opening role ("The Turkish
			// mediator, Aylin Korkmaz, was ...").
			subj := name.t0 == s.t0 || title.t0 == s.t0 && !title.empty() || b < s.t1 && strings.HasPrefix(d.toks[b].tag, "VB") ||
				a > s.t0 && d.toks[a-1].text == "," && b < s.t1 && d.toks[b].text == "," && a-1 < s.t0+6
			if e != nil {
				r.mentions = append(r.mentions, mentionAt{pos: d.toks[name.t0].s, ent: e, subject: subj})
			}
			k = b - 1
		}
	}
	return r
}

// splitTitle separates leading title words from the name in a run
// ("NATO Secretary-General Jürgen van Haaren" → "NATO Secretary-General",
// "Jürgen van Haaren"). The last title word in the run ends the title,
// provided a name follows it.
func (d *doc) splitTitle(a, b int) (title, name np) {
	last := -1
	for k := a; k < b-1; k++ {
		if titleWords[d.toks[k].lower] && d.hasGivenName(k+1, b) {
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
func (d *doc) hasGivenName(a, b int) bool {
	for k := a; k < b; k++ {
		t := &d.toks[k]
		if !nameSuffixes[t.lower] && !isInitial(t.text) && t.text != "." && !titleWords[t.lower] {
			return true
		}
	}
	return false
}

func (r *registry) add(d *doc, title, name np) *entity {
	name = d.dropPostNominals(name)
	full := d.spanText(name)
	key := d.norm(full)
	if key == "" {
		return nil
	}
	// normName leaves single spaces between words, so the last word and
	// the word count need no splitting.
	last := key[strings.LastIndexByte(key, ' ')+1:]
	typ := d.nameType(name, title)
	if e, ok := r.byKey[key]; ok {
		if e.title == "" && !title.empty() {
			e.title = d.spanText(title)
		}
		return e
	}
	if typ == claims.TypePerson || typ == "" {
		if e, ok := r.byLast[last]; ok && e.typ == claims.TypePerson {
			// "Trump" after "Donald Trump", or "Donald Trump" after "Trump":
			// keep the fullest form.
			if len(full) > len(e.name) && strings.Count(key, " ") > strings.Count(d.norm(e.name), " ") {
				e.name = full
			}
			if e.title == "" && !title.empty() {
				e.title = d.spanText(title)
			}
			r.byKey[key] = e
			return e
		}
	}
	if typ == "" {
		typ = claims.TypePerson
	}
	e := &entity{name: full, typ: typ}
	if !title.empty() {
		e.title = d.spanText(title)
		e.gender = genderOfTitle(d.toks[title.t1-1].lower)
	}
	if name.t0 > 0 {
		if g := genderOfTitle(d.toks[name.t0-1].lower); g != 0 {
			e.gender = g
		}
	}
	if e.gender == 0 && typ == claims.TypePerson && name.t1-name.t0 >= 2 {
		e.gender = firstNameGender(d.toks[name.t0].text)
	}
	r.byKey[key] = e
	if typ == claims.TypePerson {
		r.byLast[last] = e
	}
	return e
}

func genderOfTitle(w string) byte {
	switch w {
	case "mr.", "mr", "sir", "lord", "king", "prince", "herr", "spokesman", "chairman", "congressman", "councilman", "m.":
		return 'm'
	case "ms.", "ms", "mrs.", "mrs", "miss", "dame", "lady", "queen", "princess", "frau", "spokeswoman", "chairwoman", "congresswoman", "councilwoman", "mme", "mme.":
		return 'f'
	}
	return 0
}

// nameType guesses PERSON, ORG or GPE for a name; "" means no evidence.
func (d *doc) nameType(name, title np) string {
	full := strings.ToLower(d.spanText(name))
	if gpeNames[full] {
		return claims.TypeGPE
	}
	for k := name.t0; k < name.t1; k++ {
		if orgSuffixWords[d.toks[k].lower] {
			return claims.TypeOrg
		}
	}
	if name.t1-name.t0 == 1 && isAllCaps(d.toks[name.t0].text) && len(d.toks[name.t0].text) <= 6 {
		return claims.TypeOrg // NATO, OSCE, IMF
	}
	if placeSuffixWords[d.toks[name.t1-1].lower] {
		return claims.TypeGPE // the Black Sea, Harbor Street
	}
	if thingHeads[d.toks[name.t1-1].lower] {
		return claims.TypeOther // the Great Recession, the Affordable Care Act
	}
	if w := d.toks[name.t0].lower; name.t1-name.t0 == 1 && (groupNames[w] || strings.HasSuffix(w, "s") && demonyms[w[:len(w)-1]]) {
		return claims.TypeGroup // Democrats, Russians
	}
	if name.t0 > 0 && d.toks[name.t0-1].lower == "the" && title.empty() {
		// "the Kremlin", "the Rapids": a name with an article is not a
		// person's.
		return claims.TypeOrg
	}
	if g := firstNameGender(d.toks[name.t0].text); g != 0 && name.t1-name.t0 >= 2 {
		return claims.TypePerson
	}
	if !title.empty() {
		return claims.TypePerson
	}
	if name.t0 > 0 && honorifics[strings.TrimSuffix(d.toks[name.t0-1].lower, ".")] {
		return claims.TypePerson
	}
	if name.t1-name.t0 >= 2 {
		return claims.TypePerson
	}
	return ""
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
func (d *doc) dropPostNominals(n np) np {
	for n.t1-n.t0 > 1 && postNominals[strings.TrimSuffix(d.toks[n.t1-1].lower, ".")] {
		n.t1--
	}
	return n
}

// lookup returns the entity a name run refers to.
func (r *registry) lookup(d *doc, name np) *entity {
	name = d.dropPostNominals(name)
	key := d.norm(d.spanText(name))
	if e, ok := r.byKey[key]; ok {
		return e
	}
	if key != "" {
		if e, ok := r.byLast[key[strings.LastIndexByte(key, ' ')+1:]]; ok {
			return e
		}
	}
	return nil
}

// recent returns the entity of the latest mention before byte offset pos
// that satisfies ok, looking back at most window bytes. Subject mentions
// win over others in the same sentence window.
func (r *registry) recent(pos, window int, ok func(*entity) bool) *entity {
	lo := sort.Search(len(r.mentions), func(i int) bool { return r.mentions[i].pos >= pos })
	// Bounded in count as well as distance, so a role noun in an article
	// of a million names costs no more than in a normal one.
	for k := lo - 1; k >= 0 && k >= lo-maxLookback && pos-r.mentions[k].pos <= window; k-- {
		if ok(r.mentions[k].ent) {
			return r.mentions[k].ent
		}
	}
	return nil
}

const maxLookback = 200

// byTitle returns the latest named holder of a role ("the president" →
// the entity titled "President") mentioned before pos.
func (r *registry) byTitle(pos int, role string) *entity {
	return r.recent(pos, 1<<30, func(e *entity) bool {
		return e.typ == claims.TypePerson && e.title != "" && strings.Contains(strings.ToLower(e.title), role)
	})
}

func (d *doc) spanText(n np) string {
	if n.empty() {
		return ""
	}
	return d.text[d.toks[n.t0].s:d.toks[n.t1-1].e]
}

// normName folds a name for comparison: lower case, diacritics and
// punctuation dropped, honorifics removed, spaces collapsed. The eval
// package and the store use the same rule (NormName).
func normName(s string) string {
	folded := s
	if !isASCII(s) {
		// Decompose and drop the combining marks: "Bédier" → "Bedier".
		folded = strings.Map(func(r rune) rune {
			if unicode.Is(unicode.Mn, r) {
				return -1
			}
			return r
		}, norm.NFD.String(s))
	}
	folded = strings.ToLower(folded)
	var b strings.Builder
	for _, w := range strings.FieldsFunc(folded, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	}) {
		w = strings.Trim(w, "'")
		if w == "" || honorifics[w] {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

// norm is normName with a per-article cache: an article names the same
// few people over and over.
func (d *doc) norm(s string) string {
	if k, ok := d.normCache[s]; ok {
		return k
	}
	if d.normCache == nil {
		d.normCache = map[string]string{}
	}
	k := normName(s)
	d.normCache[s] = k
	return k
}

// NormName folds a speaker or entity name the way the whole program
// compares names: case, diacritics, honorifics and punctuation ignored.
func NormName(s string) string { return normName(s) }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
