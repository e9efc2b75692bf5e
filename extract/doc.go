// Package extract finds claims (who said what) in the text of a news
// article.
//
// # Contract
//
// Extract takes an article's text exactly as read and returns its claims in
// order of where their content starts. Every offset in a returned claim is a
// half-open range of Unicode code points into that text, and for every span
// (content, quote fragment, speaker mention, cue, entity)
//
//	[]rune(text)[span.Start:span.End] == span.Text
//
// holds. Internally all work is done on byte offsets, which prose v3's
// tokens carry (src[tok.Start:tok.End()] == tok.Text); conversion to code
// points happens once, at the edge, in toClaims. No step rewrites the text:
// curly quotes, non-breaking hyphens and narrow no-break spaces are read as
// they are.
//
// # How a claim is found
//
//  1. Paragraphs are the blank-line separated blocks of the text. No quote
//     and no sentence crosses a paragraph boundary, so a missing closing
//     mark costs at most one paragraph.
//  2. Quotations are paired per paragraph (quotes.go), for every mark style
//     in markStyles; a quote left open at the end of a paragraph continues
//     when the next paragraph opens with the same mark (a multi-paragraph
//     quote).
//  3. Sentences come from prose's segmenter, merged so that none splits a
//     quotation, and split after a quotation that ends with a full stop.
//     Only sentences that hold a cue word are tokenized as prose does it
//     (tokenize, with plain words cut without prose's regular expressions;
//     FuzzTokenize holds the two to the same tokens) and tagged, and in them
//     only the words outside quotations: tagging is most of the cost. Other
//     sentences take lightTokenize.
//  4. Cues are reporting verbs (lexicon.go) matched on lemmas, plus
//     "according to" and colons.
//  5. Attribution runs the ordered sieves of sieves.go, most precise first;
//     each claims the quotes or cues it attributes, and later sieves see
//     only what is left.
//  6. Speakers are canonicalised within the article (speakers.go,
//     resolve.go): names to their fullest form, pronouns and role nouns to
//     the named speaker they refer to, titles moved to Speaker.Title.
//  7. Confidence is a small logistic model over the claim's features
//     (confidence.go), fitted on PolNeAR train by fitconf.py.
//
// An Extractor holds only immutable models and tables, loaded once by New,
// and a pool of scratch buffers; it is safe for concurrent use.
package extract
