package entity

import "testing"

func TestMatches(t *testing.T) {
	l := lists(t)
	for _, tc := range []struct {
		query string
		node  string // a name, parsed as a person's unless it parses otherwise
		want  bool
	}{
		{"President Putin", "Vladimir Putin", true},
		{"Putin", "Vladimir Vladimirovich Putin", true},
		{"Vladimir Putin", "Putin", true},
		{"Vladimir Putin", "Vladimir Vladimirovich Putin", true},
		{"U.S. President Donald Trump", "Donald J. Trump", true},
		{"President Trump", "Donald Trump", true},
		{"Walter Denning", "Denning Jr.", true},
		{"Walter Denning", "Walter Denning Sr.", true},
		{"Walter Denning Jr.", "Walter Denning Sr.", false},
		{"Gerald Finch", "Ann Finch", false},
		{"Ilona Varga", "Anton Varga", false},
		{"Zelenskyy", "Volodymyr Zelensky", true},
		{"Navalnyy", "Alexei Navalny", true},
		{"Putin", "Vladimir Putinov", false},
	} {
		var hit bool
		node := l.Parse(tc.node, "PERSON").Key()
		for _, q := range l.Readings(tc.query) {
			hit = hit || Matches(q, node)
		}
		if hit != tc.want {
			t.Errorf("%q finds %q (%s): %v, want %v", tc.query, tc.node, node, hit, tc.want)
		}
	}
	if len(l.Readings("the company")) != 0 || len(l.Readings("a spokeswoman")) != 0 {
		t.Error("a generic name has readings")
	}
	corvane := l.Parse("Corvane Therapeutics", "ORG").Key()
	finch := l.Parse("Harrow & Finch", "").Key()
	hit := func(q, node string) (h bool) {
		for _, r := range l.Readings(q) {
			h = h || Matches(r, node)
		}
		return h
	}
	if !hit("Corvane", corvane) || hit("Gerald Finch", finch) || !hit("Harrow & Finch", finch) {
		t.Error("organisations")
	}
}
