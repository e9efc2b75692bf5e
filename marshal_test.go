package claims

import "testing"

func TestMarshal(t *testing.T) {
	for _, tc := range []struct {
		in   any
		want string
	}{
		{Span{Text: "<b>Smith & Sons</b>", Start: 1, End: 20}, `{"text":"<b>Smith & Sons</b>","start":1,"end":20}`},
		{[]string{}, `[]`},
		{"line\nbreak", `"line\nbreak"`},
	} {
		got, err := Marshal(tc.in)
		if err != nil || string(got) != tc.want {
			t.Errorf("Marshal(%v) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}
