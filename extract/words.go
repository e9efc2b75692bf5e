package extract

import "strings"

// Word lists for speaker noun phrases. All keys are lower case.

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// pronounInfo is what a speaker pronoun says about its referent.
type pronounInfo struct {
	gender byte // 'm', 'f' or 0
	plural bool
	thing  bool // "it": an organisation or place
}

var speakerPronouns = map[string]pronounInfo{
	"he": {gender: 'm'}, "she": {gender: 'f'}, "they": {plural: true}, "it": {thing: true},
	"we": {plural: true}, "i": {},
}

// titleWords may stand before a person's name as a title ("President
// Vladimir Putin", "Sen. Jane Doe") and head a role noun phrase ("the
// president").
var titleWords = set(
	"president", "vice", "prime", "minister", "chancellor", "secretary", "secretary-general",
	"secretary‑general", "general", "mayor", "governor", "gov.", "sen.", "senator", "rep.",
	"representative", "congressman", "congresswoman", "judge", "justice", "attorney",
	"prosecutor", "chief", "executive", "ceo", "chairman", "chairwoman", "chair", "director",
	"spokesman", "spokeswoman", "spokesperson", "commissioner", "ambassador", "envoy", "mediator",
	"negotiator", "emissary", "king", "queen",
	"prince", "princess", "pope", "cardinal", "bishop", "rev.", "reverend", "dr.", "professor",
	"prof.", "coach", "manager", "captain", "sheriff", "officer", "detective", "sergeant",
	"sgt.", "lt.", "col.", "gen.", "adm.", "admiral", "colonel", "lieutenant", "councillor",
	"councilor", "councilman", "councilwoman", "alderman", "speaker", "leader", "premier",
	"foreign", "defense", "defence", "finance", "interior", "health", "economy", "trade",
	"deputy", "state", "treasurer", "superintendent", "principal", "founder", "co-founder",
	"inspector", "chancellor", "senior", "former", "acting", "interim", "assistant", "associate",
	"managing", "editor", "economist", "analyst", "commander", "mr.", "mrs.", "ms.", "mr", "mrs", "ms",
	"miss", "sir", "dame", "lord", "lady", "mme", "mme.", "m.", "herr", "frau", "u.s.", "us",
	"white", "house", "press", "national", "security", "adviser", "advisor", "head", "board",
	"union", "party", "opposition", "majority", "minority", "whip", "auditor", "controller",
	"comptroller", "registrar", "clerk", "magistrate", "counsel", "lawyer", "solicitor", "barrister",
)

// honorifics are dropped from names when comparing them.
var honorifics = set("mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "rev", "mme", "m", "herr", "frau", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "adm", "jr", "sr")

// personNouns head noun phrases that denote people ("a spokeswoman for the
// ministry", "officials", "the president").
var personNouns = set(
	"official", "officials", "spokesman", "spokeswoman", "spokesperson", "spokespeople",
	"spokesmen", "spokeswomen", "aide", "aides", "adviser", "advisers", "advisor", "advisors",
	"analyst", "analysts", "expert", "experts", "critic", "critics", "source", "sources",
	"president", "minister", "ministers", "chancellor", "secretary", "mayor", "governor",
	"side", "sides", "landlord", "landlords", "landlady", "tenant", "tenants", "cousin", "uncle",
	"aunt", "niece", "nephew", "grandson", "granddaughter", "child", "children", "kid", "kids",
	"guard", "guards", "pastor", "priest", "imam", "rabbi", "associate", "associates", "confidant", "confidants", "staff", "senator", "senators", "lawmaker", "lawmakers", "legislator", "legislators", "judge", "justice", "justices",
	"judges", "prosecutor", "prosecutors", "lawyer", "lawyers", "attorney", "attorneys",
	"diplomat", "diplomats", "economist", "economists", "researcher", "researchers",
	"scientist", "scientists", "doctor", "doctors", "resident", "residents", "witness",
	"witnesses", "observer", "observers", "voter", "voters", "candidate", "candidates",
	"leader", "leaders", "executive", "executives", "director", "manager", "coach",
	"player", "players", "captain", "owner", "owners", "investor", "investors", "trader",
	"traders", "banker", "bankers", "worker", "workers", "employee", "employees", "union",
	"activist", "activists", "protester", "protesters", "protestor", "protestors",
	"supporter", "supporters", "opponent", "opponents", "organizer", "organizers",
	"organiser", "organisers", "police", "officer", "officers", "investigator",
	"investigators", "detective", "detectives", "commissioner", "ambassador", "envoy",
	"negotiator", "negotiators", "delegate", "delegates", "member", "members", "chairman",
	"chairwoman", "chair", "ceo", "founder", "professor", "teacher", "teachers", "parent",
	"parents", "student", "students", "patient", "patients", "nurse", "nurses", "farmer",
	"farmers", "owner", "neighbor", "neighbors", "neighbour", "neighbours", "fan", "fans",
	"insider", "insiders", "strategist", "strategists", "pollster", "pollsters",
	"historian", "historians", "republican", "republicans", "democrat", "democrats",
	"conservative", "conservatives", "liberal", "liberals", "person", "people", "man",
	"woman", "men", "women", "friend", "friends", "family", "relative", "relatives",
	"colleague", "colleagues", "staffer", "staffers", "operative", "operatives",
	"surrogate", "surrogates", "campaign", "administration", "commander", "commanders",
	"soldier", "soldiers", "veteran", "veterans", "author", "authors", "writer", "writers",
	"editor", "editors", "reporter", "reporters", "journalist", "journalists", "host",
	"regulator", "regulators", "auditor", "auditors", "inspector", "inspectors", "lobbyist",
	"lobbyists", "advocate", "advocates", "spokespersons", "head", "boss", "chief", "chiefs",
	"counsel", "defendant", "defendants", "plaintiff", "plaintiffs", "victim", "victims",
	"survivor", "survivors", "agent", "agents", "speaker", "premier", "king", "queen", "pope",
	"nominee", "nominees", "incumbent", "challenger", "governors", "mayors", "presidents",
	"manufacturer", "manufacturers", "developer", "developers", "user", "users",
	"consumer", "consumers", "shopper", "shoppers", "driver", "drivers", "commuter",
	"commuters", "passenger", "passengers", "residents", "citizen", "citizens", "locals",
	"organisation", "organization", "representative", "representatives", "officialdom",
	"participant", "participants", "respondent", "respondents", "physician", "physicians",
	"engineer", "engineers", "planner", "planners", "designer", "designers", "artist", "artists",
	"musician", "musicians", "director", "directors", "curator", "curators", "judge", "jury",
	"referee", "referees", "manager", "managers", "striker", "defender", "goalkeeper",
	"teammate", "teammates", "rival", "rivals", "mother", "father", "son", "daughter",
	"wife", "husband", "brother", "sister", "partner", "partners", "ally", "allies",
	"tycoon", "mogul", "billionaire", "magnate", "entrepreneur", "frontrunner", "front-runner",
	"hopeful", "hopefuls", "contender", "pundit", "pundits", "commentator", "commentators",
	"columnist", "anchor", "moderator", "crowd", "audience", "mother", "grandmother",
	"veteran", "student", "coach", "chancellor", "minister", "senator", "governor",
)

// orgNouns head noun phrases that denote organisations and institutions
// ("the ministry", "the company said in a filing").
var orgNouns = set(
	"ministry", "department", "agency", "government", "company", "firm", "group", "bank",
	"court", "council", "committee", "commission", "board", "office", "kremlin", "pentagon",
	"party", "authority", "authorities", "regulator", "union", "association", "federation",
	"club", "team", "league", "university", "hospital", "school", "district", "city",
	"county", "state", "embassy", "parliament", "congress", "senate", "house", "cabinet",
	"administration", "campaign", "coalition", "alliance", "army", "military", "navy",
	"police", "service", "institute", "foundation", "organization", "organisation",
	"network", "newspaper", "paper", "magazine", "station", "broadcaster", "corporation",
	"corp", "inc", "ltd", "plc", "airline", "carrier", "maker", "manufacturer", "retailer",
	"insurer", "lender", "startup", "conglomerate", "watchdog", "tribunal", "prosecutors",
	"prosecution", "defense", "defence", "secretariat", "directorate", "bureau", "regime",
	"junta", "opposition", "movement", "charity", "nonprofit", "museum", "festival", "jury",
	"panel", "delegation", "mission", "fund", "exchange", "treasury", "fed", "ecb", "imf",
	"nato", "un", "eu", "who", "white",
)

// docNouns head noun phrases that are documents and data that "say" or
// "show" things ("the report said", "the filing showed").
var docNouns = set(
	"report", "study", "poll", "survey", "statement", "letter", "filing", "data", "memo",
	"document", "documents", "analysis", "review", "audit", "assessment", "ruling",
	"judgment", "verdict", "complaint", "lawsuit", "indictment", "order", "guidance",
	"release", "announcement", "notice", "post", "tweet", "message", "email", "record",
	"records", "figures", "research", "paper", "findings", "estimate", "estimates",
	"forecast", "projection", "projections", "proposal", "plan", "bill", "law", "policy",
	"budget", "transcript", "website", "account", "article", "editorial", "column", "book",
	"investigation", "inquiry", "probe", "model", "models", "evidence", "testimony",
	"count", "tally", "average", "returns", "census", "analyses", "polling", "polls", "surveys", "studies",
)

// notSpeakerHeads are nouns that often stand before a cue but cannot speak
// ("this stance suggests", "the insistence ... suggests").
var notSpeakerHeads = set(
	"this", "that", "which", "what", "there", "here", "one", "stance", "insistence",
	"move", "decision", "fact", "idea", "reality", "situation", "approach", "rhetoric",
	"result", "results", "trend", "shift", "change", "development", "events", "case",
)

// orgSuffixWords mark a capitalised name as an organisation.
var orgSuffixWords = set(
	"ministry", "department", "agency", "government", "company", "corp", "corp.", "inc",
	"inc.", "ltd", "ltd.", "plc", "llc", "group", "bank", "court", "council", "committee",
	"commission", "board", "office", "party", "authority", "association", "federation",
	"club", "league", "university", "hospital", "school", "institute", "foundation",
	"organization", "organisation", "network", "times", "post", "journal", "news", "press",
	"kremlin", "pentagon", "parliament", "congress", "senate", "union", "fc", "united",
	"service", "services", "systems", "technologies", "holdings", "partners", "capital",
	"airlines", "motors", "energy", "pharmaceuticals", "labs", "police", "army", "navy",
	"reuters", "tribune", "herald", "gazette", "telegraph", "guardian", "bureau", "fund",
	"nato", "eu", "un", "who", "imf", "fbi", "cia", "fda", "cdc", "sec", "ecb", "opec",
	"house", "cabinet", "administration", "campaign", "coalition", "alliance", "museum",
	"festival", "centre", "center", "commission", "tribunal", "secretariat", "council",
	"agency", "unit", "team", "state", "assembly", "trust", "society", "institution",
)

// gpeNames are places that speak for their governments ("Moscow insists").
var gpeNames = set(
	"moscow", "kyiv", "kiev", "washington", "beijing", "brussels", "london", "paris",
	"berlin", "tokyo", "ankara", "tehran", "jerusalem", "damascus", "baghdad", "cairo",
	"riyadh", "delhi", "new delhi", "islamabad", "seoul", "pyongyang", "taipei", "ottawa",
	"canberra", "rome", "madrid", "warsaw", "budapest", "vienna", "athens", "minsk",
	"havana", "caracas", "brasilia", "mexico city", "pretoria", "nairobi", "addis ababa",
	"russia", "ukraine", "china", "america", "united states", "u.s.", "us", "britain",
	"united kingdom", "uk", "france", "germany", "japan", "turkey", "iran", "israel", "syria",
	"iraq", "egypt", "saudi arabia", "india", "pakistan", "south korea", "north korea",
	"taiwan", "canada", "australia", "italy", "spain", "poland", "hungary", "austria",
	"greece", "belarus", "cuba", "venezuela", "brazil", "mexico", "south africa", "kenya",
	"ethiopia", "nigeria", "switzerland", "sweden", "norway", "finland", "denmark",
	"netherlands", "belgium", "ireland", "portugal", "romania", "serbia", "georgia",
	"vatican", "europe", "lithuania", "latvia", "estonia", "moldova", "czech republic",
	"slovakia", "croatia", "qatar", "jordan", "lebanon", "libya", "afghanistan", "vietnam",
	"indonesia", "philippines", "thailand", "argentina", "chile", "colombia", "peru",
	"scotland", "wales", "england", "texas", "california", "florida", "new york", "ohio",
	"michigan", "pennsylvania", "arizona", "georgia", "virginia", "beijing", "hong kong",
	// the remaining U.S. states and a few more countries and regions
	"alabama", "alaska", "arkansas", "colorado", "connecticut", "delaware", "hawaii", "idaho",
	"illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine", "maryland",
	"massachusetts", "minnesota", "mississippi", "missouri", "montana", "nebraska", "nevada",
	"new hampshire", "new jersey", "new mexico", "north carolina", "north dakota", "oklahoma",
	"oregon", "rhode island", "south carolina", "south dakota", "tennessee", "utah", "vermont",
	"west virginia", "wisconsin", "wyoming", "puerto rico", "new zealand", "singapore",
	"malaysia", "bangladesh", "sri lanka", "nepal", "myanmar", "cambodia", "laos", "kazakhstan",
	"uzbekistan", "azerbaijan", "armenia", "algeria", "morocco", "tunisia", "sudan", "somalia",
	"yemen", "oman", "kuwait", "bahrain", "united arab emirates", "uae", "ghana", "senegal",
	"congo", "uganda", "tanzania", "zimbabwe", "angola", "mozambique", "iceland", "greenland",
	"bulgaria", "slovenia", "bosnia", "kosovo", "albania", "montenegro", "north macedonia",
	"crimea", "donbas", "gaza", "west bank", "middle east", "africa", "asia", "latin america",
)

// groupNames are capitalised plurals for groups of people ("Democrats
// said"); plural demonyms ("Russians") count too.
var groupNames = set("democrats", "republicans", "conservatives", "liberals", "progressives",
	"tories", "socialists", "greens", "evangelicals", "millennials", "catholics", "muslims",
	"christians", "jews", "sunnis", "shiites", "kurds", "palestinians", "israelis")

// thingHeads end names that are events, laws and plans, not people ("the
// Great Recession", "the Affordable Care Act").
var thingHeads = set("recession", "depression", "war", "act", "plan", "program", "programme",
	"initiative", "agreement", "accord", "treaty", "crisis", "summit", "conference", "convention",
	"games", "olympics", "cup", "award", "awards", "prize", "day", "week", "revolution", "amendment",
	"doctrine", "deal", "law", "bill", "report", "index", "fund", "project", "mission", "era")

// reportingObjects are what "told" may take before its content ("told
// reporters", "told the BBC"); any noun phrase will do, these are just the
// common ones that are never the speaker.
var adverbsBeforeCue = set(
	// aspect verbs before a participle: "kept yelling", "started saying"
	"kept", "keeps", "keep", "started", "starts", "began", "begins",
	"also", "later", "then", "again", "repeatedly", "publicly", "privately", "previously",
	"recently", "earlier", "often", "frequently", "has", "have", "had", "would", "will",
	"could", "may", "might", "did", "does", "do", "once", "similarly", "firmly", "flatly",
	"quickly", "simply", "clearly", "reportedly", "separately", "subsequently", "initially",
	"originally", "long", "consistently", "explicitly", "openly", "angrily", "bluntly",
	"calmly", "quietly", "loudly", "still", "already", "never", "not", "further", "even",
	"only", "just", "first", "last", "since", "yesterday", "today", "tuesday", "monday",
	"wednesday", "thursday", "friday", "saturday", "sunday", "is", "was", "were", "are",
	"be", "been", "being",
	"emphatically", "categorically", "immediately", "swiftly", "specifically", "strongly",
	"widely", "generally", "mostly", "largely", "partly", "indeed", "however", "meanwhile",
	"both", "all", "each", "themselves", "himself", "herself", "itself", "personally",
)

// placeSuffixWords end names of places that are not states: seas, rivers,
// streets.
var placeSuffixWords = set("sea", "ocean", "river", "lake", "bay", "gulf", "strait", "straits",
	"island", "islands", "mountains", "mountain", "valley", "street", "road", "avenue", "square",
	"park", "bridge", "coast", "peninsula", "desert", "canal", "harbour", "harbor", "port",
	"airport", "station", "stadium", "arena", "hall", "county", "province", "region", "district")

// firstNames gives the usual gender of common given names, so that "she"
// does not resolve to a man named just before. A name not listed tells
// nothing. Kept short on purpose: it is one signal among several.
var firstNames = func() map[string]byte {
	m := map[string]byte{}
	for _, n := range strings.Fields(femaleNames) {
		m[n] = 'f'
	}
	for _, n := range strings.Fields(maleNames) {
		m[n] = 'm'
	}
	return m
}()

const femaleNames = `mary patricia jennifer linda elizabeth barbara susan jessica sarah karen
		nancy lisa margaret betty sandra ashley dorothy kimberly emily donna michelle carol amanda melissa
		deborah stephanie rebecca laura sharon cynthia kathleen amy shirley angela helen anna brenda pamela
		nicole emma samantha katherine christine debra rachel catherine carolyn janet ruth maria heather
		diane virginia julie joyce victoria olivia kelly christina lauren joan evelyn judith megan cheryl
		andrea hannah martha jacqueline frances gloria ann teresa kathryn sara janice jean alice madison
		doris abigail julia judy grace denise amber marilyn beverly danielle theresa sophia marie diana
		brittany natalie isabella charlotte rose alexis kayla anne ingrid sigrun greta elena ana lucia
		sofia giulia chiara francesca marta katarzyna agnieszka olga natalia irina svetlana tatiana
		yulia aylin ayse fatma zeynep elif leila layla fatima aisha priya ananya deepa sunita mei ling
		yuki hana sakura keiko ines ines beatriz carmen rosa lucia pilar mercedes helene elisabeth
		isabelle camille chloe lea manon sophie brigitte ursula katrin katrien anke marieke lotte
		hanne astrid freya saoirse siobhan niamh aoife ruta hanna malin lena marta monica theodora
		juno nerea denise deborah hannelore samira adaeze priya linda margaret rita harriet keisha
		eleanor hélène élisabeth inês zoë zoe`

const maleNames = `james john robert michael william david richard joseph thomas charles christopher daniel matthew
		anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward
		jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin
		samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan
		henry douglas zachary peter kyle walter ethan jeremy harold keith christian roger noah gerald
		carl terry sean austin arthur lawrence jesse dylan bryan joe jordan billy bruce albert willie
		gabriel logan alan juan wayne roy ralph randy eugene vincent russell elijah louis bobby philip
		johnny vladimir dmitri dmitry sergei sergey ivan alexei alexey mikhail nikolai boris igor oleg
		volodymyr petro olaf jurgen jürgen klaus hans wolfgang stefan tomasz piotr krzysztof jan pavel
		recep mehmet mustafa ahmet ali hassan hussein mohammed muhammad ahmed omar khalid abdullah
		tariq karim rahul arjun vikram sanjay raj hiroshi takeshi kenji wei jun carlos miguel luis
		jorge pedro antonio manuel francisco javier alvaro álvaro pierre jean-luc francois françois
		emmanuel nicolas luc marc henri giovanni marco luca matteo alessandro lorenzo paolo sven lars
		erik nils björn cathal sean seamus declan liam conor ross tom tomás kwame oluwaseun olusegun
		desmond benoît benoit viktor dale gerald terrence craig marcus harold walter reto`

// firstNameGender returns 'f', 'm' or 0 for a given name.
func firstNameGender(name string) byte {
	return firstNames[strings.ToLower(name)]
}

// demonyms are the capitalised adjectives of places and creeds, which name
// no entity of their own ("Ukrainian officials", "Western allies").
var demonyms = set("afghan", "african", "albanian", "algerian", "american", "arab", "arabic",
	"argentine", "argentinian", "armenian", "asian", "australian", "austrian", "azerbaijani",
	"belarusian", "belgian", "brazilian", "british", "bulgarian", "canadian", "chilean", "chinese",
	"colombian", "croatian", "cuban", "czech", "danish", "dutch", "egyptian", "emirati", "english",
	"estonian", "ethiopian", "european", "filipino", "finnish", "french", "georgian", "german",
	"ghanaian", "greek", "hungarian", "indian", "indonesian", "iranian", "iraqi", "irish", "israeli",
	"italian", "japanese", "jordanian", "kazakh", "kenyan", "korean", "kurdish", "latvian", "lebanese",
	"libyan", "lithuanian", "malaysian", "mexican", "moroccan", "nigerian", "norwegian", "pakistani",
	"palestinian", "persian", "peruvian", "polish", "portuguese", "qatari", "romanian", "russian",
	"saudi", "scottish", "serbian", "slovak", "somali", "spanish", "sudanese", "swedish", "swiss",
	"syrian", "taiwanese", "thai", "tunisian", "turkish", "ukrainian", "venezuelan", "vietnamese",
	"welsh", "yemeni", "western", "eastern", "northern", "southern", "soviet", "nordic", "baltic",
	"balkan", "latin", "hispanic", "muslim", "christian", "jewish", "catholic", "protestant",
	"sunni", "shiite", "islamic", "icelandic", "scandinavian", "caribbean", "mediterranean")
