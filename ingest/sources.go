// Sources: what the user names (URLs, files, directories, gold files)
// turned into jobs, one per article-to-be, by the expander that feeds the
// pipeline. Feeds and sitemaps are in feeds.go, WARC archives in warc.go.
// Local files are read with the same size cap as fetched pages, so a
// stray multi-gigabyte file fails as too large instead of filling memory.

package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

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

// urlScheme is the scheme of a source that is a URL of another scheme
// than http(s) ("ftp://host/x", "file:///x"), which is no local path
// either; "" for anything else.
func urlScheme(s string) string {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok || len(scheme) < 2 || rest == "" {
		return ""
	}
	for i, r := range scheme {
		alpha := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !alpha && (i == 0 || !(r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')) {
			return ""
		}
	}
	return strings.ToLower(scheme)
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
	skip    func(src, reason string)    // a source passed over on purpose
	// warc, when set, takes a web archive as it is instead of its
	// records (ingest/queue makes it one job).
	warc func(path string) error
}

func (e *expander) expand(ctx context.Context, arg string) error {
	if isURL(arg) {
		return e.expandURL(ctx, arg, 0)
	}
	if scheme := urlScheme(arg); scheme != "" {
		e.fail(arg, failf(ReasonUnsupported, "%s: the %s scheme is not supported (give an http or https URL, or a local path)", arg, scheme))
		return nil
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
	pages := e.goldPages(files)
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if pages[fileSource(f)] {
			e.skip(fileSource(f), SkipGoldPage)
			continue
		}
		if err := e.expandFile(ctx, f, false); err != nil {
			return err
		}
	}
	return nil
}

// goldPages is the set of HTML pages (absolute paths) that the gold files
// among files name as where one of their articles came from (a line's
// "html"): the gold line is that article, so a directory that holds a
// gold file and its pages, as corpus/ does, gives each article once. A
// gold file that cannot be read names none; expandGold reports it.
func (e *expander) goldPages(files []string) map[string]bool {
	pages := map[string]bool{}
	for _, f := range files {
		if kindOfFile(f) != fileGold {
			continue
		}
		fh, err := os.Open(f)
		if err != nil {
			continue
		}
		br := bufio.NewReaderSize(fh, 64<<10)
		for {
			line, err := readLine(br, e.maxBody)
			if errors.Is(err, io.EOF) || err != nil && !errors.Is(err, errLineTooLong) {
				break
			}
			var g struct {
				HTML string `json:"html"`
			}
			if json.Unmarshal(line, &g) == nil && g.HTML != "" {
				pages[fileSource(filepath.Join(filepath.Dir(f), filepath.FromSlash(g.HTML)))] = true
			}
		}
		fh.Close()
	}
	return pages
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
		if e.warc != nil {
			return e.warc(fileSource(p))
		}
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
	return ReadCapped(f, p, limit)
}

// ReadCapped reads r, named name in errors, to its end, failing with
// ReasonTooLarge once it passes limit bytes, so that memory never holds
// more than limit+1 bytes of it.
func ReadCapped(r io.Reader, name string, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, &Error{Reason: ReasonRead, Err: fmt.Errorf("read %s: %w", name, err)}
	}
	if int64(len(b)) > limit {
		return nil, failf(ReasonTooLarge, "%s is over %d bytes (the --max-body limit)", name, limit)
	}
	return b, nil
}

// PlainText returns b, read from name, as text, or fails with ReasonParse
// when it is not text: invalid UTF-8, or a NUL byte, which no text holds
// and nearly every binary file does.
func PlainText(name string, b []byte) (string, error) {
	if !utf8.Valid(b) {
		return "", failf(ReasonParse, "%s is not UTF-8 text (a binary file?)", name)
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return "", failf(ReasonParse, "%s is not text: it holds a NUL byte at offset %d (a binary file?)", name, i)
	}
	return string(b), nil
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

// annotatedText returns the plain text of a corpus source file (the
// project's annotated article format, with [[..]] marks); ok is false for
// any other text, which is read as is.
func annotatedText(name string, b []byte) (string, bool) {
	head := b
	// Comment lines may come before the header (corpus/README.md).
	for bytes.HasPrefix(head, []byte("#")) || bytes.HasPrefix(head, []byte("\n")) {
		_, head, _ = bytes.Cut(head, []byte("\n"))
	}
	if !bytes.HasPrefix(head, []byte("id:")) || !bytes.Contains(b, []byte("\n---\n")) || !bytes.Contains(b, []byte("[[")) {
		return "", false
	}
	s, err := corpus.Parse(name, string(b))
	if err != nil {
		return "", false
	}
	return s.Text, true
}

// textArticle names a plain-text article by its content, and takes its
// headline as its title (TextTitle).
func textArticle(text string) claims.Article {
	return claims.Article{ID: claims.ArticleID("", text), Title: TextTitle(text), Text: text}
}

// maxTitle is the longest first line TextTitle takes for a headline, in
// characters: headlines run to about 100, a lede paragraph to 200 and more.
const maxTitle = 150

// TextTitle is the title of a plain-text article, as people write one: a
// short first line followed by a blank line ("Bridge closes\n\nThe ...").
// A first line that ends like a sentence (a full stop, comma, colon or
// semicolon) is the start of the text, not a title; so is one with
// nothing after it. It returns "" when there is no title.
func TextTitle(text string) string {
	text = strings.TrimPrefix(text, "\ufeff")
	line, rest, ok := strings.Cut(text, "\n")
	line = strings.TrimSpace(line)
	if !ok || line == "" || utf8.RuneCountInString(line) > maxTitle || strings.ContainsAny(line[len(line)-1:], ".,:;") {
		return ""
	}
	blank, rest, ok := strings.Cut(rest, "\n")
	if !ok || strings.TrimSpace(blank) != "" || strings.TrimSpace(rest) == "" {
		return ""
	}
	return line
}
