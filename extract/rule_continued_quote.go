package extract

// continuedQuote gives every paragraph of a multi-paragraph quote the
// speaker of the paragraph that is attributed.
type continuedQuote struct{}

func (continuedQuote) id() RuleID { return RuleContinuedQuote }

func (rule continuedQuote) apply(d *document, led *ledger) {
	// The candidates of earlier rules, by quotation; pieces this rule
	// attributes do not pass their speaker on to others.
	byQuote := map[int]int{}
	for ci, c := range led.cands {
		for _, q := range c.quotes {
			byQuote[q] = ci
		}
	}
	for qi := range d.quotes {
		if !d.quotes[qi].contNext && !d.quotes[qi].contPrev {
			continue
		}
		// The first piece of the quote qi belongs to.
		a := qi
		for a > 0 && d.quotes[a].contPrev {
			a = d.prevPiece(a)
			if a < 0 {
				break
			}
		}
		if a < 0 || led.quoteTaken[qi] {
			continue
		}
		owner := -1
		for k := a; k >= 0 && k < len(d.quotes); k = d.nextPiece(k) {
			if ci, ok := byQuote[k]; ok {
				owner = ci
				break
			}
			if !d.quotes[k].contNext {
				break
			}
		}
		if owner < 0 {
			continue
		}
		c := d.quoteCand(qi, span{}, np{}, rule.id())
		c.inherit = owner
		led.propose(c)
	}
}

// prevPiece returns the piece of a multi-paragraph quote before piece k,
// or -1.
func (d *document) prevPiece(k int) int {
	for j := k - 1; j >= 0; j-- {
		if d.quotes[j].para == d.quotes[k].para-1 && d.quotes[j].contNext {
			return j
		}
		if d.quotes[j].para < d.quotes[k].para-1 {
			break
		}
	}
	return -1
}

// nextPiece returns the piece of a multi-paragraph quote after piece k,
// or -1.
func (d *document) nextPiece(k int) int {
	if !d.quotes[k].contNext {
		return -1
	}
	for j := k + 1; j < len(d.quotes); j++ {
		if d.quotes[j].para == d.quotes[k].para+1 && d.quotes[j].contPrev {
			return j
		}
		if d.quotes[j].para > d.quotes[k].para+1 {
			break
		}
	}
	return -1
}
