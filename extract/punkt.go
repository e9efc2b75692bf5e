package extract

import (
	"encoding/json"
	"fmt"
	"strconv"

	"gopkg.in/neurosnap/sentences.v1"
	"gopkg.in/neurosnap/sentences.v1/data"
)

// punktAbbrevs are the abbreviations prose's segment package adds to the
// punkt model it loads (segment.supervisedAbbrevs), so that a segmenter
// made with segment.WithTraining(punktTraining()) splits as segment.New's
// does (TestPunktAsProse).
var punktAbbrevs = []string{"sgt", "gov", "no", "mt"}

// punktTraining loads the English punkt model that prose's segmenter uses
// (sentences' data/english.json) with a reader for its one shape, an
// object of objects of integers, instead of encoding/json, which took a
// sixth of the CPU of a whole claims extract --json over the corpus.
func punktTraining() (*sentences.Storage, error) {
	b, err := data.Asset("data/english.json")
	if err != nil {
		return nil, fmt.Errorf("punkt model: %w", err)
	}
	st, err := readPunkt(b)
	if err != nil {
		return nil, fmt.Errorf("punkt model data/english.json: %w", err)
	}
	for _, a := range punktAbbrevs {
		st.AbbrevTypes.Add(a)
	}
	return st, nil
}

// readPunkt reads a punkt model: {"AbbrevTypes": {"word": n, ...}, ...}
// with the four sets of sentences.Storage, as sentences.LoadTraining
// does. Other keys are skipped; strings with escapes are unquoted by
// encoding/json.
func readPunkt(b []byte) (*sentences.Storage, error) {
	st := sentences.NewStorage()
	sets := map[string]sentences.SetString{
		"AbbrevTypes": st.AbbrevTypes, "Collocations": st.Collocations,
		"SentStarters": st.SentStarters, "OrthoContext": st.OrthoContext,
	}
	p := &punktReader{b: b}
	p.expect('{')
	for p.more('}') {
		name := p.str()
		p.expect(':')
		set := sets[name]
		if p.peek() == 'n' { // null: as encoding/json, a nil map, here none
			p.literal("null")
		} else {
			p.expect('{')
			for p.more('}') {
				k := p.str()
				p.expect(':')
				v := p.int()
				if set != nil {
					set[k] = v
				}
			}
		}
	}
	p.skipSpace()
	if p.err == nil && p.pos != len(b) {
		p.fail("text after the model")
	}
	if p.err != nil {
		return nil, p.err
	}
	return st, nil
}

// punktReader reads the JSON of a punkt model; the first error stops it.
type punktReader struct {
	b   []byte
	pos int
	err error
	// first reports, for each object being read, whether no member has
	// been read yet.
	first []bool
}

func (p *punktReader) fail(what string) {
	if p.err == nil {
		p.err = fmt.Errorf("offset %d: %s", p.pos, what)
	}
}

func (p *punktReader) skipSpace() {
	for p.pos < len(p.b) {
		switch p.b[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *punktReader) peek() byte {
	p.skipSpace()
	if p.err != nil || p.pos >= len(p.b) {
		return 0
	}
	return p.b[p.pos]
}

func (p *punktReader) expect(c byte) {
	if p.peek() != c {
		p.fail(fmt.Sprintf("want %q", c))
		return
	}
	p.pos++
	if c == '{' {
		p.first = append(p.first, true)
	}
}

func (p *punktReader) literal(s string) {
	p.skipSpace()
	if p.err == nil && (len(p.b)-p.pos < len(s) || string(p.b[p.pos:p.pos+len(s)]) != s) {
		p.fail("want " + s)
		return
	}
	p.pos += len(s)
}

// more reports whether the object being read has another member, reading
// the comma before it or the closing brace after the last.
func (p *punktReader) more(end byte) bool {
	if p.err != nil || len(p.first) == 0 {
		return false
	}
	top := len(p.first) - 1
	c := p.peek()
	if c == end {
		p.pos++
		p.first = p.first[:top]
		return false
	}
	if !p.first[top] {
		if c != ',' {
			p.fail("want ',' or '}'")
			return false
		}
		p.pos++
	}
	p.first[top] = false
	return p.err == nil
}

func (p *punktReader) str() string {
	if p.peek() != '"' {
		p.fail("want a string")
		return ""
	}
	start := p.pos
	escaped := false
	for p.pos++; p.pos < len(p.b); p.pos++ {
		switch p.b[p.pos] {
		case '\\':
			escaped = true
			p.pos++
		case '"':
			p.pos++
			if !escaped {
				return string(p.b[start+1 : p.pos-1])
			}
			var s string
			if err := json.Unmarshal(p.b[start:p.pos], &s); err != nil {
				p.fail(err.Error())
			}
			return s
		}
	}
	p.fail("unterminated string")
	return ""
}

func (p *punktReader) int() int {
	p.skipSpace()
	start := p.pos
	for p.pos < len(p.b) && (p.b[p.pos] == '-' || p.b[p.pos] >= '0' && p.b[p.pos] <= '9') {
		p.pos++
	}
	n, err := strconv.Atoi(string(p.b[start:p.pos]))
	if err != nil {
		p.fail("want an integer")
	}
	return n
}
