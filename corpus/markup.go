package corpus

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/claims-project/claims"
)

// Source is one annotated article as written in corpus/src/*.txt.
//
// The format keeps the article readable as prose and the labels next to the
// words they label, so that a person editing an article cannot leave an
// offset behind:
//
//	id: pol-harbour-vote
//	constructions: 1 2 6 7
//	html: html/pol-harbour-vote.html
//	c1 direct "Jane Doe"
//	c2 indirect -
//	---
//	“We will win,” [[k1 said]] [[s1 Jane Doe]] ...
//
// Above the "---" line: header fields, then one line per claim giving its
// number, kind and canonical speaker name ("-" for a claim the text
// attributes to nobody). Below it: the article text, in which
//
//	[[cN text]]     is the content of claim N,
//	[[sN,M text]]   is the speaker mention of claims N and M,
//	[[kN text]]     is the cue of claim N.
//
// Brackets may nest ("[[c3 he said [[s4 she]] ...]]"). Everything outside
// the brackets, and the text inside them, is the article text exactly; the
// bracket markup itself is removed.
type Source struct {
	ID            string
	HTML          string
	Constructions []int
	Text          string
	Claims        []claims.Claim
}

type claimDecl struct {
	kind    claims.Kind
	speaker string // "" for a null speaker
	line    int
}

// Parse reads one annotated article. name is used in error messages.
func Parse(name string, src string) (*Source, error) {
	head, body, ok := strings.Cut(src, "\n---\n")
	if !ok {
		return nil, fmt.Errorf("%s: no \"---\" line between header and text", name)
	}
	s, decls, err := parseHeader(name, head)
	if err != nil {
		return nil, err
	}
	text, spans, err := strip(body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	s.Text = text
	marks, err := sortMarks(name, spans, decls)
	if err != nil {
		return nil, err
	}
	for n := 1; n <= len(decls); n++ {
		c, err := marks.claim(name, n, decls)
		if err != nil {
			return nil, err
		}
		s.Claims = append(s.Claims, c)
	}
	return s, nil
}

// parseHeader reads the lines above "---": the header fields into a
// Source, and the claim declarations by claim number.
func parseHeader(name, head string) (*Source, map[int]claimDecl, error) {
	s := &Source{}
	decls := map[int]claimDecl{}
	sc := bufio.NewScanner(strings.NewReader(head))
	for ln := 1; sc.Scan(); ln++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if k, v, ok := strings.Cut(line, ":"); ok && !strings.Contains(k, " ") {
			if err := s.setField(k, strings.TrimSpace(v)); err != nil {
				return nil, nil, fmt.Errorf("%s:%d: %w", name, ln, err)
			}
			continue
		}
		n, d, err := parseDecl(line)
		if err != nil {
			return nil, nil, fmt.Errorf("%s:%d: %w", name, ln, err)
		}
		if _, dup := decls[n]; dup {
			return nil, nil, fmt.Errorf("%s:%d: claim c%d declared twice", name, ln, n)
		}
		d.line = ln
		decls[n] = d
	}
	if s.ID == "" {
		return nil, nil, fmt.Errorf("%s: header has no id", name)
	}
	return s, decls, nil
}

// setField sets the header field k to v.
func (s *Source) setField(k, v string) error {
	switch k {
	case "id":
		s.ID = v
	case "html":
		s.HTML = v
	case "constructions":
		for _, f := range strings.Fields(v) {
			n, err := strconv.Atoi(f)
			if err != nil || n < 1 || n > 18 {
				return fmt.Errorf("construction %q is not a number 1..18", f)
			}
			s.Constructions = append(s.Constructions, n)
		}
	default:
		return fmt.Errorf("unknown header field %q", k)
	}
	return nil
}

// marks are the spans marked in the text, by tag and claim number.
type marks struct {
	content, speaker, cue map[int]claims.Span
}

// sortMarks files the marked spans by tag and claim number, checking that
// each claim has at most one of each and that its claim is declared.
func sortMarks(name string, spans []markedSpan, decls map[int]claimDecl) (marks, error) {
	m := marks{content: map[int]claims.Span{}, speaker: map[int]claims.Span{}, cue: map[int]claims.Span{}}
	for _, sp := range spans {
		byNum := m.byTag(sp.tag)
		for _, n := range sp.nums {
			if _, dup := byNum[n]; dup {
				return m, fmt.Errorf("%s: [[%c%d ...]] appears twice", name, sp.tag, n)
			}
			if _, ok := decls[n]; !ok {
				return m, fmt.Errorf("%s: [[%c%d %s]] has no declaration line c%d", name, sp.tag, n, sp.span.Text, n)
			}
			byNum[n] = sp.span
		}
	}
	return m, nil
}

// byTag returns the spans of a tag that strip accepted: c, s or k.
func (m marks) byTag(tag byte) map[int]claims.Span {
	switch tag {
	case 'c':
		return m.content
	case 's':
		return m.speaker
	}
	return m.cue
}

// claim builds claim n from its declaration and its marks. Claims must be
// numbered 1..len(decls), each with its content marked.
func (m marks) claim(name string, n int, decls map[int]claimDecl) (claims.Claim, error) {
	d, ok := decls[n]
	if !ok {
		return claims.Claim{}, fmt.Errorf("%s: claims are not numbered 1..%d: c%d missing", name, len(decls), n)
	}
	c, ok := m.content[n]
	if !ok {
		return claims.Claim{}, fmt.Errorf("%s:%d: claim c%d has no [[c%d ...]] in the text", name, d.line, n, n)
	}
	cl := claims.Claim{Kind: d.kind, Text: c.Text, Start: c.Start, End: c.End}
	if d.speaker != "" {
		sp := &claims.Speaker{Name: d.speaker}
		if mention, ok := m.speaker[n]; ok {
			sp.Mention, sp.Start, sp.End = mention.Text, mention.Start, mention.End
		}
		cl.Speaker = sp
	} else if mention, ok := m.speaker[n]; ok {
		return claims.Claim{}, fmt.Errorf("%s:%d: claim c%d has no speaker but [[s%d %s]] marks one", name, d.line, n, n, mention.Text)
	}
	if k, ok := m.cue[n]; ok {
		cl.Cue = &k
	}
	return cl, nil
}

func parseDecl(line string) (int, claimDecl, error) {
	var d claimDecl
	f := strings.SplitN(line, " ", 3)
	if len(f) < 3 || len(f[0]) < 2 || f[0][0] != 'c' {
		return 0, d, fmt.Errorf("claim line %q is not `cN KIND \"Speaker Name\"` or `cN KIND -`", line)
	}
	n, err := strconv.Atoi(f[0][1:])
	if err != nil || n < 1 {
		return 0, d, fmt.Errorf("claim line %q: bad claim number", line)
	}
	d.kind = claims.Kind(f[1])
	if !d.kind.Valid() {
		return 0, d, fmt.Errorf("claim line %q: kind %q is not direct, partial or indirect", line, f[1])
	}
	sp := strings.TrimSpace(f[2])
	switch {
	case sp == "-":
	case len(sp) >= 2 && strings.HasPrefix(sp, `"`) && strings.HasSuffix(sp, `"`):
		d.speaker = sp[1 : len(sp)-1]
	default:
		return 0, d, fmt.Errorf("claim line %q: speaker must be \"Quoted Name\" or -", line)
	}
	return n, d, nil
}

type markedSpan struct {
	tag  byte
	nums []int
	span claims.Span
}

// strip removes the [[tag ...]] markup and returns the plain text and the
// marked spans, with code-point offsets into the plain text.
func strip(body string) (string, []markedSpan, error) {
	type open struct {
		tag     byte
		nums    []int
		byteOff int
		cpOff   int
	}
	var (
		out   strings.Builder
		cp    int
		stack []open
		spans []markedSpan
	)
	for i := 0; i < len(body); {
		switch {
		case strings.HasPrefix(body[i:], "[["):
			j := strings.IndexByte(body[i:], ' ')
			if j < 0 {
				return "", nil, fmt.Errorf("unterminated [[ at byte %d", i)
			}
			tag := body[i+2 : i+j]
			if len(tag) < 2 || strings.IndexByte("csk", tag[0]) < 0 {
				return "", nil, fmt.Errorf("bad tag %q at byte %d: want cN, sN or kN (numbers joined by commas)", tag, i)
			}
			var nums []int
			for _, f := range strings.Split(tag[1:], ",") {
				n, err := strconv.Atoi(f)
				if err != nil || n < 1 {
					return "", nil, fmt.Errorf("bad tag %q at byte %d", tag, i)
				}
				nums = append(nums, n)
			}
			stack = append(stack, open{tag[0], nums, out.Len(), cp})
			i += j + 1
		case strings.HasPrefix(body[i:], "]]"):
			if len(stack) == 0 {
				return "", nil, fmt.Errorf("]] without [[ at byte %d", i)
			}
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			t := out.String()[o.byteOff:]
			if t == "" {
				return "", nil, fmt.Errorf("empty [[%c...]] at byte %d", o.tag, i)
			}
			spans = append(spans, markedSpan{o.tag, o.nums, claims.Span{Text: t, Start: o.cpOff, End: cp}})
			i += 2
		default:
			_, size := utf8.DecodeRuneInString(body[i:])
			out.WriteString(body[i : i+size])
			cp++
			i += size
		}
	}
	if len(stack) > 0 {
		return "", nil, fmt.Errorf("[[%c...]] opened and never closed", stack[len(stack)-1].tag)
	}
	return out.String(), spans, nil
}
