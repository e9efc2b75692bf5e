// Package extract finds claims (who said what) in the text of a news
// article.
//
// # Contract
//
// Extract takes an article's text exactly as read and returns its claims
// (claims.Claim) in order of where their content starts. Every offset in a
// returned claim is a half-open range of Unicode code points into that
// text, and for every span (content, quote fragment, speaker mention, cue,
// entity)
//
//	[]rune(text)[span.Start:span.End] == span.Text
//
// holds (TestCorpusOffsets, FuzzExtract). Internally all work is done on
// byte offsets, which prose v3's tokens carry (src[tok.Start:tok.End()] ==
// tok.Text); conversion to code points happens once, at the edge, in
// output.go. No step rewrites the text: curly quotes, non-breaking hyphens
// and narrow no-break spaces are read as they are. Extraction takes time
// linear in the text, whatever it holds (BenchmarkExtractLarge).
//
// # Stages
//
// Extract runs five stages over one article, each in its own files, each
// reading what the ones before produced and writing only its own output:
//
//  1. Prepare (prepare.go, tokenize.go, lighttok.go, marks.go, quotes.go,
//     cues.go, cast.go, castlink.go): paragraphs are the blank-line separated blocks of
//     the text, and no quote or sentence crosses one, so a missing closing
//     mark costs at most one paragraph. Quotation marks are paired per
//     paragraph (markStyles lists the marks). Sentences come from prose's
//     segmenter, merged so that none splits a quotation. Only sentences
//     with a cue word (a reporting verb of lexicon/data/cues.txt, "according
//     to", a colon) are tokenized as prose does it and tagged, and in them
//     only the words outside quotations: tagging is most of the cost. The
//     cast lists every proper name the article mentions and links each to
//     the one person or organisation it names: a full name to another
//     only when its words fit it ("Donald J. Trump"), a surname two people
//     share to the one named in full nearest before it, else to neither.
//     The result is a document, which nothing changes afterwards.
//  2. Rules (rules.go, rule_*.go): ordered attribution rules, most precise
//     first, propose candidate claims. Each quotation and cue word belongs
//     to the first rule that takes it; the ledger records what each
//     candidate took, so later rules see only what is left.
//  3. Speakers (speakers.go): every candidate's speaker noun phrase (np.go,
//     namerun.go, subject.go) becomes a canonical speaker: the head of
//     the phrase, not the organisation in its tail; names to their
//     fullest form in the article, pronouns, role nouns and documents to
//     the named speaker they refer to (roles.go), titles before or in
//     apposition to a name moved to Speaker.Title (titles.go); a phrase
//     that is no one (a year, a demonym alone, a header) gives no speaker
//     (nospeaker.go).
//  4. Confidence (confidence.go): a logistic model over the claim's
//     features, fitted on PolNeAR train by extract/internal/fitconf.
//  5. Claims (output.go): code-point offsets, the entities inside each
//     claim's content, one claim per content span.
//
// # Where to change what
//
//   - A reporting verb: one line in lexicon/data/cues.txt.
//   - A title word, a person or organisation noun: a line in the list
//     named for it, in lexicon/data or, for the lists the store shares,
//     the root package's words/ (package lexicon says which).
//   - A quotation-mark style: markStyles in marks.go, and direction when
//     the mark's role depends on its neighbours.
//   - An attribution construction: a rule in a file rule_NAME.go, with a
//     RuleID, placed in rules() at the place its precision earns it, and
//     its weight in the confidence model (refit).
//
// An Extractor holds only immutable models, word lists and rules, loaded
// once by New, and a pool of scratch buffers; it is safe for concurrent
// use.
package extract
