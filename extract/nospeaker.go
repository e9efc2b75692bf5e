package extract

// Noun phrases that stand where a speaker does and are no one: a bare
// year or clock time ("filed a lawsuit in 2013 alleging", "11:00 am –
// Police receive calls"), a demonym alone ("no American would ever say",
// but not Mark Cuban's surname), page furniture ("Name:", "Article
// Continued"), a header ("BOOM: ..."). A claim whose speaker is one of
// these is better given no speaker than a wrong one.

import (
	"strings"
	"unicode"
)

// noSpeaker reports a speaker noun phrase that names no one.
func (d *document) noSpeaker(n np) bool {
	if d.lex.Boilerplate.Has(strings.ToLower(d.spanText(n))) {
		return true
	}
	if n.t1-n.t0 != 1 {
		return false
	}
	t := &d.toks[n.t0]
	return isYearOrTime(t.text) || d.lex.Demonyms.Has(t.lower) && isUpperStart(t.text) && d.cast.lookup(d, n) == nil
}

// isEpithet reports "the" and a singular demonym ("the Norwegian", "the
// Iraqi"), which news uses for a person it has named. "The British", "the
// Japanese", "the Swiss" and "the Dutch" are peoples.
func (d *document) isEpithet(n np) bool {
	if n.t1-n.t0 != 2 || d.toks[n.t0].lower != "the" {
		return false
	}
	w := d.toks[n.t0+1].lower
	collective := strings.HasSuffix(w, "sh") || strings.HasSuffix(w, "ese") || strings.HasSuffix(w, "ch") || strings.HasSuffix(w, "ss")
	return d.lex.Demonyms.Has(w) && !collective
}

// isYearOrTime reports a year from 1000 to 2999 ("2013") or a clock time
// ("11:00").
func isYearOrTime(w string) bool {
	digits, colon := 0, 0
	for _, r := range w {
		switch {
		case unicode.IsDigit(r):
			digits++
		case r == ':':
			colon++
		default:
			return false
		}
	}
	return colon == 1 && digits >= 3 || colon == 0 && digits == 4 && (w[0] == '1' || w[0] == '2')
}

// isHeader reports a label in capitals that opens a line before a colon
// ("BOOM: Trump Just Fired ...", "HUFFPOLLSTER: ..."): a header, unless it
// is an acronym of three letters or fewer ("AP: ...", "UN: ..."), the
// article writes it as a name elsewhere, or the article is a transcript,
// where such labels take turns ("TAPPER: ...", "FALLIN: ...").
func (r *resolver) isHeader(n np) bool {
	d := r.d
	s, e := d.toks[n.t0].s, d.toks[n.t1-1].e
	label := d.text[s:e]
	if n.t1 >= len(d.toks) || d.toks[n.t1].text != ":" || strings.ToUpper(label) != label ||
		s > 0 && d.text[s-1] != '\n' || n.t1-n.t0 == 1 && len(label) <= 3 {
		return false
	}
	if r.capsLabels < 0 {
		r.capsLabels = countCapsLabels(d.text)
	}
	if r.capsLabels >= 2 {
		return false
	}
	// The one label may open many lines; the text is read for it once.
	if h, ok := r.headers[label]; ok {
		return h
	}
	if r.headers == nil {
		r.headers = map[string]bool{}
	}
	r.headers[label] = !d.writtenAsName(n)
	return r.headers[label]
}

// writtenAsName reports a label in capitals that the article writes as a
// name elsewhere, capitalised but not in capitals ("HUFFPOLLSTER:" in an
// article that cites HuffPollster).
func (d *document) writtenAsName(n np) bool {
	lower := strings.ToLower(d.text)
	if len(lower) != len(d.text) {
		return false // (offsets into lower would not be offsets into text)
	}
	for k := n.t0; k < n.t1; k++ {
		w := d.toks[k].text
		if len(w) < 2 || len(strings.ToLower(w)) != len(w) {
			continue
		}
		for i := 0; ; {
			j := strings.Index(lower[i:], strings.ToLower(w))
			if j < 0 {
				break
			}
			if o := d.text[i+j : i+j+len(w)]; o != w && isUpperStart(o) {
				return true
			}
			i += j + len(w)
		}
	}
	return false
}

// countCapsLabels counts the distinct labels in capitals that open a line
// before a colon, up to two.
func countCapsLabels(text string) int {
	first := ""
	for line := range strings.Lines(text) {
		label, _, ok := strings.Cut(line, ":")
		if !ok || label == "" || strings.ToUpper(label) != label || !strings.ContainsFunc(label, unicode.IsUpper) || strings.ContainsAny(label, "\n\"“") {
			continue
		}
		if first == "" {
			first = label
		} else if label != first {
			return 2
		}
	}
	if first == "" {
		return 0
	}
	return 1
}

// maxFurnitureParas bounds the paragraphs of page furniture a run of
// quoted paragraphs may step over.
const maxFurnitureParas = 3

// furnitureBetween reports whether every paragraph strictly between
// paragraphs p and q is page furniture ("Article Continued",
// "ADVERTISEMENT"), which a run of quoted paragraphs steps over, and
// there is at least one.
func (d *document) furnitureBetween(p, q int) bool {
	if q-p < 2 || q-p > maxFurnitureParas+1 {
		return false
	}
	for i := p + 1; i < q; i++ {
		if d.paras[i].e-d.paras[i].s > maxHeaderBytes {
			return false
		}
		t := strings.TrimSpace(d.text[d.paras[i].s:d.paras[i].e])
		if !d.lex.Boilerplate.Has(strings.ToLower(t)) && (strings.ToUpper(t) != t || !strings.ContainsFunc(t, unicode.IsLetter) || strings.ContainsAny(t, ".!?\"“”")) {
			return false
		}
	}
	return true
}

// withoutQuoteMarks returns n without the quotation marks the tagger read
// as nouns: one that opens it (a doubled apostrophe before "My client
// told me") and whatever follows one inside it ("the authors of the
// “Growth and Opportunity Project”" → "the authors"), with the words left
// dangling at its end.
func (d *document) withoutQuoteMarks(n np) np {
	for n.t1-n.t0 > 1 && d.toks[n.t0].isQuoteMark() {
		n.t0++
	}
	for k := n.t0 + 1; k < n.t1; k++ {
		if t := &d.toks[k]; t.isQuoteMark() && t.text != "’" && t.text != "'" {
			n.t1 = k
			for n.t1-n.t0 > 1 && (d.toks[n.t1-1].lower == "the" || d.toks[n.t1-1].lower == "a" || isPrepTail(d.toks[n.t1-1].lower)) {
				n.t1--
			}
			break
		}
	}
	return n
}
