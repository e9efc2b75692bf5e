// Package dateparser stands in for github.com/markusmobius/go-dateparser
// in the claims binary, through a replace directive in claims' go.mod.
//
// claims reaches go-dateparser only through go-trafilatura → go-htmldate,
// and only in htmldate's "extensive" search, which claims never asks for
// (ingest runs trafilatura with HtmlDateMode Fast, so htmldate sets
// SkipExtensiveSearch and never calls Parse). The real package compiles
// the regular expressions of some 200 locales in its package
// initialisers: 250–340 ms and 78 MB in every claims command, HTML or
// not. This package keeps only the part of its API that go-htmldate
// names, and Parse finds no date, so that an extensive search, were one
// asked for, would end as a fast one does: with the dates htmldate finds
// without a date parser.
//
// The contract: the identifiers below have go-dateparser v1.2.3's names
// and types; Parse always returns a zero Date and ErrNotLinked.
package dateparser

import (
	"errors"
	"time"
)

// ErrNotLinked is what Parse returns: the real date parser is not in this
// binary.
var ErrNotLinked = errors.New("go-dateparser is not linked into this program (see claims' go.mod)")

// ParserType names one of go-dateparser's parsers.
type ParserType uint8

// The parser types of go-dateparser, in its order.
const (
	Timestamp ParserType = iota
	NegativeTimestamp
	RelativeTime
	CustomFormat
	AbsoluteTime
	NoSpacesTime
)

// PreferredDateSource says how go-dateparser fills in a date's missing
// parts.
type PreferredDateSource uint8

// The sources of go-dateparser, in its order.
const (
	CurrentPeriod PreferredDateSource = iota
	Past
	Future
)

// Configuration holds the settings go-htmldate passes to the parser.
type Configuration struct {
	Locales             []string
	Languages           []string
	PreferredDateSource PreferredDateSource
	StrictParsing       bool
}

// Date is a parsed date; Parse returns only the zero one.
type Date struct {
	Locale string
	Time   time.Time
}

// IsZero reports whether d is empty.
func (d Date) IsZero() bool { return d.Time.IsZero() }

// Parser is go-dateparser's parser, without its work.
type Parser struct {
	ParserTypes []ParserType
}

// Parse finds no date: it returns the zero Date and ErrNotLinked.
func (p *Parser) Parse(_ *Configuration, _ string, _ ...string) (Date, error) {
	return Date{}, ErrNotLinked
}
