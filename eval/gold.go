package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/claims-project/claims"
)

// Article is one labelled article of a gold file: the gold form the spec
// defines (claims.Gold; its HTML path is relative to File's directory) and
// where it was read. The scorer compares each gold claim with predictions
// as a claims.Claim (claims.GoldClaim.Claim).
type Article struct {
	claims.Gold
	// File and Line say where the article was read, for messages.
	File string
	Line int
}

// InputError is a defect in a gold file. Every defect the reader finds is
// reported as one of these; none is skipped.
type InputError struct {
	File    string
	Line    int    // 1-based; 0 when the error concerns the whole file
	Article string // id of the article, when known
	Field   string // JSON path of the bad field, e.g. "claims[2].speaker.start"
	Err     error
}

func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Article != "" {
		fmt.Fprintf(&b, " (article %q)", e.Article)
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *InputError) Unwrap() error { return e.Err }

// maxReported bounds how many defects one read reports, so that a file in
// the wrong format does not print a million lines.
const maxReported = 20

// The raw* types mirror claims.Gold for the validating decoder only.
// claims.Gold cannot say what a line left out: decoded into it, a missing
// "start" is 0, a valid offset, and a missing "speaker" is nil, which the
// spec reserves for an explicit null, a statement attributed to nobody.
// Both are defects the reader must report, so a line is decoded here with
// pointers (and the speaker kept raw), checked, and turned into a
// claims.Gold; nothing outside this file sees these types.
//
// Unknown fields (constructions, ...) are ignored by encoding/json, as the
// spec allows. "quotes", which the gold format does not have but PolNeAR's
// files carry, are checked like every other span, so that a file with bad
// ones is still rejected, and then dropped: the scorer never reads them.
type rawSpan struct {
	Text  *string `json:"text"`
	Start *int    `json:"start"`
	End   *int    `json:"end"`
}

type rawSpeaker struct {
	Name    *string `json:"name"`
	Mention *string `json:"mention"`
	Start   *int    `json:"start"`
	End     *int    `json:"end"`
}

type rawClaim struct {
	Kind  *string `json:"kind"`
	Text  *string `json:"text"`
	Start *int    `json:"start"`
	End   *int    `json:"end"`
	// Speaker stays raw so that an absent speaker (an error) can be told
	// from `null` (a statement the text attributes to nobody).
	Speaker json.RawMessage `json:"speaker"`
	Quotes  []rawSpan       `json:"quotes"`
	Cue     *rawSpan        `json:"cue"`
}

type rawArticle struct {
	ID     *string     `json:"id"`
	Text   *string     `json:"text"`
	HTML   string      `json:"html"`
	Claims *[]rawClaim `json:"claims"`
}

// ReadGoldFile reads one gold file from disk.
func ReadGoldFile(path string) ([]*Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &InputError{File: path, Err: fmt.Errorf("open gold file: %w", err)}
	}
	defer f.Close()
	return ReadGold(f, path)
}

// ReadGoldFS reads one gold file from fsys (e.g. corpus.Files).
func ReadGoldFS(fsys fs.FS, name string) ([]*Article, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, &InputError{File: name, Err: fmt.Errorf("open gold file: %w", err)}
	}
	defer f.Close()
	return ReadGold(f, name)
}

// ReadGoldFiles reads several gold files in order and checks that article
// ids are unique across all of them, since results are keyed by id.
func ReadGoldFiles(paths []string) ([]*Article, error) {
	var all []*Article
	seen := map[string]*Article{}
	var errs []error
	for _, p := range paths {
		arts, err := ReadGoldFile(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, a := range arts {
			if prev, dup := seen[a.ID]; dup {
				errs = append(errs, &InputError{File: a.File, Line: a.Line, Article: a.ID, Field: "id",
					Err: fmt.Errorf("id already used at %s:%d", prev.File, prev.Line)})
				continue
			}
			seen[a.ID] = a
			all = append(all, a)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return all, nil
}

// ReadGold reads gold JSON Lines from r; name is used in messages and as
// Article.File. Blank lines are allowed, but a file of none but blank
// lines fails with ErrNoArticles. Any defect fails the whole read,
// with up to maxReported defects joined into the error, each an
// *InputError naming file, line and field.
func ReadGold(r io.Reader, name string) ([]*Article, error) {
	// bufio.Reader.ReadBytes has no line-length limit, unlike Scanner's
	// default 64 KiB, and articles can be far longer than that.
	br := bufio.NewReaderSize(r, 1<<16)
	var arts []*Article
	var errs []error
	ids := map[string]int{}
	for lineNo := 1; ; lineNo++ {
		line, err := br.ReadBytes('\n')
		if err != nil && err != io.EOF {
			return nil, &InputError{File: name, Line: lineNo, Err: fmt.Errorf("read: %w", err)}
		}
		if len(bytes.TrimSpace(line)) > 0 {
			a, lerrs := parseLine(line, name, lineNo)
			if a != nil {
				if prev, dup := ids[a.ID]; dup {
					lerrs = append(lerrs, &InputError{File: name, Line: lineNo, Article: a.ID, Field: "id",
						Err: fmt.Errorf("id already used on line %d", prev)})
				} else {
					ids[a.ID] = lineNo
				}
			}
			errs = append(errs, lerrs...)
			if len(errs) == 0 {
				arts = append(arts, a)
			}
			if len(errs) >= maxReported {
				errs = append(errs, fmt.Errorf("%s: stopped after %d errors", name, len(errs)))
				break
			}
		}
		if err == io.EOF {
			break
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(arts) == 0 {
		// Scores over no articles are a table of dashes, which reads as a
		// result; a gold file without articles is a mistake.
		return nil, &InputError{File: name, Err: ErrNoArticles}
	}
	return arts, nil
}

// ErrNoArticles: a gold file holds no article (it is empty, or only blank
// lines).
var ErrNoArticles = errors.New("the gold file has no articles")

// parseLine decodes and checks one article. It returns the article (nil
// when it could not be decoded at all) and every defect found in it.
func parseLine(line []byte, file string, lineNo int) (*Article, []error) {
	var raw rawArticle
	if err := json.Unmarshal(line, &raw); err != nil {
		ie := &InputError{File: file, Line: lineNo, Err: err}
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			ie.Err = fmt.Errorf("invalid JSON at byte %d of the line: %w", se.Offset, err)
		case errors.As(err, &te):
			ie.Field = te.Field
			ie.Err = fmt.Errorf("got JSON %s, want %s", te.Value, te.Type)
		}
		return nil, []error{ie}
	}
	var errs []error
	fail := func(id, field string, format string, args ...any) {
		errs = append(errs, &InputError{File: file, Line: lineNo, Article: id, Field: field, Err: fmt.Errorf(format, args...)})
	}
	id := ""
	switch {
	case raw.ID == nil:
		fail("", "id", "missing")
	case *raw.ID == "":
		fail("", "id", "empty")
	default:
		id = *raw.ID
	}
	switch {
	case raw.Text == nil:
		fail(id, "text", "missing")
	case *raw.Text == "":
		fail(id, "text", "empty")
	}
	if raw.Claims == nil {
		fail(id, "claims", "missing (use [] for an article with no statements)")
	}
	if len(errs) > 0 {
		return nil, errs
	}
	a := &Article{Gold: claims.Gold{ID: id, Text: *raw.Text, HTML: raw.HTML}, File: file, Line: lineNo}
	rt := newRuneText(a.Text)
	a.Claims = make([]claims.GoldClaim, 0, len(*raw.Claims))
	for i, rc := range *raw.Claims {
		c, cerrs := checkClaim(rt, rc, fmt.Sprintf("claims[%d]", i))
		for _, e := range cerrs {
			fail(id, e.field, "%s", e.msg)
		}
		a.Claims = append(a.Claims, c)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return a, nil
}

type fieldErr struct{ field, msg string }

// checkClaim converts a raw gold claim and checks its offsets against the
// text; path is the claim's JSON path for messages.
func checkClaim(rt *runeText, rc rawClaim, path string) (claims.GoldClaim, []fieldErr) {
	var errs []fieldErr
	fail := func(field, format string, args ...any) {
		errs = append(errs, fieldErr{path + field, fmt.Sprintf(format, args...)})
	}
	var c claims.GoldClaim
	switch {
	case rc.Kind == nil:
		fail(".kind", "missing")
	case !claims.Kind(*rc.Kind).Valid():
		fail(".kind", "unknown kind %q (want direct, partial or indirect)", *rc.Kind)
	default:
		c.Kind = claims.Kind(*rc.Kind)
	}
	if s, ok := checkSpan(rt, rawSpan{Text: rc.Text, Start: rc.Start, End: rc.End}, "", fail); ok {
		c.Text, c.Start, c.End = s.Text, s.Start, s.End
	}
	for i, q := range rc.Quotes {
		checkSpan(rt, q, fmt.Sprintf(".quotes[%d]", i), fail)
	}
	if rc.Cue != nil {
		if s, ok := checkSpan(rt, *rc.Cue, ".cue", fail); ok {
			c.Cue = &s
		}
	}
	switch {
	case len(rc.Speaker) == 0:
		fail(".speaker", "missing (use null for a statement the text attributes to nobody)")
	case string(rc.Speaker) == "null":
	default:
		var rs rawSpeaker
		if err := json.Unmarshal(rc.Speaker, &rs); err != nil {
			fail(".speaker", "%v", err)
			break
		}
		c.Speaker = checkSpeaker(rt, rs, fail)
	}
	return c, errs
}

func checkSpeaker(rt *runeText, rs rawSpeaker, fail func(field, format string, args ...any)) *claims.GoldSpeaker {
	sp := &claims.GoldSpeaker{}
	if rs.Name == nil || strings.TrimSpace(*rs.Name) == "" {
		fail(".speaker.name", "missing or empty")
	} else {
		sp.Name = *rs.Name
	}
	if rs.Mention == nil || *rs.Mention == "" {
		// A speaker named earlier with no mention of its own: offsets, if
		// given at all, must not claim any text.
		if rs.Start != nil && rs.End != nil && *rs.End > *rs.Start {
			fail(".speaker.mention", "empty, but start..end = %d..%d covers text", *rs.Start, *rs.End)
		}
		return sp
	}
	if s, ok := checkSpan(rt, rawSpan{Text: rs.Mention, Start: rs.Start, End: rs.End}, ".speaker", func(field, format string, args ...any) {
		if field == ".speaker.text" {
			field = ".speaker.mention"
		}
		fail(field, format, args...)
	}); ok {
		sp.Mention, sp.Start, sp.End = s.Text, &s.Start, &s.End
	}
	return sp
}

// checkSpan checks that a span's offsets are present, in range, non-empty
// and select exactly its text. prefix is the JSON path of the span object.
func checkSpan(rt *runeText, rs rawSpan, prefix string, fail func(field, format string, args ...any)) (claims.Span, bool) {
	ok := true
	if rs.Start == nil {
		fail(prefix+".start", "missing")
		ok = false
	}
	if rs.End == nil {
		fail(prefix+".end", "missing")
		ok = false
	}
	if rs.Text == nil {
		fail(prefix+".text", "missing")
		ok = false
	}
	if !ok {
		return claims.Span{}, false
	}
	s, e, n := *rs.Start, *rs.End, rt.Len()
	switch {
	case s < 0:
		fail(prefix+".start", "offset %d is negative", s)
	case e > n:
		fail(prefix+".end", "offset %d is beyond the end of the text (%d code points)", e, n)
	case s >= e:
		fail(prefix+".start", "empty or reversed range %d..%d", s, e)
	case rt.Slice(s, e) != *rs.Text:
		fail(prefix+".text", "%q does not match text[%d:%d] = %q (offsets are code points)", clip(*rs.Text, 60), s, e, clip(rt.Slice(s, e), 60))
	default:
		return claims.Span{Text: *rs.Text, Start: s, End: e}, true
	}
	return claims.Span{}, false
}

// clip shortens s to at most n code points for messages.
func clip(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j] + "…"
		}
		i++
	}
	return s
}
