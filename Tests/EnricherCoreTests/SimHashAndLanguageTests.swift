import Foundation
import Shared
import Testing
@testable import EnricherCore

@Suite struct SimHashTests {
    func hash(_ paragraphs: [String]) -> String {
        sharedEnricher.enrich(ParsedArticle(url: "https://example.org/x", paragraphs: paragraphs)).simhash ?? ""
    }

    @Test func syndicatedCopiesAreCloseAndOtherStoriesFar() throws {
        let original = hash(SeedArticle.paragraphs)
        // A syndicated copy: another dateline, a credit line, one sentence cut.
        var copy = SeedArticle.paragraphs
        copy[0] = copy[0].replacingOccurrences(of: "WASHINGTON –", with: "KABUL (Agencies) –")
        copy.remove(at: 10)
        copy.append("This story was first published by CNN.")
        let syndicated = hash(copy)
        let other = hash([
            "The city council voted on Monday to expand the bicycle lane network across the downtown area, a plan that supporters say will reduce traffic and improve air quality.",
            "Opponents argued that shop owners would lose parking spaces and customers during two years of construction work on the main avenues.",
            "The mayor said the first lanes would open next spring and promised a review of the effects on local businesses after twelve months.",
        ])
        let near = try #require(SimHash.distance(original, syndicated))
        let far = try #require(SimHash.distance(original, other))
        #expect(near <= 12, "syndicated copy differs by \(near) bits")
        #expect(far >= 20, "a different story differs by only \(far) bits")
    }
}

@Suite struct LanguageTests {
    @Test(arguments: [
        ("en", "The government announced on Tuesday that it would raise taxes on fuel to pay for new schools and hospitals across the country."),
        ("fr", "Le gouvernement a annoncé mardi qu'il augmenterait les taxes sur le carburant pour financer de nouvelles écoles et des hôpitaux."),
        ("de", "Die Regierung kündigte am Dienstag an, die Steuern auf Kraftstoff zu erhöhen, um neue Schulen und Krankenhäuser zu bezahlen."),
        ("es", "El gobierno anunció el martes que subirá los impuestos sobre el combustible para pagar nuevas escuelas y hospitales en todo el país."),
        ("it", "Il governo ha annunciato martedì che aumenterà le tasse sul carburante per pagare nuove scuole e ospedali in tutto il paese."),
        ("ru", "Правительство объявило во вторник, что повысит налоги на топливо, чтобы оплатить строительство новых школ и больниц."),
        ("ar", "أعلنت الحكومة يوم الثلاثاء أنها سترفع الضرائب على الوقود لتمويل مدارس ومستشفيات جديدة في جميع أنحاء البلاد."),
    ])
    func identifiesLanguage(expected: String, text: String) {
        let enriched = sharedEnricher.enrich(ParsedArticle(url: "https://example.org/l", paragraphs: [text]))
        #expect(enriched.language == expected)
    }
}

@Suite struct EnrichStageTests {
    @Test func enrichesIntoTheStoreQueueWithADerivedEnvelope() async throws {
        let stage = EnrichStage(enricher: sharedEnricher, producerName: "newswire-enricher@test")
        #expect(stage.inputQueue == QueueName.enrich)
        let input = try Message(
            envelope: .new(kind: .parsedArticle, producer: "test"), payload: SeedArticle.article)
        let outputs = try await stage.process(input)
        #expect(outputs.count == 1)
        let out = try #require(outputs.first)
        #expect(out.queue == QueueName.store)
        #expect(out.message.envelope.kind == .enrichedArticle)
        #expect(out.message.envelope.causationID == input.envelope.id)
        #expect(out.message.envelope.traceID == input.envelope.traceID)
        #expect(out.message.envelope.id == input.envelope.derived(kind: .enrichedArticle, index: 0, producer: "x").id)
        let enriched = try out.message.payload(as: EnrichedArticle.self)
        #expect(enriched.article == SeedArticle.article)
        #expect(enriched.entities.contains { $0.name == "Joseph Votel" })
    }

    @Test func garbageIsAPermanentError() async throws {
        let stage = EnrichStage(enricher: sharedEnricher, producerName: "test")
        let bad = Message(envelope: .new(kind: .parsedArticle, producer: "test"), frames: [Data("not json".utf8)])
        await #expect(throws: StageError.self) { try await stage.process(bad) }
        do {
            _ = try await stage.process(bad)
        } catch let error as StageError {
            #expect(error.isPermanent)
        }
    }
}

@Suite struct PlaceDisambiguationTests {
    func places(_ text: String) -> [Place] {
        sharedEnricher.enrich(ParsedArticle(url: "https://example.org/p", paragraphs: [text])).places
    }

    @Test func populationWinsWithoutContextAndAStateNarrowsIt() {
        let france = places("Angela Merkel visited Paris and Berlin last week, officials in Massachusetts said.")
        #expect(france.first { $0.name == "Paris" }?.countryCode == "FR")
        let texas = places("The storm hit Paris, Texas on Sunday, and officials in Dallas said roads were closed.")
        #expect(texas.first { $0.name == "Paris" }?.countryCode == "US")
    }

    @Test func aCountryInTheStoryPicksItsCity() {
        // Two Hyderabads: India's is bigger, Pakistan's wins in a Pakistan story.
        let story = places("Protesters gathered in Hyderabad on Friday as Pakistan braced for more rain, police in Pakistan said.")
        #expect(story.first { $0.name == "Hyderabad" }?.countryCode == "PK")
        let plain = places("Engineers in Hyderabad shipped the update on Friday.")
        #expect(plain.first { $0.name == "Hyderabad" }?.countryCode == "IN")
    }
}

@Suite struct DeterminismTests {
    @Test func sameInputSameOutput() throws {
        let a = sharedEnricher.enrich(SeedArticle.article)
        let b = sharedEnricher.enrich(SeedArticle.article)
        #expect(a == b)
        // Byte-identical on the wire, as replayed recordings require.
        #expect(try WireJSON.encoder.encode(a) == WireJSON.encoder.encode(b))
    }

    @Test func nonArticlesPassThroughEmpty() {
        let page = ParsedArticle(url: "https://example.org/tag/x", outcome: .notAnArticle)
        let enriched = sharedEnricher.enrich(page)
        #expect(enriched.article.outcome == .notAnArticle)
        #expect(enriched.entities.isEmpty && enriched.quotes.isEmpty)
        #expect(enriched.simhash == nil && enriched.language == nil && enriched.summary == nil)
    }
}

@Suite struct QuoteAndDateEdgeTests {
    @Test func runOnQuotesAndPronounsAreAttributed() {
        let article = ParsedArticle(url: "https://example.org/q", publishedAt: "2025-03-05T10:00:00Z", paragraphs: [
            "Finance Minister Maria Lopez spoke to reporters in Madrid on Wednesday.",
            "“We will not raise taxes this year, and we will protect the budget for schools",
            "“The deficit is falling faster than anyone expected,” she said.",
            "The report was published on 2025-02-28.",
        ])
        let enriched = sharedEnricher.enrich(article)
        #expect(enriched.quotes.count == 2)
        #expect(enriched.quotes.allSatisfy { $0.speaker == "Maria Lopez" })
        #expect(enriched.dates.contains { $0.text == "2025-02-28" && $0.resolved == "2025-02-28" })
        #expect(enriched.dates.contains { $0.text == "Wednesday" && $0.resolved == "2025-03-05" })
    }
}

@Suite struct PlaceContextFromCitiesTests {
    @Test func unambiguousCitiesSetTheCountry() {
        // Hyderabad alone is India's; beside Karachi and Lahore it is Pakistan's.
        let enriched = sharedEnricher.enrich(ParsedArticle(url: "https://example.org/c", paragraphs: [
            "Flooding closed roads in Karachi and Lahore, and schools in Hyderabad stayed shut on Monday.",
        ]))
        #expect(enriched.places.first { $0.name == "Hyderabad" }?.countryCode == "PK")
        #expect(enriched.places.first { $0.name == "Karachi" }?.countryCode == "PK")
    }
}
