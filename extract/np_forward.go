package extract

// Noun phrases read forward, from the word after a cue or a quotation:
// "said Jane Doe", "said a spokeswoman for the ministry", "said one of two
// witnesses". np.go reads them backward, from the word before a cue.

// npStartingAt parses a speaker noun phrase starting at token k ("said
// Jane Doe", "said the minister", "said a spokeswoman for the ministry").
func (d *document) npStartingAt(k, hi int) np {
	if k >= hi {
		return np{}
	}
	t := &d.toks[k]
	if n := d.partitiveStarting(k, hi); !n.empty() {
		return n
	}
	if _, ok := d.lex.Pronouns[t.lower]; ok {
		return np{t0: k, t1: k + 1}
	}
	if (d.isNameTok(k) || d.isParticle(k) && k+1 < hi && d.isNameTok(k+1)) && !d.lex.SentenceStarters.Has(t.lower) && !d.demonymBeforeNoun(k, hi) {
		return d.npNameStarting(k, hi)
	}
	j := k
	if isDet(*t) {
		j++
	}
	// Premodifiers and nouns; the phrase ends at its last noun ("the most
	// recent data available from the FBI" → "the most recent data"). A
	// participle right after the determiner premodifies ("another leading
	// advocate", "the printed card").
	lastNoun := -1
	for m := j; m < hi && d.toks[m].text != "," && (d.npInner(m) || d.toks[m].tag == "RBS" || d.toks[m].tag == "RB" && m == j || m == j && j > k && d.premodifyingParticiple(m, hi)) && (d.toks[m].tag != "VBN" && d.toks[m].tag != "VBG" || m == j && j > k) && !(m > j && lastNoun >= 0 && isParticipleForm(d.toks[m].lower)); m++ {
		if isNounTag(d.toks[m].tag) || isUpperStart(d.toks[m].text) && m > k || isAgeNoun(d.toks[m].lower) {
			// "the Norwegian": a capitalised demonym heads the phrase.
			lastNoun = m
		}
	}
	if lastNoun < 0 {
		return np{}
	}
	j = lastNoun + 1
	if d.isNameTok(lastNoun) {
		// "the Department for Environment": the whole name.
		_, b := d.nameRun(lastNoun)
		j = max(j, min(b, hi))
	}
	// "said his lawyer, Sven Bakkali.": the apposition names the role.
	if j+1 < hi && d.toks[j].text == "," && d.isNameTok(j+1) {
		// (Also with an affiliation after it: "…, Andrew Pincus of Mayer
		// Brown".)
		if a, b := d.nameRun(j + 1); a == j+1 && (b == hi || d.toks[b].text == "," || d.toks[b].text == "." || d.toks[b].lower == "of" || d.toks[b].lower == "at") {
			return np{t0: a, t1: b}
		}
	}
	// "a spokeswoman for the ministry": take the tail too. "a count by the
	// Gazette": a document's author.
	prev := d.toks[j-1].lower
	if j+1 < hi && (isPrepTail(d.toks[j].lower) || d.toks[j].lower == "by" && d.lex.DocNouns.Has(prev)) && (d.lex.PersonNouns.Has(prev) || d.lex.DocNouns.Has(prev)) {
		if tail := d.npStartingAt(j+1, hi); !tail.empty() {
			return np{t0: k, t1: tail.t1}
		}
	}
	return np{t0: k, t1: j}
}

// partitiveStarting reads a part of a group that starts at token k:
// "one of two witnesses", "some of those advisers", "none of them".
func (d *document) partitiveStarting(k, hi int) np {
	t := &d.toks[k]
	if k+2 >= hi || d.toks[k+1].lower != "of" || !(t.tag == "CD" || d.lex.QuantSubjects.Has(t.lower) || d.lex.Indefinites.Has(t.lower)) {
		return np{}
	}
	if tail := d.npStartingAt(k+2, hi); !tail.empty() && d.speakerLike(tail) {
		return np{t0: k, t1: tail.t1}
	}
	return np{}
}

// premodifyingParticiple reports a participle at k that premodifies the
// noun after it ("leading advocate", "printed card").
func (d *document) premodifyingParticiple(k, hi int) bool {
	t := &d.toks[k]
	return (t.tag == "VBG" || t.tag == "VBN") && k+1 < hi && d.npInner(k+1) && d.toks[k+1].tag != "VBN" && d.toks[k+1].tag != "VBG"
}

// npNameStarting reads a proper name that starts at token k (a particle
// may open it: "said de Oliveira"), or the title it premodifies.
func (d *document) npNameStarting(k, hi int) np {
	var a, b int
	if d.isParticle(k) {
		_, b = d.nameRun(k + 1)
		a = k
	} else {
		a, b = d.nameRun(k)
	}
	if a != k {
		return np{}
	}
	b = min(b, hi)
	// "Montreal coach Benoît Lavallée", "Rheinhafen’s sporting director,
	// Jens-Uwe Brinkhoff": a name that premodifies a title held by the
	// named speaker.
	m := b
	if m < hi && (d.toks[m].text == "’s" || d.toks[m].text == "'s") {
		m++
	}
	t0 := m
	for m < hi && m < t0+titleAfterName && (d.lex.Titles.Has(d.toks[m].lower) || d.toks[m].tag == "JJ" || d.toks[m].tag == "NN" || d.titleModifier(m)) && !isUpperStart(d.toks[m].text) {
		m++
	}
	if m > t0 {
		if m < hi && d.toks[m].text == "," {
			m++
		}
		if m < hi && d.isNameTok(m) {
			if a2, b2 := d.nameRun(m); a2 == m {
				return np{t0: m, t1: min(b2, hi)}
			}
		}
		if t0 > b {
			// "Rheinhafen’s sporting director": the role itself.
			return np{t0: k, t1: m}
		}
	}
	return np{t0: k, t1: b}
}
