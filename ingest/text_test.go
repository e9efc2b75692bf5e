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
