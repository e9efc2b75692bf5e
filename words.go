package claims

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"strings"
)

// The word lists that both the extractor and the store read live here, in
// words/*.txt, one list a file, so that there is one list in one place:
// the extractor reads them as part of its lexicon (extract/lexicon.Files
// serves them beside its own), and the store's speaker linking
// (store/entity) reads the titles, the nouns that head an unnamed
// speaker's phrase, the words that mark an organisation's name and the
// particles of surnames. The format is the lexicon's: one entry a line,
// lower case, "#" comments and blank lines ignored.

//go:embed words/*.txt
var wordFiles embed.FS

// WordFiles returns the shared word lists, as words/NAME.txt.
func WordFiles() fs.FS { return wordFiles }

// WordList returns the entries of the shared list words/NAME.txt, as
// ParseWordList reads them.
func WordList(name string) (map[string]bool, error) {
	file := "words/" + name + ".txt"
	b, err := fs.ReadFile(wordFiles, file)
	if err != nil {
		return nil, fmt.Errorf("word list %s: %w", name, err)
	}
	return ParseWordList(b, file)
}

// ParseWordList reads a one-column word list: one entry a line (an entry
// may hold spaces), lower case, blank lines and lines starting with "#"
// ignored. An entry listed twice, or one with an upper-case letter, is an
// error naming file and line, so that a list never says two things of one
// word and never holds an entry no lookup can find.
func ParseWordList(b []byte, file string) (map[string]bool, error) {
	out := map[string]bool{}
	first := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for no := 1; sc.Scan(); no++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		w := strings.Join(strings.Fields(text), " ")
		if prev, dup := first[w]; dup {
			return nil, fmt.Errorf("%s:%d: %q already listed on line %d", file, no, w, prev)
		}
		if w != strings.ToLower(w) {
			return nil, fmt.Errorf("%s:%d: %q: entries are lower case", file, no, w)
		}
		first[w] = no
		out[w] = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return out, nil
}
