// Package entity decides which speakers of a store's claims are one
// person or one organisation: speaker linking across articles, offline,
// on names and on what each article says of them. It holds no store: the
// store keeps what this package computes (occurrences, links) under its
// own keys and asks it again for the names an article touches, and a test
// or a scorer links a collection in memory (LinkAll) with the same rules.
//
// # Contract
//
//   - A speaker name is read by Parse into a Kind (a person, an
//     organisation, or a generic speaker such as "the company", "a
//     spokesperson", "officials", "The board") and a node key: a person's
//     name folded (claims.FoldWords), without titles, honorifics,
//     particles and suffixes, each word reduced to its spelling skeleton
//     (Skeleton: Zelensky, Zelenskiy and Zelenskyy are one), with its
//     generation ("Jr.") kept apart; an organisation's folded words.
//   - Generic speakers are never linked, except that one who speaks for a
//     named organisation ("a spokeswoman for Corvane Therapeutics", "a
//     Corvane spokesman") links to that organisation.
//   - Occurrences reads one article's speakers into one Occurrence per
//     node, a pure function of the article, after resolving short names
//     within it: "Putin", "Mr. Putin", "Declan" go to the one full name of
//     the article they fit; with two that fit, the occurrence is Local.
//   - LinkUnit links the nodes of one unit (a bucket: a person's last
//     name, an organisation's first word; with the buckets the alias file
//     joins to it) and is a pure function of its nodes, their title words
//     and the alias file. Full names with the same first and last name are
//     one person; two different first names never are. A short name joins
//     the one person of the store it fits; with none it is a person of its
//     own; with two or more it is Ambiguous, and each of its occurrences
//     goes to the one whose titles agree with it ("Mayor Okafor") or else
//     is an entity of its own (LocalID), never merged across articles.
//   - An entity's id (EntityID) derives from its anchor, a person's first
//     and last name, so it stays the same across re-linking and
//     reindexing for as long as the person is in the store.
//   - Aliases (an alias file: NAME = NAME merges, NAME != NAME splits)
//     override the rules; ParseAliases refuses a bad line with file:line
//     and why, and a file whose merges and splits contradict.
//
// # Limits
//
// Linking sees names and titles only: two different people with the same
// full name are one entity until the alias file splits them, and a short
// name shared by two people ("Ms. Varga" beside Ilona and Anton Varga)
// links to neither unless its title tells them apart. Names written in a
// different order (family name first) or with a different given name
// (Vladimir, Volodymyr) are different people.
//
// The word lists are the root package's shared ones (titles, demonyms,
// person and organisation nouns, group heads, organisation suffixes, name
// particles and suffixes) and this package's data/spokespeople.txt.
package entity
