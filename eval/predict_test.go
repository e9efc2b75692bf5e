package eval

import (
	"errors"
	"strings"
	"testing"
)

func TestWithPages(t *testing.T) {
	page := func(id, html string) *Article {
		a := goldArticle(id, "Text.")
		a.HTML = html
		return a
	}
	arts := []*Article{page("a", ""), page("b", "html/b.html"), page("c", ""), page("d", "html/d.html")}
	kept, without, err := WithPages(arts, []string{"g.jsonl"})
	if err != nil {
		t.Fatal(err)
	}
	if len(kept) != 2 || kept[0].ID != "b" || kept[1].ID != "d" || without != 2 {
		t.Errorf("kept %d (%v), without %d; want b and d in order, 2 without", len(kept), kept, without)
	}

	for _, arts := range [][]*Article{nil, {page("a", ""), page("c", "")}} {
		kept, without, err := WithPages(arts, []string{"g.jsonl", "h.jsonl"})
		if err == nil || kept != nil {
			t.Fatalf("%d articles without a page: kept %d, err %v; want an error", len(arts), len(kept), err)
		}
		if !errors.Is(err, ErrNoHTML) || !strings.Contains(err.Error(), "g.jsonl, h.jsonl") {
			t.Errorf("err = %v, want ErrNoHTML naming both files", err)
		}
		if without != len(arts) {
			t.Errorf("without = %d, want %d", without, len(arts))
		}
	}
}
