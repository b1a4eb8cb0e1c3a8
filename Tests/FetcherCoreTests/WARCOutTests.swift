import Foundation
import Shared
import Testing
@testable import FetcherCore

/// `--warc-out`: fetched responses kept in rotating .warc.gz files that the
/// archive reader (and so `newswire ingest`) reads back as the same pages.
@Suite struct WARCOutTests {
    @Test func fetchedResponsesAreReadBackAsTheSamePages() async throws {
        try await HostileArchiveTests.withDirectory { directory in
            let out = directory.appendingPathComponent("warc-out")
            let writer = try WARCWriter(directory: out.path, rotateBytes: 1)
            let files = ["a.html": Data(html("First").utf8), "b.html": Data(html("Second").utf8)]
            let fetched: [FetchedPage] = try await TestSite.run(files: files) { site in
                let stage = FetchStage(fetcher: site.fetcher, producer: "test", archiveWriter: writer)
                var pages: [FetchedPage] = []
                for name in ["a.html", "b.html"] {
                    let outputs = try await stage.process(try fetchMessage(FetchRequest(url: site.url("/" + name), target: .article)))
                    pages.append(try outputs[0].message.payload(as: FetchedPage.self))
                }
                return pages
            }
            try writer.close()
            let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
            #expect(names.count == 2, "rotated after each record: \(names)")
            #expect(names.allSatisfy { $0.hasSuffix(".warc.gz") })
            var read: [WARCReader.Response] = []
            for name in names {
                let reader = try WARCReader(path: out.appendingPathComponent(name).path)
                while let response = try reader.nextResponse() { read.append(response) }
            }
            #expect(Set(read.map(\.targetURI)) == Set(fetched.map(\.finalURL)))
            for page in fetched {
                let record = try #require(read.first { $0.targetURI == page.finalURL })
                #expect(record.body == page.body)
                #expect(record.status == 200)
            }
        }
    }
}
