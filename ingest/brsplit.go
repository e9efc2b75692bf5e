// <br> splitting: old templates write paragraphs as text separated by
// <br><br> inside one element, which main-text extractors take for one
// undivided block; splitBrParagraphs makes each run a <p> of its own
// before extraction, so that the text keeps its paragraphs (and quotes
// running over paragraphs keep their shape).

package ingest

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// splitBrParagraphs turns text separated by <br><br> into <p> elements,
// as old page templates write paragraphs that way and extractors then see
// one undivided block. Elements without a double <br> are left alone.
func splitBrParagraphs(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			splitBrParagraphs(c)
		}
	}
	if n.Type != html.ElementNode || !hasBrChain(n) {
		return
	}
	var kids []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		kids = append(kids, c)
	}
	for _, c := range kids {
		n.RemoveChild(c)
	}
	var run []*html.Node
	flush := func() {
		hasText := false
		for _, r := range run {
			if strings.TrimSpace(textOf(r)) != "" || (r.Type == html.ElementNode && elemAtom(r) == atom.Img) {
				hasText = true
				break
			}
		}
		if hasText {
			p := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P}
			for _, r := range run {
				p.AppendChild(r)
			}
			n.AppendChild(p)
		} else {
			for _, r := range run {
				n.AppendChild(r)
			}
		}
		run = run[:0]
	}
	for i := 0; i < len(kids); i++ {
		c := kids[i]
		if isBr(c) {
			if j := nextNonSpace(kids, i+1); j < len(kids) && isBr(kids[j]) {
				flush()
				for i+1 < len(kids) && (isBr(kids[i+1]) || isSpaceText(kids[i+1])) {
					i++
				}
				continue
			}
		}
		if c.Type == html.ElementNode && isBlock(c) {
			flush()
			n.AppendChild(c)
			continue
		}
		run = append(run, c)
	}
	flush()
}

func isBr(n *html.Node) bool { return n.Type == html.ElementNode && elemAtom(n) == atom.Br }

func isSpaceText(n *html.Node) bool {
	return n.Type == html.TextNode && strings.TrimSpace(n.Data) == ""
}

func nextNonSpace(kids []*html.Node, i int) int {
	for i < len(kids) && isSpaceText(kids[i]) {
		i++
	}
	return i
}

func hasBrChain(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if !isBr(c) {
			continue
		}
		d := c.NextSibling
		for d != nil && isSpaceText(d) {
			d = d.NextSibling
		}
		if d != nil && isBr(d) {
			return true
		}
	}
	return false
}
