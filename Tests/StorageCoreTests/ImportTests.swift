import Foundation
import Shared
import Testing
@testable import StorageCore

@Suite("JSON Lines import")
struct ImportTests {
    @Test(arguments: Backend.allCases)
    func exportImportsIntoAFreshDatabaseUnchangedAndTwiceIsOnce(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let source = try await database.open()
            let articles = [
                Fixtures.enriched(),
                Fixtures.enriched(Fixtures.wireStory(outlet: "A", url: "https://a.example/floods")),
                Fixtures.enriched(Fixtures.wireStory(outlet: "B", url: "https://b.example/floods")),
            ]
            for article in articles { _ = try await source.store(article) }
            _ = try await source.store(Fixtures.differentStory(url: "https://biz.example/rates"))
            let exported = LineCollector()
            _ = try await source.exportJSONLines { exported.append($0) }
            let file = exported.lines.reduce(into: Data()) { $0.append($1); $0.append(0x0A) }

            try await withTemporaryDatabase(backend) { copy in
                let target = try await copy.open()
                let first = try await JSONLinesImporter.importLines(file, into: target)
                #expect(first.lines == 4 && first.inserted == 4)
                let second = try await JSONLinesImporter.importLines(file, into: target)
                #expect(second.unchanged == 4 && second.inserted == 0)

                let reexported = LineCollector()
                _ = try await target.exportJSONLines { reexported.append($0) }
                let before = try exported.lines.map { try WireJSON.decoder.decode(StoredArticle.self, from: $0) }
                let after = try reexported.lines.map { try WireJSON.decoder.decode(StoredArticle.self, from: $0) }
                #expect(after.map(\.article) == before.map(\.article))
                #expect(after.map(\.isEnriched) == before.map(\.isEnriched))
                #expect(after.map(\.clusterSize) == before.map(\.clusterSize))
            }
        }
    }

    @Test(arguments: Backend.allCases)
    func recordedStoreEnvelopesReplayAndBadLinesAreNamed(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let repository = try await database.open()
            let messages = [
                try Message(envelope: .new(kind: .enrichedArticle, producer: "test"), payload: Fixtures.enriched()),
                try Message(
                    envelope: .new(kind: .parsedArticle, producer: "test"),
                    payload: Fixtures.parsed(url: "https://x.example/tag", outcome: .notAnArticle)),
            ]
            var file = Data()
            for message in messages {
                file.append(try Recording.encodeLine(RecordedMessage(queue: QueueName.store, message: message)))
            }
            let summary = try await JSONLinesImporter.importLines(file, into: repository)
            #expect(summary.inserted == 2 && summary.pageOutcomes == 1)

            file.append(Data("{\"not\": \"a record\"}\n".utf8))
            await #expect {
                try await JSONLinesImporter.importLines(file, into: repository)
            } throws: { error in
                (error as? JSONLinesImporter.LineError)?.line == 3
            }
        }
    }
}
