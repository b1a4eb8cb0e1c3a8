import Foundation
import PipelineRuntime
import Shared
import Testing
import TestSupport
@testable import FetcherCore

/// Archives as chunked jobs through the real broker and fetcher processes.
@Suite(.serialized) struct ArchiveIngestTests {
    /// A `.warc.gz` of `count` response records, one gzip member each, as
    /// crawlers write them.
    static func archive(_ count: Int, host: String = "news.example") -> Data {
        members(count, host: host).reduce(Data(), +)
    }

    static func members(_ count: Int, host: String = "news.example") -> [Data] {
        (0..<count).map { i in
            let body = Data(html("Story \(i)", body: "<p>Archived story number \(i).</p>").utf8)
            return GzipWriter.member(WARCTests.record(
                type: "response", uri: "https://\(host)/story/\(i)", contentType: "application/http;msgtype=response",
                block: WARCTests.http(status: "200 OK", headers: ["Content-Type: text/html"], body: body)))
        }
    }

    /// The ids the fetcher gives the archive's pages: archive URL + position.
    static func expectedIDs(url: String, path: String) throws -> Set<String> {
        let reader = try WARCReader(path: path)
        var ids: Set<String> = []
        while let response = try reader.nextResponse() { ids.insert(MessageID.stable("archive:\(url)@\(response.position)")) }
        return ids
    }

    @Test func fetcherKilledMidArchiveLosesAndDoublesNothing() async throws {
        let h = try ProcessHarness(name: "archive-kill")
        let archive = h.directory.appendingPathComponent("archives/crawl.warc.gz")
        try FileManager.default.createDirectory(at: archive.deletingLastPathComponent(), withIntermediateDirectories: true)
        let total = 3000
        try Self.archive(total).write(to: archive)
        let url = archive.absoluteString
        let expected = try Self.expectedIDs(url: url, path: archive.path)
        #expect(expected.count == total)

        let endpoint = ProcessHarness.endpoint()
        let broker = try h.startBroker(endpoint: endpoint)
        defer { ProcessHarness.kill9(broker) }
        let fetcherArguments = ["run", "--broker", endpoint, "--file-root", archive.deletingLastPathComponent().path,
                                "--archive-chunk-pages", "50", "--concurrency", "2"]
        var fetcher = try h.start("newswire-fetcher", fetcherArguments, log: "fetcher.log")
        let collector = Collector(queue: QueueName.parse)
        let sink = InProcessWorker(stage: collector, endpoint: endpoint)
        let client = try BrokerClient(endpoint: endpoint)
        let job = try Message(
            envelope: .new(kind: .fetchRequest, producer: "test", key: "archive:" + url),
            payload: FetchRequest(url: url, target: .archive))
        #expect(try await client.publish([job], to: QueueName.fetch).stored == 1)

        // SIGKILL the fetcher whenever it has made progress, and restart it.
        var kills = 0
        while kills < 4 {
            let seen = collector.uniqueIDs.count
            guard await eventually(timeout: 60, interval: 0.02, { collector.uniqueIDs.count > seen }) else { break }
            guard collector.uniqueIDs.count < total else { break }
            ProcessHarness.kill9(fetcher)
            kills += 1
            fetcher = try h.start("newswire-fetcher", fetcherArguments, log: "fetcher.log")
        }
        defer { ProcessHarness.kill9(fetcher) }
        #expect(await eventually(timeout: 120) { collector.uniqueIDs.count >= total }, "\(collector.uniqueIDs.count) of \(total)")
        await sink.stop()
        await client.close()
        #expect(kills >= 1, "the fetcher was killed mid-archive")
        #expect(collector.uniqueIDs == expected)
        #expect(collector.received.count == total, "each record delivered exactly once")
    }
}

/// A `.warc.gz` cut off in the middle: the records before the damage become
/// pages, the rest is one clear, permanent error, and nothing crashes.
@Suite struct TruncatedArchiveTests {
    @Test func truncatedArchiveKeepsWhatCameBeforeTheDamage() async throws {
        try await HostileArchiveTests.withDirectory { directory in
            // Cut in the middle of the 31st member: 30 whole records before the damage.
            let members = ArchiveIngestTests.members(40)
            let file = directory.appendingPathComponent("cut.warc.gz")
            try (members.prefix(30).reduce(Data(), +) + members[30].prefix(members[30].count / 2)).write(to: file)
            var configuration = FetcherConfiguration(fileRoot: directory.path)
            configuration.archiveChunkPages = 1000
            let fetcher = PageFetcher(configuration: configuration)
            let stage = FetchStage(fetcher: fetcher, producer: "test")
            let first = try await stage.process(try fetchMessage(FetchRequest(url: file.absoluteString, target: .archive)))
            let pages = first.filter { $0.queue == QueueName.parse }
            let rest = first.filter { $0.queue == QueueName.fetch }
            #expect(pages.count == 30)
            let urls = try pages.map { try $0.message.payload(as: FetchedPage.self).finalURL }
            #expect(urls == (0..<pages.count).map { "https://news.example/story/\($0)" })
            #expect(rest.count == 1)
            do {
                _ = try await stage.process(rest[0].message)
                Issue.record("the damaged rest should fail")
            } catch let error as StageError {
                #expect(error.isPermanent)
                #expect("\(error)".contains("unreadable archive"), "\(error)")
            }
            try await fetcher.shutdown()
        }
    }
}

/// The streaming reader: positions it hands out and resuming from them, for
/// a plain .warc, a .warc.gz with a member per record, and one big member.
@Suite struct WARCStreamTests {
    static func records(_ count: Int) -> [Data] {
        (0..<count).map { i in
            WARCTests.record(
                type: "response", uri: "https://news.example/\(i)", contentType: "application/http;msgtype=response",
                block: WARCTests.http(status: "200 OK", headers: ["Content-Type: text/html"], body: Data(html("\(i)").utf8)))
        }
    }

    static func layouts() -> [(name: String, data: Data)] {
        let parts = records(12)
        return [
            ("plain", parts.reduce(Data(), +)),
            ("member per record", parts.map { GzipWriter.member($0) }.reduce(Data(), +)),
            ("one member", GzipWriter.member(parts.reduce(Data(), +))),
        ]
    }

    @Test func resumesFromEveryPositionItHandsOut() async throws {
        try await HostileArchiveTests.withDirectory { directory in
            for layout in Self.layouts() {
                let file = directory.appendingPathComponent("a-\(UUID().uuidString).warc")
                try layout.data.write(to: file)
                let reader = try WARCReader(path: file.path)
                var all: [WARCReader.Response] = []
                while let response = try reader.nextResponse() { all.append(response) }
                #expect(all.map(\.targetURI) == (0..<12).map { "https://news.example/\($0)" }, "\(layout.name)")
                #expect(Set(all.map(\.position)).count == 12, "\(layout.name)")
                if layout.name == "member per record" { #expect(all.allSatisfy { $0.position.skip == 0 }) }
                if layout.name == "one member" { #expect(all.map(\.position.skip) == Array(0..<12)) }
                for (index, response) in all.enumerated() {
                    let resumed = try WARCReader(path: file.path, position: response.position)
                    #expect(try resumed.nextResponse()?.targetURI == response.targetURI, "\(layout.name) \(index)")
                }
            }
        }
    }

    /// Positions name records whatever size the pieces read happen to be
    /// (a member's trailer split off into the next piece included), since
    /// page ids derive from them.
    @Test func positionsDoNotDependOnHowTheFileIsReadInPieces() async throws {
        try await HostileArchiveTests.withDirectory { directory in
            for layout in Self.layouts() {
                let file = directory.appendingPathComponent("p-\(UUID().uuidString).warc")
                try layout.data.write(to: file)
                var seen: [[ArchivePosition]] = []
                for pieceSize in [1, 7, 64, 333, 4096, 65536] {
                    let input = try ArchiveInput.file(file.path, offset: 0, gzip: Inflater.isGzip(layout.data), pieceSize: pieceSize)
                    let reader = try WARCReader(input: input)
                    var positions: [ArchivePosition] = []
                    while let response = try reader.nextResponse() { positions.append(response.position) }
                    seen.append(positions)
                }
                #expect(Set(seen.map { $0.map(\.description).joined(separator: ",") }).count == 1, "\(layout.name): \(seen)")
                #expect(seen[0].count == 12)
            }
        }
    }

    @Test func memoryStaysBoundedByTheRecordNotTheArchive() async throws {
        try await HostileArchiveTests.withDirectory { directory in
            // A record whose block is larger than the cap is read past, not held.
            let big = WARCTests.record(
                type: "response", uri: "https://news.example/big", contentType: "application/http;msgtype=response",
                block: WARCTests.http(status: "200 OK", headers: ["Content-Type: text/html"],
                                      body: Data(repeating: 0x61, count: 3_000_000)))
            let file = directory.appendingPathComponent("big.warc.gz")
            try (GzipWriter.member(big) + GzipWriter.member(Self.records(1)[0])).write(to: file)
            let reader = try WARCReader(path: file.path, maxBlockBytes: 1_000_000)
            #expect(try reader.nextResponse()?.targetURI == "https://news.example/0")
            #expect(try reader.nextResponse() == nil)
        }
    }
}
