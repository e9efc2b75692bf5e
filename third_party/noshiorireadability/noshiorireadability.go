// Package readability stands in for github.com/go-shiori/go-readability
// in the claims binary, through a replace directive in claims' go.mod.
//
// claims reaches go-shiori's readability only through go-trafilatura,
// which calls it only as its first fallback extractor, when
// Options.EnableFallback is set; claims never sets it (ingest's
// trafilaturaOptions, held so by TestTrafilaturaNoFallback) and falls
// back to readeck's go-readability/v2, its successor, itself. Linking
// both readabilities costs their package initialisers (regular
// expressions) in every claims command.
//
// The contract: the identifiers below have go-readability's names and
// types (at v0.0.0-20241012063810-92284fa8a71f) as far as go-trafilatura
// uses them; FromDocument always returns an empty Article and
// ErrNotLinked, which trafilatura takes as "no candidate".
package readability

import (
	"errors"
	nurl "net/url"

	"golang.org/x/net/html"
)

// ErrNotLinked is what FromDocument returns: the real readability is not
// in this binary.
var ErrNotLinked = errors.New("go-shiori/go-readability is not linked into this program (see claims' go.mod)")

// Article is a page's readable content; Node is its body.
type Article struct {
	Title string
	Node  *html.Node
}

// FromDocument finds nothing: see the package comment.
func FromDocument(doc *html.Node, pageURL *nurl.URL) (Article, error) {
	return Article{}, ErrNotLinked
}
