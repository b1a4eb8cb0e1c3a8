import Foundation
import GRDB
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
    @Test func exportRoundTrips() async throws {
        try await withTemporaryDatabase { path in
            let repository = try openRepository(path)
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

    @Test func exportWritesThroughTheBufferedWriter() async throws {
        try await withTemporaryDatabase { path in
            let repository = try openRepository(path)
            for i in 0..<50 {
                _ = try await repository.store(Fixtures.parsed(url: "https://n.example/\(i)", title: "Story \(i)"))
            }
            let file = URL(fileURLWithPath: path + ".jsonl")
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
        try await withTemporaryDatabase { path in
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
        try await withTemporaryDatabase { path in
            #expect(throws: StorageError.databaseMissing(path)) {
                _ = try ArticleRepositories.open(path, mustExist: true)
            }
            #expect(!FileManager.default.fileExists(atPath: path))
            _ = try ArticleRepositories.open(path)
            _ = try ArticleRepositories.open(path, mustExist: true)
            #expect(throws: StorageError.self) {
                _ = try ArticleRepositories.open("postgres://user:secret@127.0.0.1/newswire")
            }
        }
    }

    @Test func defaultLocationComesFromTheEnvironment() {
        #expect(ArticleRepositories.defaultLocation(environment: [:]) == "./data/newswire.sqlite")
        #expect(ArticleRepositories.defaultLocation(environment: ["NEWSWIRE_DATABASE": "/tmp/x.sqlite"]) == "/tmp/x.sqlite")
        #expect(ArticleRepositories.redacted("postgres://u:secret@h/db") == "postgres://u:***@h/db")
    }
}
