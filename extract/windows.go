package extract

// The search windows of the readers and rules: how far from a cue, a
// quotation or a name each looks, in tokens unless said otherwise. They
// are here together so that a newcomer sees every distance the extractor
// assumes in one place; each says why it is as wide as it is.

const (
	// Preparation

	// colonOpening is how many tokens into a sentence a colon still
	// introduces what follows (headlines, transcripts: "Sanders: ...").
	colonOpening = 6

	// orgJoinReach is how many capitalised words after "and", "of", "for" or
	// "&" may lead to the organisation word that makes the joining word part
	// of a name ("Food and Drug Administration").
	orgJoinReach = 4

	// subjectApposition is how far into its sentence a name in apposition to
	// an opening role may stand and still be the sentence's subject ("The
	// Turkish mediator, Aylin Korkmaz, was ...").
	subjectApposition = 6

	// Noun phrases (np.go)

	// appositionReach bounds an apposition between commas: "Valdez
	// Anderson, who works at a heating company in Sacramento, said".
	appositionReach = 30

	// appositionHops is how many commas npEndingAt walks back over
	// ("Ms. Lee, 42, a nurse from Leeds, said").
	appositionHops = 3

	// asideReach bounds an aside between dashes ("Murphy — after a
	// knock-on-wood gesture — told me").
	asideReach = 30

	// parenReach bounds a parenthetical ("Rep. Steve Israel (D-N.Y.)").
	parenReach = 10

	// conjunctModifiers is how many words may stand between "and" and the
	// head of a second conjunct ("and his brother Ross").
	conjunctModifiers = 3

	// titleAfterName bounds the title a premodifying name carries
	// ("Montreal coach Benoît Lavallée").
	titleAfterName = 4

	// maxSkipped bounds the adverbs and auxiliaries between a subject and
	// its verb ("Putin has repeatedly insisted").
	maxSkipped = 8
	// parentheticalReach bounds a bracketed aside between a subject and
	// its verb: a party and state tag ("(R-Fla.)", "(D., N.Y.)") or a
	// short gloss.
	parentheticalReach = 8
	// thatAfterCue bounds the words between a cue and the "that" that
	// opens its quoted content ("claimed on Tuesday that “…”").
	thatAfterCue = 6

	// Subjects (subject.go)

	// relativeReach bounds a relative clause between its antecedent and a
	// cue ("Fans who had travelled from as far as Osaka said").
	relativeReach = 14

	// finiteReach bounds the search for a sentence's first finite verb.
	finiteReach = 60

	// introReach bounds an introductory phrase closed by a comma ("On
	// Monday, ..."); subordinateIntroReach one that opens with a
	// subordinator or a participle, which may run long ("When Trump
	// suggested that Cuba would sue the U.S. for reneging on the deal,
	// Rubio ...").
	introReach            = 16
	subordinateIntroReach = 40

	// subjectVerbReach bounds the search for the verb that follows a
	// sentence's subject.
	subjectVerbReach = 40

	// Reported clauses (content.go, rules.go)

	// thatReach is how far after a cue "that" may still open its clause
	// ("told reporters on Tuesday that").
	thatReach = 12

	// adjunctVerbReach bounds an adjunct between a cue and a clause
	// without "that" ("said in a note the delay would push").
	adjunctVerbReach = 12

	// maxAdjunctWords bounds the adverbial that may follow a cue when the
	// claim is before it ("..., officials said late on Friday.").
	maxAdjunctWords = 5

	// clauseSubjectReach bounds the subject before a reported clause's
	// finite verb ("he would", "the plan was").
	clauseSubjectReach = 8

	// subordinateReach bounds how far into an opening subordinate clause
	// its cue may stand ("When Trump suggested that ...").
	subordinateReach = 15

	// closingMarkReach is how far past the end of a clause, in bytes, the
	// closing mark of a quotation the clause ends in may stand and still be
	// taken with it.
	closingMarkReach = 8

	// Rules

	// cueAfterQuote is how far after a quotation its cue may stand: far
	// enough for "Valdez Anderson, who works at a heating company in
	// Sacramento, said".
	cueAfterQuote = 30

	// attributionTailWords bounds the words after the cue of an
	// attribution that is a sentence of its own ("told reporters at City
	// Hall").
	attributionTailWords = 8

	// splitQuoteGap is how far after the attribution the second half of a
	// split quote may open.
	splitQuoteGap = 6

	// maxTitleWords bounds the lower-case title before a name ("league
	// disciplinary chief").
	maxTitleWords = 5

	// cueBeforeObject is how far back from the comma or colon before a quote
	// the cue may stand, past its object and adjuncts: "KC told jurors at
	// Manchester Crown Court:".
	cueBeforeObject = 10

	// commentReach bounds the noun phrase of a comment the writer sets off
	// after a reported clause ("…, a stance that Kyiv rejects").
	commentReach = 6

	// minFindingWords is how many words a finding needs when it is no
	// clause ("the poll shows Clinton with a lead").
	minFindingWords = 3

	// minRightPiece is how many words a piece of content after a
	// mid-sentence attribution needs ("…, they note, there are plenty").
	minRightPiece = 3

	// objectPhraseReach bounds the phrases a framing cue's object may carry
	// before its "as" ("described the ground under the city as ...").
	objectPhraseReach = 10

	// asClauseReach bounds the attribution of an "as" clause, from its cue to
	// the comma or full stop that ends it.
	asClauseReach = 10

	// titleBeforeName bounds the lower-case title between the comma and the
	// name of a clause-first attribution ("..., United Nations envoy Ingrid
	// Solberg-Amadi said").
	titleBeforeName = 5

	// possessiveReach is how far into its sentence the possessive may stand.
	possessiveReach = 12

	// datelineReach is how many tokens into a sentence a dateline may run.
	datelineReach = 10

	// Speakers (speakers.go)

	// pronounWindow is how far back, in bytes, a pronoun looks for its
	// referent: a few paragraphs.
	pronounWindow = 1500

	// maxRoleWords bounds a role noun phrase that may name a holder the
	// article mentioned: "the president", "the foreign minister".
	maxRoleWords = 3
)
