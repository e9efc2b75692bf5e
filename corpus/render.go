package corpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"

	"github.com/claims-project/claims"
)

// goldArticle is the gold form of an article with our corpus's own
// field: which constructions (corpus/README.md) it exercises.
type goldArticle struct {
	claims.Gold
	Constructions []int `json:"constructions,omitempty"`
}

// Render turns annotated sources into gold JSON Lines, one article a line,
// in the order given.
func Render(srcs []*Source) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, s := range srcs {
		a := goldArticle{Gold: claims.Gold{ID: s.ID, Text: s.Text, HTML: s.HTML, Claims: []claims.GoldClaim{}}, Constructions: s.Constructions}
		for _, c := range s.Claims {
			a.Claims = append(a.Claims, claims.GoldClaimOf(c))
		}
		if err := enc.Encode(a); err != nil {
			return nil, fmt.Errorf("render %s: %w", s.ID, err)
		}
	}
	return buf.Bytes(), nil
}

// ParseDir parses every src/*.txt file of fsys, sorted by name, and checks
// that ids are unique.
func ParseDir(fsys fs.FS, dir string) ([]*Source, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	seen := map[string]string{}
	var out []*Source
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", n, err)
		}
		s, err := Parse(n, string(b))
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[s.ID]; dup {
			return nil, fmt.Errorf("%s: id %q already used by %s", n, s.ID, prev)
		}
		seen[s.ID] = n
		out = append(out, s)
	}
	return out, nil
}
