import Foundation
import GRDB
import Logging
import Shared
import Testing
@testable import StorageCore

/// Collects exported lines; the export calls it from a database thread.
final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func append(_ line: Data) { lock.withLock { data.append(line) } }
    var lines: [Data] { lock.withLock { data.split(separator: 0x0A).map { Data($0) } } }
}

@Suite("Export and migrations")
struct ExportAndMigrationTests {
    @Test(arguments: Backend.allCases)
    func exportRoundTrips(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let repository = try await database.open()
            let enriched = [
                Fixtures.enriched(),
                Fixtures.enriched(Fixtures.wireStory(outlet: "A", url: "https://a.example/floods")),
                Fixtures.enriched(Fixtures.wireStory(outlet: "B", url: "https://b.example/floods")),
            ]
            let plain = Fixtures.differentStory(url: "https://biz.example/rates")
            for article in enriched { _ = try await repository.store(article) }
            _ = try await repository.store(plain)
            _ = try await repository.store(Fixtures.parsed(url: "https://x.example/tag", outcome: .notAnArticle))

            let collector = LineCollector()
            let count = try await repository.exportJSONLines { collector.append($0) }
            let lines = collector.lines
            #expect(count == 4)
            #expect(lines.count == 4)
            let decoded = try lines.map { try WireJSON.decoder.decode(StoredArticle.self, from: $0) }
            #expect(decoded.map(\.article) == enriched + [EnrichedArticle(article: plain)])
            #expect(decoded.map(\.isEnriched) == [true, true, true, false])
            #expect(decoded[1].clusterID == decoded[2].clusterID)
            #expect(decoded[1].clusterSize == 2)
            // Each line is what `show` returns for that id.
            for stored in decoded {
                #expect(try await repository.article(id: stored.id) == stored)
            }
        }
    }

    @Test(arguments: Backend.allCases)
    func exportWritesThroughTheBufferedWriter(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let repository = try await database.open()
            for i in 0..<50 {
                _ = try await repository.store(Fixtures.parsed(url: "https://n.example/\(i)", title: "Story \(i)"))
            }
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).jsonl")
            defer { try? FileManager.default.removeItem(at: file) }
            #expect(FileManager.default.createFile(atPath: file.path, contents: nil))
            let handle = try FileHandle(forWritingTo: file)
            let writer = JSONLinesWriter(handle: handle, flushThreshold: 4096)
            let count = try await repository.exportJSONLines { try writer.write($0) }
            try writer.flush()
            try handle.close()
            let records = try Data(contentsOf: file).split(separator: 0x0A).map {
                try WireJSON.decoder.decode(StoredArticle.self, from: Data($0))
            }
            #expect(count == 50)
            #expect(records.map(\.article.article.title) == (0..<50).map { "Story \($0)" })
        }
    }

    @Test func migratingTwiceKeepsSchemaAndData() async throws {
        try await withTemporarySQLitePath { path in
            let first = try SQLiteArticleRepository(path: path)
            let stored = try await first.store(Fixtures.enriched())
            let second = try SQLiteArticleRepository(path: path)
            try SQLiteArticleRepository.migrate(second.pool)
            #expect(try await second.article(id: stored.articleID!)?.article == Fixtures.enriched())
            #expect(try await second.store(Fixtures.enriched()).change == .unchanged)
            let applied = try await second.pool.read { db in
                try StorageSchema.migrator.appliedIdentifiers(db)
            }
            #expect(applied == Set(StorageSchema.migrator.migrations))
            let journalMode = try await second.pool.read { db in
                try String.fetchOne(db, sql: "PRAGMA journal_mode")
            }
            #expect(journalMode == "wal")
            let synchronous = try await second.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
            #expect(synchronous == 2)  // FULL
            let relaxed = try SQLiteArticleRepository(path: path, durability: .normal)
            #expect(try await relaxed.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 1)
        }
    }

    @Test func readOnlyOpenRefusesAMissingFile() async throws {
        try await withTemporarySQLitePath { path in
            await #expect(throws: StorageError.databaseMissing(path)) {
                _ = try await ArticleRepositories.open(path, mustExist: true)
            }
            #expect(!FileManager.default.fileExists(atPath: path))
            _ = try await ArticleRepositories.open(path)
            #expect(try await ArticleRepositories.open(path, mustExist: true) is SQLiteArticleRepository)
            #expect(try await ArticleRepositories.open("sqlite://" + path) is SQLiteArticleRepository)
        }
    }

    @Test func postgresURLsOpenPostgres() async throws {
        try await withTemporaryDatabase(.postgres) { database in
            let repository = try await ArticleRepositories.open(database.location, mustExist: true)
            #expect(repository is PostgresArticleRepository)
            #expect(try await repository.store(Fixtures.enriched()).change == .inserted)
            await repository.close()
            // The same data through a second pool.
            let again = try await ArticleRepositories.open(
                database.location.replacingOccurrences(of: "postgres://", with: "postgresql://"))
            #expect(try await again.stats(top: 1).articles == 1)
            await again.close()
        }
        // Nothing listens on port 1: the open fails instead of waiting.
        await #expect {
            _ = try await ArticleRepositories.open("postgres://user:secret@127.0.0.1:1/newswire")
        } throws: { error in
            // Says which server, without the password.
            guard case .databaseUnavailable(let why) = error as? StorageError else { return false }
            return why.contains("postgres://user:***@127.0.0.1:1/newswire") && !why.contains("secret")
        }
        #expect(throws: StorageError.self) { _ = try PostgresLocation("postgres://u@h/db?sslmode=bogus") }
        let location = try PostgresLocation("postgresql://news%20user:p%40ss@db.example:6543/archive?sslmode=require")
        #expect(location.username == "news user" && location.password == "p@ss")
        #expect(location.host == "db.example" && location.port == 6543 && location.database == "archive")
        #expect(location.tls == .require)
        #expect(try PostgresLocation("postgres://u@127.0.0.1/db").tls == .disable)
        #expect(try PostgresLocation("postgres://u@db.example/db").tls == .prefer)
    }

    @Test func postgresMigratingTwiceKeepsSchemaAndData() async throws {
        try await withTemporaryDatabase(.postgres) { database in
            let first = try await database.open()
            let stored = try await first.store(Fixtures.enriched())
            // A second process opening the same database migrates it again.
            let second = try #require(try await database.open() as? PostgresArticleRepository)
            try await PostgresArticleRepository.migrate(
                try PostgresLocation(database.location), logger: Logger(label: "storage-tests"))
            #expect(try await second.article(id: stored.articleID!)?.article == Fixtures.enriched())
            #expect(try await second.store(Fixtures.enriched()).change == .unchanged)
            #expect(try await second.appliedMigrations() == Set(PostgresSchema.migrations.map(\.identifier)))
            let rows = try await second.client.query("SELECT COUNT(*) FROM schema_migrations")
            for try await count in rows.decode(Int.self) { #expect(count == PostgresSchema.migrations.count) }
            try await checkIntegrity(second)
        }
    }

    /// Several processes opening a fresh database at the same moment all
    /// migrate it, one after the other.
    @Test func postgresConcurrentOpensOfAFreshDatabaseAllSucceed() async throws {
        try await withTemporaryDatabase(.postgres) { database in
            let repositories = try await withThrowingTaskGroup(of: (any ArticleRepository).self) { group in
                for _ in 0..<4 { group.addTask { try await database.open() } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for (i, repository) in repositories.enumerated() {
                _ = try await repository.store(Fixtures.parsed(url: "https://o.example/\(i)"))
            }
            #expect(try await repositories[0].stats(top: 1).articles == 4)
        }
    }

    @Test func defaultLocationComesFromTheEnvironment() {
        #expect(ArticleRepositories.defaultLocation(environment: [:]) == "./data/newswire.sqlite")
        #expect(ArticleRepositories.defaultLocation(environment: ["NEWSWIRE_DATABASE": "/tmp/x.sqlite"]) == "/tmp/x.sqlite")
        #expect(ArticleRepositories.redacted("postgres://u:secret@h/db") == "postgres://u:***@h/db")
    }
}
