package extract

import (
	"context"
	"strings"
	"testing"

	"github.com/claims-project/claims"
)

// familyCase is a focused case of one family of constructions news uses
// every day (issue 11's list, numbered as there): the claims the text must
// give, each with its speaker and cue, and contents that must not be
// claims. Each family's cases fail when its rule is taken out.
type familyCase struct {
	family int
	name   string
	text   string
	want   []want
	not    []string
}

var familyCases = []familyCase{
	// 4: cues that are also nouns, where the syntax says verb.
	{4, "report as a verb", "Lede.\n\nHumanitarian agencies report that the war has displaced more than seven million people.",
		[]want{{claims.Indirect, "the war has displaced more than seven million people", "Humanitarian agencies", "report"}}, nil},
	{4, "points out", "Lede.\n\nCritics point out that the dam was never inspected.",
		[]want{{claims.Indirect, "the dam was never inspected", "Critics", "point"}}, nil},
	{4, "voiced frustration that", "Lede.\n\nSeveral EU ministers voiced frustration that the envoy chose not to join them.",
		[]want{{claims.Indirect, "the envoy chose not to join them", "Several EU ministers", "voiced"}}, nil},
	{4, "the report is a noun", "Lede.\n\nThe report that the mayor resigned was false.", nil, []string{"the mayor resigned was false"}},
	{4, "a cue noun after a quote and its speaker", "Lede.\n\n“The levy is a tax on work,” Viguerie notes.\n\n“Only two things passed,” Bozell answers.",
		[]want{{claims.Direct, "The levy is a tax on work", "Viguerie", "notes"}, {claims.Direct, "Only two things passed", "Bozell", "answers"}}, nil},
	{4, "a possessive before the speaker's title", "Lede.\n\n“We had called him just before he boarded,” his nephew Michery el Soheil added.",
		[]want{{claims.Direct, "We had called him just before he boarded", "Michery el Soheil", "added"}}, nil},
	{4, "an attribution that is a sentence of its own", "Lede.\n\n“Russia, if you’re listening, find them.” Trump said.\n\n“We will leave.” Trump said he had not decided.",
		[]want{{claims.Direct, "Russia, if you’re listening, find them.", "Trump", "said"}, {claims.Indirect, "he had not decided", "Trump", "said"}}, nil},
	{4, "an attribution sentence with adjuncts", "Lede.\n\nMayor Dana Holt spoke first.\n\n“Either drivers pay a little more now or everyone pays later.” Holt told reporters at City Hall.\n\n“We will not raise fares again.” Holt said on Monday.\n\n“We will leave.” Holt said in a statement that the city would stay.",
		[]want{{claims.Direct, "Either drivers pay a little more now or everyone pays later.", "Dana Holt", "told"}, {claims.Direct, "We will not raise fares again.", "Dana Holt", "said"}, {claims.Indirect, "the city would stay", "Dana Holt", "said"}}, nil},
	{4, "a speaker read from the quote up to its cue", "Lede.\n\n“The facts have not changed,” a spokesman for committee Democrats said.\n\n“We want them home,” fisheries minister Annika Solberg told reporters as she left the building.",
		[]want{{claims.Direct, "The facts have not changed", "a spokesman for committee Democrats", "said"}, {claims.Direct, "We want them home", "Annika Solberg", "told"}},
		[]string{"she left the building"}},
	{4, "a quote without a comma reads no speaker forward", "Lede.\n\nThough he said it drew a “handful of unknowns” filing papers, John said none were added.",
		[]want{{claims.Indirect, "none were added", "John", "said"}}, []string{"handful of unknowns"}},
	{4, "a party and state tag after the speaker", "Lede.\n\n“It reminds us of this - how important this election is,” Sen. Marco Rubio (R-Fla.) said Saturday night at the forum.\n\nSen. Lindsey Graham (R-S.C.) said the deal was dead.",
		[]want{{claims.Direct, "It reminds us of this - how important this election is", "Marco Rubio", "said"}, {claims.Indirect, "the deal was dead", "Lindsey Graham", "said"}}, nil},
	{2, "professions as speakers", "Lede.\n\n“We must listen,” the retired neurosurgeon said.\n\n“The wind turned,” the pilot said.",
		[]want{{claims.Direct, "We must listen", "the retired neurosurgeon", "said"}, {claims.Direct, "The wind turned", "the pilot", "said"}}, nil},
	{2, "a part of a group after the cue", "Lede.\n\n“It was awful,” said one of two witnesses who saw it.\n\n“There is no path,” said one of those advisers, who asked not to be named.",
		[]want{{claims.Direct, "It was awful", "one of two witnesses", "said"}, {claims.Direct, "There is no path", "one of those advisers", "said"}}, nil},
	{2, "a participle before the speaker's noun, a name with its firm", "Lede.\n\n“The odds favour a long vacancy,” said another leading court advocate, Andrew Pincus of Mayer Lane.\n\n“Vote for the slate,” said the printed campaign card.",
		[]want{{claims.Direct, "The odds favour a long vacancy", "Andrew Pincus", "said"}, {claims.Direct, "Vote for the slate", "the printed campaign card", "said"}}, nil},
	{3, "documents that speak", "Lede.\n\n“You are a total loser!” the note says.\n\n“The plaintiff was the only one reprimanded,” the suit says.",
		[]want{{claims.Direct, "You are a total loser!", "the note", "says"}, {claims.Direct, "The plaintiff was the only one reprimanded", "the suit", "says"}}, nil},
	{3, "a quote after a cue's that belongs to that cue", "Lede.\n\nEven as Trump claimed on Tuesday that “Petraeus got in trouble for far less,” one of the former prosecutors said the cases differ.",
		nil, []string{"Petraeus got in trouble for far less"}},
	{4, "a closing mark glued to the speaker", "Lede.\n\n“It has been surprising,”Clinton said.",
		[]want{{claims.Direct, "It has been surprising", "Clinton", "said"}}, nil},
	{4, "a closing mark typed as an opening one", "Lede.\n\n“That could create real problems for her,“ said Jim Clyburn, a Democratic congressman.",
		[]want{{claims.Direct, "That could create real problems for her", "Jim Clyburn", "said"}}, nil},

	{6, "a part of a group as subject", "Lede.\n\nUntil the plant closed, most of them said they had loved working there.\n\nTwo of us say the fund is short.",
		[]want{{claims.Indirect, "they had loved working there", "most of them", "said"}, {claims.Indirect, "the fund is short", "Two of us", "say"}}, nil},
	{5, "a day between a commitment and its infinitive", "Lede.\n\nThe senator promised Monday to begin hearings on the dam.",
		[]want{{claims.Indirect, "to begin hearings on the dam", "The senator", "promised"}}, nil},
	{6, "a prepositional opening with a relative clause", "Lede.\n\nLike other owners who fear a slow summer, Mr. Schmidt said he was building a new pool.",
		[]want{{claims.Indirect, "he was building a new pool", "Schmidt", "said"}}, nil},
	{6, "a relative who after an apposition with a place in it", "Lede.\n\nThe last caller was Alan Berger, a dentist from Englewood, New Jersey, who said he knew the family.",
		[]want{{claims.Indirect, "he knew the family", "Alan Berger", "said"}}, nil},

	{7, "the setting before an attribution is no piece of it", "Lede.\n\nIn the last Mass of his trip, held along the border, the bishop told the story of the flood.\n\nMinutes later, she sent a message saying, “done.”",
		nil, []string{"In the last Mass of his trip, held along the border", "Minutes later"}},
	// 5: speech acts whose content is not a that-clause.
	{5, "described X as Y", "Lede.\n\nThe minister described the effort as a logical extension of the talks.",
		[]want{{claims.Indirect, "the effort as a logical extension of the talks", "The minister", "described"}}, nil},
	{5, "call X Y", "Lede.\n\nSanders calls Clinton unqualified.\n\nThe mayor called the councillor a liar.",
		[]want{{claims.Indirect, "Clinton unqualified", "Sanders", "calls"}, {claims.Indirect, "the councillor a liar", "The mayor", "called"}}, nil},
	{5, "urge and ask X to V", "Lede.\n\nPolice urged residents not to spread rumours.\n\nTwo committees asked the Justice Department to investigate the payments.",
		[]want{{claims.Indirect, "not to spread rumours", "Police", "urged"}, {claims.Indirect, "to investigate the payments", "Two committees", "asked"}}, nil},
	{5, "accuse X of, blame X for", "Lede.\n\nCritics accused the council of throwing away a powerful lever.\n\nThe mayor blamed the storm for the delays at the port.",
		[]want{{claims.Indirect, "the council of throwing away a powerful lever", "Critics", "accused"}, {claims.Indirect, "the storm for the delays at the port", "The mayor", "blamed"}}, nil},
	{5, "deny V-ing", "Lede.\n\nThe treasurer denied taking the money.", []want{{claims.Indirect, "taking the money", "The treasurer", "denied"}}, nil},
	{5, "topic only", "Lede.\n\nThe mayor blamed the storm. She asked to speak first. He denied the permit.", nil, []string{"the storm", "to speak first", "the permit"}},
	{5, "a topic after a phrasal cue is no statement", "Lede.\n\nThe actor talked about her childhood. The families called for the release of the crew.\n\nThe bishop called on the council to reopen the shelter.",
		[]want{{claims.Indirect, "the council to reopen the shelter", "The bishop", "called on"}}, []string{"her childhood", "the release of the crew"}},
	{5, "called the meeting is no claim", "Lede.\n\nThe chair called the meeting to order. The witness described the scene in detail.",
		nil, []string{"the meeting to order", "the scene in detail"}},

	// 6: subjects and clause openings.
	{6, "that after an adjective is a complementiser", "Lede.\n\nTunnels are so numerous that border agents described the ground under the city as Swiss cheese.",
		[]want{{claims.Indirect, "the ground under the city as Swiss cheese", "border agents", "described"}}, nil},
	{6, "participle after a dash", "Lede.\n\nSeveral ministers voiced frustration that the envoy stayed away—pointing out that economic pressure remains one of the few levers.",
		[]want{{claims.Indirect, "economic pressure remains one of the few levers", "Several ministers", "pointing"}}, nil},
	{6, "subject with a dash aside", "Lede.\n\nMeanwhile, opposition voices—many of whom have been silenced—warn that the deal would undermine the order.",
		[]want{{claims.Indirect, "the deal would undermine the order", "opposition voices", "warn"}}, nil},

	{6, "poll subjects", "Lede.\n\nMore than 4 in 10 said the governor would handle the economy best.\n\nSome 56 percent of farmers polled said they were less likely to vote.",
		[]want{{claims.Indirect, "the governor would handle the economy best", "More than 4 in 10", "said"}, {claims.Indirect, "they were less likely to vote", "Some 56 percent", "said"}}, nil},
	{6, "an age in apposition is no subject", "Lede.\n\nDenise Okoro, 51, who has run a crane for 22 years, said she had never walked a picket line.",
		[]want{{claims.Indirect, "she had never walked a picket line", "Denise Okoro", "said"}}, nil},
	{6, "a name and its apposition before a coordinated cue", "Lede.\n\nGary Ember, a former party chairman, became a delegate and said he is leaning toward the mayor.",
		[]want{{claims.Indirect, "he is leaning toward the mayor", "Gary Ember", "said"}}, nil},

	{6, "pronominal quantities as subjects", "Lede.\n\nSome said the plan would fail. Another said it was too late.",
		[]want{{claims.Indirect, "the plan would fail", "Some", "said"}, {claims.Indirect, "it was too late", "Another", "said"}}, nil},
	{6, "an adverb between commas opens the content", "Lede.\n\nThe minister said, frankly, that the budget was a mess.",
		[]want{{claims.Indirect, "the budget was a mess", "The minister", "said"}}, nil},
	{6, "demonstrative that", "Lede.\n\nThe mayor says that's not happening.",
		[]want{{claims.Indirect, "that's not happening", "The mayor", "says"}}, nil},
	{6, "a common noun after the content", "Lede.\n\nThe price of power will rise by a tenth next year, the utility said.",
		[]want{{claims.Indirect, "The price of power will rise by a tenth next year", "the utility", "said"}}, nil},

	{6, "a day between the cue and its clause", "Lede.\n\nThe party chair announced Sunday she will resign after the convention.",
		[]want{{claims.Indirect, "she will resign after the convention", "The party chair", "announced"}}, nil},
	{6, "continuing to insist", "Lede.\n\nThe senator is continuing to insist she will release the transcripts.",
		[]want{{claims.Indirect, "she will release the transcripts", "The senator", "insist"}}, nil},
	{6, "a participle in the opening phrase", "Lede.\n\nIn addition to stating that the fund is empty, the treasurer has vowed to resign.",
		[]want{{claims.Indirect, "the fund is empty", "the treasurer", "stating"}}, nil},
	{6, "according to results", "Lede.\n\nAccording to early results of exit polls, nearly half of the voters were undecided.",
		[]want{{claims.Indirect, "nearly half of the voters were undecided", "early results of exit polls", "According to"}}, nil},
	{5, "object pronouns", "Lede.\n\nThe protesters called him a coward, and urged him to resign.",
		[]want{{claims.Indirect, "him a coward", "The protesters", "called"}, {claims.Indirect, "to resign", "The protesters", "urged"}}, nil},

	{6, "a title of a work between the cue and that", "Lede.\n\nGen. Lee Ames said on ABC’s “This Week” on Sunday that the troops were at risk.",
		[]want{{claims.Indirect, "the troops were at risk", "Lee Ames", "said"}}, nil},
	{6, "as X observed after an opening phrase", "Lede.\n\nOf course, as the columnist observed, the biggest victor was the stage itself.",
		[]want{{claims.Indirect, "the biggest victor was the stage itself", "the columnist", "observed"}}, nil},
	{5, "vowed not to", "Lede.\n\nThe senator vowed not to vote for him.",
		[]want{{claims.Indirect, "not to vote for him", "The senator", "vowed"}}, nil},

	{6, "ages as subjects", "Lede.\n\nThe 41-year-old has promised to stay in Arden.\n\nThe 26-year-old, who leads the team with 31 assists, said the cousins had never played together.",
		[]want{{claims.Indirect, "to stay in Arden", "The 41-year-old", "promised"}, {claims.Indirect, "the cousins had never played together", "The 26-year-old", "said"}}, nil},
	{6, "all those involved; an adverb after the cue", "Lede.\n\nAll those involved say they want the same thing.\n\nThe councillor said frankly, the board had been told far too late.",
		[]want{{claims.Indirect, "they want the same thing", "All those", "say"}, {claims.Indirect, "the board had been told far too late", "The councillor", "said"}}, nil},
	{4, "a cue after a dash aside is a verb", "Lede.\n\nOpposition lawmakers—several of whom represent fishing towns—warn that the government left crews exposed.",
		[]want{{claims.Indirect, "the government left crews exposed", "Opposition lawmakers", "warn"}}, nil},

	{6, "participles whose subject is far", "Lede.\n\nThis year he rose to the defence of the chairman, who is under investigation, saying the chairman should be cleared.\n\nGov. Mike Pence on Thursday blamed the media for the fuss, saying they were nitpicking.",
		[]want{{claims.Indirect, "the chairman should be cleared", "he", "saying"}, {claims.Indirect, "they were nitpicking", "Mike Pence", "saying"}}, nil},
	{6, "questions after a hearer or a participle", "Lede.\n\nFiorina moved around the table, asking the directors whether the firm should proceed with the deal.",
		[]want{{claims.Indirect, "whether the firm should proceed with the deal", "Fiorina", "asking"}}, nil},

	// 7: content interrupted by its cue is two claims.
	{7, "two that-clauses", "Lede.\n\nThe mayor said that the plan was sound, and that the vote would come in May.",
		[]want{{claims.Indirect, "the plan was sound", "The mayor", "said"}, {claims.Indirect, "the vote would come in May", "The mayor", "said"}}, nil},
	{7, "content stops at a dash aside, a comment and a verb after a quotation", "Lede.\n\nExperts warn that any truce faces serious hurdles—including the wording of the terms.\n\nOfficials contend that the memo must settle the borders, a stance that the other side rejects.\n\nAccording to the envoy, the talks showed “the need for dialogue” and set the stage for more.",
		[]want{{claims.Indirect, "any truce faces serious hurdles", "Experts", "warn"}, {claims.Indirect, "the memo must settle the borders", "Officials", "contend"},
			{claims.Partial, "the talks showed “the need for dialogue”", "the envoy", "According to"}}, nil},
	{7, "a right piece after a mid-sentence attribution", "Lede.\n\nWhat's more, they note, there are plenty of options abroad.\n\nThe plan will fail, staff say, as the hospital struggles.",
		[]want{{claims.Indirect, "there are plenty of options abroad", "they", "note"}, {claims.Indirect, "The plan will fail", "staff", "say"}}, []string{"as the hospital struggles"}},
	{7, "a resumed clause after a commitment", "Lede.\n\nFreeing her husband, he promised, was one of his top priorities.",
		[]want{{claims.Indirect, "Freeing her husband", "he", "promised"}, {claims.Indirect, "was one of his top priorities", "he", "promised"}}, nil},
	{7, "a left piece before a quotation that goes on with it", "Lede.\n\nThese and other sources of authority, the lawyers said, “all command the same conclusion.”",
		[]want{{claims.Indirect, "These and other sources of authority", "the lawyers", "said"}, {claims.Direct, "all command the same conclusion.", "the lawyers", "said"}}, nil},
	{7, "no left piece before a quoted sentence of its own", "Lede.\n\nLater, she said, “We will appeal.”",
		[]want{{claims.Direct, "We will appeal.", "she", "said"}}, []string{"Later"}},
	{7, "resumed clause", "Lede.\n\nAn economic downturn, he said, could be a good time to borrow.",
		[]want{{claims.Indirect, "An economic downturn", "he", "said"}, {claims.Indirect, "could be a good time to borrow", "he", "said"}}, nil},
}

// Family 8: what is not a claim. (Appended to familyCases in init, to
// keep the table in family order.)
var notClaimCases = []familyCase{
	{8, "section headers and teasers", "Lede.\n\nMARKET WATCH: Stocks fell sharply as oil prices rose.\n\nREAD MORE: Why the council voted against the plan.\n\nWATCH: The mayor speaks to reporters.",
		nil, []string{"Stocks fell sharply as oil prices rose", "Why the council voted against the plan", "The mayor speaks to reporters"}},
	{8, "contact lines and data lists", "Lede.\n\nEmail: jane.doe@example.com\n\nTwitter: @janedoe\n\nOil: DOWN at 72 dollars a barrel.\n\nTurnout: 61 percent of voters.",
		nil, []string{"jane.doe@example.com", "@janedoe", "DOWN at 72 dollars a barrel", "61 percent of voters"}},
	{8, "a transcript's speaker and a headline's source are speakers", "Lede.\n\nTAPPER: Will you run again?\n\nCLINTON: Honestly, I do not know.\n\nPoll: The mayor holds a narrow lead.",
		[]want{{claims.Indirect, "Honestly, I do not know", "CLINTON", ":"}, {claims.Indirect, "The mayor holds a narrow lead", "Poll", ":"}}, nil},
	{8, "anonymity and aspect", "Lede.\n\nA regulator, who spoke on condition of anonymity because an inquiry is continuing, said charges were likely.",
		[]want{{claims.Indirect, "charges were likely", "A regulator", "said"}}, []string{"condition of anonymity because an inquiry is continuing", "said charges were likely"}},
	{8, "non-speech senses of cue verbs", "Lede.\n\nSmith added a second goal in the 80th minute. He pleaded guilty to fraud. The spokesman declined to say why the plant closed. The minister would not say whether talks had failed.",
		nil, []string{"a second goal in the 80th minute", "guilty to fraud", "why the plant closed", "whether talks had failed"}},
}

func init() { familyCases = append(familyCases, notClaimCases...) }

func TestFamilies(t *testing.T) {
	ex := testExtractorIn(t)
	for _, tc := range familyCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ex.Extract(context.Background(), tc.text)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !hasClaim(got, w) {
					t.Errorf("family %d: no %s claim %q by %q (cue %q); got %s", tc.family, w.kind, w.text, w.speaker, w.cue, describeClaims(got))
				}
			}
			for _, n := range tc.not {
				for _, c := range got {
					if c.Text == n {
						t.Errorf("family %d: %q is not a claim; got %s", tc.family, n, describeClaims(got))
					}
				}
			}
		})
	}
}

func hasClaim(cs []claims.Claim, w want) bool {
	for _, c := range cs {
		speaker := ""
		if c.Speaker != nil {
			speaker = c.Speaker.Name
		}
		cue := ""
		if c.Cue != nil {
			cue = c.Cue.Text
		}
		if c.Kind == w.kind && c.Text == w.text && speaker == w.speaker && cue == w.cue {
			return true
		}
	}
	return false
}

func describeClaims(cs []claims.Claim) string {
	var b strings.Builder
	for _, c := range cs {
		speaker := "<null>"
		if c.Speaker != nil {
			speaker = c.Speaker.Name
		}
		cue := ""
		if c.Cue != nil {
			cue = c.Cue.Text
		}
		b.WriteString("\n\t" + string(c.Kind) + " " + `"` + c.Text + `" by ` + speaker + " (" + cue + ", " + c.Rule + ")")
	}
	return b.String()
}
