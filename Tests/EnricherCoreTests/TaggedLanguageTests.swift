import Shared
import Testing
@testable import EnricherCore

/// The trained taggers through the whole enricher, on paragraphs written for
/// these tests: German, French and Spanish people, organisations and places
/// are found and common nouns are not typed; a language with no model (here
/// Italian and Dutch) gets no entities rather than English rules.
@Suite struct TaggedLanguageTests {
    func enrich(_ text: String) -> EnrichedArticle {
        sharedEnricher.enrich(ParsedArticle(url: "https://example.test/a", paragraphs: [text]))
    }

    func names(_ article: EnrichedArticle, _ type: Entity.EntityType) -> Set<String> {
        Set(article.entities.filter { $0.type == type }.map(\.name))
    }

    /// Every mention's words, lower-cased, so a test can say no common noun was typed.
    func mentionedWords(_ article: EnrichedArticle) -> Set<String> {
        Set(article.entities.flatMap { $0.mentions.flatMap { $0.text.lowercased().split(separator: " ").map(String.init) } })
    }

    @Test func germanPeopleOrganisationsAndPlaces() {
        let article = enrich("""
            Bundeskanzler Olaf Scholz hat am Dienstag in Berlin den französischen Präsidenten Emmanuel Macron \
            empfangen. Nach dem Treffen im Kanzleramt kündigte die Deutsche Bahn neue Verbindungen nach Paris an. \
            Im Sommer kamen viele Kinder mit ihren Familien nach München, weil das Wetter dort besser war. \
            Die Lage am Ende der Woche blieb ruhig, sagte Scholz.
            """)
        #expect(article.language == "de")
        #expect(names(article, .PER).isSuperset(of: ["Olaf Scholz", "Emmanuel Macron"]))
        #expect(names(article, .ORG).contains("Deutsche Bahn"))
        #expect(names(article, .LOC).isSuperset(of: ["Berlin", "Paris", "München"]))
        #expect(mentionedWords(article).isDisjoint(with: ["sommer", "kinder", "familien", "wetter", "lage", "ende", "woche", "treffen", "dienstag"]))
    }

    @Test func frenchPeopleOrganisationsAndPlaces() {
        let article = enrich("""
            Le président Emmanuel Macron a reçu mardi à Paris le chancelier Olaf Scholz. Après la rencontre, \
            le ministre a annoncé que la ville de Marseille accueillera le sommet de l'Union européenne. \
            Les enfants de l'école ont visité Lyon pendant les vacances d'été.
            """)
        #expect(article.language == "fr")
        #expect(names(article, .PER).isSuperset(of: ["Emmanuel Macron", "Olaf Scholz"]))
        #expect(names(article, .LOC).isSuperset(of: ["Paris", "Marseille", "Lyon"]))
        #expect(mentionedWords(article).isDisjoint(with: ["président", "enfants", "école", "vacances", "ministre", "rencontre"]))
    }

    /// The Spanish corpus (BVMC) annotates few people and organisations, so
    /// only places are asked of Spanish here (see the enricher README).
    @Test func spanishPlacesAndNoCommonNouns() {
        let article = enrich("""
            El Gobierno de España anunció el lunes en Madrid un nuevo plan para las regiones de Andalucía y \
            Cataluña. Los niños de la escuela viajaron a Sevilla y a Valencia durante el verano, y la Universidad \
            de Salamanca organizó una exposición sobre la historia de la ciudad.
            """)
        #expect(article.language == "es")
        #expect(names(article, .LOC).isSuperset(of: ["Madrid", "Sevilla", "Valencia"]))
        #expect(mentionedWords(article).isDisjoint(with: ["niños", "escuela", "verano", "exposición", "historia", "ciudad"]))
    }

    @Test func languagesWithoutAModelGetNoEntities() {
        let italian = enrich("""
            Il presidente del Consiglio ha incontrato ieri a Roma i rappresentanti dei sindacati. La riunione \
            si è svolta a Palazzo Chigi, dove il ministro Giorgio Bianchi ha parlato della crisi economica.
            """)
        #expect(italian.language == "it")
        #expect(italian.entities.isEmpty)
        let dutch = enrich("""
            De minister-president heeft gisteren in Amsterdam met de vakbonden gesproken. Volgens Jan de Vries \
            van de gemeente Rotterdam is er nog geen akkoord over de nieuwe plannen voor de haven.
            """)
        #expect(dutch.language == "nl")
        #expect(dutch.entities.isEmpty)
    }

    @Test func germanQuoteIsAttributedToTheTaggedSpeaker() throws {
        let article = enrich("""
            Die Gewerkschaftschefin Monika Wagner hat am Montag in Hamburg vor Beschäftigten gesprochen. \
            „Wir werden nicht nachgeben“, sagte Wagner. Der Arbeitgeberverband reagierte zurückhaltend.
            """)
        #expect(names(article, .PER).contains("Monika Wagner"))
        let quote = try #require(article.quotes.first)
        #expect(quote.text == "Wir werden nicht nachgeben")
        #expect(quote.speaker == "Monika Wagner")
    }
}
