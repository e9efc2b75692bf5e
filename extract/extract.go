package extract

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/jdkato/prose/v3/segment"
	"github.com/jdkato/prose/v3/tokenize"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/extract/internal/tagger"
	"github.com/claims-project/claims/extract/lexicon"
)

// Extractor finds claims in article text. It holds only immutable models,
// word lists and rules, and a pool of scratch buffers; it is safe for
// concurrent use.
type Extractor struct {
	seg   *segment.Segmenter
	tok   *tokenize.Tokenizer
	tag   *tagger.Tagger
	lex   *lexicon.Lexicon
	marks *markTable
	rules []rule
	scope Scope
	// bufs recycles the buffers of finished documents (*bufs): the token
	// slice is the largest allocation per article, and reusing it takes
	// that load off the garbage collector in batch runs.
	bufs sync.Pool
}

// Scope says which attributions count as claims.
type Scope int

const (
	// ScopeSpeech (the default) takes statements: things said, written,
	// asked, announced, and what documents and data are reported to show.
	ScopeSpeech Scope = iota
	// ScopeAll adds beliefs and positions ("believes", "wants",
	// "criticized", "endorsed"), as attribution schemes such as PARC and
	// the PolNeAR corpus annotate them.
	ScopeAll
)

// ParseScope reads a scope name: "speech" or "all".
func ParseScope(s string) (Scope, error) {
	switch s {
	case "speech", "":
		return ScopeSpeech, nil
	case "all":
		return ScopeAll, nil
	}
	return 0, fmt.Errorf("unknown scope %q: want speech or all", s)
}

// String returns the scope's name.
func (s Scope) String() string {
	if s == ScopeAll {
		return "all"
	}
	return "speech"
}

// Option configures an Extractor.
type Option func(*Extractor)

// WithScope sets which attributions count as claims (ScopeSpeech by
// default).
func WithScope(s Scope) Option { return func(e *Extractor) { e.scope = s } }

// WithLexicon makes the extractor read lex instead of the embedded word
// lists (lexicon.Load); a program that extends a list loads its own copy
// with lexicon.LoadFS.
func WithLexicon(lex *lexicon.Lexicon) Option { return func(e *Extractor) { e.lex = lex } }

// Models are what every Extractor reads and none changes: prose's sentence
// model and tagger, and the embedded word lists. A Models loads them on
// first use, once, and the Extractors made from it share them; making one
// loads nothing, so a command holds one and pays for the models only when
// it extracts.
type Models struct {
	load func() (*models, error)
}

type models struct {
	seg *segment.Segmenter
	tag *tagger.Tagger
	lex *lexicon.Lexicon
}

// NewModels returns Models that load on first use.
func NewModels() *Models { return &Models{load: sync.OnceValues(loadModels)} }

func loadModels() (*models, error) {
	var m models
	var err error
	training, err := punktTraining()
	if err != nil {
		return nil, fmt.Errorf("load sentence model: %w", err)
	}
	m.seg = segment.WithTraining(training)
	if m.tag, err = tagger.New(); err != nil {
		return nil, fmt.Errorf("load tagger: %w", err)
	}
	if m.lex, err = lexicon.Load(); err != nil {
		return nil, err
	}
	return &m, nil
}

// New returns an Extractor with its own models, loaded now. A program that
// makes several holds one Models and calls its New.
func New(opts ...Option) (*Extractor, error) { return NewModels().New(opts...) }

// New returns an Extractor reading m's models, loading them if this is
// their first use.
func (m *Models) New(opts ...Option) (*Extractor, error) {
	ms, err := m.load()
	if err != nil {
		return nil, err
	}
	e := &Extractor{marks: newMarkTable(markStyles[:]), rules: rules()}
	for _, o := range opts {
		o(e)
	}
	e.seg, e.tag = ms.seg, ms.tag
	if e.lex == nil {
		e.lex = ms.lex
	}
	e.tok = newProseTokenizer()
	return e, nil
}

// Extract returns the claims in text, in order of where their content
// starts. It returns early with ctx's error if ctx is cancelled.
//
// The stages, each in its own file: prepare (prepare.go: paragraphs,
// quotations, sentences, tokens, cue words, tags and the article's cast of
// names) → rules (rules.go and rule_*.go: candidate claims, each
// quotation and cue word going to the first rule that takes it) →
// speakers (speakers.go: every speaker noun phrase to a canonical name) →
// claims (output.go: code-point offsets, entities, confidence).
//
// A text longer than WindowBytes is extracted a window of paragraphs at a
// time (window.go), in memory bounded by the window.
func (e *Extractor) Extract(ctx context.Context, text string) ([]claims.Claim, error) {
	if len(text) > WindowBytes {
		return e.extractWindows(ctx, text)
	}
	cs, _, err := e.extract(ctx, text, false)
	return cs, err
}

func (e *Extractor) extract(ctx context.Context, text string, explain bool) ([]claims.Claim, [][]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	text = validUTF8(text)
	p := e.newPreparer(text)
	defer e.release(p)
	d, err := p.prepare(ctx)
	if err != nil {
		return nil, nil, err
	}
	cands := attribute(d, e.rules)
	resolveSpeakers(d, cands)
	cs, terms := d.claims(cands, explain)
	return cs, terms, nil
}

// validUTF8 replaces each invalid byte with U+FFFD, one for one, so that
// code-point offsets agree with []rune(text) and with what a JSON encoder
// prints.
func validUTF8(text string) string {
	if utf8.ValidString(text) {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) + 16)
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString("\uFFFD")
		} else {
			b.WriteString(text[i : i+size])
		}
		i += size
	}
	return b.String()
}

// inScope reports whether cue c counts under the extractor's scope.
func (e *Extractor) inScope(c *lexicon.Cue) bool {
	return c.Class != lexicon.Belief && c.Class != lexicon.Stance || e.scope == ScopeAll
}
