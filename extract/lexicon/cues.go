package lexicon

import (
	"slices"
	"strings"
)

// Class says how a reporting verb introduces what was said. The order is
// a precedence: where two verbs share a form ("found" of find and found),
// the lower class wins.
type Class uint8

// The classes of data/cues.txt.
const (
	Speech  Class = iota + 1 // said, told, warned: the default
	Writing                  // wrote, tweeted, posted
	Ask                      // asked, wondered: questions
	Belief                   // believes, thinks: positions, not speech
	Frame                    // characterized X as, described X as
	Data                     // shows, found: only with a document or data as subject
	Stance                   // supports, criticized, wants: positions, not speech
	Phrasal                  // talked about, pointed to: a cue only with its preposition
)

var classNames = map[string]Class{
	"speech": Speech, "writing": Writing, "ask": Ask, "belief": Belief,
	"frame": Frame, "data": Data, "stance": Stance, "phrasal": Phrasal,
}

// Verb is one line of data/cues.txt: a reporting verb and how it reports.
type Verb struct {
	Lemma string
	Class Class
	// NounLike verbs have forms that are more often nouns in news copy.
	NounLike bool
	// Weak verbs report speech only with "that" or a quotation after them.
	Weak bool
	// Commit verbs take a to-infinitive as content ("vowed to raise").
	Commit bool
	// Hearer verbs take the hearer as object before a quote ("told me").
	Hearer bool
	// HearerClause verbs take a noun phrase after them as the hearer, not
	// as the reported clause's subject ("told reporters he would").
	HearerClause bool
	// ObjectAs verbs report an object and "as" with what it is called
	// ("described the talks as productive").
	ObjectAs bool
	// ObjectComplement verbs report an object and what it is called, with
	// no "as" ("called the mayor a liar").
	ObjectComplement bool
	// ObjectTo verbs report a hearer and a to-infinitive ("urged residents
	// not to drive"); ObjectOf and ObjectFor an object and an of- or
	// for-phrase ("accused the mayor of lying", "blamed the storm for
	// delays"); Gerund verbs an -ing clause ("denied taking the money").
	ObjectTo, ObjectOf, ObjectFor, Gerund bool
	// QuoteOnly verbs report only a quotation beside them ("“…,” he
	// continued"), never a clause ("the inquiry is continuing").
	QuoteOnly bool
	// Preps are the prepositions through which the verb reports speech
	// ("called for", "warned of").
	Preps []string
	// Forms are inflections listed in the file, not generated.
	Forms []string
}

// Cue is what a word form tells about a cue: its verb, and whether this
// form is one that is more often a noun (every form of a NounLike verb but
// its -ed and -ing forms), which counts only where the tagger says verb.
type Cue struct {
	*Verb
	Noun bool
}

// NoCue is the cue of every word that is not a cue, so that reading a
// token's cue never needs a nil check.
var NoCue = &Cue{Verb: &Verb{}}

// cues reads data/NAME.txt and generates every form of every verb; the
// doubled-consonant spellings come from data/cue_forms.txt.
func (p *parser) cues(name string) (map[string]*Cue, error) {
	doubled := p.cueForms()
	if p.err != nil {
		return nil, p.err
	}
	confirm := func(form, lemma string) bool { return slices.Contains(doubled[lemma], form) }
	out := map[string]*Cue{}
	seen := map[string]int{}
	for _, l := range p.lines(name) {
		v := p.verb(l)
		if v == nil {
			continue
		}
		if prev, dup := seen[v.Lemma]; dup {
			p.fail(l.file, l.no, "verb %q already listed on line %d", v.Lemma, prev)
			continue
		}
		seen[v.Lemma] = l.no
		for _, f := range Inflect(confirm, v) {
			if prev, ok := out[f]; ok {
				if prev.Verb == v || prev.Class < v.Class {
					continue
				}
				if prev.Class == v.Class {
					p.fail(l.file, l.no, "form %q is also a form of %q, of the same class", f, prev.Lemma)
					continue
				}
			}
			out[f] = &Cue{Verb: v, Noun: v.NounLike && f != v.Lemma+"ed" && !strings.HasSuffix(f, "ing")}
		}
	}
	return out, p.err
}

// verb parses one line of cues.txt, or reports why it cannot.
func (p *parser) verb(l line) *Verb {
	if len(l.fields) < 2 {
		p.fail(l.file, l.no, "want a lemma and a class")
		return nil
	}
	v := &Verb{Lemma: l.fields[0]}
	var ok bool
	if v.Class, ok = classNames[l.fields[1]]; !ok {
		p.fail(l.file, l.no, "unknown class %q", l.fields[1])
		return nil
	}
	for _, f := range l.fields[2:] {
		switch {
		case f == "nounlike":
			v.NounLike = true
		case f == "weak":
			v.Weak = true
		case f == "commit":
			v.Commit = true
		case f == "hearer":
			v.Hearer = true
		case f == "hearer-clause":
			v.HearerClause = true
		case f == "object-as":
			v.ObjectAs = true
		case f == "object-complement":
			v.ObjectComplement = true
		case f == "object-to":
			v.ObjectTo = true
		case f == "object-of":
			v.ObjectOf = true
		case f == "object-for":
			v.ObjectFor = true
		case f == "gerund":
			v.Gerund = true
		case f == "quote-only":
			v.QuoteOnly = true
		case strings.HasPrefix(f, "prep="):
			v.Preps = strings.Split(strings.TrimPrefix(f, "prep="), ",")
		case strings.HasPrefix(f, "forms="):
			v.Forms = strings.Split(strings.TrimPrefix(f, "forms="), ",")
		default:
			p.fail(l.file, l.no, "unknown flag %q", f)
		}
	}
	return v
}

// Inflect returns every form of v: the lemma, the forms spelling decides,
// the listed forms, and of the doubled-consonant spellings (admit →
// admitted, but edit → edited) the ones confirm accepts as forms of the
// lemma, or both when it accepts neither. The plain forms stay even where
// the dictionary lists only a noun ("saying", "calling"), since the tagger
// checks them in context.
//
// At run time confirm reads data/cue_forms.txt; go generate writes that
// file with confirm asking the English lemma dictionary (ConfirmFunc).
func Inflect(confirm func(form, lemma string) bool, v *Verb) []string {
	sure, guessed := inflect(v.Lemma)
	sure = append(sure, v.Forms...)
	if len(guessed) == 4 {
		// guessed is single -ed, single -ing, doubled -ed, doubled -ing;
		// the -ed form the dictionary confirms settles both.
		single := confirm(guessed[0], v.Lemma)
		double := confirm(guessed[2], v.Lemma)
		switch {
		case double && !single:
			sure = append(sure, guessed[2], guessed[3])
		case single && !double:
			sure = append(sure, guessed[0], guessed[1])
		default:
			sure = append(sure, guessed...)
		}
	}
	return sure
}

// inflect generates the regular inflections of a verb lemma: the forms
// spelling decides, and the doubled-consonant forms it can only guess.
func inflect(l string) (sure, guessed []string) {
	sure = []string{l}
	n := len(l)
	last := l[n-1]
	isVowel := func(b byte) bool { return strings.IndexByte("aeiou", b) >= 0 }
	switch {
	case strings.HasSuffix(l, "y") && n > 1 && !isVowel(l[n-2]):
		sure = append(sure, l[:n-1]+"ies", l[:n-1]+"ied", l+"ing")
	case last == 'e':
		sure = append(sure, l+"s", l+"d", l[:n-1]+"ing")
	case strings.HasSuffix(l, "s") || strings.HasSuffix(l, "sh") || strings.HasSuffix(l, "ch") || strings.HasSuffix(l, "x"):
		sure = append(sure, l+"es", l+"ed", l+"ing")
	case n >= 3 && !isVowel(last) && last != 'w' && last != 'x' && last != 'y' && isVowel(l[n-2]) && !isVowel(l[n-3]):
		// Consonant-vowel-consonant: quip → quipped, but visit → visited.
		sure = append(sure, l+"s")
		guessed = append(guessed, l+"ed", l+"ing", l+string(last)+"ed", l+string(last)+"ing")
	default:
		sure = append(sure, l+"s", l+"ed", l+"ing")
	}
	return sure, guessed
}
