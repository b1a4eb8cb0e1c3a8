import Foundation
import Shared
import Testing
@testable import EnricherCore

/// Built once: loading the data files is the slow part.
let sharedEnricher: Enricher = try! Enricher()

@Suite struct SeedEnrichmentTests {
    let enriched = sharedEnricher.enrich(SeedArticle.article)

    func entity(_ name: String) -> Entity? { enriched.entities.first { $0.name == name } }

    @Test func entitiesAreFoundAndLinked() throws {
        let votel = try #require(entity("Joseph Votel"))
        #expect(votel.type == .PER)
        // "Gen." stays outside, and the bare "Votel" is the same person.
        #expect(votel.mentions.map(\.text).contains("Votel"))
        #expect(votel.mentions.allSatisfy { !$0.text.hasPrefix("Gen") })
        #expect(entity("ISIS-K")?.type == .ORG)
        #expect(entity("Taliban")?.type == .ORG)
        let isis = try #require(entity("ISIS"))
        #expect(isis.type == .ORG)
        #expect(isis.aliases.contains("Daesh"))
        for place in ["Afghanistan", "Syria", "Iraq"] {
            #expect(entity(place)?.type == .LOC, "\(place)")
        }
        #expect(entity("Raymond Thomas")?.type == .PER)
    }

    @Test func offsetsPointIntoTheText() {
        let scalars = Array(SeedArticle.article.text.unicodeScalars)
        for e in enriched.entities {
            for m in e.mentions {
                var v = String.UnicodeScalarView()
                v.append(contentsOf: scalars[m.start..<m.end])
                #expect(String(v) == m.text)
            }
        }
    }

    @Test func placesHaveCountryCodesAndCoordinates() throws {
        let expected = ["Afghanistan": ("AF", 33.0, 66.0), "Syria": ("SY", 35.0, 38.0), "Iraq": ("IQ", 33.0, 44.0)]
        for (name, (code, lat, lon)) in expected {
            let place = try #require(enriched.places.first { $0.name == name }, "\(name)")
            #expect(place.countryCode == code)
            #expect(place.geonameID != nil)
            #expect(abs((place.latitude ?? 0) - lat) < 4, "\(name) latitude")
            #expect(abs((place.longitude ?? 0) - lon) < 4, "\(name) longitude")
            #expect(place.featureClass == "country")
        }
        // The dateline names the city, not the state, and shows it as the
        // gazetteer spells it rather than in the dateline's capitals.
        let dateline = try #require(enriched.places.first { $0.name == "Washington" })
        #expect(dateline.featureClass == "city")
        #expect(abs((dateline.latitude ?? 0) - 38.9) < 0.5)
        #expect(enriched.entities.first { $0.name == "Washington" }?.aliases.contains("WASHINGTON") == true)
    }

    /// Capitals in datelines are not how a name is written: a mention in
    /// ordinary case, or the gazetteer, gives the name; acronyms stay.
    @Test func shoutedNamesTakeTheirOrdinarySpelling() throws {
        let enriched = sharedEnricher.enrich(ParsedArticle(url: "https://example.org/x", paragraphs: [
            "BUDAPEST (CPS) – Barges on the river were ordered to stop at two ports on Wednesday, officials said.",
            "NATO said its ships were not affected. Shipping through Budapest resumed in the evening.",
        ]))
        let names = Set(enriched.entities.map(\.name))
        #expect(names.contains("Budapest") && !names.contains("BUDAPEST"), "\(names.sorted())")
        #expect(names.contains("NATO"), "\(names.sorted())")
        #expect(enriched.places.contains { $0.name == "Budapest" && $0.countryCode == "HU" })
        #expect(EntityLinker.isShouted("BUDAPEST") && EntityLinker.isShouted("ISIS-K"))
        #expect(!EntityLinker.isShouted("Budapest") && !EntityLinker.isShouted("A"))
    }

    @Test func everyQuoteIsAttributed() throws {
        let quotes = enriched.quotes
        #expect(!quotes.contains { $0.text.contains("Tony") }, "a nickname is not a quote")
        #expect(quotes.count == 8)
        for q in quotes {
            #expect(q.speaker != nil || q.speakerRole != nil, "unattributed: \(q.text)")
        }
        func speaker(of fragment: String) -> Quote? { quotes.first { $0.text.contains(fragment) } }
        #expect(speaker(of: "very sophisticated and dangerous threat")?.speaker == "Joseph Votel")
        #expect(speaker(of: "local South Asia flavor")?.speaker == "Joseph Votel")
        #expect(speaker(of: "made huge progress")?.speaker == "Raymond Thomas")
        #expect(speaker(of: "closest to having the capacity")?.speakerRole == "the official")
        #expect(speaker(of: "mandate to attack")?.speakerRole == "the official")
        #expect(speaker(of: "tasked to do that")?.speakerRole == "the official")
        #expect(speaker(of: "large swathes of land")?.speakerRole == "the official")
        #expect(speaker(of: "fewer than 2,000")?.speakerRole?.contains("Pentagon Inspector General report") == true)
        let text = Array(SeedArticle.article.text.unicodeScalars)
        for q in quotes {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: text[q.start..<q.end])
            #expect(String(v).hasPrefix(q.text))
        }
    }

    @Test func amountWithQualifierAndObject() throws {
        let amount = try #require(enriched.amounts.first { $0.text == "fewer than 2,000 ISIS-K fighters" })
        #expect(amount.value == 2000)
        #expect(amount.qualifier == "<")
        #expect(amount.object == "ISIS-K fighters")
    }

    @Test func datesResolveAgainstPublication() throws {
        let september = try #require(enriched.dates.first { $0.text == "September 2018" })
        #expect(september.resolved == "2018-09")
        #expect(september.granularity == "month")
        // Published Saturday 2019-03-02: "Tuesday" is 2019-02-26.
        #expect(enriched.dates.first { $0.text == "Tuesday" }?.resolved == "2019-02-26")
        #expect(enriched.dates.first { $0.text == "earlier this month" }?.resolved == "2019-03")
    }

    @Test func languageToneSummaryAndHash() {
        #expect(enriched.language == "en")
        #expect((enriched.languageConfidence ?? 0) > 0.5)
        #expect((enriched.tone ?? 0) < 0, "a story about terror threats reads negative")
        #expect(enriched.summary?.hasPrefix("WASHINGTON – ISIS") == true)
        #expect(enriched.simhash?.count == 16)
        #expect(!enriched.keywords.isEmpty)
    }
}
