package extract

import (
	"fmt"
	"strings"

	"github.com/aaaton/golem/v4"
	"github.com/aaaton/golem/v4/dicts/en"
)

// This file holds the word lists attribution rests on. To teach the
// extractor a new reporting verb, add its lemma to cueLemmas with its class;
// its inflections are generated (irregular ones go in irregularForms).

// cueClass says how a reporting verb introduces what was said.
type cueClass uint8

const (
	cueSpeech  cueClass = iota + 1 // said, told, warned: the default
	cueWriting                     // wrote, tweeted, posted
	cueAsk                         // asked, wondered: questions
	cueBelief                      // believes, thinks: positions, not speech
	cueFrame                       // characterized X as, described X as
	cueData                        // shows, found: only with a document or data as subject
	cueStance                      // supports, criticized, wants: positions, not speech
	cuePhrasal                     // talked about, pointed to: a cue only with its preposition
)

// phrasalPreps lists, for verbs that report speech through a preposition,
// the prepositions that do so: "called for a ban", "warned of a
// recession", "talked about his record". The content is the object.
var phrasalPreps = map[string][]string{
	"call": {"for", "on"}, "talk": {"about", "of"}, "speak": {"about", "of", "on", "out"},
	"warn": {"of", "about", "against"}, "complain": {"about", "of"},
	"argue": {"for", "against"}, "push": {"for"}, "advocate": {"for"},
	"rail": {"against"}, "comment": {"on"}, "testify": {"about", "on"}, "ask": {"about", "for"},
	"joke": {"about"}, "boast": {"about", "of"},
	"write": {"about", "of"}, "tweet": {"about"}, "say": {"of", "about"}, "caution": {"against"},
	"lament": {"about"}, "worry": {"about"}, "think": {"about", "of"}, "hint": {"at"},
}

// cueLemmas is our reporting-verb lexicon. It started from the verbs that
// textacy and the Gender Gap Tracker publish and was pruned of verbs that
// in news copy mostly do something other than report speech.
var cueLemmas = map[string]cueClass{
	"say": cueSpeech, "tell": cueSpeech, "add": cueSpeech, "explain": cueSpeech,
	"note": cueSpeech, "argue": cueSpeech, "warn": cueSpeech, "insist": cueSpeech,
	"acknowledge": cueSpeech, "admit": cueSpeech, "announce": cueSpeech,
	"assert": cueSpeech, "claim": cueSpeech, "contend": cueSpeech, "declare": cueSpeech,
	"deny": cueSpeech, "emphasize": cueSpeech, "emphasise": cueSpeech, "stress": cueSpeech,
	"state": cueSpeech, "suggest": cueSpeech, "report": cueSpeech, "reveal": cueSpeech,
	"confirm": cueSpeech, "predict": cueSpeech, "promise": cueSpeech, "pledge": cueSpeech,
	"vow": cueSpeech, "urge": cueSpeech, "caution": cueSpeech, "complain": cueSpeech,
	"concede": cueSpeech, "conclude": cueSpeech, "maintain": cueSpeech, "mention": cueSpeech,
	"observe": cueSpeech, "recall": cueSpeech, "remark": cueSpeech, "repeat": cueSpeech,
	"reiterate": cueSpeech, "reply": cueSpeech, "respond": cueSpeech, "comment": cueSpeech,
	"testify": cueSpeech, "allege": cueSpeech, "boast": cueSpeech, "counter": cueSpeech,
	"disclose": cueSpeech, "quip": cueSpeech, "joke": cueSpeech, "lament": cueSpeech,
	"indicate": cueSpeech, "propose": cueSpeech, "recommend": cueSpeech, "remind": cueSpeech,
	"shout": cueSpeech, "whisper": cueSpeech, "mutter": cueSpeech, "inform": cueSpeech,
	"assure": cueSpeech, "threaten": cueSpeech, "hint": cueSpeech, "demand": cueSpeech,
	"clarify": cueSpeech, "retort": cueSpeech, "protest": cueSpeech, "plead": cueSpeech,
	"exclaim": cueSpeech, "proclaim": cueSpeech, "reaffirm": cueSpeech, "highlight": cueSpeech,
	"signal": cueSpeech, "agree": cueSpeech, "answer": cueSpeech, "advise": cueSpeech,
	"accuse": cueSpeech, "forecast": cueSpeech, "specify": cueSpeech,
	"stipulate": cueSpeech, "elaborate": cueSpeech, "concur": cueSpeech, "reason": cueSpeech,
	"charge": cueSpeech, "assent": cueSpeech, "brag": cueSpeech,
	"continue": cueSpeech, "recount": cueSpeech, "speculate": cueSpeech, "tout": cueSpeech,
	"show": cueData, "find": cueData, "estimate": cueData,
	"express": cueSpeech, "underscore": cueSpeech, "underline": cueSpeech, "rule": cueSpeech,
	"request": cueSpeech, "affirm": cueSpeech, "attest": cueSpeech, "swear": cueSpeech,
	"guarantee": cueSpeech, "reassure": cueSpeech, "confess": cueSpeech, "dispute": cueSpeech,
	"refute": cueSpeech, "echo": cueSpeech, "detail": cueSpeech, "outline": cueSpeech,
	"imply": cueSpeech, "verify": cueSpeech, "notify": cueSpeech, "decry": cueSpeech,
	"grumble": cueSpeech, "scoff": cueSpeech, "marvel": cueSpeech, "muse": cueSpeech,
	"chide": cueSpeech, "theorize": cueSpeech, "posit": cueSpeech, "calculate": cueData,
	// Manner-of-speaking verbs, mostly beside a quote ("…,” Toomey fumed).
	"fume": cueSpeech, "snap": cueSpeech, "gush": cueSpeech, "sniff": cueSpeech,
	"sigh": cueSpeech, "laugh": cueSpeech, "chuckle": cueSpeech, "scold": cueSpeech,
	"thunder": cueSpeech, "bellow": cueSpeech, "holler": cueSpeech, "yell": cueSpeech,
	"scream": cueSpeech, "interject": cueSpeech, "crow": cueSpeech, "vent": cueSpeech,
	"tease": cueSpeech, "taunt": cueSpeech,
	"write": cueWriting, "tweet": cueWriting, "post": cueWriting, "blog": cueWriting,
	"email": cueWriting, "text": cueWriting,
	"ask": cueAsk, "wonder": cueAsk, "question": cueAsk,
	"believe": cueBelief, "think": cueBelief, "expect": cueBelief, "fear": cueBelief,
	"hope": cueBelief, "worry": cueBelief, "doubt": cueBelief, "feel": cueBelief,
	"support": cueStance, "oppose": cueStance, "endorse": cueStance, "criticize": cueStance,
	"criticise": cueStance, "praise": cueStance, "reject": cueStance, "defend": cueStance,
	"condemn": cueStance, "blame": cueStance, "back": cueStance, "welcome": cueStance,
	"want": cueStance, "plan": cueStance, "intend": cueStance, "decline": cueStance,
	"refuse": cueStance, "seek": cueStance, "attack": cueStance, "slam": cueStance,
	"blast": cueStance, "applaud": cueStance, "favor": cueStance, "favour": cueStance,
	"prefer": cueStance, "cite": cueStance, "know": cueBelief,
	"talk": cuePhrasal, "speak": cuePhrasal, "refer": cuePhrasal,
	"push": cuePhrasal, "advocate": cuePhrasal, "rail": cuePhrasal,
	"characterize": cueFrame, "characterise": cueFrame, "describe": cueFrame, "frame": cueFrame,
	"portray": cueFrame, "call": cueFrame, "label": cueFrame, "dismiss": cueFrame,
}

// irregularForms lists inflections the suffix rules get wrong.
var irregularForms = map[string][]string{
	"swear": {"swore", "sworn"},
	"speak": {"spoke", "spoken"},
	"know":  {"knew", "known"},
	"seek":  {"sought"},
	"say":   {"said"},
	"tell":  {"told"},
	"write": {"wrote", "written"},
	"think": {"thought"},
	"feel":  {"felt"},
	"find":  {"found"},
	"quip":  {"quipped", "quipping"},
	"tweet": {"tweeted"},
}

// ambiguousForms are cue forms that are more often nouns than verbs in
// news copy ("the claims", "reports", "notes"); they count as cues only
// when the tagger says verb.
var nounLikeLemmas = map[string]bool{
	"claim": true, "report": true, "note": true, "state": true, "answer": true,
	"comment": true, "charge": true, "question": true, "post": true, "text": true,
	"email": true, "promise": true, "pledge": true, "vow": true, "demand": true,
	"estimate": true, "forecast": true, "counter": true, "signal": true, "reason": true,
	"call": true, "label": true, "frame": true, "hope": true, "fear": true, "doubt": true,
	"highlight": true, "protest": true, "caution": true, "joke": true, "quip": true,
	"worry": true, "stress": true, "repeat": true, "reply": true, "remark": true,
	"tout": true, "continue": true, "respond": true, "blog": true, "lament": true,
	"rule": true, "request": true, "echo": true, "detail": true, "outline": true, "dispute": true,
	"guarantee": true, "muse": true, "marvel": true, "express": true,
	"snap": true, "sniff": true, "sigh": true, "laugh": true, "thunder": true, "yell": true,
	"scream": true, "crow": true, "vent": true, "tease": true, "holler": true,
}

// cueForm is what a word form tells about a cue.
type cueForm struct {
	lemma string
	class cueClass
	// nounLike forms need a verb tag to count.
	nounLike bool
}

// lexicon is built once by New and read concurrently.
type lexicon struct {
	forms map[string]*cueForm
}

func newLexicon() (*lexicon, error) {
	lem, err := golem.New(en.New())
	if err != nil {
		return nil, fmt.Errorf("load English lemmas: %w", err)
	}
	lx := &lexicon{forms: make(map[string]*cueForm, len(cueLemmas)*5)}
	for lemma, class := range cueLemmas {
		sure, guessed := inflect(lemma)
		sure = append(sure, irregularForms[lemma]...)
		// Doubling a final consonant (admit → admitted, but edit →
		// edited) cannot be decided by spelling; golem decides. The plain
		// forms are kept even where golem lists only a noun ("saying",
		// "calling"), since the tagger checks them in context.
		if len(guessed) == 4 {
			// guessed is single -ed, single -ing, doubled -ed, doubled
			// -ing; the -ed form golem confirms settles both, and with no
			// confirmation both spellings stay.
			single, double := lem.InDict(guessed[0]) && contains(lem.Lemmas(guessed[0]), lemma), lem.InDict(guessed[2]) && contains(lem.Lemmas(guessed[2]), lemma)
			switch {
			case double && !single:
				sure = append(sure, guessed[2], guessed[3])
			case single && !double:
				sure = append(sure, guessed[0], guessed[1])
			default:
				sure = append(sure, guessed...)
			}
		}
		for _, f := range sure {
			if prev, ok := lx.forms[f]; ok && prev.class <= class {
				continue
			}
			lx.forms[f] = &cueForm{lemma: lemma, class: class, nounLike: nounLikeLemmas[lemma] && f != lemma+"ed" && !strings.HasSuffix(f, "ing")}
		}
	}
	return lx, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
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

// lookup returns the cue form of a lower-cased word.
func (lx *lexicon) lookup(lower string) (*cueForm, bool) {
	f, ok := lx.forms[lower]
	return f, ok
}

// noCue is the cue form of every token that is not a cue, so that reading
// a token's cue never needs a nil check.
var noCue = &cueForm{}
