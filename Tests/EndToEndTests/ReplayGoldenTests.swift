import EnricherCore
import Foundation
import ParserCore
import Shared
import Testing

/// Recorded envelopes replayed into a stage give the golden outputs, every
/// time: the parser over FetchedPages recorded from the sample site, and the
/// enricher over the parser's golden ParsedArticles. `scripts/record-goldens.sh`
/// records the input and (with NEWSWIRE_UPDATE_GOLDENS=1) rewrites the goldens.
@Suite struct ReplayGoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Recordings")
    static var updating: Bool { ProcessInfo.processInfo.environment["NEWSWIRE_UPDATE_GOLDENS"] == "1" }

    /// What must be identical between a replay and the golden: everything but
    /// the creation time and the producer's name.
    struct Comparable: Equatable, CustomStringConvertible {
        var queue: String
        var id: String
        var kind: String
        var traceID: String
        var key: String?
        var payload: String
        var description: String { "\(queue) \(kind) \(id)\n\(payload.prefix(400))" }
        init(_ record: RecordedMessage) {
            queue = record.queue
            id = record.envelope.id
            kind = record.envelope.kind.rawValue
            traceID = record.envelope.traceID
            key = record.envelope.key
            payload = record.frames.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
        }
    }

    func replay(_ stage: any Stage, inputs: [RecordedMessage], golden: String) async throws {
        #expect(inputs.count >= 30, "the recording holds the sample site")
        var outputs: [RecordedMessage] = []
        for record in inputs {
            for output in try await stage.process(record.message) {
                outputs.append(RecordedMessage(queue: output.queue, message: output.message))
            }
        }
        let goldenURL = Self.folder.appendingPathComponent(golden)
        if Self.updating {
            var data = Data()
            for output in outputs { data.append(try Recording.encodeLine(output)) }
            try data.write(to: goldenURL)
        }
        let expected = try Recording.read(from: goldenURL)
        #expect(outputs.count == expected.count)
        for (got, want) in zip(outputs, expected) {
            #expect(Comparable(got) == Comparable(want))
        }
        // A second replay gives the same again (no hidden state in the stage).
        var again: [Comparable] = []
        for record in inputs {
            for output in try await stage.process(record.message) { again.append(Comparable(RecordedMessage(queue: output.queue, message: output.message))) }
        }
        #expect(again == outputs.map(Comparable.init))
    }

    @Test func parserReplaysToGoldenParsedArticles() async throws {
        let pages = try Recording.read(from: Self.folder.appendingPathComponent("fetched-pages.jsonl"))
        try await replay(ParseStage(producerName: "replay"), inputs: pages, golden: "parsed-articles.jsonl")
    }

    @Test func enricherReplaysToGoldenEnrichedArticles() async throws {
        // The parser's golden articles (its outputs for the enrich queue) are the enricher's recorded input.
        let parsed = try Recording.read(from: Self.folder.appendingPathComponent("parsed-articles.jsonl"))
            .filter { $0.queue == QueueName.enrich }
        try await replay(EnrichStage(enricher: try Enricher(), producerName: "replay"), inputs: parsed, golden: "enriched-articles.jsonl")
    }
}
