// Package distiller stands in for github.com/markusmobius/go-domdistiller
// in the claims binary, through a replace directive in claims' go.mod.
//
// claims reaches go-domdistiller only through go-trafilatura, which calls
// it only as its second fallback extractor, when Options.EnableFallback is
// set; claims never sets it (ingest's trafilaturaOptions, held so by
// TestTrafilaturaNoFallback) and falls back to readeck's go-readability
// itself. The real package's initialisers build Unicode range tables rune
// by rune (1.7 MB, 13–19 ms) in every claims command, HTML or not.
//
// The contract: the identifiers below have go-domdistiller's names and
// types (at v0.0.0-20240926050704-25b8d046ffb4) as far as go-trafilatura
// uses them; Apply always returns a nil Result and ErrNotLinked, which
// trafilatura takes as "no candidate".
package distiller

import (
	"errors"
	nurl "net/url"

	"golang.org/x/net/html"
)

// ErrNotLinked is what Apply returns: the real distiller is not in this
// binary.
var ErrNotLinked = errors.New("go-domdistiller is not linked into this program (see claims' go.mod)")

// Options are the options of Apply that go-trafilatura sets.
type Options struct {
	OriginalURL    *nurl.URL
	SkipPagination bool
}

// Result is the distilled page; Node is its content.
type Result struct {
	Node *html.Node
}

// Apply finds nothing: see the package comment.
func Apply(doc *html.Node, opts *Options) (*Result, error) {
	return nil, ErrNotLinked
}
