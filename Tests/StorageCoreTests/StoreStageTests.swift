import Foundation
import Shared
import Testing
@testable import StorageCore

@Suite("StoreStage")
struct StoreStageTests {
    static func message<P: Payload>(_ payload: P, id: String = MessageID.random()) throws -> Message {
        try Message(envelope: Envelope.new(kind: P.kind, producer: "test", id: id), payload: payload)
    }

    @Test(arguments: Backend.allCases)
    func storesEnrichedAndParsedAndReturnsNoOutputs(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let repository = try await database.open()
            let stage = StoreStage(repository: repository)
            #expect(stage.inputQueue == QueueName.store)
            let enriched = try Self.message(Fixtures.enriched())
            #expect(try await stage.process(enriched).isEmpty)
            // Redelivery of the same message: still one article.
            #expect(try await stage.store(enriched).change == .unchanged)
            let plain = try Self.message(Fixtures.differentStory(url: "https://biz.example/rates"))
            #expect(try await stage.store(plain).change == .inserted)
            let outcome = try Self.message(Fixtures.parsed(url: "https://x.example/video", outcome: .notAnArticle))
            #expect(try await stage.store(outcome).target == .pageOutcome)
            let stats = try await repository.stats(top: 3)
            #expect(stats.articles == 2)
            #expect(stats.outcomes == ["notAnArticle": 1])
        }
    }

    @Test(arguments: Backend.allCases)
    func garbageAndUnknownKindsArePermanentFailures(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let stage = StoreStage(repository: try await database.open())
            let fetch = try Self.message(FetchRequest(url: "https://x.example/"))
            let garbage = Message(
                envelope: Envelope.new(kind: .enrichedArticle, producer: "test"), frames: [Data("{not json".utf8)])
            let wrongShape = Message(
                envelope: Envelope.new(kind: .parsedArticle, producer: "test"), frames: [Data("{\"url\": 5}".utf8)])
            let noFrames = Message(envelope: Envelope.new(kind: .parsedArticle, producer: "test"), frames: [])
            let noURL = try Self.message(ParsedArticle(url: ""))
            for message in [fetch, garbage, wrongShape, noFrames, noURL] {
                do {
                    _ = try await stage.process(message)
                    Issue.record("\(message.envelope.kind) was accepted")
                } catch let error as StageError {
                    #expect(error.isPermanent, "\(error)")
                }
            }
        }
    }

    @Test(arguments: Backend.allCases)
    func reportsEachWrite(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let seen = LockedResults()
            let stage = StoreStage(repository: try await database.open()) { _, result in
                seen.append(result.change)
            }
            let message = try Self.message(Fixtures.enriched())
            _ = try await stage.process(message)
            _ = try await stage.process(message)
            #expect(seen.values == [.inserted, .unchanged])
        }
    }

    /// Two storage processes on one file, modelled as two stages with their
    /// own connection pools, writing at once, with overlapping URLs (the
    /// same article delivered to both): every article ends up stored once.
    @Test(arguments: Backend.allCases)
    func concurrentWritersLoseNothing(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            var stages: [StoreStage] = []
            for _ in 0..<2 { stages.append(StoreStage(repository: try await database.open())) }
            let urls = (0..<120).map { "https://c.example/story/\($0)" }
            let messages = try urls.map { url in
                try Self.message(Fixtures.enriched(Fixtures.parsed(url: url, title: "Story at \(url)")))
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (worker, stage) in stages.enumerated() {
                    // Worker 0 takes stories 0..<80, worker 1 takes 40..<120: 40 overlap.
                    let mine = worker == 0 ? messages[0..<80] : messages[40..<120]
                    for chunk in stride(from: mine.startIndex, to: mine.endIndex, by: 10) {
                        let slice = Array(mine[chunk..<min(chunk + 10, mine.endIndex)])
                        group.addTask {
                            for message in slice { _ = try await stage.process(message) }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let reader = try await database.open()
            #expect(try await reader.stats(top: 1).articles == urls.count)
            let collector = LineCollector()
            _ = try await reader.exportJSONLines { collector.append($0) }
            let stored = try collector.lines.map { try WireJSON.decoder.decode(StoredArticle.self, from: $0) }
            #expect(Set(stored.map(\.article.article.url)) == Set(urls))
            #expect(stored.allSatisfy { $0.versionCount == 1 })
            try await checkIntegrity(reader)
        }
    }

    /// PostgreSQL text cannot hold NUL: such an article is a permanent
    /// failure (dead-lettered, not retried forever), its transaction rolls
    /// back, and the next write goes through.
    @Test func postgresRefusalsArePermanentAndRollBack() async throws {
        try await withTemporaryDatabase(.postgres) { database in
            let repository = try await database.open()
            let stage = StoreStage(repository: repository)
            var article = Fixtures.parsed(title: "Null\u{0}byte")
            article.paragraphs = ["Text with a \u{0} in it."]
            do {
                _ = try await stage.process(try Self.message(article))
                Issue.record("an article with NUL was stored")
            } catch let error as StageError {
                #expect(error.isPermanent, "\(error)")
            }
            #expect(try await repository.stats(top: 1).articles == 0)
            #expect(try await repository.stats(top: 1).storyClusters == 0)
            #expect(try await stage.store(try Self.message(Fixtures.enriched())).change == .inserted)
            try await checkIntegrity(repository)
        }
    }

    /// Two processes opening a fresh file at the same moment both migrate it.
    @Test func concurrentOpensOfAFreshFileBothSucceed() async throws {
        try await withTemporarySQLitePath { path in
            let repositories = try await withThrowingTaskGroup(of: SQLiteArticleRepository.self) { group in
                for _ in 0..<4 { group.addTask { try SQLiteArticleRepository(path: path) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(repositories.count == 4)
            for (i, repository) in repositories.enumerated() {
                _ = try await repository.store(Fixtures.parsed(url: "https://o.example/\(i)"))
            }
            #expect(try await repositories[0].stats(top: 1).articles == 4)
        }
    }
}

final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [StoreResult.Change] = []
    func append(_ change: StoreResult.Change) { lock.withLock { stored.append(change) } }
    var values: [StoreResult.Change] { lock.withLock { stored } }
}
