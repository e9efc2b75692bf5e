package eval

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/claims-project/claims"
)

// LinkArticle is one article of a speaker-linking gold file: its text
// with every speaker mention labelled with the entity it refers to across
// the whole file.
type LinkArticle struct {
	ID        string
	Published time.Time
	Site      string
	// Text is the article without its marks.
	Text     string
	Mentions []LinkMention
	// Line is where the article's header stands in its file.
	Line int
}

// LinkMention is one labelled speaker mention.
type LinkMention struct {
	// Label names the entity: a person's label, "@" and an
	// organisation's, or "-" for an unnamed speaker that must stay
	// unlinked.
	Label string
	// Mention is the mention as written. Name is the speaker's name as the
	// extractor gives it by formats.md, the name linking reads: the
	// fullest form the article gives the person (the mention of its label
	// with most words; for an organisation, among the mentions that name
	// it), unless the mark says otherwise ([[LABEL|mention|name]], for the
	// names an extractor leaves short). Type is claims.TypePerson for a
	// person's label, claims.TypeOrg for an organisation's mention that
	// names it, else "".
	Mention, Name, Type string
	// Explicit: the mark gave Name.
	Explicit bool
	// Start and End are code-point offsets of Mention in the text.
	Start, End int
	// Line is the line of the file the mark stands on.
	Line int
}

// Generic reports a mention the gold says must stay unlinked.
func (m LinkMention) Generic() bool { return m.Label == "-" }

// ReadLinkingGoldFile reads a speaker-linking gold file (the format is
// described at the top of corpus/linking/speakers.marked): articles opened by
// "=== ID YYYY-MM-DD SITE", speaker mentions marked [[LABEL|mention]],
// "#" comment lines before the first article. Errors name file and line.
func ReadLinkingGoldFile(path string) ([]LinkArticle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read speaker-linking gold: %w", err)
	}
	defer f.Close()
	return ReadLinkingGold(f, path)
}

// ReadLinkingGold is ReadLinkingGoldFile over a reader; name names it in
// errors.
func ReadLinkingGold(r io.Reader, name string) ([]LinkArticle, error) {
	var arts []LinkArticle
	var body []string
	var bodyLines []int
	flush := func() error {
		if len(arts) == 0 {
			return nil
		}
		return fillArticle(&arts[len(arts)-1], body, bodyLines, name)
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	ids := map[string]int{}
	for no := 1; sc.Scan(); no++ {
		line := sc.Text()
		if !utf8.ValidString(line) {
			return nil, fmt.Errorf("%s:%d: not UTF-8", name, no)
		}
		if len(arts) == 0 && (strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "") {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "=== "); ok {
			if err := flush(); err != nil {
				return nil, err
			}
			a, err := parseLinkHeader(rest, name, no)
			if err != nil {
				return nil, err
			}
			if prev, dup := ids[a.ID]; dup {
				return nil, fmt.Errorf("%s:%d: article %s already opened on line %d", name, no, a.ID, prev)
			}
			ids[a.ID] = no
			arts = append(arts, a)
			body, bodyLines = body[:0], bodyLines[:0]
			continue
		}
		if len(arts) == 0 {
			return nil, fmt.Errorf("%s:%d: text before the first \"=== ID DATE SITE\" line", name, no)
		}
		body, bodyLines = append(body, line), append(bodyLines, no)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if len(arts) == 0 {
		return nil, fmt.Errorf("%s: no articles", name)
	}
	return arts, nil
}

// parseLinkHeader reads "ID YYYY-MM-DD SITE".
func parseLinkHeader(rest, file string, no int) (LinkArticle, error) {
	f := strings.Fields(rest)
	if len(f) != 3 {
		return LinkArticle{}, fmt.Errorf("%s:%d: want \"=== ID YYYY-MM-DD SITE\", got %q", file, no, "=== "+rest)
	}
	t, err := time.Parse("2006-01-02", f[1])
	if err != nil {
		return LinkArticle{}, fmt.Errorf("%s:%d: date %q: want YYYY-MM-DD", file, no, f[1])
	}
	return LinkArticle{ID: f[0], Published: t, Site: f[2], Line: no}, nil
}

// fillArticle reads an article's lines: the marks become mentions, the
// text what is left.
func fillArticle(a *LinkArticle, lines []string, nos []int, file string) error {
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines, nos = lines[:len(lines)-1], nos[:len(nos)-1]
	}
	var text strings.Builder
	runes := 0
	for i, line := range lines {
		if i > 0 {
			text.WriteByte('\n')
			runes++
		}
		for {
			open := strings.Index(line, "[[")
			if open < 0 {
				break
			}
			end := strings.Index(line[open:], "]]")
			if end < 0 {
				return fmt.Errorf("%s:%d: a mark [[ without ]]", file, nos[i])
			}
			parts := strings.Split(line[open+2:open+end], "|")
			for j := range parts {
				parts[j] = strings.TrimSpace(parts[j])
			}
			if len(parts) < 2 || len(parts) > 3 || slices.Contains(parts, "") || strings.ContainsAny(parts[0], " \t") {
				return fmt.Errorf("%s:%d: mark %q: want [[LABEL|mention]] or [[LABEL|mention|name]]", file, nos[i], line[open:open+end+2])
			}
			label, mention := parts[0], parts[1]
			text.WriteString(line[:open])
			runes += utf8.RuneCountInString(line[:open])
			m := LinkMention{Label: label, Mention: mention, Start: runes, Line: nos[i], Type: labelType(label, mention)}
			if len(parts) == 3 {
				m.Name, m.Explicit = parts[2], true
			}
			text.WriteString(mention)
			runes += utf8.RuneCountInString(mention)
			m.End = runes
			a.Mentions = append(a.Mentions, m)
			line = line[open+end+2:]
		}
		text.WriteString(line)
		runes += utf8.RuneCountInString(line)
	}
	a.Text = text.String()
	if len(a.Mentions) == 0 {
		return fmt.Errorf("%s:%d: article %s marks no speaker", file, a.Line, a.ID)
	}
	canonicalNames(a.Mentions)
	return nil
}

// canonicalNames gives each mention without an explicit name the fullest
// mention of its label in the article: what an extractor that resolved
// every mention within the article would give as the speaker's name.
// An unnamed speaker, and one who speaks for an organisation, keeps its
// own words.
func canonicalNames(ms []LinkMention) {
	fullest := map[string]string{}
	for _, m := range ms {
		if m.Generic() || m.Explicit || strings.HasPrefix(m.Label, "@") && m.Type != claims.TypeOrg {
			continue
		}
		if len(strings.Fields(m.Mention)) > len(strings.Fields(fullest[m.Label])) {
			fullest[m.Label] = m.Mention
		}
	}
	for i := range ms {
		m := &ms[i]
		if m.Explicit {
			continue
		}
		m.Name = m.Mention
		if f, ok := fullest[m.Label]; ok && !m.Generic() && (m.Type != "" || !strings.HasPrefix(m.Label, "@")) {
			m.Name = f
		}
	}
}

// labelType is the type the extractor would give a mention: a person's
// name PERSON, an organisation's own name ORG; an unnamed speaker, or one
// who speaks for an organisation, none (linking decides).
func labelType(label, mention string) string {
	switch {
	case label == "-":
		return ""
	case !strings.HasPrefix(label, "@"):
		return claims.TypePerson
	}
	r, _ := utf8.DecodeRuneInString(mention)
	first := strings.ToLower(strings.Fields(mention)[0])
	if r >= 'a' && r <= 'z' || first == "a" || first == "an" {
		return ""
	}
	return claims.TypeOrg
}
