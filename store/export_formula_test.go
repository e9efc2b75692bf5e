package store

import "testing"

func TestCSVTextGuardsFormulas(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+1+cmd":                   "'+1+cmd",
		"@SUM(A1)":                 "'@SUM(A1)",
		"-2+3":                     "'-2+3",
		"-42":                      "-42",
		"\tx":                      "'\tx",
		"We will win":              "We will win",
		"":                         "",
	} {
		if got := csvText(in); got != want {
			t.Errorf("csvText(%q) = %q, want %q", in, got, want)
		}
	}
}
