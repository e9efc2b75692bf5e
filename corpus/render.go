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

// goldSpeaker and goldClaim give the gold-file shape of formats.md: the
// prediction-only fields (id, confidence, type) are left out, and a speaker
// with no mention in the text is written without one.
type goldSpeaker struct {
	Name    string `json:"name"`
	Mention string `json:"mention,omitempty"`
	Start   *int   `json:"start,omitempty"`
	End     *int   `json:"end,omitempty"`
}

type goldClaim struct {
	Kind    claims.Kind  `json:"kind"`
	Start   int          `json:"start"`
	End     int          `json:"end"`
	Text    string       `json:"text"`
	Speaker *goldSpeaker `json:"speaker"`
	Cue     *claims.Span `json:"cue,omitempty"`
}

type goldArticle struct {
	ID            string      `json:"id"`
	Text          string      `json:"text"`
	HTML          string      `json:"html,omitempty"`
	Constructions []int       `json:"constructions,omitempty"`
	Claims        []goldClaim `json:"claims"`
}

// Render turns annotated sources into gold JSON Lines, one article a line,
// in the order given.
func Render(srcs []*Source) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, s := range srcs {
		a := goldArticle{ID: s.ID, Text: s.Text, HTML: s.HTML, Constructions: s.Constructions, Claims: []goldClaim{}}
		for _, c := range s.Claims {
			g := goldClaim{Kind: c.Kind, Start: c.Start, End: c.End, Text: c.Text, Cue: c.Cue}
			if c.Speaker != nil {
				g.Speaker = &goldSpeaker{Name: c.Speaker.Name}
				if c.Speaker.HasMention() {
					st, en := c.Speaker.Start, c.Speaker.End
					g.Speaker.Mention, g.Speaker.Start, g.Speaker.End = c.Speaker.Mention, &st, &en
				}
			}
			a.Claims = append(a.Claims, g)
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
