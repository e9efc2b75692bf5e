package queue

import (
	"bytes"
	"compress/gzip"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"

	"github.com/claims-project/claims"
)

func gz(b []byte) []byte {
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(b)
	zw.Close()
	return z.Bytes()
}

func header(enc string) nats.Header {
	h := nats.Header{}
	if enc != "" {
		h.Set(encodingHeader, enc)
	}
	return h
}

func TestDecodeTask(t *testing.T) {
	for _, c := range []struct {
		name, enc string
		data      []byte
		err       string // "" for none
	}{
		{"url", "", []byte(`{"v":1,"job":"j1","key":"k1","source":"https://x","url":"https://x"}`), ""},
		{"text", "", []byte(`{"v":1,"job":"j1","key":"k1","source":"f#1","text":"hi","has_text":true}`), ""},
		{"gzipped", "gzip", gz([]byte(`{"v":1,"job":"j1","key":"k1","source":"w","warc":"/w.warc"}`)), ""},
		{"other version", "", []byte(`{"v":2,"job":"j1","key":"k1","source":"https://x","url":"https://x"}`), "format version 2"},
		{"no version", "", []byte(`{"job":"j1","key":"k1","source":"s","url":"u"}`), "format version 0"},
		{"job with a dot", "", []byte(`{"v":1,"job":"j.>","key":"k1","source":"s","url":"u"}`), "bad job"},
		{"empty key", "", []byte(`{"v":1,"job":"j1","key":"","source":"s","url":"u"}`), "bad job"},
		{"no source", "", []byte(`{"v":1,"job":"j1","key":"k","url":"u"}`), "no source"},
		{"nothing to read", "", []byte(`{"v":1,"job":"j1","key":"k","source":"s"}`), "nothing to read"},
		{"not json", "", []byte(`{"v":1,`), "json"},
		{"not gzip", "gzip", []byte(`{"v":1}`), "gzip"},
		{"unknown encoding", "br", []byte(`{}`), "unknown Claims-Encoding"},
		{"wrong types", "", []byte(`{"v":1,"job":1,"key":"k","source":"s","url":"u"}`), "json"},
		{"bomb", "gzip", gz(bytes.Repeat([]byte(" "), maxInflated+10)), "inflates past"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := decodeTask(header(c.enc), c.data)
			switch {
			case c.err == "" && err != nil:
				t.Errorf("error %v", err)
			case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
				t.Errorf("error %v, want one saying %q", err, c.err)
			}
		})
	}
}

func TestDecodeResult(t *testing.T) {
	for _, c := range []struct {
		name string
		data string
		err  string
	}{
		{"extracted", `{"v":1,"job":"j","key":"k","source":"s","status":"extracted","article":{"id":"a_1"},"claims":[]}`, ""},
		{"failed", `{"v":1,"job":"j","key":"k","source":"s","status":"failed","reason":"http 404"}`, ""},
		{"expanded", `{"v":1,"job":"j","key":"k","source":"s","status":"expanded","records":3}`, ""},
		{"extracted without article", `{"v":1,"job":"j","key":"k","status":"extracted"}`, "without an article"},
		{"article without id", `{"v":1,"job":"j","key":"k","status":"extracted","article":{"id":""}}`, "without an article"},
		{"negative records", `{"v":1,"job":"j","key":"k","status":"expanded","records":-1}`, "-1 records"},
		{"stored is the writer's word", `{"v":1,"job":"j","key":"k","status":"stored"}`, "unknown status"},
		{"bad key", `{"v":1,"job":"j","key":"a b","status":"failed"}`, "bad job"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := decodeResult(header(""), []byte(c.data))
			switch {
			case c.err == "" && err != nil:
				t.Errorf("error %v", err)
			case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
				t.Errorf("error %v, want one saying %q", err, c.err)
			}
		})
	}
}

// TestEncodeRoundTrip: what encode makes, decode reads back, small or
// gzipped, again and again (the gzip writers and readers are reused); a
// message over the limit is refused as too large.
func TestEncodeRoundTrip(t *testing.T) {
	text := strings.Repeat("“A quotation,” she said. ", 200)
	a := claims.Article{ID: "a_1", URL: "https://x", Text: text}
	small := Result{V: version, Job: "j", Key: "k", Source: "s", Status: StatusFailed, Reason: "http 404"}
	big := Result{V: version, Job: "j", Key: "k", Source: "s", Status: StatusExtracted, Article: &a,
		Claims: []claims.Claim{{ID: "c_1", Kind: claims.Direct, Text: "A quotation,"}}}
	for _, r := range []Result{small, big, big, small, big} {
		m, err := encode("claims.results.j", r)
		if err != nil {
			t.Fatal(err)
		}
		if big := r.Article != nil; big != (m.Header.Get(encodingHeader) == "gzip") {
			t.Errorf("%s: gzipped %q", r.Status, m.Header.Get(encodingHeader))
		}
		got, err := decodeResult(m.Header, m.Data)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != r.Status || (r.Article != nil && (got.Article.Text != text || got.Claims[0].ID != "c_1")) {
			t.Errorf("round trip of %s changed it: %+v", r.Status, got)
		}
	}
	// Random bytes do not compress: over maxMessage they are refused.
	noise := make([]byte, maxMessage+1)
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := range noise {
		noise[i] = byte(rnd.Uint32())
	}
	if _, err := encode("claims.sources.j", Task{V: version, Body: noise}); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("encode of %d bytes: %v, want too large", len(noise), err)
	}
}

// FuzzDecodeTask: no message, whatever its bytes and encoding, panics the
// decoder, and what it accepts is a task a worker can work.
func FuzzDecodeTask(f *testing.F) {
	f.Add(false, []byte(`{"v":1,"job":"j1","key":"k1","source":"https://x","url":"https://x"}`))
	f.Add(true, gz([]byte(`{"v":1,"job":"j1","key":"k1","source":"w","warc":"/w.warc"}`)))
	f.Add(false, []byte(`{"v":1,"job":"j1","key":"k1","source":"s","body":"aGk="}`))
	f.Fuzz(func(t *testing.T, gzipped bool, data []byte) {
		enc := ""
		if gzipped {
			enc = "gzip"
		}
		task, err := decodeTask(header(enc), data)
		if err != nil {
			return
		}
		if !validToken(task.Job) || !validToken(task.Key) || task.Source == "" {
			t.Fatalf("accepted a task without job, key or source: %+v", task)
		}
		if task.URL == "" && task.WARC == "" && !task.HasText && task.Body == nil {
			t.Fatalf("accepted a task with nothing to read: %+v", task)
		}
	})
}

// FuzzDecodeResult: the same for results, which the writer stores.
func FuzzDecodeResult(f *testing.F) {
	f.Add(false, []byte(`{"v":1,"job":"j","key":"k","source":"s","status":"extracted","article":{"id":"a_1"},"claims":[{"kind":"direct"}]}`))
	f.Add(false, []byte(`{"v":1,"job":"j","key":"k","source":"s","status":"expanded","records":3}`))
	f.Add(true, gz([]byte(`{"v":1,"job":"j","key":"k","status":"failed","reason":"x"}`)))
	f.Fuzz(func(t *testing.T, gzipped bool, data []byte) {
		enc := ""
		if gzipped {
			enc = "gzip"
		}
		r, err := decodeResult(header(enc), data)
		if err != nil {
			return
		}
		if !validToken(r.Job) || !validToken(r.Key) {
			t.Fatalf("accepted a result without job or key: %+v", r)
		}
		if r.Status == StatusExtracted && (r.Article == nil || r.Article.ID == "") {
			t.Fatalf("accepted an extracted result without an article: %+v", r)
		}
	})
}
