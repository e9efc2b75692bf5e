package extract

// possessiveStatement: a quotation no cue took, in a sentence whose
// subject is someone's words ("Putin’s statements ... were calibrated to
// portray him as willing to negotiate “on equal terms”"). The quotation is
// that person's.
type possessiveStatement struct{}

func (possessiveStatement) id() RuleID { return RulePossessiveStatement }

func (rule possessiveStatement) apply(d *document, led *ledger) {
	for qi := range d.quotes {
		q := d.quotes[qi]
		if led.quoteTaken[qi] || q.depth > 0 || q.e <= q.s {
			continue
		}
		k := d.tokenAt(q.open)
		if k >= len(d.toks) {
			continue
		}
		s := d.sents[d.toks[k].sent]
		for m := s.t0 + 1; m+1 < k && m < s.t0+possessiveReach; m++ {
			if d.toks[m].text != "’s" && d.toks[m].text != "'s" || !d.lex.StatementNouns.Has(d.toks[m+1].lower) {
				continue
			}
			if !d.isNameTok(m - 1) {
				break
			}
			a, _ := d.nameRun(m - 1)
			led.propose(d.quoteCand(qi, d.tokSpan(m+1), np{t0: a, t1: m}, rule.id()))
			break
		}
	}
}
