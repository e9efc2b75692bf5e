// Package groups decides which claims are occurrences of one quote: the
// same statement reprinted by many outlets, verbatim, trimmed,
// re-punctuated, cut to a fragment or given another attribution line.
// It is pure: it works on an Index (the store implements it over one
// Badger transaction, MemIndex in memory) and never imports the store
// or the extractor.
//
// # What a group is
//
// A claim's wording is its Text: for a direct or partial claim its quoted
// words, for an indirect one its reported clause, folded by
// claims.FoldSegments (case, diacritics, punctuation, quotation-mark and
// dash styles, spacing; an ellipsis or a bracketed insertion cuts the
// words into stretches) with contractions spelled out
// (data/contractions.txt). A wording belongs to one speaker, its Scope:
// the speaker as the caller identifies them (the store: the node its
// linking reads in the name; none for a generic speaker), else the
// folded name. Claims of one scope with the same wording (Key) share a wording
// record (VariantID); claims of different scopes never share anything,
// so that two people using one slogan stay apart, each in a group of
// their own.
//
// Two wordings of one scope are linked (Linked) when
//
//   - they are near: both quoted or both reported, sharing an LSH band,
//     with a shingle Jaccard similarity of at least QuotedJaccard (0.5)
//     for quoted words or ReportedJaccard (0.8) for indirect claims,
//     which thus group only when nearly identical; or
//   - one quoted wording is a fragment of another: it has fewer words, a
//     stretch of at least Shingle words, and every stretch of it appears
//     word for word in the other.
//
// A cluster is a connected part of Linked. Partition splits a cluster
// into groups: near wordings form one group, and a group joins the one
// other group that holds every wording containing it, so that a phrase
// the speaker used in two different statements, quoted alone, joins
// neither and never chains the two together. A group has an id made from
// its earliest occurrence (GroupID: the claim with the earliest
// publication, then the least claim id), so that it keeps its id as later
// outlets reprint it; its canonical wording is the longest (the store
// picks it).
//
// # Invariants
//
//   - Every claim with words and a speaker is in exactly one group; a
//     claim with no speaker or no words is a group of its own.
//   - Groups are a function of the set of claims: the same claims added
//     in any order, or added, removed and added again, give the same
//     groups with the same ids (TestOrderIndependence). Clusters are the
//     connected parts of a symmetric relation, groups a closure of
//     joining steps that only become more true as groups join, and ids
//     come from the members.
//   - Add and Remove read only the wording's LSH buckets, the postings of
//     its anchor and shingles, and its cluster: never the whole index.
//
// # Parameters
//
// Measured on the syndication set (testdata/syndication.txt: 22 stories
// and 5 near-miss sets in 123 articles, 192 marked claims, 289 pairs that belong together),
// building claims from the marks (TestSweep, `go test -run TestSweep
// ./store/groups -args -sweep`), pairwise precision / recall:
//
//	shingle 2, 12×2, Jaccard 0.5   0.9797 / 1.0000  (pairs of words match across different statements)
//	shingle 3, 12×2, Jaccard 0.4   0.9828 / 0.9896  (the two bus and bridge promises join)
//	shingle 3, 12×2, Jaccard 0.5   1.0000 / 0.9827  (the defaults)
//	shingle 3,  8×2, Jaccard 0.5   1.0000 / 0.9827
//	shingle 3, 16×2, Jaccard 0.5   1.0000 / 0.9827
//	shingle 4, 12×2, Jaccard 0.5   1.0000 / 0.9550  (a three-word fragment has no anchor)
//
// Shingle 3: two-word shingles join different statements that share
// common pairs ("will not", "this year"); four-word shingles lose every
// three-word fragment ("got both wrong"). Bands 12 of 2 rows: two
// wordings at the 0.5 threshold share a band with probability
// 1−(1−0.5²)¹² = 0.97, at 0.7 with 0.9998, while wordings at 0.2 are
// compared only 39% of the time; 8 bands would miss one pair in ten at
// the threshold, 16 would cost a third more index entries. The misses
// left are a two-word fragment ("not nothing") and "its" for "it is"
// (an ambiguous contraction the list leaves alone).
//
// The seeds of the hash functions, the shingle size, the band shape and
// the contraction list decide the wording ids and buckets a store keeps:
// changing any of them means regrouping the store.
package groups
