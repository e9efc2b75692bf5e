// Package gomoji stands in for github.com/forPelevin/gomoji v1.2.0 in the
// claims binary, through a replace directive in claims' go.mod: the part
// of it that go-trafilatura calls (RemoveEmojis, on bylines), with the same
// result, without the cost of the original in every claims command.
//
// The original's table is a map literal of 5,000 emojis with their names,
// groups and code points, built by its package initialiser (1 MB, 6–19 ms)
// whether or not a command reads a page. Here the table is emojis.txt,
// its emoji strings alone, written by go generate from the original's
// source, embedded, and read into a set the first time RemoveEmojis runs.
// RemoveEmojis is the original's ReplaceEmojisWithFunc with a nil
// replacer (MIT licence, LICENSE), reading that set.
package gomoji

//go:generate go run ./internal/gen github.com/forPelevin/gomoji@v1.2.0 emojis.txt

import (
	"bytes"
	_ "embed"
	"strings"
	"sync"
	"unicode"

	"github.com/rivo/uniseg"
)

//go:embed emojis.txt
var emojiList string

// emojis is the set of emoji strings, made on first use.
var emojis = sync.OnceValue(func() map[string]struct{} {
	set := make(map[string]struct{}, strings.Count(emojiList, "\n"))
	for e := range strings.SplitSeq(strings.TrimSuffix(emojiList, "\n"), "\n") {
		set[e] = struct{}{}
	}
	return set
})

// RemoveEmojis removes all emojis from s: every grapheme cluster that is
// one, then every rune that is one, and then non-printing characters and
// variation selectors at either end, as the original does.
func RemoveEmojis(s string) string {
	set := emojis()
	cleanBuf := bytes.Buffer{}
	gr := uniseg.NewGraphemes(s)
	for gr.Next() {
		if _, ok := set[gr.Str()]; !ok {
			cleanBuf.Write(gr.Bytes())
		}
	}
	var res bytes.Buffer
	for _, r := range cleanBuf.String() {
		if _, ok := set[string(r)]; !ok {
			res.WriteRune(r)
		}
	}
	return strings.TrimFunc(res.String(), func(r rune) bool {
		return !unicode.IsGraphic(r) || !unicode.IsPrint(r) || unicode.In(r, unicode.Variation_Selector)
	})
}
