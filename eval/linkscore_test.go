package eval

import (
	"bytes"
	"strings"
	"testing"

	"github.com/claims-project/claims/store/entity"
)

func linkLists(t *testing.T) *entity.Lists {
	t.Helper()
	l, err := entity.LoadLists()
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestLinkingSet holds speaker linking to the bar on our labelled
// set: pairwise precision ≥ 99% and recall ≥ 95%, on at least 400
// mentions in 60 articles.
func TestLinkingSet(t *testing.T) {
	arts, err := ReadLinkingGoldFile("../corpus/linking/speakers.marked")
	if err != nil {
		t.Fatal(err)
	}
	rep := ScoreLinking(linkLists(t), arts, nil, false)
	t.Logf("precision %.4f recall %.4f: %d articles, %d mentions, %d gold pairs, %d linked", rep.Precision, rep.Recall, rep.Articles, rep.Mentions, rep.GoldPairs, rep.LinkedPairs)
	if rep.Articles < 60 || rep.Mentions < 400 {
		t.Errorf("%d articles, %d mentions: the set needs 60 and 400", rep.Articles, rep.Mentions)
	}
	if rep.Precision < 0.99 || rep.Recall < 0.95 {
		var b bytes.Buffer
		rep.WriteText(&b, 20)
		t.Errorf("precision %.4f (want ≥ 0.99), recall %.4f (want ≥ 0.95)\n%s", rep.Precision, rep.Recall, b.String())
	}
	raw := ScoreLinking(linkLists(t), arts, nil, true)
	t.Logf("mentions as written: precision %.4f recall %.4f", raw.Precision, raw.Recall)
	if raw.Precision < 0.99 {
		t.Errorf("mentions as written: precision %.4f", raw.Precision)
	}
}

func TestScoreLinkingCounts(t *testing.T) {
	text := `=== a1 2025-01-01 x.com
[[ann-lee|Ann Lee]] said one thing. [[ann-lee|Lee]] said another. [[bo-lee|Bo Lee]] said a third. [[-|The company]] said a fourth.
=== a2 2025-01-02 y.com
[[ann-lee|Ms. Lee|Lee]] said it. [[-|the company]] said so. [[@acme|Acme Corp]] said no.
`
	arts, err := ReadLinkingGold(strings.NewReader(text), "t.txt")
	if err != nil {
		t.Fatal(err)
	}
	if m := arts[0].Mentions[1]; m.Name != "Ann Lee" || m.Mention != "Lee" || arts[0].Text[m.Start:m.End] != "Lee" {
		t.Errorf("canonical name or offsets: %+v", m)
	}
	rep := ScoreLinking(linkLists(t), arts, nil, false)
	// Gold pairs: the three Ann Lees (3). Linked: Ann Lee with her "Lee"
	// in a1 (1); a2's "Lee" is ambiguous (Ann and Bo Lee) and its own.
	if rep.GoldPairs != 3 || rep.LinkedPairs != 1 || rep.RightPairs != 1 || rep.GenericLinked != 0 || rep.Mentions != 7 {
		t.Errorf("%+v", rep)
	}
	if len(rep.Split) != 1 || rep.Split[0].What != "ann-lee" || len(rep.Merged) != 0 {
		t.Errorf("split %v merged %v", rep.Split, rep.Merged)
	}
}

func TestReadLinkingGoldErrors(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"stray\n", "t.txt:1: text before the first"},
		{"=== a1 2025-01-01\nx\n", "t.txt:1: want \"=== ID YYYY-MM-DD SITE\""},
		{"=== a1 01/01/2025 x.com\n[[a|A]] said.\n", "t.txt:1: date \"01/01/2025\""},
		{"=== a1 2025-01-01 x.com\n[[a|A said.\n", "t.txt:2: a mark [[ without ]]"},
		{"=== a1 2025-01-01 x.com\n[[a b|A]] said.\n", "t.txt:2: mark \"[[a b|A]]\""},
		{"=== a1 2025-01-01 x.com\n[[a|]] said.\n", "t.txt:2: mark"},
		{"=== a1 2025-01-01 x.com\nNo marks.\n", "t.txt:1: article a1 marks no speaker"},
		{"=== a1 2025-01-01 x.com\n[[a|A]]\n=== a1 2025-01-02 x.com\n[[a|A]]\n", "t.txt:3: article a1 already opened on line 1"},
		{"# only comments\n", "t.txt: no articles"},
	} {
		_, err := ReadLinkingGold(strings.NewReader(tc.text), "t.txt")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.text, err, tc.want)
		}
	}
}
