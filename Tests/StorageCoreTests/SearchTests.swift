import Foundation
import Shared
import Testing
@testable import StorageCore

@Suite("Search")
struct SearchTests {
    /// Strings that are FTS5 syntax errors when passed through raw.
    static let hostile = [
        "\"", "\"\"", "\"unbalanced", "ISIS-K\"", "*", "**", "votel*", "*votel", "NEAR", "NEAR(votel threat)",
        "NEAR(votel threat, 2", "(", ")", "((votel)", "votel)", "AND", "OR", "NOT", "votel AND", "OR votel OR",
        "NOT votel", "votel NOT", "title:votel", "nonexistentcolumn:votel", "^votel", "-votel", "+votel",
        "'; DROP TABLE articles; --", "{title text}: votel", "votel:", ":", "\\", "\u{0}", "\u{1F600}",
        "ISIS-K", "Votel's", "\"Votel\"*", "\"a\" \"b", String(repeating: "(", count: 500), "",
        "   ", "votel OR OR threat", "ça déjà vu", "v\u{00F6}tel",
    ]

    @Test(arguments: Backend.allCases, hostile)
    func hostileQueriesNeverFail(backend: Backend, query: String) async throws {
        try await withTemporaryDatabase(backend) { database in
            let repository = try await database.open()
            _ = try await repository.store(Fixtures.enriched())
            let results = try await repository.search(SearchQuery(text: query))
            #expect(results.count <= 1)
            _ = try await repository.search(SearchQuery(text: query, entity: query, onePerStory: true))
        }
    }

    @Test(arguments: Backend.allCases)
    func queriesThatMeanSomethingStillWork(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let repository = try await database.open()
            let votel = try await repository.store(Fixtures.enriched())
            let other = try await repository.store(Fixtures.differentStory(url: "https://biz.example/rates"))
            func ids(_ text: String) async throws -> Set<Int64> {
                Set(try await repository.search(SearchQuery(text: text)).map(\.id))
            }
            #expect(try await ids("votel") == [votel.articleID!])
            #expect(try await ids("VOTEL threat") == [votel.articleID!])
            #expect(try await ids("Vot*") == [votel.articleID!])
            #expect(try await ids("\"dangerous threat\"") == [votel.articleID!])
            #expect(try await ids("\"threat dangerous\"").isEmpty)
            #expect(try await ids("votel OR inflation") == [votel.articleID!, other.articleID!])
            #expect(try await ids("votel inflation").isEmpty)
            // Operators typed as words are words, not syntax.
            #expect(try await ids("(votel threat)") == [votel.articleID!])
            #expect(try await ids("NEAR(votel threat)").isEmpty)  // "near" is not in the text
            #expect(try await ids("ISIS-K fighters") == [votel.articleID!])
            #expect(try await ids("\"unbalanced votel").isEmpty)
            // Punctuation alone finds nothing rather than everything.
            #expect(try await ids("*** ( )").isEmpty)

            let result = try #require(try await repository.search(SearchQuery(text: "sophisticated")).first)
            #expect(result.snippet.contains("[sophisticated]"))
            #expect(result.title == "US general warns ISIS-K remains a threat")
            #expect(result.siteName == "Sahar News")
            #expect(result.publishedAt == "2019-02-26T10:00:00+04:30")
        }
    }

    @Test func fullTextQueryQuotesEverything() {
        #expect(FullTextQuery("votel threat").expression == "\"votel\" \"threat\"")
        #expect(FullTextQuery("say \"he said \"\"no\"").expression == "\"say\" \"he said \" \"no\"")
        #expect(FullTextQuery("NEAR(a b)").expression == "\"NEAR\" \"a\" \"b\"")
        #expect(FullTextQuery("x \"(a b)\"").expression == "\"x\" \"(a b)\"")
        #expect(FullTextQuery("vot* OR \"x y\"*").expression == "\"vot\"* OR \"x y\"*")
        #expect(FullTextQuery("OR a OR OR b OR").expression == "\"a\" OR \"b\"")
        #expect(FullTextQuery("* ( ) \" \"").expression == nil)
        #expect(FullTextQuery("a\"b").expression == "\"a\" \"b\"")
    }

    @Test(arguments: Backend.allCases)
    func entityAndSinceFilters(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let repository = try await database.open()
            // Published 2019-02-26T10:00+04:30 = 05:30Z.
            let votel = try await repository.store(Fixtures.enriched())
            let rates = try await repository.store(
                Fixtures.enriched(Fixtures.differentStory(url: "https://biz.example/rates"), entities: [
                    Entity(name: "Central Bank", type: .ORG, mentions: [TextSpan(start: 4, end: 16, text: "central bank")]),
                ]))
            var undated = Fixtures.differentStory(url: "https://biz.example/undated")
            undated.publishedAt = nil
            undated.fetchedAt = WireJSON.parseDate("2025-01-01T00:00:00Z")
            undated.title = "Undated"
            let undatedResult = try await repository.store(undated)

            func ids(_ query: SearchQuery) async throws -> [Int64] {
                try await repository.search(query).map(\.id)
            }
            #expect(try await ids(SearchQuery(entity: "joseph votel")) == [votel.articleID!])
            #expect(try await ids(SearchQuery(entity: "Islamic State Khorasan")) == [votel.articleID!])  // alias
            #expect(try await ids(SearchQuery(entity: "Votel")).isEmpty)  // a mention, not a name
            #expect(try await ids(SearchQuery(text: "threat", entity: "Central Bank")).isEmpty)
            #expect(try await ids(SearchQuery(text: "inflation", entity: "central bank")) == [rates.articleID!])

            // Offsets are honoured: 05:30Z is after 05:00Z but before 06:00Z.
            let after5 = try await ids(SearchQuery(since: WireJSON.parseDate("2019-02-26T05:00:00Z")))
            #expect(after5.contains(votel.articleID!))
            let after6 = try await ids(SearchQuery(since: WireJSON.parseDate("2019-02-26T06:00:00Z")))
            #expect(!after6.contains(votel.articleID!))
            #expect(Set(after6) == [rates.articleID!, undatedResult.articleID!])
            // Without a published time, the fetch time counts.
            let recent = try await ids(SearchQuery(since: WireJSON.parseDate("2026-01-01T00:00:00Z")))
            #expect(recent == [rates.articleID!])
            // No text: newest first.
            #expect(try await ids(SearchQuery()) == [rates.articleID!, undatedResult.articleID!, votel.articleID!])
            #expect(try await ids(SearchQuery(limit: 1)) == [rates.articleID!])
        }
    }

    @Test func sinceDateParsing() {
        let now = WireJSON.parseDate("2026-11-25T12:00:00Z")!
        #expect(SinceDate.parse("2026-11-01", now: now) == WireJSON.parseDate("2026-11-01T00:00:00Z"))
        #expect(SinceDate.parse("2026-11-01T08:00:00+02:00", now: now) == WireJSON.parseDate("2026-11-01T06:00:00Z"))
        #expect(SinceDate.parse("36h", now: now) == WireJSON.parseDate("2026-11-24T00:00:00Z"))
        #expect(SinceDate.parse("2w", now: now) == WireJSON.parseDate("2026-11-11T12:00:00Z"))
        #expect(SinceDate.parse("yesterday", now: now) == nil)
        #expect(StorageDates.parse("2019-02-26T10:00+04:30") == WireJSON.parseDate("2019-02-26T05:30:00Z"))
        #expect(StorageDates.parse("2019-02-26T10:00:00.5-0500") == WireJSON.parseDate("2019-02-26T15:00:00.500Z"))
        #expect(StorageDates.parse("1969-12-31T23:59:59Z") == Date(timeIntervalSince1970: -1))
        #expect(StorageDates.parse("2024-02-29") == WireJSON.parseDate("2024-02-29T00:00:00Z"))
        #expect(StorageDates.parse("2019-02-26T10:00:00+04:30junk") == nil)
        #expect(StorageDates.parse("26 Feb 2019") == nil)
        #expect(SinceDate.parse("-3d", now: now) == nil)
    }
}
