import Shared
import Testing
@testable import EnricherCore

/// Quotes and their speakers in the quotation marks and attribution words of
/// German, French and Spanish news, on paragraphs written for these tests,
/// with the people given as typed mentions (as any recogniser gives them).
@Suite struct QuoteLanguageTests {
    func quotes(_ text: String, language: String, people: [(String, Entity.EntityType)]) -> [Quote] {
        let scalars = Array(text.unicodeScalars)
        let tokens = Tokenizer().tokenize(scalars)
        let entities = sharedEnricher.linker.link(typedMentions(text, people))
        var tokenAt: [Int: Int] = [:]
        for (i, t) in tokens.enumerated() { tokenAt[t.start] = i }
        let context = QuoteExtractor.Context(
            scalars: scalars, tokens: tokens, lowers: tokens.map(\.lower), tokenAt: tokenAt, entities: entities,
            language: language)
        return QuoteExtractor().extract(context)
    }

    @Test func germanQuotesAreAttributedBeforeAndAfter() throws {
        let text = """
            Bundeskanzlerin Angela Merkel hat am Dienstag in Berlin vor Wirtschaftsvertretern gesprochen. \
            „Wir müssen die Energiewende schneller umsetzen“, sagte Merkel. Der Vorsitzende des Verbands, \
            Thomas Schneider, widersprach. „Die Kosten sind für viele Betriebe zu hoch“, so Schneider. \
            Dazu sagte Merkel: „Ohne Investitionen verlieren wir den Anschluss.“ \
            Ein Sprecher des Ministeriums erklärte: »Die Gespräche gehen weiter.«
            """
        // Only the full names are typed: the surname after "sagte" and "so" still finds its person.
        let found = quotes(text, language: "de", people: [("Angela Merkel", .PER), ("Thomas Schneider", .PER)])
        try #require(found.count == 4)
        #expect(found[0].text == "Wir müssen die Energiewende schneller umsetzen")
        #expect(found[0].speaker == "Angela Merkel")
        #expect(found[1].text == "Die Kosten sind für viele Betriebe zu hoch")
        #expect(found[1].speaker == "Thomas Schneider")
        #expect(found[2].speaker == "Angela Merkel")
        #expect(found[3].text == "Die Gespräche gehen weiter.")
        #expect(found[3].speaker == nil)
        #expect(found[3].speakerRole == "Ein Sprecher")
    }

    @Test func frenchQuotesInGuillemetsAreAttributed() throws {
        let text = """
            Le président Emmanuel Macron s'est exprimé mardi à Paris. « Nous allons continuer les réformes », \
            a déclaré Macron devant les députés. Selon la ministre Élisabeth Borne, « le calendrier sera respecté ». \
            « Rien n'est encore décidé », affirme un conseiller du gouvernement.
            """
        let found = quotes(text, language: "fr", people: [
            ("Emmanuel Macron", .PER), ("Macron", .PER), ("Élisabeth Borne", .PER),
        ])
        try #require(found.count == 3)
        #expect(found[0].text == "Nous allons continuer les réformes")
        #expect(found[0].speaker == "Emmanuel Macron")
        #expect(found[1].text == "le calendrier sera respecté")
        #expect(found[1].speaker == "Élisabeth Borne")
        #expect(found[2].speaker == nil)
        #expect(found[2].speakerRole == "un conseiller")
    }

    @Test func spanishQuotesAreAttributed() throws {
        let text = """
            El presidente Pedro Sánchez visitó ayer Valencia. “La reconstrucción es nuestra prioridad”, \
            dijo Sánchez ante los vecinos. Según la alcaldesa María José Catalá, «faltan recursos y personal». \
            La portavoz del Gobierno afirmó: “Habrá más ayudas la próxima semana.”
            """
        let found = quotes(text, language: "es", people: [("Pedro Sánchez", .PER), ("María José Catalá", .PER)])
        try #require(found.count == 3)
        #expect(found[0].text == "La reconstrucción es nuestra prioridad")
        #expect(found[0].speaker == "Pedro Sánchez")
        #expect(found[1].text == "faltan recursos y personal")
        #expect(found[1].speaker == "María José Catalá")
        #expect(found[2].speaker == nil)
        #expect(found[2].speakerRole == "La portavoz")
    }

    /// Issue 12: an opening mark that is never closed used to rescan to the
    /// paragraph end for each one (quadratic: this input took minutes).
    @Test func unclosedOpeningMarksFindNoQuoteAndReturn() {
        for mark in ["\u{201C}", "\u{201E}", "\u{00AB}"] {
            let text = String(repeating: mark + "x ", count: 300_000)
            let found = quotes(text, language: "en", people: [])
            #expect(found.isEmpty, "\(mark)")
        }
    }

    /// A closed quote among unclosed marks is still found.
    @Test func aClosedQuoteAfterUnclosedMarksIsFound() throws {
        let text = String(repeating: "\u{201C}x ", count: 1_000) + "\nThe talks ended.\n“We will stay,” said Joseph Votel."
        let found = quotes(text, language: "en", people: [("Joseph Votel", .PER)])
        try #require(found.count == 1)
        #expect(found[0].text == "We will stay")
        #expect(found[0].speaker == "Joseph Votel")
    }
}
