import Foundation
import PipelineRuntime
import Shared
import Testing
import TestSupport
@testable import FetcherCore

/// `newswire ingest`: which archives it finds, and the whole command
/// against the real broker and fetcher processes.
@Suite(.serialized) struct IngestTests {
    static func writeArchives(in directory: URL) throws -> (urls: [String], records: Int) {
        let sub = directory.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        let a = directory.appendingPathComponent("a.warc.gz"), b = sub.appendingPathComponent("b.warc")
        try ArchiveIngestTests.archive(20, host: "a.example").write(to: a)
        try WARCStreamTests.records(10).reduce(Data(), +).write(to: b)
        try Data("not an archive".utf8).write(to: directory.appendingPathComponent("notes.html"))
        try Data("a.warc.gz.open".utf8).write(to: directory.appendingPathComponent("c.warc.gz.open"))
        return ([a.absoluteString, b.absoluteString], 30)
    }

    @Test func findsArchivesInFoldersAndLists() async throws {
        try await HostileArchiveTests.withDirectory { directory in
            let (urls, _) = try Self.writeArchives(in: directory)
            #expect(try ArchiveList.expand([directory.path]) == urls)
            let list = directory.appendingPathComponent("list.txt")
            try Data("# archives\n\(directory.appendingPathComponent("sub/b.warc").path)\nhttps://cc.example/x.warc.gz\n".utf8)
                .write(to: list)
            #expect(try ArchiveList.expand([list.path]) == [urls[1], "https://cc.example/x.warc.gz"])
            #expect(throws: FetchError.self) { try ArchiveList.expand([directory.appendingPathComponent("missing").path]) }
            let estimate = ArchiveEstimate(urls)
            #expect(estimate.records == 30)
        }
    }

    @Test func ingestOfAFolderDeliversEveryRecordAndFinishes() async throws {
        let h = try ProcessHarness(name: "ingest")
        let root = h.directory.appendingPathComponent("archives")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let (_, records) = try Self.writeArchives(in: root)
        let endpoint = ProcessHarness.endpoint()
        let broker = try h.startBroker(endpoint: endpoint)
        defer { ProcessHarness.kill9(broker) }
        let fetcher = try h.start(
            "newswire-fetcher", ["run", "--broker", endpoint, "--file-root", root.path, "--archive-chunk-pages", "7"],
            log: "fetcher.log")
        defer { ProcessHarness.kill9(fetcher) }
        let collector = Collector(queue: QueueName.parse)
        let sink = InProcessWorker(stage: collector, endpoint: endpoint)
        let (status, output) = try h.run("newswire", ["ingest", "--broker", endpoint, "--interval", "0.2", root.path])
        await sink.stop()
        #expect(status == 0, "\(output)")
        #expect(output.contains("submitted 2 archive(s)"), "\(output)")
        #expect(output.contains("pages/s") && output.contains("MB/s") && output.contains("ETA"), "\(output)")
        #expect(collector.uniqueIDs.count == records, "\(output)")
        #expect(collector.received.count == records)
    }
}
