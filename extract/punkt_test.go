package extract

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/claims-project/claims/corpus"
	"github.com/jdkato/prose/v3/segment"
	"gopkg.in/neurosnap/sentences.v1"
	"gopkg.in/neurosnap/sentences.v1/data"
)

// TestPunktAsProse: the punkt model readPunkt reads is the one
// sentences.LoadTraining reads, and a segmenter made with it splits the
// corpus as segment.New's does.
func TestPunktAsProse(t *testing.T) {
	b, err := data.Asset("data/english.json")
	if err != nil {
		t.Fatal(err)
	}
	want, err := sentences.LoadTraining(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range punktAbbrevs {
		want.AbbrevTypes.Add(a)
	}
	got, err := punktTraining()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatal("readPunkt's model differs from sentences.LoadTraining's")
	}
	prose, err := segment.New()
	if err != nil {
		t.Fatal(err)
	}
	ours := segment.WithTraining(got)
	gold, err := corpus.Files.ReadFile(corpus.GoldFile)
	if err != nil {
		t.Fatal(err)
	}
	for l := range strings.SplitSeq(strings.TrimSpace(string(gold)), "\n") {
		var a struct{ ID, Text string }
		if err := json.Unmarshal([]byte(l), &a); err != nil {
			t.Fatal(err)
		}
		if w, g := prose.Segment(a.Text), ours.Segment(a.Text); !slices.Equal(w, g) {
			t.Errorf("%s: %d sentences, segment.New's %d", a.ID, len(g), len(w))
		}
	}
}

// TestReadPunktErrors: a model that is not an object of objects of
// integers is an error, not a panic or a partial model.
func TestReadPunktErrors(t *testing.T) {
	for _, in := range []string{
		``, `{`, `[]`, `{"AbbrevTypes"}`, `{"AbbrevTypes": {"dr": }}`, `{"AbbrevTypes": {"dr": 1,}}`,
		`{"AbbrevTypes": {"dr": 1} "x"}`, `{"AbbrevTypes": {"dr": 1}} x`, `{"AbbrevTypes": {"dr`, `{"AbbrevTypes": nul}`,
	} {
		if _, err := readPunkt([]byte(in)); err == nil {
			t.Errorf("readPunkt(%q) read a model", in)
		}
	}
	st, err := readPunkt([]byte(` {"AbbrevTypes": {"dr": 1, "e\u0301t\"c": 2}, "Other": {"x": 3}, "SentStarters": null} `))
	if err != nil {
		t.Fatal(err)
	}
	if want := (sentences.SetString{"dr": 1, "e\u0301t\"c": 2}); !reflect.DeepEqual(st.AbbrevTypes, want) {
		t.Errorf("AbbrevTypes = %v, want %v", st.AbbrevTypes, want)
	}
}

// BenchmarkPunkt reads the English punkt model with encoding/json, as
// sentences.LoadTraining does, and with readPunkt, in the same run:
//
//	go test -run '^$' -bench Punkt -count 10 ./extract | benchstat -col /reader -
func BenchmarkPunkt(b *testing.B) {
	model, err := data.Asset("data/english.json")
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		read func([]byte) (*sentences.Storage, error)
	}{{"reader=json", sentences.LoadTraining}, {"reader=punkt", readPunkt}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := tc.read(model); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
