package claims

import (
	"strings"
	"testing"
)

func TestWordList(t *testing.T) {
	for _, tc := range []struct{ list, word string }{
		{"titles", "president"}, {"person_nouns", "spokeswoman"}, {"org_nouns", "company"},
		{"group_heads", "board"}, {"org_suffixes", "pharmaceuticals"}, {"name_particles", "van"},
	} {
		m, err := WordList(tc.list)
		if err != nil {
			t.Fatal(err)
		}
		if !m[tc.word] {
			t.Errorf("%s: %q missing", tc.list, tc.word)
		}
	}
	if _, err := WordList("no_such_list"); err == nil {
		t.Error("a missing list gave no error")
	}
}

func TestParseWordListErrors(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"# header\nmayor\n\nmayor\n", "f.txt:4: \"mayor\" already listed on line 2"},
		{"Mayor\n", "f.txt:1: \"Mayor\": entries are lower case"},
	} {
		_, err := ParseWordList([]byte(tc.text), "f.txt")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.text, err, tc.want)
		}
	}
	m, err := ParseWordList([]byte("# c\n  new   york \nmayor\n"), "f.txt")
	if err != nil || len(m) != 2 || !m["new york"] || !m["mayor"] {
		t.Errorf("got %v, %v", m, err)
	}
}
