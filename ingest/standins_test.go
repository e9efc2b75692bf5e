package ingest

import (
	"errors"
	"testing"

	"github.com/RadhiFadlillah/whatlanggo"
	"github.com/forPelevin/gomoji"
	readability "github.com/go-shiori/go-readability"
	dateparser "github.com/markusmobius/go-dateparser"
	distiller "github.com/markusmobius/go-domdistiller"
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

// TestTrafilaturaNoFallback: go.mod replaces the two extractors that
// trafilatura falls back to (go-shiori's readability, go-domdistiller) with
// stand-ins that find nothing, and its language detector with one that
// knows no language, which is right only while ingest never turns
// trafilatura's fallback on nor asks it for a language. (Without the
// replace directives the ErrNotLinked checks do not build.)
func TestTrafilaturaNoFallback(t *testing.T) {
	opts := trafilaturaOptions(nil)
	if opts.EnableFallback || opts.FallbackCandidates != nil {
		t.Error("trafilaturaOptions turns trafilatura's fallback on; its fallback extractors are stand-ins (go.mod)")
	}
	if opts.TargetLanguage != "" {
		t.Error("trafilaturaOptions asks for a language; its language detector is a stand-in (go.mod)")
	}
	if code := whatlanggo.DetectLang("The minister said the bridge would reopen.").Iso6391(); code != "" {
		t.Errorf("whatlanggo: %q, want the stand-in's \"\"", code)
	}
	if _, err := readability.FromDocument(nil, nil); !errors.Is(err, readability.ErrNotLinked) {
		t.Errorf("go-shiori/go-readability: %v, want the stand-in's ErrNotLinked", err)
	}
	if r, err := distiller.Apply(nil, nil); r != nil || !errors.Is(err, distiller.ErrNotLinked) {
		t.Errorf("go-domdistiller: %v, %v, want the stand-in's nil and ErrNotLinked", r, err)
	}
}

// TestGomojiAsOriginal: go.mod replaces gomoji with a stand-in that reads
// its emoji table on first use; RemoveEmojis (go-trafilatura cleans
// bylines with it) gives what gomoji v1.2.0's gave for each input (the
// wants were printed by the original).
func TestGomojiAsOriginal(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"By Jane Doe 🇺🇸", "By Jane Doe "},
		{"👩\u200d👩\u200d👧 Family desk", " Family desk"},
		{"Ana López ✍️ and Bo Li 👍🏽", "Ana López  and Bo Li "},
		{"plain byline", "plain byline"},
		{"#1 writer #️⃣ ©", "#1 writer  "},
		{"\u200b🔥 Hot take 🔥\ufe0f", " Hot take "},
		{"x❤y", "xy"},
	} {
		if got := gomoji.RemoveEmojis(tc.in); got != tc.want {
			t.Errorf("RemoveEmojis(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
