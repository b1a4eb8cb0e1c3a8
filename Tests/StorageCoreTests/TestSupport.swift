import Foundation
import GRDB
import Shared
import Testing
@testable import StorageCore

/// A fresh database file in its own temporary directory, removed afterwards.
func withTemporaryDatabase<T>(
    _ body: (_ path: String) async throws -> T
) async throws -> T {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("storage-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory.appendingPathComponent("newswire.sqlite").path)
}

/// The backend under test. Tests go through `ArticleRepository` only, so the
/// same suite can run against another backend (PostgreSQL) by switching here.
func openRepository(_ path: String, clusterDistance: Int = 3) throws -> any ArticleRepository {
    try SQLiteArticleRepository(path: path, clusterDistance: clusterDistance)
}

/// The backend's own consistency checks. For SQLite: `integrity_check`, and
/// FTS5's check that the index matches the articles table (rank 1 compares
/// against the content table); both fail on corruption.
func checkIntegrity(_ repository: any ArticleRepository) async throws {
    guard let sqlite = repository as? SQLiteArticleRepository else { return }
    let report = try await sqlite.pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    #expect(report == ["ok"])
    try await sqlite.pool.write { db in
        try db.execute(sql: "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
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

    /// A long wire story; `variant` changes only its credit line, as two
    /// outlets running the same agency copy would.
    static func wireStory(outlet: String, url: String) -> ParsedArticle {
        let body = [
            "Flooding across the river delta has forced thousands of families from their homes, officials said on Monday, as rescue teams worked through the night to reach villages cut off by the rising water.",
            "The regional governor said more than forty villages were under water and that the army had been asked to send boats and helicopters to evacuate people stranded on rooftops.",
            "Aid agencies warned that clean drinking water was running short in the temporary camps set up on higher ground, and that the risk of disease would grow if the water did not recede within days.",
            "Meteorologists expect more heavy rain later in the week, which could push the river above the levels reached during the floods of two decades ago.",
            "Farmers said the harvest in the lowlands had been almost entirely lost, and traders in the regional market reported sharp rises in the price of rice and vegetables.",
        ]
        return parsed(
            url: url, title: "Floods force thousands from homes in river delta",
            paragraphs: body + ["Reporting by the wire service; published by \(outlet)."],
            published: "2026-11-20T08:00:00Z", site: outlet)
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
