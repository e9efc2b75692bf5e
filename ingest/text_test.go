package ingest

import (
	"strings"
	"testing"
)

// TestPlainText: what ingest and extract accept as a text file, and the
// reasons they give for what they refuse.
func TestPlainText(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"“Fine,” she said.\n", ""},
		{"", ""},
		{"caf\xe9", "f.txt is not UTF-8 text"},
		{"\x89PNG\r\n\x1a\n\x00\x00", "f.txt is not UTF-8 text"},
		{"GIF89a\x00\x01", "f.txt is not text: it holds a NUL byte at offset 6"},
	} {
		got, err := PlainText("f.txt", []byte(tc.in))
		switch {
		case tc.want == "" && (err != nil || got != tc.in):
			t.Errorf("PlainText(%q) = %q, %v", tc.in, got, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || ReasonOf(err) != ReasonParse):
			t.Errorf("PlainText(%q): %v, want %s: %q", tc.in, err, ReasonParse, tc.want)
		}
	}
}

// TestTextTitle: a short first line followed by a blank line is a plain
// text's title; anything else is not.
func TestTextTitle(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"Bridge closes\n\nThe bridge closed on Monday.", "Bridge closes"},
		{"\ufeffBridge closes  \r\n \r\nThe bridge closed.", "Bridge closes"},
		{"How Close Is a Ceasefire? Voices of Trump and Putin\n\n\n05/20/2025\n\nIn mid-May ...", "How Close Is a Ceasefire? Voices of Trump and Putin"},
		{"The bridge closed on Monday.\n\nIt will reopen in May.", ""},
		{"Bridge closes\nThe bridge closed on Monday.", ""},
		{"Bridge closes\n\n", ""},
		{"Bridge closes", ""},
		{"\n\nThe bridge closed.", ""},
		{strings.Repeat("word ", 40) + "\n\nText.", ""},
		{"PORTHAVEN:\n\nText.", ""},
	} {
		if got := TextTitle(tc.text); got != tc.want {
			t.Errorf("TextTitle(%.40q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}
