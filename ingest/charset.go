// Charset decoding: pages arrive in many encodings and claim offsets
// count the characters of the decoded text, so every page is turned into
// valid UTF-8 before parsing, the way a browser reads it (Content-Type
// header, then byte order mark, then <meta>), except that a header
// claiming UTF-8 for bytes that are not is overruled by the page's own
// <meta>.

package ingest

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// parsePage decodes body to UTF-8 and parses it. Bytes that are not valid
// in the detected encoding become U+FFFD rather than failing the page.
func parsePage(body []byte, contentType string) (*html.Node, error) {
	contentType = trustedContentType(body, contentType)
	r, err := charset.NewReader(bytes.NewReader(body), contentType)
	if err != nil {
		// An unknown charset label is not fatal: the page is most likely
		// UTF-8 or close to it, and replacement characters show the rest.
		r = bytes.NewReader(body)
	}
	decoded, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("decode page: %w", err)
	}
	if !utf8.Valid(decoded) {
		decoded = bytes.ToValidUTF8(decoded, []byte("\uFFFD"))
	}
	// Drop a UTF-8 BOM the decoder left in place, so it does not become
	// text in <body>.
	decoded = bytes.TrimPrefix(decoded, []byte("\uFEFF"))
	doc, err := html.Parse(bytes.NewReader(decoded))
	if err != nil {
		return nil, fmt.Errorf("parse html: %w", err)
	}
	return doc, nil
}

var metaCharset = regexp.MustCompile(`(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)`)

// trustedContentType drops the header's charset when it is UTF-8, the body
// is not valid UTF-8 and the page's own <meta> names another charset: a
// server configured to say UTF-8 for every file, serving a page saved in
// windows-1252, is common, and the page knows its encoding better. In
// every other case the header stands, as the HTML standard says.
func trustedContentType(body []byte, contentType string) string {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil || !strings.EqualFold(strings.ReplaceAll(params["charset"], "-", ""), "utf8") || utf8.Valid(body) {
		return contentType
	}
	head := body[:min(len(body), 2048)]
	m := metaCharset.FindSubmatch(head)
	if m == nil {
		return contentType
	}
	if _, name := charset.Lookup(string(m[1])); name == "" || name == "utf-8" {
		return contentType
	}
	return "text/html"
}
