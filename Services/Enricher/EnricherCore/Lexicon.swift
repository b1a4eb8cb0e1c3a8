/// Hand-written word lists the recogniser and extractors share: facts about
/// English news copy (titles, organisation words, stop words), small enough
/// to read in one sitting, so they live in code rather than in Data/.
enum Lexicon {
    /// Titles and roles that precede a person's name and stay outside PER spans.
    static let titles: Set<String> = [
        "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "prof", "prof.", "professor", "sir", "dame",
        "lord", "lady", "gen", "gen.", "general", "lt", "lt.", "lieutenant", "col", "col.", "colonel", "maj",
        "maj.", "major", "capt", "capt.", "captain", "sgt", "sgt.", "sergeant", "cpl", "cpl.", "corporal",
        "pvt", "pvt.", "private", "adm", "adm.", "admiral", "commander", "cmdr", "cmdr.", "marshal",
        "brig", "brig.", "brigadier", "gov", "gov.", "governor", "sen", "sen.", "senator", "rep", "rep.",
        "representative", "congressman", "congresswoman", "rev", "rev.", "reverend", "father", "pastor",
        "bishop", "archbishop", "cardinal", "pope", "rabbi", "imam", "sheikh", "president", "vice",
        "minister", "secretary", "chancellor", "premier", "prime", "ambassador", "envoy", "mayor",
        "judge", "justice", "attorney", "prosecutor", "king", "queen", "prince", "princess", "emperor",
        "chairman", "chairwoman", "chair", "ceo", "cfo", "director", "administrator", "spokesman",
        "spokeswoman", "spokesperson", "chief", "deputy", "officer", "inspector", "detective", "agent",
        "coach", "manager", "striker", "midfielder", "defender", "goalkeeper", "captain", "player",
        "leader", "founder", "artist", "photographer", "author", "writer", "actor", "actress", "singer",
        "lawmaker", "legislator", "councillor", "councilor", "mp", "lawyer", "activist", "host",
        "saint", "superintendent", "commissioner", "sheriff", "constable", "ayatollah",
        "mullah", "emir", "sultan", "dean", "provost", "principal", "editor", "reporter", "correspondent",
        "analyst", "economist", "scientist", "researcher", "astronaut", "candidate", "nominee",
        "colleague", "teammate", "opponent", "lt.gen.", "maj.gen.", "gen.,", "commandant", "whip",
        "speaker", "treasurer", "auditor", "comptroller", "regent", "crown", "duke", "duchess", "count",
        "countess", "baron", "earl", "mrs", "madam", "mme", "herr", "frau", "monsieur", "señor",
        "emeritus", "undersecretary", "under-secretary", "doctor", "alderman", "alderwoman", "cllr", "cllr.",
        "councilman", "councilwoman", "assemblyman", "assemblywoman", "selectman", "selectwoman",
    ]
    /// Head words that make a name an organisation.
    static let orgHeads: Set<String> = [
        "inc", "inc.", "corp", "corp.", "corporation", "co", "co.", "company", "companies", "ltd", "ltd.",
        "limited", "llc", "plc", "ag", "gmbh", "sa", "group", "holdings", "partners", "associates",
        "party", "council", "committee", "commission", "agency", "administration", "authority",
        "university", "college", "institute", "institution", "school", "academy", "department", "ministry",
        "office", "bureau", "service", "services", "association", "federation", "union", "league", "club",
        "society", "foundation", "fund", "trust", "bank", "church", "army", "navy", "corps", "force",
        "forces", "command", "guard", "police", "court", "tribunal", "parliament", "assembly", "senate",
        "congress", "government", "cabinet", "news", "times", "post", "journal", "herald", "tribune",
        "magazine", "press", "network", "broadcasting", "radio", "television", "tv", "channel",
        "airlines", "airways", "motors", "industries", "technologies", "systems", "labs", "laboratory",
        "laboratories", "organization", "organisation", "movement", "front", "coalition", "alliance",
        "brigade", "brigades", "legion", "battalion", "regiment", "division", "team", "fc", "united",
        "board", "centre", "center", "hospital", "clinic", "gallery", "records", "studios",
        "entertainment", "media", "communications", "foundation", "network", "org", "nations",
        "caucus", "directorate", "municipality", "ministries", "agencies", "parties", "committees", "secretariat", "unit", "squad", "band", "orchestra", "choir", "gazette",
        "daily", "weekly", "mail", "telegraph", "guardian", "observer", "chronicle", "review", "monitor",
        "today", "express", "standard", "wire", "exchange", "reserve", "federal", "cooperative", "ngo",
        "capital", "securities", "investments", "advisors", "advisers", "management", "financial", "bancorp",
        "brothers", "bros", "bros.", "insurance", "pharmaceuticals", "therapeutics", "energy", "petroleum",
        "automotive", "electric", "electronics", "semiconductor", "software", "solutions", "logistics",
        "consulting", "ventures", "equity", "airline", "chamber", "railway", "railways", "railroad",
        // Newspaper names: "Toronto Star", "Boston Globe", "Daily Mirror".
        "star", "sun", "globe", "mirror", "inquirer", "examiner", "bulletin", "dispatch", "courier", "sentinel",
    ]
    /// Last words of event, award, law and programme names (CoNLL MISC, not PER/ORG/LOC).
    static let miscHeads: Set<String> = [
        "cup", "championship", "championships", "games", "olympics", "tournament", "festival", "fair",
        "expo", "day", "week", "awards", "award", "prize", "act", "treaty", "accord", "accords", "war",
        "program", "programme", "series", "marathon", "election", "elections", "summit", "protocol",
        "doctrine", "declaration", "plan", "initiative", "convention", "study", "survey", "census",
        "year", "eve",
    ]
    /// First words that make a name a location ("Mount Kenya", "Lake Placid").
    static let locLeads: Set<String> = [
        "mount", "mt", "mt.", "lake", "cape", "fort", "ft.", "isle", "gulf", "bay", "river", "port",
        // "St. Gallen", "Sault Ste. Marie": abbreviated saints open place names.
        "st", "st.", "ste", "ste.",
    ]
    /// Well-known organisations whose names read like people, places or common
    /// words (banks, firms, agencies, media): facts, lower-cased.
    static let organisations: Set<String> = [
        "morgan stanley", "goldman sachs", "jpmorgan", "jp morgan", "j.p. morgan", "jpmorgan chase",
        "merrill lynch", "lehman brothers", "wells fargo", "charles schwab", "citigroup", "citi", "barclays",
        "hsbc", "deutsche bank", "credit suisse", "ubs", "bnp paribas", "santander", "nomura", "lloyds",
        "standard chartered", "blackrock", "vanguard", "fidelity", "state street", "berkshire hathaway",
        "bridgewater", "blackstone", "carlyle", "kkr", "moody's", "fitch", "fitch ratings", "morningstar",
        "jefferies", "raymond james", "lazard", "rothschild", "cantor fitzgerald", "edward jones",
        "ernst & young", "deloitte", "kpmg", "pricewaterhousecoopers", "pwc", "mckinsey", "accenture",
        "bain", "apple", "google", "alphabet", "microsoft", "amazon", "meta", "facebook", "twitter",
        "netflix", "tesla", "intel", "nvidia", "oracle", "ibm", "samsung", "sony", "huawei", "alibaba",
        "tencent", "baidu", "uber", "lyft", "airbnb", "spotify", "disney", "boeing", "airbus",
        "general motors", "toyota", "honda", "volkswagen", "siemens", "nestle", "unilever",
        "procter & gamble", "johnson & johnson", "pfizer", "moderna", "merck", "novartis", "roche",
        "astrazeneca", "walmart", "costco", "exxonmobil", "exxon mobil", "exxon", "chevron", "gazprom",
        "rosneft", "aramco", "saudi aramco", "reuters", "associated press", "agence france-presse",
        "afp", "xinhua", "kyodo", "tass", "interfax", "al jazeera", "bbc", "cnn", "fox news", "nbc",
        "cbs", "npr", "bloomberg news", "dow jones", "nasdaq", "wikileaks", "hezbollah", "hamas",
        "taliban", "al-shabaab", "boko haram", "opec", "nato", "interpol", "europol", "unicef", "unesco",
        "greenpeace", "amnesty international", "human rights watch", "oxfam", "red cross", "red crescent",
        "medecins sans frontieres", "doctors without borders", "world bank", "imf", "wto",
    ]
    /// Head words that make a name a location.
    static let locHeads: Set<String> = [
        "street", "st", "avenue", "ave", "road", "rd", "boulevard", "square", "plaza", "bridge", "tower",
        "hall", "palace", "castle", "cathedral", "mosque", "temple", "stadium", "arena", "airport",
        "station", "port", "harbour", "harbor", "base", "island", "islands", "isle", "river", "lake",
        "sea", "ocean", "bay", "gulf", "strait", "channel", "mountain", "mountains", "mount", "mt", "hill",
        "hills", "valley", "desert", "forest", "park", "coast", "peninsula", "province", "county",
        "district", "region", "state", "city", "town", "village", "republic", "kingdom", "empire",
        "territory", "prefecture", "planetarium", "zoo", "hotel", "heights", "falls", "canyon", "beach",
        "plains", "plateau", "border", "strip", "bank", "land", "highlands", "lowlands", "sound",
        "center", "centre", "building", "house", "memorial", "monument", "campus", "mall", "market", "museum",
        "canal", "lagoon", "pass", "dock", "docks", "locks", "reservoir", "glacier", "creek", "pier", "wharf",
        "quay", "fjord",
    ]
    /// Capitalised words that are never names by themselves.
    static let stopwords: Set<String> = [
        "a", "an", "the", "this", "that", "these", "those", "he", "she", "it", "they", "we", "i", "you",
        "his", "her", "its", "their", "our", "my", "your", "him", "them", "us", "me", "who", "what",
        "which", "when", "where", "why", "how", "there", "here", "then", "now", "and", "or", "but", "nor",
        "so", "yet", "for", "of", "in", "on", "at", "to", "from", "by", "with", "about", "after", "before",
        "as", "if", "while", "since", "because", "although", "though", "during", "under", "over", "into",
        "through", "between", "among", "against", "without", "within", "upon", "across", "also", "still",
        "even", "just", "only", "many", "much", "more", "most", "some", "any", "all", "both", "each",
        "every", "no", "not", "other", "another", "such", "one", "two", "three", "four", "five", "six",
        "seven", "eight", "nine", "ten", "first", "second", "third", "last", "next",
        "however", "meanwhile", "according", "despite", "image", "photo", "video", "read", "more",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.",
        "sep.", "sept.", "oct.", "nov.", "dec.", "today", "yesterday", "tomorrow", "tonight", "ok",
        "yes", "no", "please", "thanks", "thank", "oh", "well", "like", "do", "does", "did", "is", "are",
        "was", "were", "be", "been", "has", "have", "had", "will", "would", "can", "could", "should",
        "may", "might", "must", "shall", "let", "said", "says", "say", "told", "asked", "according",
        "earlier", "later", "once", "again", "already", "never", "always", "often", "sometimes",
        "perhaps", "maybe", "indeed", "instead", "overall", "finally", "currently", "recently",
        "internet", "web", "online", "update", "updated", "breaking", "exclusive", "opinion", "analysis",
        "editor", "note", "source", "sources", "officials", "official", "police", "report", "reports",
        "several", "few", "most", "those", "whom", "whose", "per", "via", "amid", "toward", "towards",
        "around", "near", "because", "unless", "until", "whether", "either", "neither", "than", "too",
        "very", "really", "mostly", "nearly", "almost", "about", "above", "below", "up", "down", "out",
        "off", "away", "back", "along", "behind", "beyond", "inside", "outside", "following", "including",
        "christmas", "easter", "ramadan", "hajj", "eid", "olympics", "god", "allah", "bible", "quran",
        "koran", "muslims", "christians", "jews", "catholics", "islam", "arabs", "republicans", "democrats",
    ]
    /// Nationality and group adjectives (CoNLL MISC): never PER/ORG/LOC alone.
    static let demonyms: Set<String> = [
        "afghan", "afghans", "american", "americans", "british", "briton", "britons", "english", "scottish",
        "welsh", "irish", "french", "german", "germans", "italian", "italians", "spanish", "portuguese",
        "dutch", "belgian", "belgians", "swiss", "austrian", "swedish", "swede", "swedes", "norwegian",
        "danish", "finnish", "icelandic", "polish", "czech", "slovak", "hungarian", "romanian",
        "bulgarian", "greek", "greeks", "turkish", "turk", "turks", "russian", "russians", "ukrainian",
        "ukrainians", "belarusian", "georgian", "armenian", "azerbaijani", "kazakh", "uzbek", "iranian",
        "iranians", "iraqi", "iraqis", "syrian", "syrians", "lebanese", "israeli", "israelis",
        "palestinian", "palestinians", "jordanian", "saudi", "saudis", "yemeni", "emirati", "qatari",
        "kuwaiti", "egyptian", "egyptians", "libyan", "tunisian", "algerian", "moroccan", "sudanese",
        "ethiopian", "somali", "kenyan", "nigerian", "ghanaian", "south african", "chinese", "japanese",
        "korean", "koreans", "taiwanese", "vietnamese", "thai", "cambodian", "malaysian", "indonesian",
        "indonesians", "filipino", "filipinos", "indian", "indians", "pakistani", "pakistanis",
        "bangladeshi", "sri lankan", "nepali", "nepalese", "burmese", "mongolian", "australian",
        "australians", "canadian", "canadians", "mexican", "mexicans", "brazilian", "argentine",
        "argentinian", "chilean", "colombian", "peruvian", "venezuelan", "cuban", "european", "europeans",
        "african", "africans", "asian", "asians", "latin", "arab", "arabic", "kurdish", "kurds", "kurd",
        "pashtun", "persian", "hispanic", "latino", "jewish", "sikh", "hindu", "buddhist", "soviet",
        "rohingya", "scandinavian", "baltic", "balkan", "slavic", "hongkonger", "hongkongers",
        "zealander", "zealanders", "londoner", "texan", "texans", "californian", "roman", "romans",
        "muslim", "christian", "catholic", "islamic", "sunni", "shia", "shiite", "western", "eastern",
        "northern", "southern", "republican", "democrat", "democratic", "liberal", "conservative",
        "national", "international", "global", "federal", "royal", "supreme", "central",
    ]
    /// Connectors allowed inside organisation and place names ("Bank of England").
    static let connectors: Set<String> = ["of", "the", "and", "&", "for", "on", "de", "du", "des", "la", "le",
                                          "del", "della", "di", "da", "van", "von", "der", "den", "al", "el", "bin", "ibn", "y", "e"]
    /// Particles allowed inside person names.
    static let nameParticles: Set<String> = ["de", "van", "von", "der", "den", "al", "el", "bin", "ibn", "da", "di", "du", "le", "la", "dos", "das"]
    /// Verbs of saying, for quotes and for the "X said" person cue.
    static let sayVerbs: Set<String> = [
        "said", "says", "say", "told", "tells", "added", "adds", "stated", "states", "explained",
        "noted", "wrote", "writes", "asked", "asks", "replied", "warned", "warns", "insisted",
        "argued", "claimed", "claims", "declared", "announced", "recalled", "continued", "commented",
        "suggested", "acknowledged", "admitted", "emphasized", "stressed", "tweeted", "testified",
        "concluded", "observed", "remarked", "responded", "answered", "cautioned", "predicted",
    ]
    /// Well-known aliases of organisations, for coreference ("Daesh" -> ISIS).
    static let orgAliases: [String: String] = [
        "daesh": "ISIS", "isil": "ISIS", "islamic state": "ISIS",
        "islamic state of iraq and the levant": "ISIS", "islamic state of iraq and syria": "ISIS",
        "al-qaida": "al-Qaeda", "al qaeda": "al-Qaeda", "al-qaeda": "al-Qaeda", "al qaida": "al-Qaeda",
        "un": "United Nations", "u.n.": "United Nations", "nato": "NATO", "eu": "European Union",
        "fbi": "Federal Bureau of Investigation", "cia": "Central Intelligence Agency",
    ]
}
