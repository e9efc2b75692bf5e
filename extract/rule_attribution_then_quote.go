package extract

import (
	"strings"
	"unicode"

	"github.com/claims-project/claims/extract/lexicon"
)

// attributionThenQuote: Doe said: “…” / Doe said, “…” / In a statement,
// the ministry said: “…”.
type attributionThenQuote struct{}

func (attributionThenQuote) id() RuleID { return RuleAttributionThenQuote }

// minStatementWords is how many words a quotation needs, with no comma or
// colon before it, to be a statement introduced by the cue before it
// rather than a term ("what colleagues call “the Professor”").
const minStatementWords = 3

func (rule attributionThenQuote) apply(d *document, led *ledger) {
	for qi := range d.quotes {
		q := d.quotes[qi]
		if led.quoteTaken[qi] || q.contPrev || q.e <= q.s {
			continue
		}
		r := newReader(d, led, q.parent)
		j := d.tokenAt(q.open) - 1
		if j < 0 || d.toks[j].q != r.lvl {
			continue
		}
		s := d.sents[d.toks[j].sent]
		colon := d.toks[j].text == ":"
		if s.para != q.para && !(colon && s.para == q.para-1 && q.open == firstNonSpace(d.text, d.paras[q.para])) {
			// Only a colon ending the paragraph before introduces a quote
			// that opens the next one.
			continue
		}
		j, ok := rule.cueBefore(r, q, j, s, colon)
		if !ok {
			continue
		}
		if j < s.t0 || !r.usableCue(j) {
			if colon && j >= s.t0 {
				rule.colonWithoutCue(r, qi, j, s)
			}
			continue
		}
		if spk := rule.speaker(r, j, s); !spk.empty() {
			led.propose(d.quoteCand(qi, d.tokSpan(j), spk, rule.id()))
			// "An economic downturn, he said, “could be …”": the words
			// before the attribution are a piece of the statement when the
			// quotation goes on with it in lower case; before a quoted
			// sentence of its own ("Later, he said, “We …”") they are the
			// writer's.
			// (Only when the attribution is set off whole: not in "Minutes
			// later, she sent an email saying, “done.”")
			if c := spk.t0 - 1; c > s.t0 && d.toks[c].text == "," && spk.t1 == j && j+1 < len(d.toks) && d.toks[j+1].text == "," && unicode.IsLower(firstRune(d.text[q.s:q.e])) {
				r.leftPiece(s, c, d.tokSpan(j), spk, rule.id())
			}
		}
	}
}

// cueBefore finds the cue of the quotation q whose opening mark follows
// token j: j itself, or a cue before a comma or colon and the hearer or
// adjuncts in between. It reports false when the quotation is a term in
// a sentence, not a statement the words before introduce.
func (attributionThenQuote) cueBefore(r reader, q quote, j int, s sentence, colon bool) (int, bool) {
	d := r.document
	joined := colon || d.toks[j].text == ","
	if joined {
		j--
	}
	if j > s.t0 && (d.toks[j].tag == "PRP" || (d.toks[j].tag == "NN" || d.toks[j].tag == "NNS") && !d.isNameTok(j)) && r.usableCue(j-1) &&
		(d.toks[j-1].cue.Hearer || d.toks[j-1].cue.Class == lexicon.Writing) {
		j-- // "He told me ‘never again’", "the bank told people ‘…’", "texted me, ‘…’"
		joined = true
	}
	// Inside a quotation, a cue right before a nested quote introduces it:
	// "He kept yelling ‘Get out!’ and I ran".
	nestedCue := q.depth > 0 && r.usableCue(j) && d.toks[j].tag != "NN" && d.toks[j].tag != "NNS"
	if !joined && !nestedCue && (len(strings.Fields(d.text[q.s:q.e])) < minStatementWords || !d.endsSentence(q)) {
		// "what colleagues call “the Professor”" is a name; "Obama said
		// “it gets me mad” every time ..." is a partial quote, which the
		// cue-clause rule takes whole.
		return j, false
	}
	if j > s.t0 && !r.usableCue(j) && joined {
		// "Mehta-Collins told the council:", "KC told jurors at Manchester
		// Crown Court:", "said Thursday on Twitter,": walk back over the
		// object and adjuncts to the cue, but not past another verb.
		for m := j - 1; m >= s.t0 && m >= j-cueBeforeObject; m-- {
			if r.usableCue(m) && !(d.toks[m].cue.Noun && d.toks[m].tag == "VB") {
				return m, true
			}
			if strings.HasPrefix(d.toks[m].tag, "VB") || d.toks[m].tag == "MD" {
				break
			}
		}
	}
	return j, true
}

// colonWithoutCue attributes quotation qi after the colon at token j+1
// with no reporting verb before it: "She then addressed the supporters:
// “…”", "Asked what has changed, she put it this way:" (the quote may open
// the next paragraph), "McDonald: “…”".
func (rule attributionThenQuote) colonWithoutCue(r reader, qi, j int, s sentence) {
	d := r.document
	subj := r.sentenceSubject(s, j+1)
	if n := d.npEndingAt(j, s.t0); !n.empty() && d.isNameTok(j) && (n.t0 == s.t0 || n.t0 == d.bodyStart(s)) {
		subj = n
	}
	if !subj.empty() && d.speakerLike(subj) {
		r.led.propose(d.quoteCand(qi, d.tokSpan(j+1), subj, rule.id()))
	}
}

// speaker returns who speaks through cue j, or an empty np. ("said Jane
// Doe: “…”" is rare and not read.)
func (attributionThenQuote) speaker(r reader, j int, s sentence) np {
	d := r.document
	spk := d.subjectBeforeAdjunct(d.npEndingAt(d.skipBack(j-1, s.t0), s.t0), s)
	if isIngForm(&d.toks[j]) && j > s.t0 && (d.toks[j-1].text == "," || d.toks[j-1].tag == "CC" || d.isObject(spk) || d.issuedDocument(spk)) {
		// "Nefzi said, adding, “…”": the participle's subject.
		spk = r.participleSubject(j, s)
	}
	if p := d.skipBack(j-1, s.t0); (spk.empty() || !d.speakerLike(spk)) && p >= s.t0 && d.toks[p].tag == "CC" {
		// "My father looked at me and said, ‘…’": the subject of the first
		// verb.
		spk = r.sentenceSubject(s, j)
	}
	if spk.empty() || !d.speakerLike(spk) {
		return np{}
	}
	return spk
}
