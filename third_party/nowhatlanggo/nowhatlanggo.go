// Package whatlanggo stands in for github.com/RadhiFadlillah/whatlanggo in
// the claims binary, through a replace directive in claims' go.mod.
//
// claims reaches whatlanggo only through go-trafilatura, which detects the
// language of every page it extracts to fill Metadata.Language and to
// check Options.TargetLanguage. claims reads neither (ingest sets no
// TargetLanguage, held so by TestTrafilaturaNoFallback, and takes no
// language from the metadata), while the real package's initialisers
// build its trigram profiles of some 80 languages (350 kB) in every claims
// command, HTML or not.
//
// The contract: the identifiers below have whatlanggo's names and types
// (at v0.0.0-20240916001553-aac1f0f737fc) as far as go-trafilatura uses
// them; DetectLang always returns Unknown, whose ISO 639-1 code is "".
package whatlanggo

// Lang is a language.
type Lang int

// Unknown is the only language this stand-in knows.
const Unknown Lang = -1

// DetectLang detects nothing: see the package comment.
func DetectLang(text string) Lang { return Unknown }

// Iso6391 returns the ISO 639-1 code of the language, "" for Unknown.
func (l Lang) Iso6391() string { return "" }
