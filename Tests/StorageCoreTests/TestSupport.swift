import Foundation
import GRDB
import PostgresNIO
import Shared
import Testing
@testable import StorageCore

/// A fresh SQLite file path in its own temporary directory, removed
/// afterwards, for the tests of SQLite itself (WAL, pragmas, GRDB's pool).
func withTemporarySQLitePath<T>(
    _ body: (_ path: String) async throws -> T
) async throws -> T {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("storage-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory.appendingPathComponent("newswire.sqlite").path)
}

/// A fresh, empty database of `backend` for one test: a SQLite file in its
/// own directory, or a PostgreSQL database made for the test on the test
/// server (see `PostgresTestServer`) and dropped afterwards. Repositories the
/// test opened are closed before the database goes.
func withTemporaryDatabase<T>(
    _ backend: Backend, _ body: (_ database: TestDatabase) async throws -> T
) async throws -> T {
    switch backend {
    case .sqlite:
        return try await withTemporarySQLitePath { path in
            let database = TestDatabase(backend: .sqlite, location: path)
            return try await database.run(body)
        }
    case .postgres:
        let server = try await PostgresTestServer.shared.url()
        let name = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await PostgresTestServer.administer("CREATE DATABASE \(name)", on: server)
        let database = TestDatabase(backend: .postgres, location: PostgresTestServer.url(server, database: name))
        do {
            let result = try await database.run(body)
            try await PostgresTestServer.administer("DROP DATABASE \(name) WITH (FORCE)", on: server)
            return result
        } catch {
            try? await PostgresTestServer.administer("DROP DATABASE \(name) WITH (FORCE)", on: server)
            throw error
        }
    }
}

/// The backends every repository test runs against.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres
    var testDescription: String { rawValue }
}

/// One test's database, and the repositories opened on it. Tests go
/// through `ArticleRepository` only, so one suite covers both backends.
final class TestDatabase: @unchecked Sendable {
    let backend: Backend
    /// The SQLite file path or the `postgres://` URL.
    let location: String
    private let lock = NSLock()
    private var opened: [any ArticleRepository] = []

    init(backend: Backend, location: String) {
        self.backend = backend
        self.location = location
    }

    /// A repository on this database, as a storage process would open it
    /// (each has its own connections, and migrates on open).
    func open(clusterSimilarity: Double = StoryClusters.defaultSimilarity) async throws -> any ArticleRepository {
        let repository: any ArticleRepository
        switch backend {
        case .sqlite:
            repository = try SQLiteArticleRepository(path: location, clusterSimilarity: clusterSimilarity)
        case .postgres:
            repository = try await PostgresArticleRepository.open(
                url: location, clusterSimilarity: clusterSimilarity, maximumConnections: 4)
        }
        lock.withLock { opened.append(repository) }
        return repository
    }

    fileprivate func run<T>(_ body: (TestDatabase) async throws -> T) async throws -> T {
        do {
            let result = try await body(self)
            await closeAll()
            return result
        } catch {
            await closeAll()
            throw error
        }
    }

    private func closeAll() async {
        let repositories = lock.withLock { () -> [any ArticleRepository] in
            defer { opened = [] }
            return opened
        }
        for repository in repositories {
            await repository.close()
        }
    }
}

/// The backend's own consistency checks, and one of ours for both: no story
/// cluster is left without articles. For SQLite also `integrity_check`, and
/// FTS5's check that the index matches the articles table (rank 1 compares
/// against the content table); both fail on corruption. For PostgreSQL, that
/// every article's stored tsvector is what its title and text give now.
func checkIntegrity(_ repository: any ArticleRepository) async throws {
    if let sqlite = repository as? SQLiteArticleRepository {
        let report = try await sqlite.pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        #expect(report == ["ok"])
        try await sqlite.pool.write { db in
            try db.execute(sql: "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
        }
        let empty = try await sqlite.pool.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM story_clusters s WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.cluster_id = s.id)
                """)
        }
        #expect(empty == 0)
    } else if let postgres = repository as? PostgresArticleRepository {
        let rows = try await postgres.client.query("""
            SELECT
                (SELECT COUNT(*) FROM story_clusters s
                    WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.cluster_id = s.id)),
                (SELECT COUNT(*) FROM articles WHERE search_vector IS DISTINCT FROM
                    setweight(to_tsvector('simple', COALESCE(title, '')), 'A')
                    || setweight(to_tsvector('simple', text), 'D'))
            """)
        for try await (emptyClusters, staleVectors) in rows.decode((Int, Int).self) {
            #expect(emptyClusters == 0)
            #expect(staleVectors == 0)
        }
    } else {
        Issue.record("unknown backend \(type(of: repository))")
    }
}

/// The tests' own 64-bit SimHash (the enricher's is written elsewhere): each
/// lowercased word and each pair of adjacent words is hashed with FNV-1a and a
/// final mix, and bit i of the result is set when more features have bit i set
/// than clear.
func testSimHash(_ text: String) -> String {
    let words = text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    var features = words
    if words.count > 1 {
        for i in 0..<(words.count - 1) { features.append(words[i] + " " + words[i + 1]) }
    }
    var votes = [Int](repeating: 0, count: 64)
    for feature in features {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in feature.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        h ^= h >> 33; h = h &* 0xff51_afd7_ed55_8ccd; h ^= h >> 33
        for bit in 0..<64 { votes[bit] += (h >> UInt64(bit)) & 1 == 1 ? 1 : -1 }
    }
    var value: UInt64 = 0
    for bit in 0..<64 where votes[bit] > 0 { value |= 1 << UInt64(bit) }
    return SimHashFingerprint(value).hex
}

enum Fixtures {
    static let fetchedAt = Date(timeIntervalSince1970: 1_764_000_000.25).roundedToMilliseconds

    static let votelParagraphs = [
        "KABUL (Sahar News) — The top US commander for the Middle East warned on Tuesday that ISIS-K remains a very serious threat.",
        "Gen. Joseph Votel told lawmakers that fewer than 2,000 ISIS-K fighters are active in Afghanistan.",
        "\u{201C}They represent a very sophisticated and dangerous threat that we have to stay focused on,\u{201D} Votel said.",
    ]

    static func parsed(
        url: String = "https://news.example/2019/02/votel-warns", canonical: String? = nil,
        title: String = "US general warns ISIS-K remains a threat", paragraphs: [String] = votelParagraphs,
        published: String? = "2019-02-26T10:00:00+04:30", outcome: ParsedArticle.Outcome = .article,
        fetchedAt: Date? = Fixtures.fetchedAt, site: String = "Sahar News"
    ) -> ParsedArticle {
        ParsedArticle(
            url: url, canonicalURL: canonical, outcome: outcome, title: title, siteName: site, section: "World",
            breadcrumbs: ["Home", "World", "Asia"], authors: ["Staff Reporter"], publishedAt: published,
            modifiedAt: nil, language: "en", dateline: "KABUL", sourceCredit: "Sahar News",
            tags: ["Afghanistan", "ISIS-K"], description: "The US general warns about ISIS-K.",
            imageURL: "https://news.example/votel.jpg", paragraphs: paragraphs,
            related: [RelatedLink(title: "Check also", url: "https://news.example/other")], fetchedAt: fetchedAt,
            source: "sample-feed", provenance: ["title": "json-ld", "published": "meta"])
    }

    static func enriched(_ article: ParsedArticle = parsed(), entities: [Entity]? = nil) -> EnrichedArticle {
        let text = article.text
        func span(_ needle: String) -> TextSpan {
            let scalars = Array(text.unicodeScalars)
            let needleScalars = Array(needle.unicodeScalars)
            var start = 0
            if needleScalars.count <= scalars.count {
                for i in 0...(scalars.count - needleScalars.count)
                where Array(scalars[i..<(i + needleScalars.count)]) == needleScalars {
                    start = i
                    break
                }
            }
            return TextSpan(start: start, end: start + needleScalars.count, text: needle)
        }
        return EnrichedArticle(
            article: article, language: "en", languageConfidence: 0.98,
            entities: entities ?? [
                Entity(name: "Joseph Votel", type: .PER, mentions: [span("Joseph Votel"), span("Votel")]),
                Entity(name: "ISIS-K", type: .ORG, mentions: [span("ISIS-K")], aliases: ["Islamic State Khorasan"]),
                Entity(name: "Afghanistan", type: .LOC, mentions: [span("Afghanistan")]),
            ],
            places: [
                Place(
                    name: "Afghanistan", geonameID: 1_149_361, countryCode: "AF", latitude: 33.0, longitude: 66.0,
                    featureClass: "country", mentions: 1),
                Place(name: "Kabul", geonameID: 1_138_958, countryCode: "AF", latitude: 34.52813, longitude: 69.17233,
                      featureClass: "city", mentions: 1),
            ],
            quotes: [
                Quote(
                    text: "They represent a very sophisticated and dangerous threat that we have to stay focused on",
                    start: 10, end: 98, speaker: "Joseph Votel"),
            ],
            amounts: [
                Amount(text: "fewer than 2,000 ISIS-K fighters", start: 5, end: 37, value: 2000, qualifier: "<",
                       unit: nil, object: "ISIS-K fighters"),
            ],
            dates: [DateMention(text: "Tuesday", start: 3, end: 10, resolved: "2019-02-26", granularity: "day")],
            keywords: ["ISIS-K", "threat"], tone: -0.42, summary: article.paragraphs.first,
            simhash: testSimHash(text))
    }

    /// A long wire story as one outlet runs it: `outlet` changes the credit
    /// line; `dateline` and `editorsNote` are the edits a second outlet makes.
    static func wireStory(
        outlet: String, url: String, dateline: String = "DHAKA (Wire) -", editorsNote: String? = nil
    ) -> ParsedArticle {
        let body = [
            "\(dateline) Flooding across the river delta has forced thousands of families from their homes, officials said on Monday, as rescue teams worked through the night to reach villages cut off by the rising water.",
            "The regional governor said more than forty villages were under water and that the army had been asked to send boats and helicopters to evacuate people stranded on rooftops.",
            "Aid agencies warned that clean drinking water was running short in the temporary camps set up on higher ground, and that the risk of disease would grow if the water did not recede within days.",
            "Meteorologists expect more heavy rain later in the week, which could push the river above the levels reached during the floods of two decades ago.",
            "Farmers said the harvest in the lowlands had been almost entirely lost, and traders in the regional market reported sharp rises in the price of rice and vegetables.",
        ]
        return parsed(
            url: url, title: "Floods force thousands from homes in river delta",
            paragraphs: body + ["Reporting by the wire service; published by \(outlet)."] + (editorsNote.map { [$0] } ?? []),
            published: "2026-11-20T08:00:00Z", site: outlet)
    }

    /// Another story on the same subject, in other words: shares names and
    /// vocabulary with `wireStory` but not its sentences.
    static func sameTopicStory(url: String) -> ParsedArticle {
        parsed(
            url: url, title: "Delta villages brace for more rain as river keeps rising",
            paragraphs: [
                "Villagers in the river delta piled sandbags along the embankments on Tuesday as forecasters warned of more heavy rain, a day after floods forced thousands of families from their homes.",
                "The army sent boats to the worst-hit districts, and the regional governor asked aid agencies for tents, drinking water and medicine for the camps on higher ground.",
                "Rice traders said prices had already risen in the regional market and could climb further if the harvest in the lowlands is lost.",
            ],
            published: "2026-11-21T08:00:00Z", site: "Delta Times")
    }

    static func differentStory(url: String) -> ParsedArticle {
        parsed(
            url: url, title: "Central bank holds interest rates steady",
            paragraphs: [
                "The central bank left its benchmark interest rate unchanged on Thursday, saying inflation was easing but remained above its target.",
                "Economists had widely expected the decision, though several said they now saw a cut as likely early next year as growth slows.",
                "The currency weakened slightly after the announcement while government bond yields fell to their lowest level in three months.",
            ],
            published: "2026-11-21T12:00:00Z", site: "Business Daily")
    }
}
