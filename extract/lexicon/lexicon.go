// Package lexicon holds the word lists that attribution rests on, as data:
// one text file per list under data/, embedded in the binary, each opening
// with a comment that says what the list is for and where its entries come
// from. Load parses them once into a Lexicon, which is immutable and safe
// for concurrent use.
//
// # File format
//
// One entry per line, lower case; blank lines and lines starting with "#"
// are ignored. An entry may hold spaces ("new york"). Lists with columns
// (cues.txt, given_names.txt, gendered_titles.txt, pronouns.txt) say their
// columns in their header. A list that names an entry twice is an error, so
// that a list never says two things about one word.
//
// # Where to change what
//
//   - A reporting verb: one line in data/cues.txt (its class and flags are
//     explained at the top of that file). Its inflections are generated;
//     where a consonant may double (quip → quipped), the spelling the
//     English lemma dictionary confirms comes from data/cue_forms.txt,
//     which go generate writes, so that no program loads the dictionary.
//   - A title word ("President", "Sen."): one line in titles.txt, which
//     lives with the lists the store shares, in the root package's words/.
//   - A noun that names people, organisations or documents able to speak:
//     words/person_nouns.txt, words/org_nouns.txt (shared with the store's
//     speaker linking), data/doc_nouns.txt.
//
// Closed grammatical classes of English (forms of "be", relative pronouns,
// dashes) are not lists here: they are code beside the rule that reads
// them, since they do not grow with the news.
package lexicon

import (
	"embed"
	"fmt"
	"io/fs"

	"github.com/claims-project/claims"
)

//go:embed data/*.txt
var files embed.FS

// Set is an immutable set of words.
type Set struct{ m map[string]struct{} }

// Has reports whether w is in the set.
func (s Set) Has(w string) bool {
	_, ok := s.m[w]
	return ok
}

// Len returns the number of words in the set.
func (s Set) Len() int { return len(s.m) }

// Gender is what a word tells of a person's sex: 'f', 'm', or 0 for
// nothing.
type Gender byte

// Pronoun is what a speaker pronoun says about its referent.
type Pronoun struct {
	Gender Gender
	Plural bool
	Thing  bool // "it": an organisation or a place
}

// Lexicon is every list, loaded. Field names follow the file names in
// data/; each file's header says what the list is for.
type Lexicon struct {
	// Cues maps every form of a reporting verb ("said", "warns") to what
	// it tells about a cue.
	Cues map[string]*Cue

	Titles, PersonNouns, OrgNouns, DocNouns, NotSpeakerHeads, GroupHeads,
	QuantSubjects, Indefinites, StatementNouns, NotSources Set

	OrgSuffixes, Places, PlaceSuffixes, GroupNames, ThingHeads, Demonyms Set

	NameParticles, NameSuffixes, PostNominals, NotNames, SentenceStarters Set

	AdverbsBeforeCue, GoForms, Subordinators, OpeningSubordinators,
	AdjunctPreps, TimeWords, NounMarkers, QuestionStarts Set

	NotColonSpeakers, TitleSmallWords, WorkMarkers, KeepStop, PlainCues, ProxyRoles Set

	// Boilerplate is page furniture and form labels that stand where a
	// speaker could and are never one ("Article Continued").
	Boilerplate Set

	Pronouns       map[string]Pronoun
	GivenNames     map[string]Gender
	GenderedTitles map[string]Gender
}

// Load parses the embedded lists.
func Load() (*Lexicon, error) { return LoadFS(Files()) }

// Files returns the lists, under data/: this package's own and the ones
// it shares with the store, which live in the root package
// (claims.WordFiles: titles, person and organisation nouns, group heads,
// organisation suffixes, name particles and suffixes, demonyms) and are served here as if they
// were in data/. A program that extends a list copies them, changes its
// copy and loads it with LoadFS.
func Files() fs.FS { return unionFS{own: files, shared: claims.WordFiles()} }

// LoadFS parses the lists from fsys, which holds them under data/ as the
// embedded ones are: a test loads a changed copy this way.
func LoadFS(fsys fs.FS) (*Lexicon, error) {
	p := &parser{fsys: fsys}
	lx := &Lexicon{}
	sets := map[string]*Set{
		"titles": &lx.Titles, "person_nouns": &lx.PersonNouns, "org_nouns": &lx.OrgNouns,
		"doc_nouns": &lx.DocNouns, "not_speaker_heads": &lx.NotSpeakerHeads, "group_heads": &lx.GroupHeads,
		"quant_subjects": &lx.QuantSubjects, "indefinites": &lx.Indefinites,
		"statement_nouns": &lx.StatementNouns, "not_sources": &lx.NotSources,
		"org_suffixes": &lx.OrgSuffixes, "places": &lx.Places, "place_suffixes": &lx.PlaceSuffixes,
		"group_names": &lx.GroupNames, "thing_heads": &lx.ThingHeads, "demonyms": &lx.Demonyms,
		"name_particles": &lx.NameParticles, "name_suffixes": &lx.NameSuffixes,
		"post_nominals": &lx.PostNominals, "not_names": &lx.NotNames,
		"sentence_starters": &lx.SentenceStarters, "adverbs_before_cue": &lx.AdverbsBeforeCue,
		"go_forms": &lx.GoForms, "subordinators": &lx.Subordinators,
		"opening_subordinators": &lx.OpeningSubordinators, "adjunct_preps": &lx.AdjunctPreps,
		"time_words": &lx.TimeWords, "noun_markers": &lx.NounMarkers,
		"question_starts": &lx.QuestionStarts, "not_colon_speakers": &lx.NotColonSpeakers,
		"title_small_words": &lx.TitleSmallWords, "work_markers": &lx.WorkMarkers,
		"keep_stop": &lx.KeepStop, "plain_cues": &lx.PlainCues, "boilerplate": &lx.Boilerplate,
		"proxy_roles": &lx.ProxyRoles,
	}
	for name, s := range sets {
		*s = p.set(name)
	}
	lx.GivenNames = p.genders("given_names")
	lx.GenderedTitles = p.genders("gendered_titles")
	lx.Pronouns = p.pronouns("pronouns")
	if p.err != nil {
		return nil, p.err
	}
	cues, err := p.cues("cues")
	if err != nil {
		return nil, err
	}
	lx.Cues = cues
	return lx, nil
}

// Cue returns what a lower-case word form tells about a cue.
func (lx *Lexicon) Cue(lower string) (*Cue, bool) {
	c, ok := lx.Cues[lower]
	return c, ok
}

// lineError names the file and line of a defect in a list.
type lineError struct {
	file string
	line int
	err  error
}

func (e *lineError) Error() string { return fmt.Sprintf("lexicon %s:%d: %v", e.file, e.line, e.err) }
func (e *lineError) Unwrap() error { return e.err }
