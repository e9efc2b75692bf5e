package lexicon

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// parser reads the lists of one Lexicon and gathers every defect it finds,
// so that one load reports them all.
type parser struct {
	fsys fs.FS
	errs []error
	err  error // errs joined, once any
}

// line is one entry of a list: its fields and where it stands.
type line struct {
	file   string
	no     int
	fields []string
}

func (p *parser) fail(file string, no int, format string, args ...any) {
	p.errs = append(p.errs, &lineError{file: file, line: no, err: fmt.Errorf(format, args...)})
	p.err = errors.Join(p.errs...)
}

// lines returns the entries of data/NAME.txt, which must exist.
func (p *parser) lines(name string) []line {
	file := "data/" + name + ".txt"
	b, err := fs.ReadFile(p.fsys, file)
	if err != nil {
		p.fail(file, 0, "%w", err)
		return nil
	}
	var out []line
	sc := bufio.NewScanner(bytes.NewReader(b))
	for no := 1; sc.Scan(); no++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		out = append(out, line{file: file, no: no, fields: strings.Fields(text)})
	}
	return out
}

// set reads a one-column list; an entry may hold spaces.
func (p *parser) set(name string) Set {
	s := Set{m: map[string]struct{}{}}
	first := map[string]int{}
	for _, l := range p.lines(name) {
		w := strings.Join(l.fields, " ")
		if prev, dup := first[w]; dup {
			p.fail(l.file, l.no, "%q already listed on line %d", w, prev)
			continue
		}
		first[w] = l.no
		s.m[w] = struct{}{}
	}
	return s
}

// genders reads "word f|m" lines.
func (p *parser) genders(name string) map[string]Gender {
	out := map[string]Gender{}
	for _, l := range p.lines(name) {
		if len(l.fields) != 2 || l.fields[1] != "f" && l.fields[1] != "m" {
			p.fail(l.file, l.no, "want a word and f or m, got %q", strings.Join(l.fields, " "))
			continue
		}
		if _, dup := out[l.fields[0]]; dup {
			p.fail(l.file, l.no, "%q already listed", l.fields[0])
			continue
		}
		out[l.fields[0]] = Gender(l.fields[1][0])
	}
	return out
}

// pronouns reads "pronoun [m|f] [plural] [thing]" lines.
func (p *parser) pronouns(name string) map[string]Pronoun {
	out := map[string]Pronoun{}
	for _, l := range p.lines(name) {
		var pr Pronoun
		for _, f := range l.fields[1:] {
			switch f {
			case "m", "f":
				pr.Gender = Gender(f[0])
			case "plural":
				pr.Plural = true
			case "thing":
				pr.Thing = true
			default:
				p.fail(l.file, l.no, "unknown property %q", f)
			}
		}
		if _, dup := out[l.fields[0]]; dup {
			p.fail(l.file, l.no, "%q already listed", l.fields[0])
		}
		out[l.fields[0]] = pr
	}
	return out
}
