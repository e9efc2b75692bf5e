// Package claims holds the objects of the project's data contract,
// ../shared/spec/formats.md: a Claim with its Span, Speaker and Entity
// pieces, the Article it was found in, the Document that `claims extract
// --json` prints, the Gold labels that `claims eval` reads, and the one
// rule by which names are compared (NormalizeName).
//
// Every other package names a claim through this one, so that the store,
// the scorer and the corpus never import the extractor, and the contract
// is written down once. It imports nothing of this module.
//
// Offsets in every Span, Claim and Speaker are half-open ranges of
// Unicode code points into the article text, and
//
//	[]rune(text)[s.Start:s.End] == s.Text
//
// holds for every span a producer emits.
package claims

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// The types in this file are the wire format of ../shared/spec/formats.md:
// field names, JSON kinds and omission rules are a contract with other
// tools, so change them only by adding optional fields.

// Kind says how much of a claim's content is verbatim.
type Kind string

const (
	// Direct: the whole content is inside quote marks.
	Direct Kind = "direct"
	// Partial: the writer's paraphrase with quoted words inside it.
	Partial Kind = "partial"
	// Indirect: reported speech with no quote marks.
	Indirect Kind = "indirect"
)

// Valid reports whether k is one of the three kinds the spec allows.
func (k Kind) Valid() bool { return k == Direct || k == Partial || k == Indirect }

// Kinds lists every kind in a fixed order, for reports.
var Kinds = [...]Kind{Direct, Partial, Indirect}

// Span is a piece of the article text. Start and End are code-point offsets,
// half-open, and text[Start:End] (in code points) == Text.
type Span struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Speaker is who a claim is attributed to.
type Speaker struct {
	// Name is the canonical name within the article: the fullest form it
	// uses, or for unnamed speakers the noun phrase itself.
	Name string `json:"name"`
	// Mention is the words the attribution rests on; Start and End are its
	// code-point offsets. A gold speaker may have a name and no mention, in
	// which case Mention is "".
	Mention string `json:"mention"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	// Type is PERSON, ORG, GPE, GROUP or OTHER.
	Type  string `json:"type,omitempty"`
	Title string `json:"title,omitempty"`
	// Entity is the person or organisation a store links the speaker to
	// across all its articles (formats.md, speaker.entity): set only on
	// claims read from a store, and absent for generic speakers ("the
	// company", "officials") that are not linked.
	Entity *EntityRef `json:"entity,omitempty"`
}

// EntityRef names a store-wide speaker entity: a stable id ("p_…" for a
// person, "o_…" for an organisation) and the canonical name, the fullest
// form seen without titles.
type EntityRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// HasMention reports whether the speaker rests on words in the text.
func (s *Speaker) HasMention() bool { return s != nil && s.End > s.Start }

// Entity is a person, organisation or place named inside a claim's content.
type Entity struct {
	Name  string `json:"name"`
	Text  string `json:"text"`
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Speaker and entity types.
const (
	TypePerson = "PERSON"
	TypeOrg    = "ORG"
	TypeGPE    = "GPE"
	TypeGroup  = "GROUP"
	TypeOther  = "OTHER"
)

// Claim is one attributed statement.
type Claim struct {
	ID         string    `json:"id,omitempty"`
	Kind       Kind      `json:"kind"`
	Text       string    `json:"text"`
	Start      int       `json:"start"`
	End        int       `json:"end"`
	Quotes     []Span    `json:"quotes"`
	Speaker    *Speaker  `json:"speaker"`
	Speakers   []Speaker `json:"speakers,omitempty"`
	Cue        *Span     `json:"cue"`
	Confidence float64   `json:"confidence"`
	Entities   []Entity  `json:"entities,omitempty"`
	// Rule names the attribution sieve that found the claim
	// ("quote-then-attribution", "cue-clause", ...), so that a user can
	// see why a statement was attributed as it was. Optional.
	Rule string `json:"rule,omitempty"`
	// SpeakerBasis says what the speaker rests on: "name", "pronoun",
	// "role", "group" or "none". Optional.
	SpeakerBasis string `json:"speaker_basis,omitempty"`
}

// Article is the metadata of the document claims were found in, as printed
// in the "article" object of `claims extract --json` and `claims query
// --json`. Absent metadata is left empty and omitted, never invented.
type Article struct {
	ID   string `json:"id"`
	URL  string `json:"url,omitempty"`
	Path string `json:"path,omitempty"`
	// PathAsGiven is the path as the user named it, when that differs
	// from Path (ingest stores Path absolute, so that it can be found from
	// anywhere); for display only.
	PathAsGiven string    `json:"path_as_given,omitempty"`
	Title       string    `json:"title,omitempty"`
	Byline      string    `json:"byline,omitempty"`
	Published   time.Time `json:"published,omitzero"`
	Site        string    `json:"site,omitempty"`
	// Text is the text the claim offsets refer to; printed only on request.
	Text string `json:"text,omitempty"`
}

// Document is one line of `claims extract --json`.
type Document struct {
	Article Article `json:"article"`
	Claims  []Claim `json:"claims"`
}

// Marshal is v as JSON the way the project prints and stores it: HTML
// characters (<, >, &) as they are, not escaped, and no newline after it.
// An Encoder with SetEscapeHTML(false) prints the same, and a newline.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// ArticleID names an article: by its canonical URL when it has one, so that
// the same story fetched twice is one article, else by its text.
func ArticleID(canonicalURL, text string) string {
	h := sha256.New()
	if canonicalURL != "" {
		h.Write([]byte("url\x00"))
		h.Write([]byte(canonicalURL))
	} else {
		h.Write([]byte("text\x00"))
		h.Write([]byte(text))
	}
	return "a_" + hex.EncodeToString(h.Sum(nil)[:8])
}

// AssignIDs gives every claim an id derived from the article's id and the
// claim's span and kind, so ids are stable across runs and distinct across
// articles.
func AssignIDs(articleID string, claims []Claim) {
	var buf []byte
	for i := range claims {
		c := &claims[i]
		buf = append(buf[:0], articleID...)
		buf = fmt.Appendf(buf, "\x00%s\x00%d\x00%d", c.Kind, c.Start, c.End)
		sum := sha256.Sum256(buf)
		c.ID = "c_" + hex.EncodeToString(sum[:6])
	}
}
