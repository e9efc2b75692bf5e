package ingest

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/claims-project/claims"
)

// Summary is what a run did.
type Summary struct {
	Stored, Skipped, Failed int
	SkippedBy               map[string]int
	FailedBy                map[string]int
	Claims                  int
	ClaimsByKind            map[claims.Kind]int
	// Speakers counts claims per speaker name over stored articles.
	Speakers map[string]int
	// Tokens is the whitespace-separated words of stored article texts.
	Tokens  int
	Elapsed time.Duration
	// Work is the time from the start until the last article was stored:
	// what the throughput is measured over, so that a run that ends
	// waiting on a dead host while everything else is done is not
	// reported as slow.
	Work time.Duration
}

func newSummary() *Summary {
	return &Summary{
		SkippedBy:    map[string]int{},
		FailedBy:     map[string]int{},
		ClaimsByKind: map[claims.Kind]int{},
		Speakers:     map[string]int{},
	}
}

// add counts outcome o, which came at time at into the run.
func (s *Summary) add(o Outcome, at time.Duration) {
	switch o.Status {
	case Stored:
		s.Stored++
		s.Work = max(s.Work, at)
		s.Tokens += o.Tokens
		counts := o.Counts
		if counts == nil {
			counts = newClaimCounts()
			counts.add(o.Claims)
		}
		s.Claims += counts.N
		for k, n := range counts.ByKind {
			s.ClaimsByKind[k] += n
		}
		for name, n := range counts.Speakers {
			s.Speakers[name] += n
		}
	case Skipped:
		s.Skipped++
		s.SkippedBy[o.Reason]++
	case Failed:
		s.Failed++
		s.FailedBy[o.Reason]++
	}
}

// ClaimCounts is what a summary counts of an article's claims.
type ClaimCounts struct {
	N        int
	ByKind   map[claims.Kind]int
	Speakers map[string]int
}

func newClaimCounts() *ClaimCounts {
	return &ClaimCounts{ByKind: map[claims.Kind]int{}, Speakers: map[string]int{}}
}

func (c *ClaimCounts) add(cs []claims.Claim) {
	for i := range cs {
		c.N++
		c.ByKind[cs[i].Kind]++
		if sp := cs[i].Speaker; sp != nil && sp.Name != "" {
			c.Speakers[sp.Name]++
		}
	}
}

// NumClaims is how many claims a stored article has.
func (o *Outcome) NumClaims() int {
	if o.Counts != nil {
		return o.Counts.N
	}
	return len(o.Claims)
}

// Count is a name with how often it occurred.
type Count struct {
	Name string
	N    int
}

// sorted orders counts by frequency, then name, so reports are stable.
func sorted(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, v := range m {
		out = append(out, Count{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// TopSpeakers returns the n speakers with most claims.
func (s *Summary) TopSpeakers(n int) []Count {
	c := sorted(s.Speakers)
	if len(c) > n {
		c = c[:n]
	}
	return c
}

// Rates returns articles and tokens stored per second of work (Work):
// from the start until the last article was stored.
func (s *Summary) Rates() (articles, tokens float64) {
	sec := s.Work.Seconds()
	if sec <= 0 {
		return 0, 0
	}
	return float64(s.Stored) / sec, float64(s.Tokens) / sec
}

// Write prints the summary for a person.
func (s *Summary) Write(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "articles: %d stored, %d skipped, %d failed\n", s.Stored, s.Skipped, s.Failed)
	for _, c := range sorted(s.SkippedBy) {
		fmt.Fprintf(&b, "  skipped %-28s %d\n", c.Name+":", c.N)
	}
	for _, c := range sorted(s.FailedBy) {
		fmt.Fprintf(&b, "  failed  %-28s %d\n", c.Name+":", c.N)
	}
	fmt.Fprintf(&b, "claims: %d", s.Claims)
	if s.Claims > 0 {
		var parts []string
		for _, k := range claims.Kinds {
			parts = append(parts, fmt.Sprintf("%s %d", k, s.ClaimsByKind[k]))
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(parts, ", "))
	}
	b.WriteString("\n")
	if top := s.TopSpeakers(5); len(top) > 0 {
		b.WriteString("top speakers:\n")
		for _, c := range top {
			fmt.Fprintf(&b, "  %-30s %d\n", c.Name, c.N)
		}
	}
	ar, tr := s.Rates()
	over := s.Work
	if s.Stored == 0 {
		over = s.Elapsed
	}
	fmt.Fprintf(&b, "throughput: %.2f articles/s, %.0f tokens/s (tokens = whitespace-separated words) in %s\n",
		ar, tr, over.Round(time.Millisecond))
	if wait := s.Elapsed - s.Work; wait >= time.Second && s.Stored > 0 {
		fmt.Fprintf(&b, "  then %s waiting on sources that stored nothing (%s in all)\n",
			wait.Round(time.Millisecond), s.Elapsed.Round(time.Millisecond))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
