// Package claimstest holds what tests of several packages need of claims
// alike. Only tests import it.
package claimstest

import "github.com/claims-project/claims"

// WithoutEntities returns claims read from a store as they were put:
// without the entities the store attaches to their speakers. The claims
// given are not changed.
func WithoutEntities(cs []claims.Claim) []claims.Claim {
	out := make([]claims.Claim, len(cs))
	for i, c := range cs {
		if c.Speaker != nil {
			sp := *c.Speaker
			sp.Entity = nil
			c.Speaker = &sp
		}
		if c.Speakers != nil {
			c.Speakers = append([]claims.Speaker(nil), c.Speakers...)
			for j := range c.Speakers {
				c.Speakers[j].Entity = nil
			}
		}
		out[i] = c
	}
	return out
}
