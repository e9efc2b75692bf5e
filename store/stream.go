package store

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"slices"
	"strings"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store/entity"
)

// PutStream stores article a like Put, for an article whose claims are
// too many to hold at once: each calls yield with its claims in batches,
// in order, and PutStream writes each batch as it comes, staged (stage.go)
// and made visible by one final write, so that memory holds one batch at
// a time. Claims must have ids (claims.AssignIDs), distinct within each
// batch. A failure of each or of a write leaves the store as it was for
// readers. The content hash is Put's, so an unchanged article is
// recognised whichever way it was stored.
func (s *Store) PutStream(ctx context.Context, a claims.Article, source string, each func(yield func([]claims.Claim) error) error) (PutResult, error) {
	if err := validateArticle(a, nil); err != nil {
		return PutResult{}, err
	}
	end, err := s.beginPut(ctx, a.ID)
	if err != nil {
		return PutResult{}, err
	}
	defer end()
	res, err := s.staged(ctx, a, source, func(stored *articleRecord) (int, string, []entity.Speaker, error) {
		h, err := newStreamHash(a)
		if err != nil {
			return 0, "", nil, err
		}
		n := 0
		var speakers speakerTally
		err = each(func(cs []claims.Claim) error {
			if err := validateArticle(a, cs); err != nil {
				return err
			}
			if err := h.add(cs); err != nil {
				return err
			}
			entries, err := claimEntries(nil, stored, n, cs)
			if err != nil {
				return err
			}
			n += len(cs)
			speakers.add(articleSpeakers(cs))
			return s.writeBatches(ctx, entries, stored, s.hook("staged"))
		})
		return n, h.sum(), speakers.list(), err
	})
	// (As Put does: the shared article cache must not serve the version
	// this one replaced.)
	s.articles.invalidate(a.ID, res.Superseded)
	if err != nil {
		return res, fmt.Errorf("store article %s: %w", a.ID, err)
	}
	return res, nil
}

// speakerTally counts the speakers of a stream of claims, so that linking
// a long article holds one entry per distinct speaker, not per claim.
type speakerTally map[entity.Speaker]int

func (t *speakerTally) add(sps []entity.Speaker) {
	if *t == nil {
		*t = speakerTally{}
	}
	for _, sp := range sps {
		(*t)[sp]++
	}
}

// list is the tally as speakers with their claim counts, in a fixed order.
func (t speakerTally) list() []entity.Speaker {
	out := make([]entity.Speaker, 0, len(t))
	for sp, n := range t {
		sp.Claims = n
		out = append(out, sp)
	}
	slices.SortFunc(out, func(a, b entity.Speaker) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.Title, b.Title), strings.Compare(a.Type, b.Type))
	})
	return out
}

// streamHash is contentHash computed a batch of claims at a time: the
// article, then the claims as the one JSON array json.Encoder writes for
// them.
type streamHash struct {
	h hash.Hash
	n int
}

func newStreamHash(a claims.Article) (*streamHash, error) {
	h := sha256.New()
	a.PathAsGiven = ""
	if err := json.NewEncoder(h).Encode(a); err != nil {
		return nil, err
	}
	return &streamHash{h: h}, nil
}

func (s *streamHash) add(cs []claims.Claim) error {
	for i := range cs {
		b, err := json.Marshal(&cs[i])
		if err != nil {
			return err
		}
		sep := []byte{','}
		if s.n == 0 {
			sep[0] = '['
		}
		s.n++
		s.h.Write(sep)
		s.h.Write(b)
	}
	return nil
}

func (s *streamHash) sum() string {
	if s.n == 0 {
		s.h.Write([]byte("["))
	}
	s.h.Write([]byte("]\n"))
	return hex.EncodeToString(s.h.Sum(nil)[:16])
}
