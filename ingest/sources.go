package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http/httputil"
	nurl "net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/mmcdole/gofeed"
	"github.com/nlnwa/gowarc/v3"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/corpus"
)

// job is one unit of work: one article-to-be. Exactly one outcome is
// recorded for each job.
type job struct {
	// source names the job in the store (HasSource/Put) and in logs: the
	// URL, the absolute file path, or "path#id" for a gold line.
	source string
	url    string // http(s) page to fetch
	path   string // local file to read, as the user gave it
	// Content already in hand (WARC records, gold lines):
	body        []byte
	contentType string
	text        string
	hasText     bool
}

// ReadList reads a list of sources, one per line; blank lines and lines
// starting with '#' are ignored.
func ReadList(r io.Reader) ([]string, error) {
	var out []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read source list: %w", err)
	}
	return out, nil
}

func isURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// fileKind says how a local file is read, by its name.
type fileKind int

const (
	fileUnknown fileKind = iota
	fileHTML
	fileText
	fileGold
	fileXML // feed or sitemap, perhaps gzipped
	fileWARC
)

func kindOfFile(name string) fileKind {
	l := strings.ToLower(name)
	switch {
	case strings.HasSuffix(l, ".html"), strings.HasSuffix(l, ".htm"), strings.HasSuffix(l, ".xhtml"):
		return fileHTML
	case strings.HasSuffix(l, ".txt"):
		return fileText
	case strings.HasSuffix(l, ".jsonl"):
		return fileGold
	case strings.HasSuffix(l, ".warc"), strings.HasSuffix(l, ".warc.gz"):
		return fileWARC
	case strings.HasSuffix(l, ".xml"), strings.HasSuffix(l, ".xml.gz"), strings.HasSuffix(l, ".rss"),
		strings.HasSuffix(l, ".atom"):
		return fileXML
	}
	return fileUnknown
}

// expander turns the user's arguments into jobs. It runs in one
// goroutine; emit blocks when the pipeline is full, which is what keeps a
// large WARC or sitemap from being read ahead of the fetchers.
type expander struct {
	fetcher *Fetcher
	maxBody int64
	emit    func(job) error             // blocks; fails only when cancelled
	fail    func(src string, err error) // a source that yields no job
}

func (e *expander) expand(ctx context.Context, arg string) error {
	if isURL(arg) {
		return e.expandURL(ctx, arg, 0)
	}
	info, err := os.Stat(arg)
	if err != nil {
		e.fail(arg, &Error{Reason: ReasonRead, Err: err})
		return nil
	}
	if info.IsDir() {
		return e.expandDir(ctx, arg)
	}
	return e.expandFile(ctx, arg, true)
}

// expandURL fetches a URL given by the user or found in a sitemap index.
// Page URLs become jobs without a request here; only URLs that look like
// feeds or sitemaps are fetched now, to read their links.
func (e *expander) expandURL(ctx context.Context, u string, depth int) error {
	if !looksLikeXML(u) {
		return e.emit(job{source: u, url: u})
	}
	res, err := e.fetcher.Fetch(ctx, u, AcceptXML)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		e.fail(u, err)
		return nil
	}
	if isHTMLType(res.ContentType) && !looksXMLBody(res.Body) {
		// A page after all: hand the body over instead of fetching twice.
		return e.emit(job{source: u, url: res.URL, body: res.Body, contentType: res.ContentType})
	}
	return e.expandXML(ctx, u, res.Body, depth)
}

// looksLikeXML guesses from a URL whether it names a feed or sitemap.
func looksLikeXML(u string) bool {
	l := strings.ToLower(u)
	if i := strings.IndexAny(l, "?#"); i >= 0 {
		l = l[:i]
	}
	l = strings.TrimSuffix(l, "/")
	for _, s := range []string{".xml", ".xml.gz", ".rss", ".atom", "/feed", "/rss", "/atom", "/feeds"} {
		if strings.HasSuffix(l, s) {
			return true
		}
	}
	return strings.Contains(l, "sitemap")
}

func isHTMLType(ct string) bool {
	mt, _, _ := mime.ParseMediaType(ct)
	return mt == "text/html" || mt == "application/xhtml+xml"
}

func looksXMLBody(b []byte) bool {
	t := bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")), " \t\r\n")
	return bytes.HasPrefix(t, []byte("<?xml")) || bytes.HasPrefix(t, []byte("<rss")) ||
		bytes.HasPrefix(t, []byte("<feed")) || bytes.HasPrefix(t, []byte("<urlset")) || bytes.HasPrefix(t, []byte("<sitemapindex"))
}

// maxSitemapDepth bounds sitemap indexes pointing at indexes.
const maxSitemapDepth = 3

// expandXML reads a feed or a sitemap (index) and expands its links.
func (e *expander) expandXML(ctx context.Context, src string, body []byte, depth int) error {
	body, err := gunzipIfNeeded(body, e.maxBody)
	if err != nil {
		e.fail(src, err)
		return nil
	}
	switch rootElement(body) {
	case "urlset":
		locs, err := sitemapLocs(body)
		if err != nil {
			e.fail(src, &Error{Reason: ReasonParse, Err: fmt.Errorf("sitemap %s: %w", src, err)})
			return nil
		}
		for _, l := range locs {
			l = resolveLink(src, l)
			if err := e.emit(job{source: l, url: l}); err != nil {
				return err
			}
		}
		return nil
	case "sitemapindex":
		if depth >= maxSitemapDepth {
			e.fail(src, failf(ReasonParse, "sitemap index %s nested deeper than %d", src, maxSitemapDepth))
			return nil
		}
		locs, err := sitemapLocs(body)
		if err != nil {
			e.fail(src, &Error{Reason: ReasonParse, Err: fmt.Errorf("sitemap index %s: %w", src, err)})
			return nil
		}
		for _, l := range locs {
			if err := e.expandSitemapRef(ctx, resolveLink(src, l), depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		e.fail(src, &Error{Reason: ReasonParse, Err: fmt.Errorf("%s is neither a feed nor a sitemap: %w", src, err)})
		return nil
	}
	for _, it := range feed.Items {
		link := strings.TrimSpace(it.Link)
		if link == "" && len(it.Links) > 0 {
			link = strings.TrimSpace(it.Links[0])
		}
		link = resolveLink(src, link)
		if link == "" || !isURL(link) {
			continue
		}
		if err := e.emit(job{source: link, url: link}); err != nil {
			return err
		}
	}
	return nil
}

// expandSitemapRef follows one <sitemap><loc> of an index: always XML,
// whatever its name says.
func (e *expander) expandSitemapRef(ctx context.Context, u string, depth int) error {
	if !isURL(u) {
		e.fail(u, failf(ReasonBadURL, "sitemap location %q is not an http(s) URL", u))
		return nil
	}
	res, err := e.fetcher.Fetch(ctx, u, AcceptXML)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		e.fail(u, err)
		return nil
	}
	return e.expandXML(ctx, u, res.Body, depth)
}

// resolveLink makes a relative link in a feed or sitemap absolute against
// the URL it was read from; links in local files stay as they are.
func resolveLink(base, link string) string {
	if link == "" || isURL(link) || !isURL(base) {
		return link
	}
	b, err := nurl.Parse(base)
	if err != nil {
		return link
	}
	r, err := nurl.Parse(link)
	if err != nil {
		return link
	}
	return b.ResolveReference(r).String()
}

// rootElement is the local name of the document's first element.
func rootElement(b []byte) string {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for i := 0; i < 64; i++ {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local
		}
	}
	return ""
}

// sitemapLocs returns the <loc> of every <url> or <sitemap> entry, in
// order. Google News sitemaps are ordinary urlsets with a news: block per
// url, so they need nothing more.
func sitemapLocs(b []byte) ([]string, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var out []string
	var stack []string
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			if t.Name.Local == "loc" && len(stack) >= 2 {
				parent := stack[len(stack)-2]
				if parent != "url" && parent != "sitemap" {
					continue
				}
				var s string
				if err := d.DecodeElement(&s, &t); err != nil {
					return out, err
				}
				stack = stack[:len(stack)-1]
				if s = strings.TrimSpace(s); s != "" {
					out = append(out, s)
				}
			}
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
}

// expandDir walks a directory in name order and expands every file of a
// known kind; other files are passed over silently, since a folder of
// saved pages also holds their images and scripts.
func (e *expander) expandDir(ctx context.Context, dir string) error {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			e.fail(p, &Error{Reason: ReasonRead, Err: err})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if kindOfFile(p) != fileUnknown && !strings.HasPrefix(d.Name(), ".") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(files)
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := e.expandFile(ctx, f, false); err != nil {
			return err
		}
	}
	return nil
}

func fileSource(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// expandFile turns a local file into jobs. explicit is true when the user
// named the file, so an unknown extension is an error rather than noise.
func (e *expander) expandFile(ctx context.Context, p string, explicit bool) error {
	switch kindOfFile(p) {
	case fileHTML, fileText:
		return e.emit(job{source: fileSource(p), path: p})
	case fileGold:
		return e.expandGold(ctx, p)
	case fileWARC:
		return e.expandWARC(ctx, p)
	case fileXML:
		b, err := readCapped(p, e.maxBody)
		if err != nil {
			e.fail(fileSource(p), err)
			return nil
		}
		return e.expandXML(ctx, fileSource(p), b, 0)
	}
	if explicit {
		// A file named on the command line with an unknown extension is
		// taken as a page when it looks like HTML, else as plain text.
		return e.emit(job{source: fileSource(p), path: p})
	}
	return nil
}

func readCapped(p string, limit int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, &Error{Reason: ReasonRead, Err: err}
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, &Error{Reason: ReasonRead, Err: fmt.Errorf("read %s: %w", p, err)}
	}
	if int64(len(b)) > limit {
		return nil, failf(ReasonTooLarge, "%s is over %d bytes", p, limit)
	}
	return b, nil
}

// expandGold makes one job per line of a gold JSON Lines file: its text
// is the article text exactly, and its source is "path#id".
func (e *expander) expandGold(ctx context.Context, p string) error {
	f, err := os.Open(p)
	if err != nil {
		e.fail(fileSource(p), &Error{Reason: ReasonRead, Err: err})
		return nil
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, err := readLine(br, e.maxBody)
		if errors.Is(err, io.EOF) {
			return nil
		}
		src := fmt.Sprintf("%s:%d", fileSource(p), n)
		if err != nil {
			e.fail(src, err)
			if errors.Is(err, errLineTooLong) {
				continue
			}
			return nil
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		var g claims.Gold
		if err := json.Unmarshal(line, &g); err != nil {
			e.fail(src, &Error{Reason: ReasonParse, Err: fmt.Errorf("%s line %d: %w", p, n, err)})
			continue
		}
		if g.ID == "" {
			e.fail(src, failf(ReasonParse, "%s line %d: no \"id\"", p, n))
			continue
		}
		if err := e.emit(job{source: fileSource(p) + "#" + g.ID, path: p + "#" + g.ID, text: g.Text, hasText: true}); err != nil {
			return err
		}
	}
}

var errLineTooLong = errors.New("line too long")

// readLine reads one line of at most limit bytes; a longer line is
// consumed whole and reported as errLineTooLong.
func readLine(br *bufio.Reader, limit int64) ([]byte, error) {
	var buf []byte
	tooLong := false
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if int64(len(buf)+len(chunk)) > limit {
				tooLong, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, &Error{Reason: ReasonRead, Err: err}
		}
		if tooLong {
			return nil, &Error{Reason: ReasonTooLarge, Err: errLineTooLong}
		}
		if err != nil && len(buf) == 0 {
			return nil, io.EOF
		}
		return buf, nil
	}
}

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

// annotatedText returns the plain text of a corpus source file (the
// project's annotated article format, with [[..]] marks); ok is false for
// any other text, which is read as is.
func annotatedText(name string, b []byte) (string, bool) {
	if !bytes.HasPrefix(b, []byte("id:")) || !bytes.Contains(b, []byte("\n---\n")) || !bytes.Contains(b, []byte("[[")) {
		return "", false
	}
	s, err := corpus.Parse(name, string(b))
	if err != nil {
		return "", false
	}
	return s.Text, true
}

// textArticle names a plain-text article by its content.
func textArticle(text, path string) claims.Article {
	return claims.Article{ID: claims.ArticleID("", text), Path: path, Text: text}
}
