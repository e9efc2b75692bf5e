package extract

import (
	"context"
	"strings"
	"testing"
)

// TestRules checks each attribution rule on its own construction: the
// claim must come from that rule, with that speaker mention, so that a
// change to one rule that lets another take over its cases shows here.
func TestRules(t *testing.T) {
	cases := []struct {
		rule, text, content, mention string
	}{
		{"quote-then-attribution", "Lede.\n\n“The pier is safe,” said Jane Doe.", "The pier is safe", "Jane Doe"},
		{"quote-then-attribution", "Lede.\n\n“Why now?” asked Lee.", "Why now?", "Lee"},
		{"quote-then-attribution", "Lede.\n\nKim spoke. “We will,” she said, “win this.”", "win this.", "she"},
		{"quote-then-attribution", "Lede.\n\n“I would have been in Siberia,” Mr. Daniloff, now 81 and retired in Cambridge, Mass., said by telephone.", "I would have been in Siberia", "Mr. Daniloff"},
		{"quote-then-attribution", "Lede.\n\n“They were rivals,” William M. Daley, a former chief of staff, said of them.", "They were rivals", "William M. Daley"},
		{"attribution-then-quote", "Lede.\n\nThe ministry said: “The review is complete.”", "The review is complete.", "The ministry"},
		{"attribution-then-quote", "Lede.\n\nIn an interview later that day, Trump went further: “If he loses, it is the end of his career.”", "If he loses, it is the end of his career.", "Trump"},
		{"attribution-then-quote", "Lede.\n\nAsked about it, she put it this way:\n\n“It is done.”", "It is done.", "she"},
		{"according-to", "Lede.\n\nAccording to the police, the road is closed.", "the road is closed", "the police"},
		{"according-to", "Lede.\n\nThe road is closed, according to a spokesman for the police.", "The road is closed", "a spokesman for the police"},
		{"according-to", "Lede.\n\nThe firm receives, according to one report, $2 million a year in fees.", "The firm receives, according to one report, $2 million a year in fees", "one report"},
		{"according-to", "Lede.\n\nClark leads by 12 delegates according to a count by the Gazette.", "Clark leads by 12 delegates", "a count by the Gazette"},
		{"cue-clause", "Lede.\n\nThe mayor warned that the bridge could fail.", "the bridge could fail", "The mayor"},
		// (formats.md: content interrupted by its cue is two claims.)
		{"cue-clause", "Lede.\n\nWhatever progress the envoy has made, officials said, could easily be undone.", "Whatever progress the envoy has made", "officials"},
		{"cue-clause", "Lede.\n\nWhatever progress the envoy has made, officials said, could easily be undone.", "could easily be undone", "officials"},
		{"cue-clause", "Lede.\n\nIn 1990, she said, a manager invited her to lunch.", "a manager invited her to lunch", "she"},
		{"cue-clause", "Lede.\n\nThe senator -- who has clashed with the nominee -- said she regretted her remarks.", "she regretted her remarks", "The senator"},
		{"cue-clause", "Lede.\n\nMr. Holm - who once said he would never run - said on Monday that he would run.", "he would never run", "Mr. Holm"},
		{"cue-clause", "Lede.\n\nMr. Holm - who once said he would never run - said on Monday that he would run.", "he would run", "Holm"},
		{"cue-clause", "Lede.\n\nAs the mayor spoke, Vale noted that even in small things, the city was behind.", "even in small things, the city was behind", "Vale"},
		{"cue-clause", "Lede.\n\nSpeaking on NBC’s “Meet the Press,” Vale admitted that the figure was wrong.", "the figure was wrong", "Vale"},
		{"cue-clause", "Lede.\n\nBoth sides have also acknowledged that the talks will take time.", "the talks will take time", "Both sides"},
		{"cue-clause", "Lede.\n\nThe governor has promised to build a new bridge.", "to build a new bridge", "The governor"},
		{"cue-clause", "Lede.\n\nAs the Gazette reported last week, the agency had warned the council twice.", "the agency had warned the council twice", "Gazette"},
		{"cue-clause", "Lede.\n\nThe plan will fail, as she said in May.", "The plan will fail", "she"},
		{"cue-clause", "Lede.\n\nIn Leeds, organizers added 60 guards along the route, the Sun-Times reported.", "In Leeds, organizers added 60 guards along the route", "Sun-Times"},
		{"cue-clause", "Lede.\n\nA council spokeswoman said on Monday the permit had not been filed.", "the permit had not been filed", "A council spokeswoman"},
		{"cue-clause", "Lede.\n\nVarn Labs said on Monday its drug for the disease failed in a trial.", "its drug for the disease failed in a trial", "Varn Labs"},
		{"cue-clause", "Lede.\n\nOslo insists the first ships must sail by June.", "the first ships must sail by June", "Oslo"},
		{"cue-clause", "Lede.\n\nAl-Rashid wrote on Instagram that leaving was hard.", "leaving was hard", "Al-Rashid"},
		{"cue-clause", "Lede.\n\nThe probe has found ice on the moon, a team of astronomers reported on Friday.", "The probe has found ice on the moon", "a team of astronomers"},
		{"cue-clause", "Lede.\n\nGENEVA, Switzerland (Meridian Wire) — The rider never took a banned drug, his lawyer told the court.", "The rider never took a banned drug", "his lawyer"},
		{"cue-clause", "Lede.\n\nNearly half said they prefer a mayor from the city.", "they prefer a mayor from the city", "Nearly half"},
		{"cue-clause", "Lede.\n\nThe court did receive the papers, he said; his clerks found them later.", "The court did receive the papers", "he"},
		{"cue-clause", "Lede.\n\nBut Tom Mill, at a consulting firm called Gavekal Partners, argues that as ties deepen, influence will grow.", "as ties deepen, influence will grow", "Tom Mill"},
		{"cue-clause", "Lede.\n\nWithout voters, candidates have more room to walk away, said Steve Grubb, an Iowa operative.", "Without voters, candidates have more room to walk away", "Steve Grubb"},
		{"cue-clause", "Lede.\n\nMayor Rahm Emanuel fired his police chief, Garry F. McCarthy, acknowledging that trust was lost.", "trust was lost", "Rahm Emanuel"},
		{"cue-clause", "Lede.\n\nJessica Mackler issued a statement saying his comment had no place in politics.", "his comment had no place in politics", "Jessica Mackler"},
		{"attribution-then-quote", "Lede.\n\nMateen left as soon as prayers were over, Nefzi said, adding, “He was not very religious.”", "He was not very religious.", "Nefzi"},
		{"attribution-then-quote", "Lede.\n\nO'Malley, who signed gun laws as governor, interjected to say: “They have both been inconsistent.”", "They have both been inconsistent.", "O'Malley"},
		{"quote-then-attribution", "Lede.\n\n“If they were serious, they would have voted,” Toomey fumed on Tuesday.", "If they were serious, they would have voted", "Toomey"},
		{"cue-clause", "Lede.\n\nBen Carter proposed a new agency, while Jeb Bush in a Medium post said he would appoint more judges.", "he would appoint more judges", "Jeb Bush"},
		{"cue-clause", "Lede.\n\nThe debate turned to Cuba after Trump said he is open to a deal.", "he is open to a deal", "Trump"},
		{"cue-clause", "Lede.\n\nWhen Trump suggested that Cuba would sue the U.S. over the deal, Rubio fired back at once.", "Cuba would sue the U.S. over the deal", "Trump"},
		{"attribution-then-quote", "Lede.\n\nWhen Trump suggested that Cuba would sue the U.S. over the deal, Rubio fired back forcefully: “If they sue us in Miami, they are going to lose.”", "If they sue us in Miami, they are going to lose.", "Rubio"},
		{"attribution-then-quote", "Lede.\n\nThe first incident came during a speech, when protesters interrupted her, shouting “She wins, we lose, and that is the end of it!”", "She wins, we lose, and that is the end of it!", "protesters"},
		{"attribution-then-quote", "Lede.\n\nAnother intelligence source speaking to Fox News said, “The agents are looking at both cases.”", "The agents are looking at both cases.", "Another intelligence source"},
		{"cue-clause", "Lede.\n\nDonald Trump has delivered a defense of “New York values,” saying the city embodied the “heart and soul of America.”", "the city embodied the “heart and soul of America.”", "Donald Trump"},
		{"cue-clause", "Lede.\n\nIngrid Aune, a planetary scientist at the University of Tromsø and one of the study’s 38 co-authors, said the team had spent a year on it.", "the team had spent a year on it", "Ingrid Aune"},
		{"cue-clause", "Lede.\n\nThe book sold out. That editor, Juno Castel of the independent publisher Harrow & Finch, said the company had ordered a reprint.", "the company had ordered a reprint", "Juno Castel"},
		{"cue-clause", "Lede.\n\nThe singer, Declan Moore, has a new band. Declan and his brother Ross, the band’s bassist, both insist that the reunion was the drummer’s idea.", "the reunion was the drummer’s idea", "Declan"},
		{"cue-clause", "Lede.\n\nTrump said he'd welcome the mayor's entry.", "he'd welcome the mayor's entry", "Trump"},
		{"cue-clause", "Lede.\n\nAssociates say he is likely to run again.", "he is likely to run again", "Associates"},
		{"cue-clause", "Lede.\n\nCaltrans told ABC 7 that someone had reprogrammed the sign.", "someone had reprogrammed the sign", "Caltrans"},
		{"attribution-then-quote", "Lede.\n\nHowever, the museum said Thursday on Twitter, \"We have never asked to collect the rifle.\"", "We have never asked to collect the rifle.", "the museum"},
		{"attribution-then-quote", "Lede.\n\nHtay Oo, its acting chairman, told the news agency simply, \"We lost and we accept it.\"", "We lost and we accept it.", "Htay Oo"},
		{"cue-clause", "Lede.\n\nResidents were told that the road would stay closed until Tuesday.", "the road would stay closed until Tuesday", ""},
		{"cue-clause", "Lede.\n\nThe council was informed by the mayor that the budget had run out.", "the budget had run out", "the mayor"},
		{"attribution-then-quote", "Lede.\n\n“He kept yelling ‘Get out, the whole block is going up!’ and I ran,” Delgado said.", "Get out, the whole block is going up!", "He"},
		{"attribution-then-quote", "Lede.\n\n“My landlord texted me, ‘It is the market, nothing personal,’ and then raised the rent,” said Gloria Ruiz.", "It is the market, nothing personal", "My landlord"},
		{"attribution-then-quote", "Lede.\n\n“For years the bank told people ‘there is nothing we can do’ when they called,” said Lorraine Whit.", "there is nothing we can do", "the bank"},
		{"cue-clause", "Lede.\n\nWhile he’s said he believes the law is fair, he has changed his mind.", "he believes the law is fair", "he"},
		{"cue-clause", "Lede.\n\nRepublicans continue to warn that the deal was a mistake.", "the deal was a mistake", "Republicans"},
		{"cue-clause", "Lede.\n\nFor instance, some analyses suggest that the grid will need more storage.", "the grid will need more storage", "some analyses"},
		{"attribution-then-quote", "Lede.\n\nHuma Abed, vice chairwoman for the campaign, emailed supporters on Monday, telling them, “I am proud of who we are.”", "I am proud of who we are.", "Huma Abed"},
		{"attribution-then-quote", "Lede.\n\nHer campaign blasted out an email to supporters stating, “The speaker has joined the critics.”", "The speaker has joined the critics.", "Her campaign"},
		{"attribution-then-quote", "Lede.\n\nRepublicans were quick to chime in, with Donald Trump tweeting that it was a disaster and asking, “How can someone like that be president?”", "How can someone like that be president?", "Donald Trump"},
		{"cue-clause", "Lede.\n\nTodd asked Pence whether that would happen before the election.", "whether that would happen before the election", "Todd"},
		{"cue-clause", "Lede.\n\nThe bridge could fail, engineers said on Monday.", "The bridge could fail", "engineers"},
		{"cue-clause", "Lede.\n\nTom Vale praised the crews, adding that the repairs were ahead of schedule.", "the repairs were ahead of schedule", "Tom Vale"},
		{"colon-attribution", "Vale: The bridge will reopen in May\n\nCouncillor Ana Vale spoke on Tuesday.", "The bridge will reopen in May", "Vale"},
		{"possessive-statement", "Lede.\n\nPutin’s statements were calibrated to portray him as willing to negotiate “on equal terms” with the West.", "on equal terms", "Putin"},
		{"continued-quote", "Lede.\n\n“We lost two plants,” said Mara Lind, “and rebuilt them.\n\n“Nobody was laid off.”", "Nobody was laid off.", "Mara Lind"},
		{"floating-quote", "Lede.\n\n“The river rose,” said Pia Lund.\n\n“We moved everyone out by dawn.”", "We moved everyone out by dawn.", "Pia Lund"},
		{"floating-quote", "Lede.\n\n“Coal is cheap,” Mr. Thurber said. “They are throwing solar at a coal base.” While others welcomed the plan, unions did not.", "They are throwing solar at a coal base.", "Mr. Thurber"},
		{"unattributed-quote", "Lede.\n\nA sign on the door read: “We are closed until further notice, sorry.”", "We are closed until further notice, sorry.", ""},
	}
	ex := testExtractorIn(t)
	for _, tc := range cases {
		t.Run(tc.rule+"/"+tc.content, func(t *testing.T) {
			d := prepared(t, ex, tc.text)
			cands := attribute(d, ex.rules)
			resolveSpeakers(d, cands)
			for _, c := range cands {
				if tc.text[c.content.s:c.content.e] != tc.content {
					continue
				}
				if c.rule.String() != tc.rule {
					t.Errorf("found by %s, want %s", c.rule, tc.rule)
				}
				mention := ""
				if c.speaker != nil {
					mention = tc.text[c.speaker.Start:c.speaker.End]
				}
				if mention != tc.mention {
					t.Errorf("speaker mention %q, want %q", mention, tc.mention)
				}
				return
			}
			var got []string
			for _, c := range cands {
				got = append(got, c.rule.String()+": "+tc.text[c.content.s:c.content.e])
			}
			t.Errorf("no claim %q; got %q", tc.content, got)
		})
	}
}

// TestRuleOrder pins the order of the rules: precision decides it, and
// moving one changes which claims the others see. RuleIDs follow the
// order, so that a rule's id says where it runs.
func TestRuleOrder(t *testing.T) {
	want := []string{"quote-then-attribution", "attribution-then-quote", "according-to", "cue-clause",
		"colon-attribution", "possessive-statement", "continued-quote", "floating-quote", "unattributed-quote"}
	rs := rules()
	if len(rs) != len(want) || len(rs) != int(numRules)-1 {
		t.Fatalf("%d rules, want %d (and %d RuleIDs)", len(rs), len(want), numRules-1)
	}
	for i, r := range rs {
		if r.id().String() != want[i] || r.id() != RuleID(i+1) {
			t.Errorf("rule %d is %s (id %d), want %s", i, r.id(), r.id(), want[i])
		}
	}
}

// TestNotReportedSpeech checks words a rule must not take for a claim:
// what follows a reporting verb is reported speech only when it is a
// clause, not an object ("added 1 million jobs") or an adverbial.
func TestNotReportedSpeech(t *testing.T) {
	cases := []struct{ text, not string }{
		{"Lede.\n\nIn the past five years, we have added 1 million private sector jobs.", "1 million private sector jobs"},
		{"Lede.\n\nMrs. Hale maintained an energetic pace into old age.", "an energetic pace into old age"},
		{"Lede.\n\nShe boasts a 45-point lead among older voters.", "a 45-point lead among older voters"},
		{"Lede.\n\nIn an interview with the Gazette in late May, he said, the deal was done.", "In an interview with the Gazette in late May"},
		{"Lede.\n\nEven then, she said, the plan would fail.", "Even then"},
		{"Lede.\n\nEveryone calls her “Nell”, including swimmers half her age.", "her “Nell”, including swimmers half her age"},
		{"Lede.\n\n“I told her, ‘You count it. We watch it go.’ She wrote it down,” Thor said, laughing.", "“I told her, ‘You count it. We watch it go.’ She wrote it down"},
		{"Lede.\n\n“I am a unifier,” Trump said, referring to Barack Obama.", "Barack Obama"},
		{"Lede.\n\nHe returned for lunch and said little, according to an aide.", "little, according to an aide"},
		{"Lede.\n\nLawmakers compare what she told the police with what she told to the council.", "to the council"},
	}
	ex := testExtractorIn(t)
	for _, tc := range cases {
		t.Run(tc.not, func(t *testing.T) {
			claims, err := ex.Extract(context.Background(), tc.text)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range claims {
				if c.Text == tc.not {
					t.Errorf("%q came out as a claim", c.Text)
				}
			}
		})
	}
}

// TestQuoteEndingParagraph checks that a quotation closing its paragraph
// does not take its speaker from the next paragraph's first words.
func TestQuoteEndingParagraph(t *testing.T) {
	text := "Lede.\n\n“I want our country first, and so do the voters!”\n\nClinton touted her record, saying the plan was sound."
	claims, err := testExtractorIn(t).Extract(context.Background(), text)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range claims {
		if c.Text == "I want our country first, and so do the voters!" {
			if c.Speaker != nil {
				t.Errorf("speaker %q, want none", c.Speaker.Name)
			}
			return
		}
	}
	t.Errorf("the quote did not come out: %+v", claims)
}

// TestEntitiesLeaveOutDemonyms checks that a claim's entities are the
// people, organisations and places it names, and not the adjectives of
// places ("Ukrainian officials").
func TestEntitiesLeaveOutDemonyms(t *testing.T) {
	text := "Lede.\n\nThe envoy said Ukrainian officials and Western allies would meet Vladimir Putin in Moscow."
	claims, err := testExtractorIn(t).Extract(context.Background(), text)
	if err != nil {
		t.Fatal(err)
	}
	if len(claims) != 1 {
		t.Fatalf("%d claims, want 1", len(claims))
	}
	var got []string
	for _, e := range claims[0].Entities {
		got = append(got, e.Name+"/"+string(e.Type))
	}
	want := []string{"Vladimir Putin/PERSON", "Moscow/GPE"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("entities %q, want %q", got, want)
	}
}

// TestNameTypes checks the type a name gets from its words: places,
// events and laws, and groups are not people (so "he" does not resolve to
// them), and only people, organisations and places are entities.
func TestNameTypes(t *testing.T) {
	cases := []struct{ text, name string }{
		{"Lede.\n\nThe Great Recession hit South Carolina hard, said Dana Reyes.", "South Carolina/GPE"},
		{"Lede.\n\nDemocrats and Russians were blamed, said Dana Reyes.", ""},
	}
	ex := testExtractorIn(t)
	for _, tc := range cases {
		claims, err := ex.Extract(context.Background(), tc.text)
		if err != nil {
			t.Fatal(err)
		}
		if len(claims) != 1 {
			t.Fatalf("%q: %d claims, want 1", tc.text, len(claims))
		}
		var got []string
		for _, e := range claims[0].Entities {
			got = append(got, e.Name+"/"+string(e.Type))
		}
		if strings.Join(got, " ") != tc.name {
			t.Errorf("%q: entities %q, want %q", tc.text, got, tc.name)
		}
	}
}

// TestNounCompoundIsNotACue checks that a form such as "email" is a cue as
// a verb but not inside a noun compound, whatever the tagger says of it.
func TestNounCompoundIsNotACue(t *testing.T) {
	ex := testExtractorIn(t)
	for text, want := range map[string]bool{
		"Clinton said in the spring, when the private server email story broke, that she was sorry.": false,
		"Clinton said she would email the list to reporters.":                                        true,
	} {
		d := prepared(t, ex, text)
		found := false
		for _, tk := range d.toks {
			if tk.lower == "email" {
				found = true
				if tk.isCue != want {
					t.Errorf("%q: email is a cue: %v, want %v (tag %s)", text, tk.isCue, want, tk.tag)
				}
			}
		}
		if !found {
			t.Errorf("%q: no token email", text)
		}
	}
}

// prepared runs preparation on text.
func prepared(tb testing.TB, ex *Extractor, text string) *document {
	tb.Helper()
	d, err := ex.newPreparer(text).prepare(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return d
}
