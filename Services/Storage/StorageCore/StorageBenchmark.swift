import Foundation
import Shared

/// Measures the storage stage on synthetic articles in a scratch database:
/// first writes, redeliveries (the idempotent no-op path) and searches. What
/// `newswire-storage bench` and `make bench` report.
public enum StorageBenchmark {
    public struct Figures: Sendable, Codable {
        public var articles: Int
        public var insertsPerSecond: Double
        public var redeliveriesPerSecond: Double
        /// Searches every article matches (ranking all of them): the worst case.
        public var broadSearchesPerSecond: Double
        /// Searches for one story's title phrase.
        public var selectiveSearchesPerSecond: Double
        public var databaseBytes: Int64
    }

    /// - Parameter directory: where the scratch database goes; removed after.
    public static func run(
        articles count: Int, durability: SQLiteArticleRepository.Durability = .full, in directory: URL
    ) async throws -> Figures {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("bench.sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let repository = try SQLiteArticleRepository(path: path, durability: durability)
        var figures = try await run(articles: count, on: repository)
        figures.databaseBytes = ["", "-wal"].reduce(Int64(0)) { total, suffix in
            let size = (try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size] as? NSNumber)?.int64Value
            return total + (size ?? 0)
        }
        return figures
    }

    /// The same measurements on a PostgreSQL database, which must hold no
    /// articles yet (the figures would not compare otherwise); the
    /// benchmark's articles stay in it afterwards.
    public static func run(articles count: Int, postgresURL: String) async throws -> Figures {
        let repository = try await PostgresArticleRepository.open(url: postgresURL)
        do {
            guard try await repository.stats(top: 0).articles == 0 else {
                throw StorageError.invalidInput("the benchmark needs an empty database: \(ArticleRepositories.redacted(postgresURL))")
            }
            var figures = try await run(articles: count, on: repository)
            figures.databaseBytes = try await repository.databaseSize()
            await repository.close()
            return figures
        } catch {
            await repository.close()
            throw error
        }
    }

    static func run(articles count: Int, on repository: any ArticleRepository) async throws -> Figures {
        let stage = StoreStage(repository: repository)
        let messages = try (0..<count).map { i in
            try Message(envelope: Envelope.new(kind: .enrichedArticle, producer: "bench"), payload: article(i))
        }
        let clock = ContinuousClock()
        var start = clock.now
        for message in messages { _ = try await stage.process(message) }
        let insertSeconds = seconds(clock.now - start)
        start = clock.now
        for message in messages { _ = try await stage.process(message) }
        let redeliverSeconds = seconds(clock.now - start)
        let words = ["council", "river", "budget", "election", "minister", "flood", "market", "court"]
        let searches = 200
        start = clock.now
        for i in 0..<searches {
            _ = try await repository.search(SearchQuery(text: "\(words[i % words.count]) \(words[(i / 8) % words.count])", limit: 20))
        }
        let searchSeconds = seconds(clock.now - start)
        start = clock.now
        for i in 0..<searches {
            _ = try await repository.search(SearchQuery(text: "\"story \((i * 7919) % count)\"", limit: 20))
        }
        let selectiveSeconds = seconds(clock.now - start)
        return Figures(
            articles: count, insertsPerSecond: Double(count) / insertSeconds,
            redeliveriesPerSecond: Double(count) / redeliverSeconds,
            broadSearchesPerSecond: Double(searches) / searchSeconds,
            selectiveSearchesPerSecond: Double(searches) / selectiveSeconds,
            databaseBytes: 0)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// A ~600-word article with a dozen entities, places and quotes, varied by
    /// `i` so texts, fingerprints and clusters differ.
    static func article(_ i: Int) -> EnrichedArticle {
        let vocabulary = [
            "council", "river", "budget", "election", "minister", "flood", "market", "court", "police", "school",
            "hospital", "union", "strike", "report", "village", "harbour", "railway", "festival", "drought", "vote",
        ]
        var state = UInt64(i + 1) &* 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state ^= state >> 12; state ^= state << 25; state ^= state >> 27
            return Int((state &* 0x2545_F491_4F6C_DD1D) >> 33)
        }
        let paragraphs = (0..<12).map { _ in
            (0..<50).map { _ in vocabulary[next() % vocabulary.count] }.joined(separator: " ") + "."
        }
        let text = paragraphs.joined(separator: "\n")
        let parsed = ParsedArticle(
            url: "https://bench.example/\(i)", title: "Bench story \(i) about \(vocabulary[i % vocabulary.count])",
            siteName: "Bench", authors: ["Reporter \(i % 7)"], publishedAt: "2026-11-\(10 + i % 15)T08:00:00Z",
            paragraphs: paragraphs, fetchedAt: Date().roundedToMilliseconds)
        let entities = (0..<12).map { k in
            Entity(name: "Person \(k + i % 40)", type: .PER, mentions: [TextSpan(start: k, end: k + 5, text: "x")])
        }
        let places = (0..<4).map { k in
            Place(name: "Town \(k + i % 30)", geonameID: 1000 + k + i % 30, countryCode: "GB", latitude: 51, longitude: 0)
        }
        let quotes = (0..<3).map { k in Quote(text: "quote \(k)", start: k * 10, end: k * 10 + 7, speaker: "Person \(k)") }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return EnrichedArticle(
            article: parsed, language: "en", entities: entities, places: places, quotes: quotes,
            keywords: ["bench"], simhash: SimHashFingerprint(hash).hex)
    }
}
