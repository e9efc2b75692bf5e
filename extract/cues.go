package extract

// Candidate cues, part of preparation: which words may signal an
// attribution. A cue is a form of a reporting verb in the lexicon
// (lexicon/data/cues.txt) within the extractor's scope, "according to",
// or a colon where colons introduce statements. Whether a sentence holds
// one decides whether it is tagged, which is most of the cost.

import (
	"strings"

	"github.com/claims-project/claims/extract/lexicon"
)

// maxCueBytes is the longest word mayHoldCue looks up: no cue form is
// longer.
const maxCueBytes = 24

// mayHoldCue reports whether text has a word that is a cue form in the
// extractor's scope, "according", or a colon: only such a sentence is
// tokenized by prose and tagged. It looks words up in a stack buffer, so it
// allocates nothing.
func (e *Extractor) mayHoldCue(text string) bool {
	var buf [maxCueBytes]byte
	n := 0
	afterDet := false // the word before is a determiner or preposition
	check := func() bool {
		if n < 2 || n > len(buf) {
			return false
		}
		w := buf[:n]
		if string(w) == "according" {
			return true
		}
		c, ok := e.lex.Cues[string(w)]
		return ok && e.inScope(c) && !(c.Noun && afterDet)
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case 'a' <= c && c <= 'z':
			if n < len(buf) {
				buf[n] = c
			}
			n++
		case 'A' <= c && c <= 'Z':
			if n < len(buf) {
				buf[n] = c + ('a' - 'A')
			}
			n++
		default:
			if check() {
				return true
			}
			if n > 0 {
				afterDet = n <= len(buf) && e.lex.NounMarkers.Has(string(buf[:n]))
			} else if c != ' ' {
				afterDet = false
			}
			n = 0
			if c == ':' {
				return true
			}
		}
	}
	return check()
}

// markCue marks tk, the next token of the sentence that starts at token
// t0, as a cue when its form is one in scope; a form that is mostly a
// noun does not count after a determiner ("the report", "of claims").
func (p *preparer) markCue(tk *tok, t0 int) bool {
	c, ok := p.ex.lex.Cue(tk.lower)
	if !ok || !p.ex.inScope(c) || c.Noun && len(p.toks) > t0 && p.d.lex.NounMarkers.Has(p.toks[len(p.toks)-1].lower) {
		return false
	}
	tk.cue, tk.isCue = c, true
	return true
}

// opensAttribution reports "according" and a colon near the start of a
// sentence (headlines, transcripts), at its end, or before a quote: words
// that attribute without a reporting verb. n is the token's position in
// its sentence, which ends at byte e.
func opensAttribution(d *document, tk *tok, n, e int) bool {
	return tk.lower == "according" || tk.text == ":" && (n < colonOpening || tk.e >= e-1 || d.quoteOpeningAt(firstNonSpaceFrom(d.text, tk.e)) >= 0)
}

// dropNounCues unmarks, in the sentence that starts at token t0, the
// forms that are mostly nouns where the tagger did not call them verbs,
// or where they stand in a noun compound.
func (p *preparer) dropNounCues(t0 int) {
	for k := t0; k < len(p.toks); k++ {
		t := &p.toks[k]
		if !t.isCue {
			continue
		}
		if !strings.HasPrefix(t.tag, "VB") && p.inVerbSlot(k, t0) {
			t.tag = "VBP" // what the syntax says: "agencies report that"
		}
		if t.cue.Noun && (!strings.HasPrefix(t.tag, "VB") || p.inNounCompound(k, t0)) {
			t.cue, t.isCue = lexicon.NoCue, false
		}
	}
}

// inNounCompound reports a token between a noun or adjective and a noun
// ("the server email story"), where a form such as "email" is a noun
// whatever the tagger says.
func (p *preparer) inNounCompound(k, t0 int) bool {
	if k-1 < t0 || k+1 >= len(p.toks) {
		return false
	}
	// (Not after a plural noun: "ministers voiced frustration that" is a
	// subject and its verb.)
	prev, next := p.toks[k-1].tag, p.toks[k+1].tag
	return (prev == "NN" || prev == "JJ" || prev == "NNP") && (next == "NN" || next == "NNS")
}

// inVerbSlot reports a form such as "report", "notes" or "voices" that the
// tagger read as a noun where the syntax says verb: right after a
// subject (a noun, a name or a pronoun, not a determiner) and right before
// the "that" or colon that opens what was said ("Humanitarian agencies
// report that", "Smith notes:", "critics point out that").
func (p *preparer) inVerbSlot(k, t0 int) bool {
	if k-1 < t0 || k+1 >= len(p.toks) {
		return false
	}
	prev := k - 1
	if isDash(p.toks[prev].text) {
		// "lawmakers—several of whom …—warn that": the subject is before
		// the aside.
		for m := prev - 1; m > t0 && m > prev-asideReach; m-- {
			if p.toks[m].text == p.toks[prev].text {
				prev = m - 1
				break
			}
		}
	}
	switch p.toks[prev].tag {
	case "NNS", "NNPS", "NNP", "NN", "PRP":
	default:
		return false
	}
	next := k + 1
	if (p.toks[next].lower == "out" || p.toks[next].lower == "back") && next+1 < len(p.toks) {
		next++ // "points out that", "shot back that"
	}
	if p.toks[next].lower == "that" || p.toks[next].text == ":" {
		return true
	}
	// “…,” Viguerie notes. The quotation before the subject is what was
	// said; nothing may follow the verb but the sentence's end or a comma.
	return (p.toks[next].text == "." || p.toks[next].text == ",") && p.quoteBeforeSubject(prev, t0)
}

// quoteBeforeSubject reports a closing quotation mark right before the
// subject that ends at token prev: a name or a short noun phrase ("his
// nephew Tom Reid").
func (p *preparer) quoteBeforeSubject(prev, t0 int) bool {
	for m := prev; m >= t0 && m > prev-maxTitleWords-3; m-- {
		t := &p.toks[m]
		switch {
		case t.isQuoteMark():
			return m < prev && m > t0 && isClauseEnd(p.toks[m-1].text)
		case t.tag == "NNP" || t.tag == "NNPS" || t.tag == "NN" || t.tag == "JJ" || t.tag == "DT" || t.tag == "PRP$" || t.tag == "PRP" || t.tag == "POS":
		default:
			return false
		}
	}
	return false
}

// isClauseEnd reports the punctuation that closes a quoted clause before
// its closing mark ("…,” "…?” "…!”").
func isClauseEnd(w string) bool { return w == "," || w == "?" || w == "!" || w == "." || w == "…" }
