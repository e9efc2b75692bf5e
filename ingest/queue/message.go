// What travels on the queue: tasks, results, the record of a finished
// source and a job's record. Every message is versioned JSON, gzipped
// when it is larger than 4 KiB (the Claims-Encoding header says so),
// and decoded with a cap on its inflated size, since any client of the
// JetStream server can publish to these subjects.

package queue

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/claims-project/claims"
)

const (
	// version is the message format; a message of another is refused.
	version = 1
	// maxMessage is the largest message on the streams (before
	// compression it may be larger), within the 8 MiB the embedded server
	// allows and NATS recommends at most.
	maxMessage = 8 << 20
	// maxInflated caps what a message may inflate to: a page is at most
	// ingest's body cap (10 MiB), and its claims several times its text.
	maxInflated = 64 << 20
	// compressAbove is the size over which a message is gzipped. Below
	// it, deflate's cost per block (building and writing its Huffman
	// tables) was most of what a worker spent on a result besides its
	// extraction, for a few hundred bytes saved.
	compressAbove = 4 << 10
	// encodingHeader says how a message's payload is encoded.
	encodingHeader = "Claims-Encoding"
)

// Task is one source on the work queue.
type Task struct {
	V   int    `json:"v"`
	Job string `json:"job"`
	// Key names the source within the job: its done record is JOB.KEY,
	// and it is the task's message id.
	Key    string `json:"key"`
	Source string `json:"source"`
	// URL is a page to fetch.
	URL string `json:"url,omitempty"`
	// Path is the local file the content came from, as the user gave it.
	Path string `json:"path,omitempty"`
	// Body is the content of a local file, read by the enqueuer.
	Body        []byte `json:"body,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	// Text is an article's text in hand (a gold line), when HasText.
	Text    string `json:"text,omitempty"`
	HasText bool   `json:"has_text,omitempty"`
	// WARC is a web archive, a path or URL every worker can read, whose
	// records are the articles.
	WARC string `json:"warc,omitempty"`
}

// Result statuses: what a worker found, and what the writer records.
const (
	StatusExtracted = "extracted" // an article with its claims, to store
	StatusSkipped   = "skipped"
	StatusFailed    = "failed"
	StatusExpanded  = "expanded" // a WARC task's end: Records records
	StatusStored    = "stored"   // in a Done only
)

// Result is what a worker publishes for one source.
type Result struct {
	V      int    `json:"v"`
	Job    string `json:"job"`
	Key    string `json:"key"`
	Source string `json:"source"`
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
	Error  string `json:"error,omitempty"`
	// Records is how many records a WARC task held (StatusExpanded).
	Records int             `json:"records,omitempty"`
	Article *claims.Article `json:"article,omitempty"`
	Claims  []claims.Claim  `json:"claims,omitempty"`
}

// Done is the record of a finished source (claims_done, JOB.KEY): enough
// for a job's summary without the store.
type Done struct {
	Source   string              `json:"source"`
	Status   string              `json:"status"`
	Reason   string              `json:"reason,omitempty"`
	Error    string              `json:"error,omitempty"`
	Article  string              `json:"article,omitempty"`
	Claims   int                 `json:"claims,omitempty"`
	Kinds    map[claims.Kind]int `json:"kinds,omitempty"`
	Speakers map[string]int      `json:"speakers,omitempty"`
	Tokens   int                 `json:"tokens,omitempty"`
	Records  int                 `json:"records,omitempty"`
	At       time.Time           `json:"at"`
}

// JobInfo is a job's record (claims_jobs, JOB).
type JobInfo struct {
	ID      string    `json:"id"`
	Created time.Time `json:"created"`
	// Sources counts the job's sources that were enqueued or failed
	// before they could be: each ends with one Done.
	Sources int `json:"sources"`
	// Duplicates counts sources JetStream dropped as already queued.
	Duplicates int `json:"duplicates,omitempty"`
	// WARCs counts the WARC tasks among the sources, whose records are
	// known only once a worker has read them.
	WARCs int `json:"warcs,omitempty"`
	// Closed is set once every source is enqueued.
	Closed bool `json:"closed,omitempty"`
	// Records holds, per WARC task key, how many records it held; each
	// ends with a Done of its own.
	Records map[string]int `json:"records,omitempty"`
}

// Complete reports whether a job with n Done records has ended: every
// source is enqueued, every archive read, and every source and record
// has its Done.
func (j JobInfo) Complete(n int) bool {
	return j.Closed && len(j.Records) >= j.WARCs && n >= j.Expected()
}

// Expected is how many Done records the job ends with, once every WARC
// task has said how many records it held.
func (j JobInfo) Expected() int {
	n := j.Sources
	for _, r := range j.Records {
		n += r
	}
	return n
}

// SourceKey is a source's key: the same source gives the same key, so
// that enqueuing it twice is one message id.
func SourceKey(source string) string {
	h := sha256.Sum256([]byte(source))
	return hex.EncodeToString(h[:16])
}

// recordKey is the key of a WARC task's n-th record.
func recordKey(task string, n int) string { return SourceKey(fmt.Sprintf("%s#%d", task, n)) }

// validToken reports whether s can stand as one token of a subject or
// a key: what job ids and keys are.
func validToken(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// encode makes the message of v, gzipped when large.
func encode(subject string, v any) (*nats.Msg, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", subject, err)
	}
	m := nats.NewMsg(subject)
	if len(b) > compressAbove {
		var z bytes.Buffer
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(&z)
		zw.Write(b) // writes to a buffer do not fail
		zw.Close()
		gzipWriters.Put(zw)
		m.Header.Set(encodingHeader, "gzip")
		b = z.Bytes()
	}
	m.Data = b
	if len(b) > maxMessage {
		return nil, fmt.Errorf("%w: %s would be %d bytes, at most %d", errTooLarge, subject, len(b), maxMessage)
	}
	return m, nil
}

var errTooLarge = errors.New("message too large for the queue")

// gzipWriters recycles the writers of encode: a new one allocates and
// clears about a megabyte of compressor state, many times what it then
// compresses, and a worker encodes a result per source.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed) // a valid level cannot fail
	return zw
}}

// gzipReaders recycles the readers of decode, for the same reason.
var gzipReaders sync.Pool

// versioned is a message that says which format it is of.
type versioned interface{ formatVersion() int }

func (t *Task) formatVersion() int   { return t.V }
func (r *Result) formatVersion() int { return r.V }

// decode reads a message's payload into v, refusing one that is not of
// this version or inflates past maxInflated.
func decode(header nats.Header, data []byte, v versioned) error {
	b := data
	switch enc := header.Get(encodingHeader); enc {
	case "":
	case "gzip":
		var err error
		if b, err = inflate(data); err != nil {
			return err
		}
	default:
		return fmt.Errorf("unknown %s %q", encodingHeader, enc)
	}
	if err := json.Unmarshal(b, v); err != nil {
		// A message of another version may not decode as this one: say
		// which version it is rather than what did not fit.
		var probe struct {
			V int `json:"v"`
		}
		if json.Unmarshal(b, &probe) == nil && probe.V != version {
			return fmt.Errorf("format version %d, want %d", probe.V, version)
		}
		return fmt.Errorf("json: %w", err)
	}
	if got := v.formatVersion(); got != version {
		return fmt.Errorf("format version %d, want %d", got, version)
	}
	return nil
}

// inflate gunzips data, up to maxInflated bytes.
func inflate(data []byte) ([]byte, error) {
	zr, _ := gzipReaders.Get().(*gzip.Reader)
	var err error
	if zr == nil {
		zr, err = gzip.NewReader(bytes.NewReader(data))
	} else {
		err = zr.Reset(bytes.NewReader(data))
	}
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	defer gzipReaders.Put(zr)
	var out bytes.Buffer
	out.Grow(4 * len(data)) // JSON inflates about so much
	if _, err := out.ReadFrom(io.LimitReader(zr, maxInflated+1)); err != nil {
		return nil, fmt.Errorf("inflate: %w", err)
	}
	if out.Len() > maxInflated {
		return nil, fmt.Errorf("inflates past %d bytes", maxInflated)
	}
	return out.Bytes(), nil
}

// decodeTask reads a task message and checks what a worker relies on.
func decodeTask(header nats.Header, data []byte) (Task, error) {
	var t Task
	if err := decode(header, data, &t); err != nil {
		return t, fmt.Errorf("task: %w", err)
	}
	switch {
	case !validToken(t.Job) || !validToken(t.Key):
		return t, fmt.Errorf("task: bad job %q or key %q", clip(t.Job), clip(t.Key))
	case t.Source == "":
		return t, fmt.Errorf("task %s.%s: no source", t.Job, t.Key)
	case t.URL == "" && t.WARC == "" && !t.HasText && t.Body == nil:
		return t, fmt.Errorf("task %s.%s (%s): nothing to read", t.Job, t.Key, clip(t.Source))
	}
	return t, nil
}

// decodeResult reads a result message and checks what the writer relies
// on.
func decodeResult(header nats.Header, data []byte) (Result, error) {
	var r Result
	if err := decode(header, data, &r); err != nil {
		return r, fmt.Errorf("result: %w", err)
	}
	if !validToken(r.Job) || !validToken(r.Key) {
		return r, fmt.Errorf("result: bad job %q or key %q", clip(r.Job), clip(r.Key))
	}
	switch r.Status {
	case StatusExtracted:
		if r.Article == nil || r.Article.ID == "" {
			return r, fmt.Errorf("result %s.%s (%s): extracted without an article", r.Job, r.Key, clip(r.Source))
		}
	case StatusSkipped, StatusFailed:
	case StatusExpanded:
		if r.Records < 0 {
			return r, fmt.Errorf("result %s.%s: %d records", r.Job, r.Key, r.Records)
		}
	default:
		return r, fmt.Errorf("result %s.%s: unknown status %q", r.Job, r.Key, clip(r.Status))
	}
	return r, nil
}

// clip shortens what an error quotes from a message.
func clip(s string) string {
	if len(s) <= 80 {
		return s
	}
	return strings.ToValidUTF8(s[:80], "") + "…"
}
