import Shared
import Testing
@testable import EnricherCore

/// General behaviours of the entity recogniser and the gazetteer, each on a
/// made-up sentence (not gold-set text).
@Suite struct RecognizerTests {
    /// The type given to the exact span `name` in `text`, or nil when no span has that text.
    func type(of name: String, in text: String) -> Entity.EntityType? {
        sharedEnricher.annotate(text).first { $0.text == name }?.type
    }

    func spans(_ text: String) -> [String] {
        sharedEnricher.annotate(text).map { "\($0.type.rawValue):\($0.text)" }
    }

    /// The rule recognizer's spans alone, before the English gap pass. The
    /// "no evidence, no entity" policies are the rules'; the gap pass may
    /// still type such a name on the English model's evidence (a measured
    /// net gain on English the rules were never tuned on, see the README).
    func ruleSpans(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        let tokens = sharedEnricher.tokenizer.tokenize(scalars)
        return sharedEnricher.recognizer.recognize(scalars: scalars, tokens: tokens).map { "\($0.type.rawValue):\($0.text)" }
    }

    /// Expects each name in `text` to be a span of the given type.
    func expectTypes(_ text: String, _ expected: KeyValuePairs<String, Entity.EntityType>,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        let found = spans(text)
        for (name, type) in expected {
            #expect(found.contains("\(type.rawValue):\(name)"), "\(name) in \(found)", sourceLocation: sourceLocation)
        }
    }

    @Test func constituentCountriesAndFirstLevelDivisionsArePlaces() {
        // England is also a US surname; as a division of the UK it is a place.
        #expect(type(of: "England", in: "England beat Panama 6-1 on Sunday.") == .LOC)
        #expect(type(of: "Scotland", in: "Fans travelled from Scotland and Wales for the match.") == .LOC)
        #expect(type(of: "Wales", in: "Fans travelled from Scotland and Wales for the match.") == .LOC)
        #expect(type(of: "Queensland", in: "Floods hit Queensland again this week.") == .LOC)
        // English exonyms of divisions whose ISO name is local (Lombardia, Bayern).
        #expect(type(of: "Bavaria", in: "Snow closed roads across Bavaria on Monday.") == .LOC)
    }

    @Test func seasRiversAndRegionsArePlaces() {
        #expect(type(of: "Danube", in: "Barges on the Danube were halted as water levels fell.") == .LOC)
        #expect(type(of: "Atlantic", in: "The storm moved out over the Atlantic overnight.") == .LOC)
        #expect(type(of: "Black Sea", in: "Grain ships crossed the Black Sea without escort.") == .LOC)
        #expect(type(of: "Middle East", in: "Oil prices rose on tension in the Middle East.") == .LOC)
        #expect(type(of: "Himalayas", in: "Climbers returned from the Himalayas late in May.") == .LOC)
    }

    @Test func placesWithoutGeoNamesIdsResolveWithoutCoordinates() throws {
        let article = ParsedArticle(url: "test:", paragraphs: ["Barges on the Danube were halted near Vienna."])
        let places = sharedEnricher.enrich(article).places
        let danube = try #require(places.first { $0.name == "Danube" })
        #expect(danube.featureClass == "water")
        #expect(danube.geonameID == nil)
        #expect(danube.latitude == nil)
        let vienna = try #require(places.first { $0.name == "Vienna" })
        #expect(vienna.featureClass == "city")
        #expect(vienna.geonameID != nil)
    }

    @Test func placeNamesWithoutDiacriticsAndEnglishExonymsAreFound() {
        // GeoNames spells these Herāt, Kandahār and Makkah.
        #expect(type(of: "Herat", in: "Fighting was reported near Herat and Kandahar.") == .LOC)
        #expect(type(of: "Kandahar", in: "Fighting was reported near Herat and Kandahar.") == .LOC)
        #expect(type(of: "Mecca", in: "Pilgrims gathered in Mecca for the start of the Hajj.") == .LOC)
        #expect(type(of: "Kiev", in: "Talks resumed in Kiev on Friday.") == .LOC)
        // A small town's folded name does not turn a common first name into a place.
        #expect(type(of: "Gloria", in: "Her daughter Gloria was born in May. Gloria was often ill.") != .LOC)
    }

    @Test func aSentenceInitialCommonWordStaysWhenItStartsAPlaceName() {
        // "new" is a common word of this text, but "New Zealand" is one place.
        let text = "New Zealand will vote on a new flag. The new design was shown on Friday."
        #expect(type(of: "New Zealand", in: text) == .LOC)
        #expect(!spans(text).contains("ORG:Zealand"))
    }

    @Test func nationalityWordsAreNotEntities() {
        // Listed demonyms and ones formed from a country name with a suffix.
        let text = "Gabonese officials met Malian and Zambians delegates in Paris on Monday."
        let found = spans(text)
        #expect(found == ["LOC:Paris"], "\(found)")
        #expect(spans("The talks were covered on French television.").isEmpty)
    }

    @Test func hyphenatedGivenNamesStayInsideThePersonsName() {
        // "Wai" is also a town in India: after a capitalised name it is a name part.
        #expect(type(of: "Yau Wai-ching", in: "The lawmaker Yau Wai-ching was sworn in on Wednesday.") == .PER)
        // Glued to a place or nationality with a lower-case word, it is an adjective.
        #expect(spans("An Afghanistan-based group and a Texas-sized budget.").isEmpty)
    }

    @Test func coordinatedNamesAreSplit() {
        let found = spans("Scientists at Ohio State University of the US and the University of Leeds of the UK took part.")
        #expect(found == ["ORG:Ohio State University", "LOC:US", "ORG:University of Leeds", "LOC:UK"], "\(found)")
        let both = spans("Aid came from Buddhist charities, Oxfam International and the United Nations.")
        #expect(both.contains("ORG:United Nations"), "\(both)")
        #expect(!both.contains { $0.contains(" and ") }, "\(both)")
        // One name with "and" inside stays whole.
        #expect(type(of: "Department of Health and Human Services", in: "The Department of Health and Human Services said so.") == .ORG)
    }

    @Test func aRoleAfterAnOrganisationIsLeftOut() {
        let text = "A State Department Spokesperson declined to comment, and the Acme Corporation CEO agreed."
        let found = spans(text)
        #expect(found.contains("ORG:State Department"), "\(found)")
        #expect(found.contains("ORG:Acme Corporation"), "\(found)")
    }

    @Test func firmsNamedLikePeopleAreOrganisations() {
        // Listed: well-known firms whose names read like a first name and a surname.
        #expect(type(of: "Morgan Stanley", in: "Morgan Stanley said in a statement that profits rose.") == .ORG)
        #expect(type(of: "Wells Fargo", in: "Wells Fargo declined to comment.") == .ORG)
        // Unlisted: what surrounds the name says company, and every mention follows.
        let text = "Shares of Harlow Brennan fell 4% on Monday. Harlow Brennan said the plan was on track."
        #expect(sharedEnricher.annotate(text).filter { $0.text == "Harlow Brennan" }.map(\.type) == [.ORG, .ORG])
        #expect(type(of: "Keller Whitfield", in: "\"Rates will rise,\" said Jane Doe, an economist at Keller Whitfield.") == .ORG)
        #expect(type(of: "Jane Doe", in: "\"Rates will rise,\" said Jane Doe, an economist at Keller Whitfield.") == .PER)
    }

    @Test func eventsLawsAndProductCodesAreNotEntities() {
        #expect(spans("Fans cheered at the World Cup in Group F on Sunday.").isEmpty)
        #expect(spans("Lawmakers passed the Clean Water Act after a long debate.").isEmpty)
        #expect(spans("The IE6 browser and the A380 jet were shown.").isEmpty)
    }

    @Test func leadingPlaceWordsMakePlaces() {
        let text = "Climbers left Mount Kenya and sailed across Lake Victoria to Cape Town."
        #expect(type(of: "Mount Kenya", in: text) == .LOC)
        #expect(type(of: "Lake Victoria", in: text) == .LOC)
    }

    @Test func anAcronymInParenthesesTakesItsNamesType() {
        let text = "Crowds met at the Kennedy Space Center (KSC) in Florida. KSC staff cheered."
        #expect(sharedEnricher.annotate(text).filter { $0.text == "KSC" }.map(\.type) == [.LOC, .LOC])
    }

    @Test func aPlaceNamedWithACommonWordIsAnOrganisation() {
        let text = "The environment was hot. Warnings came from Environment Canada and Texas Instruments."
        #expect(type(of: "Environment Canada", in: text) == .ORG)
        #expect(type(of: "Texas Instruments", in: text) == .ORG)
        // An unknown first name before a place-like surname is still a person.
        #expect(type(of: "Valeska Paris", in: "Valeska Paris said she was held for years.") == .PER)
    }

    @Test func aFirstNameThatIsACommonWordOfTheTextIsWeak() {
        // "Iodine" is a rare US first name, and a word of this text.
        let text = "Iodine deficiency is common, and iodine is cheap. Iodine Nutrition Survey results came out."
        #expect(!spans(text).contains { $0.hasPrefix("PER:") }, "\(spans(text))")
    }

    @Test func newspaperNamesAreOrganisations() {
        let text = "She told the Halifax Star and the Boston Globe that the plan had failed."
        #expect(type(of: "Halifax Star", in: text) == .ORG)
        #expect(type(of: "Boston Globe", in: text) == .ORG)
    }

    @Test func theWordBeforeOfIsTheHead() {
        // A place head before "of" wins over an organisation word at the end, and the reverse.
        expectTypes("Crowds visited the National Museum of the U.S. Air Force, and the Bank of Tower Hamlets Council paid.",
                    ["National Museum of the U.S. Air Force": .LOC, "Bank of Tower Hamlets Council": .ORG])
    }

    @Test func aRepeatedCapitalisedWordNeedsOrganisationalEvidence() {
        // Products and works are capitalised and repeated too: no evidence, no entity.
        let product = "Buyers queued for the Zentrix at dawn. Reviews of the Zentrix were warm. One Zentrix broke."
        #expect(!ruleSpans(product).contains { $0.hasSuffix(":Zentrix") }, "\(ruleSpans(product))")
        // Its officials, members or spokespeople make it an organisation, in every mention.
        let body = "Two Velmora officials left. Critics of Velmora met members of Velmora. They wrote to Velmora."
        #expect(sharedEnricher.annotate(body).filter { $0.text == "Velmora" }.map(\.type) == [.ORG, .ORG, .ORG, .ORG])
    }

    @Test func aRepeatedSpeakerWithNoPersonsNameIsABody() {
        // A speaker named alone, often, and never with a given name is no person.
        let text = "On Monday Quorvix observed the crowd. Later Quorvix noted the queue, and then Quorvix said it was long."
        let types = sharedEnricher.annotate(text).filter { $0.text == "Quorvix" }.map(\.type)
        #expect(types == [.ORG, .ORG, .ORG], "\(spans(text))")
        // Once, it is a person known by surname.
        #expect(type(of: "Quorvix", in: "The museum was full, Quorvix said.") == .PER)
    }

    @Test func aNameBeforeATitleIsTheEmployerButNotAPortfolio() {
        let text = "A Pentagon Inspector General report was released. The Home Secretary said nothing."
        #expect(type(of: "Pentagon", in: text) == .ORG, "\(spans(text))")
        #expect(!spans(text).contains { $0.hasSuffix(":Home") }, "\(spans(text))")
        // An office up to a second title: "Undersecretary for Education Mr. X".
        let office = spans("Undersecretary for Education Mr. Toccafondi says schools will close.")
        #expect(office == ["PER:Toccafondi"], "\(office)")
    }

    @Test func knownAliasesOfOrganisationsAreOrganisations() {
        #expect(type(of: "Daesh", in: "Fighters loyal to Daesh were captured.") == .ORG)
    }

    @Test func unknownMultiWordNamesNeedEvidenceOfAnOrganisation() {
        // Programmes and products: plain capitalised words or a model code, nothing organisational.
        #expect(ruleSpans("The Quantum Paper Folding Project planned events.").isEmpty)
        #expect(spans("Buyers liked the Glimmer Phone XL.").isEmpty)
        // A kind noun before the name, or an acronym with a place (a campus, a branch).
        #expect(type(of: "Frontier Plant Letters", in: "It was published in journal Frontier Plant Letters.") == .ORG)
        #expect(type(of: "UNC Charlotte", in: "The UNC Charlotte exhibit opened.") == .ORG)
    }

    @Test func aCountryGluedToAnUnknownNameIsSplit() {
        let found = spans("He thanked the envoy to France Kelvar Ostrim for the visit.")
        #expect(found == ["LOC:France", "PER:Kelvar Ostrim"], "\(found)")
    }

    @Test func shoutedWordsAndPostNominalsAreNotEntities() {
        let found = spans("He will stay UNLESS told otherwise, said Jane Roe, QC, at the hearing.")
        #expect(found == ["PER:Jane Roe"], "\(found)")
    }

    @Test func aTitleOfANameWithNoPersonInItGivesNoPerson() {
        let text = "Jane Roe, Director of the Iodine Study and Chairman of the Centre for Iodine Research, spoke. "
            + "Salt has iodine. Iodine deficiency is common."
        let found = spans(text)
        #expect(found.filter { $0.hasPrefix("PER:") } == ["PER:Jane Roe"], "\(found)")
        #expect(found.contains("ORG:Centre for Iodine Research"), "\(found)")
    }

    @Test func anUnknownWordInAListTakesTheListsType() {
        let list = "Stands from Brivox, Microsoft, and Sony filled the hall."
        #expect(type(of: "Brivox", in: list) == .ORG, "\(spans(list))")
        // A list with another unknown member says nothing ("Environment, Food and Rural Affairs").
        #expect(type(of: "Food", in: "Figures came from the Department for Environment, Food and Rural Affairs.") == nil)
        // A comma alone, outside a list, joins nothing.
        #expect(!ruleSpans("On board the Quellwind, Paris said hello.").contains { $0.hasSuffix(":Quellwind") })
        // A place, then its country.
        #expect(type(of: "Kolvara", in: "Floods hit Kolvara, Indonesia on Monday.") == .LOC)
    }

    @Test func aTitleThatIsACommonGivenNameBeforeOneNameIsTheGivenName() {
        #expect(spans("The contest was founded by Dean Kamen in 1989.") == ["PER:Dean Kamen"])
        #expect(spans("The prize went to Professor Jane Roe.") == ["PER:Jane Roe"])
    }

    @Test func anUnknownWordOwningAPersonOrReportersIsABody() {
        #expect(type(of: "Velodra", in: "Voters backed Velodra's Nathan Law.") == .ORG)
        #expect(type(of: "Quillnews", in: "Two Quillnews reporters attended.") == .ORG)
    }

    @Test func anAmpersandJoinsOneName() {
        let text = "The prints hang in the Harlow & Finch Gallery of Art, and AT&T paid for them."
        let found = spans(text)
        #expect(found.contains { $0.hasSuffix(":Harlow & Finch Gallery of Art") }, "\(found)")
        #expect(found.contains("ORG:AT&T"), "\(found)")
    }

    @Test func officesAndWhatATitleOwnsAreNoPeople() {
        let found = spans("The High Commissioner for Refugees spoke before Prime Minister's Questions began.")
        #expect(!found.contains { $0.hasPrefix("PER:") }, "\(found)")
        // A given name after the office is a person.
        #expect(spans("The Secretary of State Marco Rubio spoke.").contains("PER:Marco Rubio"))
    }

    @Test func productsEventsAndMultiWordNationalitiesAreNotEntities() {
        let text = "Users of Google Chrome met at Fan Expo Canada, where every New Zealander and South Korean "
            + "celebrated the Chinese New Year."
        let found = spans(text)
        #expect(found.allSatisfy { !$0.contains("Chrome") && !$0.contains("Expo") && !$0.contains("Year") }, "\(found)")
        #expect(!found.contains { $0.hasSuffix("Zealander") || $0.hasSuffix("Korean") }, "\(found)")
    }

    @Test func worksVehiclesPortfoliosCurrenciesAndTimeZonesAreNotEntities() {
        let text = "He starred in the film Easy Rider and sailed on the cruise ship Freewinds. "
            + "The Foreign Affairs minister paid US$ 500 at 15:11 GMT."
        let found = ruleSpans(text)
        #expect(found.isEmpty, "\(found)")
    }

    @Test func aSentenceOpeningWordBeforeALowerCaseRoleIsNoEmployer() {
        let found = spans("Senior researcher Mu Li agreed. Executive director Jane Roe did too.")
        #expect(!found.contains { $0.hasPrefix("ORG:") }, "\(found)")
        // Mid-sentence, a name before a role is still the employer.
        #expect(type(of: "Keller Whitfield", in: "Shares fell, said Keller Whitfield analyst Mark Delaney.") == .ORG)
    }

    @Test func commonWordsBeforeACityAreNoBody() {
        // "Environment Canada" is a body; "space shuttle" words before a city name are not.
        let found = ruleSpans("The space shuttle flew. Space Shuttle Columbia landed.")
        #expect(!found.contains { $0.hasPrefix("ORG:") }, "\(found)")
    }

    @Test func whatAPersonIsOfIsABody() {
        expectTypes("Votes went to Raymond Chan of People Power.", ["People Power": .ORG, "Raymond Chan": .PER])
    }

    @Test func headFirstOrganisationWordsAndPluralKindNouns() {
        expectTypes("Pupils of the schools Collegio Verdi and Fiorella paid.", ["Collegio Verdi": .ORG, "Fiorella": .ORG])
    }

    @Test func aSentenceOpeningWordThatHeadsTheNameStays() {
        // "team", "lake" and "border" are words of this text, yet open these names.
        expectTypes("The team crossed the border by the lake. Team Estonia won. Lake Placid froze. Border Force said so.",
                    ["Team Estonia": .ORG, "Lake Placid": .LOC, "Border Force": .ORG])
    }

    @Test func surnamesThatAreFunctionWordsOrParticlesStayInTheName() {
        expectTypes("Votes went to James To of the party, to the illustrator Johnnie Christmas and to General Suleiman al-Amr.",
                    ["James To": .PER, "Johnnie Christmas": .PER, "Suleiman al-Amr": .PER])
        // At a sentence start a function word is no surname.
        #expect(!spans("She met James. To her surprise he left.").contains { $0.contains("To") })
    }

    @Test func anOfficeNamingABodyBeforeAPersonGivesBoth() {
        expectTypes("After the leak, the CEO of the Refugee Council Enver Solomon told reporters it was bad.",
                    ["Refugee Council": .ORG, "Enver Solomon": .PER])
    }

    @Test func aNationalityBeforeAStatesOwnInstitutionStaysOutside() {
        expectTypes("Permits came from the Greek Ministry of Culture, then the Italian Supreme Court ruled.",
                    ["Ministry of Culture": .ORG, "Supreme Court": .ORG])
        // Part of the name before another head: "Italian Football Federation".
        expectTypes("The Italian Football Federation objected.", ["Italian Football Federation": .ORG])
    }

    @Test func aKindNounAfterTheNameMakesABody() {
        expectTypes("According to Quorra news agency, traffic to the Velmix website rose.", ["Quorra": .ORG, "Velmix": .ORG])
        // Not a word that only opens the sentence.
        #expect(spans("Volunteer organization members met.").isEmpty)
    }

    @Test func compassPointsStandingForARegionArePlaces() {
        expectTypes("Shells fell after North and South Korea clashed; the North blamed the South.",
                    ["North": .LOC, "South Korea": .LOC])
        #expect(spans("North of the river, rain fell.").isEmpty)
    }

    @Test func aStateNamedLikeAGivenNameInAnOffice() {
        expectTypes("In a statement, Governor of Washington Chris Gregoire said so.", ["Washington": .LOC, "Chris Gregoire": .PER])
    }

    @Test func acronymsSpelledLikeConnectorsAndTitleWordsOpeningBodies() {
        // "LA" is no Spanish article; "Duke" opens a university's name, not a title.
        expectTypes("Steve Whitmore told LA Weekly that the collections came from Duke University.",
                    ["LA Weekly": .ORG, "Duke University": .ORG])
    }

    @Test func anUnknownWordAPersonIsOfIsABody() {
        expectTypes("Seats went to Nathan Law of Demosisto.", ["Nathan Law": .PER, "Demosisto": .ORG])
    }

    @Test func unknownNamesMadeOfThisTextsCommonWordsAreNoPeople() {
        let found = spans("The committee discussed social welfare. Shiu Ka-chun of the Social Welfare constituency won.")
        #expect(found == ["PER:Shiu Ka-chun"], "\(found)")
    }

    @Test func chambersAreBodies() {
        expectTypes("Ian Ferris, chief executive of the Stockport Chamber of Commerce, agreed.",
                    ["Stockport Chamber of Commerce": .ORG, "Ian Ferris": .PER])
    }

    @Test func theUnknownWordAfterOfInABodysNameIsItsShortForm() {
        let text = "The Church of Velmorism denied it. Critics of Velmorism disagreed, and she left Velmorism."
        #expect(sharedEnricher.annotate(text).filter { $0.text == "Velmorism" }.map(\.type) == [.ORG, .ORG], "\(spans(text))")
    }

    @Test func aKnownPersonBeforeTheirThingsAndFollowersBeforeANameAreTheirOwn() {
        let text = "Andy Warhol took photos. The Warhol Polaroids were shown, with a video of Scientologist Tom Cruise."
        expectTypes(text, ["Andy Warhol": .PER, "Warhol": .PER, "Tom Cruise": .PER])
        // A name part that is no common word keeps the name whole ("Wong Kwok-kin" after "Wong Pik-wan").
        expectTypes("Wong Pik-wan and Wong Kwok-kin won.", ["Wong Pik-wan": .PER, "Wong Kwok-kin": .PER])
    }

    @Test func councilTitlesWaterwaysAndRailwaysAndHeadedPlaceNames() {
        expectTypes("Cllr Jane Roe and Alderwoman Rosa Delgado walked from Stanley Dock along the Grand Union Canal.",
                    ["Jane Roe": .PER, "Rosa Delgado": .PER, "Stanley Dock": .LOC, "Grand Union Canal": .LOC])
        // A place before a given name is not split off when the whole ends with a head word.
        expectTypes("Elena Marsh runs the San Diego County Water Authority.", ["San Diego County Water Authority": .ORG])
    }

    @Test func abbreviatedSaintsOpenPlaceNames() {
        expectTypes("Ships reached Sault Ste. Marie, and glaciers near St. Gallen shrank.",
                    ["Sault Ste. Marie": .LOC, "St. Gallen": .LOC])
    }

    @Test func anAppositionSaysWhatTheNameIs() {
        let text = "Orders went to Velmont Tarrow, a Seattle company that sells pumps. Farms near Kelvana, a town in "
            + "Wisconsin, dried up. It was said by Marieke Bosman, the port authority director."
        expectTypes(text, ["Velmont Tarrow": .ORG, "Kelvana": .LOC, "Marieke Bosman": .PER])
    }

    @Test func namedStormsAreNoEntitiesAndGreaterOpensARegion() {
        let found = spans("Storm Elowen hit Storm Bay and Greater Manchester on Tuesday.")
        #expect(found == ["LOC:Storm Bay", "LOC:Greater Manchester"], "\(found)")
    }
}
