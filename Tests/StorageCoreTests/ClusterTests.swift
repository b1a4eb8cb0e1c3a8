import Foundation
import GRDB
import Logging
import PostgresNIO
import Shared
import Testing
@testable import StorageCore

@Suite("Story clusters")
struct ClusterTests {
    /// The second outlet's copy: its own dateline and an editor's note, as the
    /// sample site's syndicated pair has.
    static func editedCopy(url: String) -> ParsedArticle {
        Fixtures.wireStory(
            outlet: "Evening Post", url: url, dateline: "DHAKA, Nov 20 (Evening Post) —",
            editorsNote: "Editor's note: an earlier version of this story gave the wrong number of villages under water.")
    }

    @Test(arguments: Backend.allCases)
    func syndicatedCopiesShareAClusterAndOtherStoriesDoNot(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let repository = try await database.open()
            let a = Fixtures.enriched(Fixtures.wireStory(outlet: "Daily Herald", url: "https://herald.example/floods"))
            let b = Fixtures.enriched(Self.editedCopy(url: "https://post.example/delta-floods"))
            let c = Fixtures.enriched(Fixtures.differentStory(url: "https://biz.example/rates"))
            let d = Fixtures.enriched(Fixtures.sameTopicStory(url: "https://delta.example/more-rain"))
            // The premise: the copies are near but not equal; the story on the
            // same subject in other words is far.
            let fa = try #require(StoryFingerprint(text: a.article.text))
            let similarity = fa.similarity(to: try #require(StoryFingerprint(text: b.article.text)))
            #expect(similarity > 0.6 && similarity < 0.98)
            #expect(fa.similarity(to: try #require(StoryFingerprint(text: d.article.text))) < 0.2)

            let ra = try await repository.store(a)
            let rb = try await repository.store(b)
            let rc = try await repository.store(c)
            let rd = try await repository.store(d)
            #expect(ra.clusterID == rb.clusterID)
            #expect(Set([ra.clusterID, rc.clusterID, rd.clusterID]).count == 3)

            let all = try await repository.search(SearchQuery(text: "floods OR interest"))
            #expect(all.count == 4)
            let stories = try await repository.search(SearchQuery(text: "floods OR interest", onePerStory: true))
            #expect(stories.count == 3)
            let flood = try #require(stories.first { $0.clusterID == ra.clusterID })
            #expect(flood.clusterSize == 2)
            #expect(stories.first { $0.clusterID == rc.clusterID }?.clusterSize == 1)
            // Without text too.
            #expect(try await repository.search(SearchQuery(onePerStory: true)).count == 3)

            let stats = try await repository.stats(top: 3)
            #expect(stats.storyClusters == 3)
            #expect(stats.multiArticleStories == 1)
        }
    }

    /// The limit decides: at 0.99 an edited copy is its own story, an
    /// identical one still joins.
    @Test(arguments: Backend.allCases)
    func theSimilarityLimitDecides(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let repository = try await database.open(clusterSimilarity: 0.99)
            let a = try await repository.store(Fixtures.wireStory(outlet: "A", url: "https://a.example/1"))
            let edited = try await repository.store(Self.editedCopy(url: "https://b.example/1"))
            let identical = try await repository.store(Fixtures.wireStory(outlet: "A", url: "https://c.example/1"))
            #expect(edited.clusterID != a.clusterID)
            #expect(identical.clusterID == a.clusterID)
        }
    }

    /// A copy near two stored stories joins the more similar one.
    @Test(arguments: Backend.allCases)
    func aCopyJoinsTheNearestStory(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let repository = try await database.open(clusterSimilarity: 0.3)
            let flood = Fixtures.wireStory(outlet: "A", url: "https://a.example/flood")
            let rates = Fixtures.differentStory(url: "https://a.example/rates")
            let rf = try await repository.store(flood)
            let rr = try await repository.store(rates)
            #expect(rf.clusterID != rr.clusterID)
            // Most of the flood story plus all of the rates story.
            let mixed = Fixtures.parsed(
                url: "https://b.example/roundup", paragraphs: Array(flood.paragraphs.prefix(5)) + rates.paragraphs)
            #expect(try await repository.store(mixed).clusterID == rf.clusterID)
        }
    }

    @Test(arguments: Backend.allCases)
    func anArticleWhoseTextChangesLeavesItsCluster(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let repository = try await database.open()
            let a = try await repository.store(Fixtures.enriched(Fixtures.wireStory(outlet: "A", url: "https://a.example/1")))
            let b = try await repository.store(Fixtures.enriched(Fixtures.wireStory(outlet: "B", url: "https://b.example/1")))
            #expect(a.clusterID == b.clusterID)
            // b's page is replaced by another story.
            let rewritten = try await repository.store(
                Fixtures.enriched(Fixtures.differentStory(url: "https://b.example/1")))
            #expect(rewritten.change == .updated)
            #expect(rewritten.clusterID != a.clusterID)
            #expect(try await repository.article(id: a.articleID!)?.clusterSize == 1)
            #expect(try await repository.stats(top: 1).storyClusters == 2)
            // A third copy of the flood story finds a, not b's old buckets.
            let c = try await repository.store(Fixtures.wireStory(outlet: "C", url: "https://c.example/1"))
            #expect(c.clusterID == a.clusterID)
        }
    }

    /// A database made before the MinHash fingerprints (schema v1, SimHash
    /// bands): opening it migrates, the stored article gets its signature,
    /// and a later copy joins its cluster.
    @Test(arguments: Backend.allCases)
    func articlesStoredBeforeTheMigrationAreFound(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let old = Fixtures.wireStory(outlet: "A", url: "https://a.example/old")
            try await Self.makeVersion1Database(database, with: old)
            let repository = try await database.open()
            let stored = try #require(try await repository.article(id: 1))
            #expect(stored.article.article.text == old.text)
            let copy = try await repository.store(Self.editedCopy(url: "https://b.example/new"))
            #expect(copy.change == .inserted)
            #expect(copy.clusterID == stored.clusterID)
        }
    }

    /// The v1 schema with one article written by hand, as the v1 code wrote it.
    static func makeVersion1Database(_ database: TestDatabase, with article: ParsedArticle) async throws {
        func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }
        let paragraphs = try StorageJSON.string(article.paragraphs)
        let insert = [
            "INSERT INTO story_clusters (id, created_at) VALUES (1, '2026-01-01T00:00:00.000Z')",
            """
            INSERT INTO articles (id, canonical_url, url, has_canonical, breadcrumbs, authors, tags, paragraphs, text,
                related, provenance, enriched, keywords, content_hash, simhash, simhash_band0, cluster_id,
                first_seen, last_updated, version_count)
            VALUES (1, \(quoted(article.storageKey)), \(quoted(article.url)), FALSE, '[]', '[]', '[]',
                \(quoted(paragraphs)), \(quoted(article.text)), '[]', '{}', FALSE, '[]', 'v1', '0123456789abcdef',
                291, 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 1)
            """,
        ]
        switch database.backend {
        case .sqlite:
            let queue = try DatabaseQueue(path: database.location)
            try StorageSchema.migrator.migrate(queue, upTo: "v1 articles, children, outcomes, clusters, fts")
            try await queue.write { db in for statement in insert { try db.execute(sql: statement) } }
            try queue.close()
        case .postgres:
            let logger = Logger(label: "storage-tests")
            let connection = try await PostgresConnection.connect(
                configuration: try PostgresLocation(database.location).connectionConfiguration(), id: 0,
                logger: logger)
            let v1 = try #require(PostgresSchema.migrations.first)
            var statements = [PostgresSchema.migrationsTable] + v1.statements + insert
            statements.append(
                "INSERT INTO schema_migrations (identifier, applied_at) VALUES ('\(v1.identifier)', 'then')")
            // Identity columns given explicit ids: move the sequences on.
            statements.append("SELECT setval(pg_get_serial_sequence('articles', 'id'), 1)")
            statements.append("SELECT setval(pg_get_serial_sequence('story_clusters', 'id'), 1)")
            do {
                for statement in statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.close()
            } catch {
                try? await connection.close()
                throw error
            }
        }
    }
}

@Suite("Story clusters, odd input")
struct ClusterOddInputTests {
    /// Text too short to compare gets no fingerprint and a story of its own,
    /// even next to an identical short text.
    @Test(arguments: Backend.allCases)
    func shortTextsGetTheirOwnStory(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let repository = try await database.open()
            let short = ["Markets closed higher on Friday."]
            let a = try await repository.store(Fixtures.parsed(url: "https://a.example/brief", paragraphs: short))
            let b = try await repository.store(Fixtures.parsed(url: "https://b.example/brief", paragraphs: short))
            #expect(a.clusterID != b.clusterID)
        }
    }

    /// The enricher's SimHash no longer decides anything: a malformed or
    /// missing one is dropped and the copies still cluster by their text.
    @Test(arguments: Backend.allCases)
    func malformedOrMissingSimHashesAreDropped(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let repository = try await database.open()
            var malformed = Fixtures.enriched(Fixtures.wireStory(outlet: "A", url: "https://a.example/1"))
            malformed.simhash = "not-hex"
            var missing = Fixtures.enriched(Fixtures.wireStory(outlet: "B", url: "https://b.example/1"))
            missing.simhash = nil
            let a = try await repository.store(malformed)
            let b = try await repository.store(missing)
            #expect(a.clusterID == b.clusterID)
            #expect(try await repository.article(id: a.articleID!)?.article.simhash == nil)
        }
    }
}

@Suite("Story fingerprints")
struct StoryFingerprintTests {
    /// Words of a fixed vocabulary drawn by a seeded generator, so the texts
    /// and their exact Jaccard similarity are known.
    static func words(_ count: Int, seed: UInt64) -> [String] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return "w\((state >> 33) % 5000)"
        }
    }

    static func shingles(_ words: [String]) -> Set<String> {
        Set((0..<(words.count - 2)).map { words[$0...($0 + 2)].joined(separator: " ") })
    }

    @Test func estimatesTheJaccardSimilarityOfWordTriples() throws {
        let base = Self.words(400, seed: 7)
        for keep in [400, 300, 200, 100, 0] {
            let other = Array(base.prefix(keep)) + Self.words(400 - keep, seed: 99)
            let exact = Double(Self.shingles(base).intersection(Self.shingles(other)).count)
                / Double(Self.shingles(base).union(Self.shingles(other)).count)
            let a = try #require(StoryFingerprint(text: base.joined(separator: " ")))
            let b = try #require(StoryFingerprint(text: other.joined(separator: " ")))
            #expect(abs(a.similarity(to: b) - exact) < 0.15, "keep \(keep): exact \(exact), estimate \(a.similarity(to: b))")
        }
    }

    @Test func caseAndPunctuationDoNotCount() throws {
        let a = try #require(StoryFingerprint(text: "The Governor said on Monday that forty villages were flooded, and more rain was due."))
        let b = try #require(StoryFingerprint(text: "the governor said — on monday — that FORTY villages were flooded and more rain was due"))
        #expect(a.similarity(to: b) == 1)
        let c = try #require(StoryFingerprint(text: "Le gouverneur a déclaré lundi que quarante villages étaient inondés et que la pluie continuait."))
        let d = try #require(StoryFingerprint(text: "LE GOUVERNEUR A DÉCLARÉ LUNDI QUE QUARANTE VILLAGES ÉTAIENT INONDÉS ET QUE LA PLUIE CONTINUAIT"))
        #expect(c.similarity(to: d) == 1)
    }

    /// Japanese has no spaces: each character is a word, so a sentence is
    /// long enough and a one-character edit changes little.
    @Test func unspacedScriptsCountCharacters() throws {
        let a = try #require(StoryFingerprint(text: "東京都は火曜日、地下鉄の新しい路線を二〇三〇年までに開業すると発表した。"))
        let b = try #require(StoryFingerprint(text: "東京都は水曜日、地下鉄の新しい路線を二〇三〇年までに開業すると発表した。"))
        #expect(a.similarity(to: b) > 0.6 && a.similarity(to: b) < 1)
    }

    @Test func shortTextHasNoFingerprint() {
        #expect(StoryFingerprint(text: "") == nil)
        #expect(StoryFingerprint(text: "Markets closed higher on Friday.") == nil)
        #expect(StoryFingerprint(text: "One two three four five six seven eight nine ten eleven twelve") != nil)
    }

    @Test func storedFormRoundTripsAndBucketsFollowTheMinima() throws {
        let a = try #require(StoryFingerprint(text: Self.words(200, seed: 1).joined(separator: " ")))
        #expect(a.bytes.count == StoryFingerprint.hashCount * 4)
        #expect(StoryFingerprint(bytes: a.bytes) == a)
        #expect(StoryFingerprint(bytes: Array(a.bytes.dropLast())) == nil)
        #expect(StoryFingerprint(bytes: []) == nil)
        #expect(Set(a.buckets).count == StoryFingerprint.bandCount)
        // One changed minimum moves exactly one bucket.
        var minima = a.minima
        minima[5] &+= 1
        let b = try #require(StoryFingerprint(minima: minima))
        #expect(zip(a.buckets, b.buckets).filter { $0 != $1 }.count == 1)
    }
}
