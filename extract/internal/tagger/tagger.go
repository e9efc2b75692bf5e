// Package tagger tags words with prose v3's English part-of-speech model,
// giving the tags prose's perceptron tagger (prose/v3/tag) gives, in less
// time: it finds the model's features through a hash index instead of a
// binary search over their strings, and lowers words into one buffer
// instead of a string each. It reads the model prose ships
// (prose/v3/tag/aptagmodel) and does all that prose's Tagger.TagTokens
// does without a caller's lexicon, in the same order, so that every tag is
// the same; TestTagsAsProse and FuzzTagsAsProse hold it to that.
//
// It is carried here until prose's own flat model finds features by hash
// (model.go says what that change is); then extract can use prose's
// tagger again and this package can go.
//
// A Tagger is immutable after New and safe for concurrent use.
package tagger

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/jdkato/prose/v3/tag/aptagmodel"
	"github.com/jdkato/prose/v3/token"
)

// Tagger assigns Penn Treebank tags with prose's averaged perceptron.
type Tagger struct {
	m         *model
	emoticons map[string]struct{}
	// emoStart marks the first bytes of emoticons: a word starting
	// otherwise is none, without a map lookup.
	emoStart [256]bool
	pool     sync.Pool
}

//go:embed emoticons.txt
var emoticonFile []byte

// prose passes Penn Treebank's traces and bracket tokens through
// unscored; these are its expressions for them.
var (
	noneRe = regexp.MustCompile(`^(?:0|\*[\w?]\*|\*\-\d{1,3}|\*[A-Z]+\*\-\d{1,3}|\*)$`)
	keepRe = regexp.MustCompile(`^\-[A-Z]{3}\-$`)
)

// New decodes prose's English model and indexes it.
func New() (*Tagger, error) {
	m, err := decode(aptagmodel.English)
	if err != nil {
		return nil, fmt.Errorf("prose's English tagger model: %w", err)
	}
	t := &Tagger{m: m, emoticons: map[string]struct{}{}}
	sc := bufio.NewScanner(bytes.NewReader(emoticonFile))
	for sc.Scan() {
		if l := sc.Text(); l != "" && !strings.HasPrefix(l, "#") {
			t.emoticons[l] = struct{}{}
			t.emoStart[l[0]] = true
		}
	}
	t.pool.New = func() any { return &scratch{scores: make([]float32, len(m.classes))} }
	return t, nil
}

// scratch is one call's working memory, pooled.
type scratch struct {
	scores []float32
	key    []byte
	ctx    []string
	lower  []byte // the lowered words of ctx, which are views of it
}

// TagTokens sets the Tag of each token from its Text, the tokens being one
// sentence, as prose's Tagger.TagTokens does.
func (t *Tagger) TagTokens(tokens []token.Token) {
	if len(tokens) == 0 {
		return
	}
	s := t.pool.Get().(*scratch)
	defer t.pool.Put(s)
	// ctx holds the normalised words between two sentinels at each end.
	need := len(tokens) + 4
	if cap(s.ctx) < need {
		s.ctx = make([]string, need)
	}
	ctx := s.ctx[:need]
	ctx[0], ctx[1] = "-START-", "-START2-"
	ctx[need-2], ctx[need-1] = "-END-", "-END2-"
	size := 0
	for i := range tokens {
		size += len(tokens[i].Text)
	}
	if cap(s.lower) < size {
		s.lower = make([]byte, 0, size)
	}
	// lower never grows past its capacity, so the views stay valid.
	s.lower = s.lower[:0]
	for i := range tokens {
		ctx[i+2] = s.normalize(tokens[i].Text)
	}
	p1, p2 := "-START-", "-START2-"
	for i := range tokens {
		tag := t.tagOne(s, i, ctx, tokens[i].Text, p1, p2)
		tokens[i].Tag = tag
		p2, p1 = p1, tag
	}
	clear(ctx) // no views of the buffer outlive the call
}

// tagOne is prose's order: its fixed tags, the model's unambiguous words,
// then the model's scores.
func (t *Tagger) tagOne(s *scratch, i int, ctx []string, word, p1, p2 string) string {
	switch {
	case word == "-":
		return "-"
	case t.isEmoticon(word):
		return "SYM"
	case strings.HasPrefix(word, "@"):
		return "NN"
	case noneRe.MatchString(word):
		return "-NONE-"
	case keepRe.MatchString(word):
		return word
	}
	if id, ok := t.m.tagMap[word]; ok {
		return t.m.classes[id]
	}
	return t.predict(s, i, ctx, word, p1, p2)
}

func (t *Tagger) isEmoticon(w string) bool {
	if w == "" || !t.emoStart[w[0]] {
		return false
	}
	_, ok := t.emoticons[w]
	return ok
}

// predict scores the fourteen features of prose's tagger, in its order.
func (t *Tagger) predict(s *scratch, i int, ctx []string, word, p1, p2 string) string {
	clear(s.scores)
	i = min(len(ctx)-3, i+2)
	suf, pre := suffix(word, 3), prefix1(word)
	iMinus, iPlus := suffix(ctx[i-1], 3), suffix(ctx[i+1], 3)
	t.feat(s, "bias")
	t.feat(s, "i suffix ", suf)
	t.feat(s, "i pref1 ", pre)
	t.feat(s, "i-1 tag ", p1)
	t.feat(s, "i-2 tag ", p2)
	t.feat(s, "i tag+i-2 tag ", p1, " ", p2)
	t.feat(s, "i word ", ctx[i])
	t.feat(s, "i-1 tag+i word ", p1, " ", ctx[i])
	t.feat(s, "i-1 word ", ctx[i-1])
	t.feat(s, "i-1 suffix ", iMinus)
	t.feat(s, "i-2 word ", ctx[i-2])
	t.feat(s, "i+1 word ", ctx[i+1])
	t.feat(s, "i+1 suffix ", iPlus)
	t.feat(s, "i+2 word ", ctx[i+2])
	return t.m.best(s.scores)
}

func (t *Tagger) feat(s *scratch, parts ...string) {
	s.key = s.key[:0]
	for _, p := range parts {
		s.key = append(s.key, p...)
	}
	t.m.accumulate(s.key, s.scores)
}

// suffix returns the last n bytes of w, or w: bytes, not runes, as the
// model was trained.
func suffix(w string, n int) string {
	if len(w) <= n {
		return w
	}
	return w[len(w)-n:]
}

func prefix1(w string) string {
	if w == "" {
		return ""
	}
	return w[:1]
}

// normalize maps a word to the form the model was trained on, as prose
// does; an ASCII word with capitals is lowered into s.lower.
func (s *scratch) normalize(w string) string {
	if w == "" {
		return w
	}
	if w[0] != '-' && strings.IndexByte(w, '-') >= 0 {
		return "!HYPHEN"
	}
	if len(w) == 4 && isDecimalInt(w) {
		return "!YEAR"
	}
	if w[0] >= '0' && w[0] <= '9' {
		return "!DIGITS"
	}
	upper := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return strings.ToLower(w)
		}
		upper = upper || 'A' <= c && c <= 'Z'
	}
	if !upper {
		return w
	}
	start := len(s.lower)
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		s.lower = append(s.lower, c)
	}
	return unsafe.String(&s.lower[start], len(w))
}

// isDecimalInt reports whether s is what strconv.Atoi accepts: a sign,
// perhaps, and at least one ASCII digit.
func isDecimalInt(s string) bool {
	i := 0
	if s[0] == '+' || s[0] == '-' {
		i = 1
	}
	if i == len(s) {
		return false
	}
	for ; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
