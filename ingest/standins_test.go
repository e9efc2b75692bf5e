package ingest

import (
	"errors"
	"testing"

	dateparser "github.com/markusmobius/go-dateparser"
)

// TestNoDateParser keeps go-dateparser's package initialisers (250 ms and
// 78 MB in every command) out of the binary: go.mod replaces it with the
// stand-in under third_party/nodateparser, which finds no date. Without
// the replace directive this test does not build. go-htmldate's fast
// mode, the one ingest asks trafilatura for, never calls the parser;
// TestExtractPageGolden pins the dates it finds.
func TestNoDateParser(t *testing.T) {
	d, err := (&dateparser.Parser{}).Parse(&dateparser.Configuration{}, "20 May 2025")
	if !errors.Is(err, dateparser.ErrNotLinked) || !d.IsZero() {
		t.Errorf("Parse = %v, %v; want the stand-in's zero date and ErrNotLinked", d, err)
	}
}
