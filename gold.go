package claims

// Gold is one labelled article of a gold file, as formats.md ("Gold
// labels") writes it: the article text and the claims a person marked in
// it. The prediction-only fields of a Claim (id, quotes, confidence, type)
// are not part of it.
type Gold struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	// HTML is the path, relative to the gold file, of the page the text
	// came from; "" when there is none.
	HTML   string      `json:"html,omitempty"`
	Claims []GoldClaim `json:"claims"`
}

// GoldClaim is one labelled claim. Speaker is nil for a statement the text
// attributes to nobody.
type GoldClaim struct {
	Kind    Kind         `json:"kind"`
	Start   int          `json:"start"`
	End     int          `json:"end"`
	Text    string       `json:"text"`
	Speaker *GoldSpeaker `json:"speaker"`
	Cue     *Span        `json:"cue,omitempty"`
}

// GoldSpeaker is a labelled speaker. A speaker named earlier in the
// article (a quote in a run of quoted paragraphs) has a name and no
// mention, and then no offsets.
type GoldSpeaker struct {
	Name    string `json:"name"`
	Mention string `json:"mention,omitempty"`
	Start   *int   `json:"start,omitempty"`
	End     *int   `json:"end,omitempty"`
}

// Claim returns g as a Claim, the form the scorer compares with
// predictions.
func (g GoldClaim) Claim() Claim {
	c := Claim{Kind: g.Kind, Text: g.Text, Start: g.Start, End: g.End, Cue: g.Cue}
	if s := g.Speaker; s != nil {
		c.Speaker = &Speaker{Name: s.Name, Mention: s.Mention}
		if s.Mention != "" && s.Start != nil && s.End != nil {
			c.Speaker.Start, c.Speaker.End = *s.Start, *s.End
		}
	}
	return c
}

// GoldClaimOf returns the gold form of c: what a person would label, with
// a speaker's offsets only when it has a mention.
func GoldClaimOf(c Claim) GoldClaim {
	g := GoldClaim{Kind: c.Kind, Start: c.Start, End: c.End, Text: c.Text, Cue: c.Cue}
	if s := c.Speaker; s != nil {
		g.Speaker = &GoldSpeaker{Name: s.Name}
		if s.HasMention() {
			st, en := s.Start, s.End
			g.Speaker.Mention, g.Speaker.Start, g.Speaker.End = s.Mention, &st, &en
		}
	}
	return g
}
