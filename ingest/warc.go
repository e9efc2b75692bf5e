// WARC archives (the CC-NEWS layout): each HTTP 200 HTML response
// becomes a job carrying its body, undone from the chunking and
// compression it was archived with, so that a crawl is ingested without
// one request to the sites it came from.

package ingest

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http/httputil"
	"strings"

	"github.com/nlnwa/gowarc/v3"
)

// expandWARC emits every HTTP 200 text/html response of a WARC file, the
// way CC-NEWS stores pages; request, metadata and revisit records and
// other responses are passed over.
func (e *expander) expandWARC(ctx context.Context, p string) error {
	// Lenient like WithNoValidation, but with HTTP blocks parsed: crawl
	// archives often bend the spec and a bent record is still a page.
	r, err := gowarc.NewWarcFileReader(p, 0,
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrIgnore), gowarc.WithSpecViolationPolicy(gowarc.ErrIgnore),
		gowarc.WithUnknownRecordTypePolicy(gowarc.ErrIgnore), gowarc.WithBufferMaxMemBytes(e.maxBody))
	if err != nil {
		e.fail(fileSource(p), &Error{Reason: ReasonRead, Err: fmt.Errorf("open warc %s: %w", p, err)})
		return nil
	}
	defer r.Close()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			e.fail(fileSource(p), &Error{Reason: ReasonParse, Err: fmt.Errorf("warc %s: %w", p, err)})
			return nil
		}
		j, ok, jerr := warcJob(rec.WarcRecord, e.maxBody)
		rec.Close()
		if jerr != nil {
			e.fail(j.source, jerr)
			continue
		}
		if !ok {
			continue
		}
		if err := e.emit(j); err != nil {
			return err
		}
	}
}

func warcJob(rec gowarc.WarcRecord, limit int64) (job, bool, error) {
	if rec.Type() != gowarc.Response {
		return job{}, false, nil
	}
	target := strings.Trim(rec.WarcHeader().Get(gowarc.WarcTargetURI), "<>")
	blk, ok := rec.Block().(gowarc.HttpResponseBlock)
	if !ok || blk.HttpStatusCode() != 200 {
		return job{}, false, nil
	}
	ct, ce := "", ""
	if h := blk.HttpHeader(); h != nil {
		ct = h.Get("Content-Type")
		ce = strings.ToLower(strings.TrimSpace(h.Get("Content-Encoding")))
	}
	// The parsed header drops Transfer-Encoding, so it is read from the
	// raw header lines.
	te := rawHeader(blk.ProtocolHeaderBytes(), "transfer-encoding")
	if !isHTMLType(ct) {
		return job{}, false, nil
	}
	j := job{source: target, url: target, contentType: ct}
	pr, err := blk.PayloadBytes()
	if err != nil {
		return j, false, &Error{Reason: ReasonRead, Err: fmt.Errorf("warc record %s: %w", target, err)}
	}
	// Archives keep the payload as it came over the wire: undo chunking
	// and compression the way the HTTP client would have.
	if strings.Contains(te, "chunked") {
		pr = httputil.NewChunkedReader(pr)
	}
	switch ce {
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(pr)
		if err != nil {
			return j, false, &Error{Reason: ReasonParse, Err: fmt.Errorf("warc record %s: gzip payload: %w", target, err)}
		}
		defer zr.Close()
		pr = zr
	case "", "identity":
	default:
		return j, false, failf(ReasonParse, "warc record %s: payload in unsupported encoding %q", target, ce)
	}
	body, err := io.ReadAll(io.LimitReader(pr, limit+1))
	if err != nil {
		return j, false, &Error{Reason: ReasonRead, Err: fmt.Errorf("warc record %s: %w", target, err)}
	}
	if int64(len(body)) > limit {
		return j, false, failf(ReasonTooLarge, "warc record %s: over %d bytes", target, limit)
	}
	j.body = body
	return j, true, nil
}

// rawHeader returns the lower-cased value of header name in raw HTTP
// header bytes, or "".
func rawHeader(raw []byte, name string) string {
	for _, line := range strings.Split(string(raw), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(strings.TrimSpace(k), name) {
			return strings.ToLower(strings.TrimSpace(v))
		}
	}
	return ""
}
