import Foundation
import SampleSiteCore
import Shared
import Testing
@testable import FetcherCore

/// zlib (through Inflater) on what the system gzip writes.
@Suite struct GzipTests {
    static var samples: [Data] {
        var random = SystemRandomNumberGenerator()
        let noise = Data((0..<100_000).map { _ in UInt8.random(in: 0...255, using: &random) })
        let text = Data(String(repeating: "Harbour strike ends after talks; ferries resume. ", count: 5000).utf8)
        let mixed = Data((0..<200_000).map { (i: Int) -> UInt8 in
            let value: Int = (i * 7 + i / 13) % 61 + 32
            return UInt8(value)
        })
        return [Data(), Data("a".utf8), text, noise, mixed]
    }

    @Test func inflatesWhatGzipWrites() throws {
        for sample in Self.samples {
            let compressed = try gzipped(sample)
            #expect(try Inflater.decompress(compressed, limit: 10_000_000) == sample, "\(sample.count) bytes")
        }
    }

    @Test func gzipWriterMembersRoundTrip() throws {
        for sample in Self.samples {
            #expect(try Inflater.decompress(GzipWriter.member(sample), limit: 10_000_000) == sample)
        }
    }

    @Test func readsMultiMemberFiles() throws {
        let a = Data("first member\n".utf8), b = Data(String(repeating: "second ", count: 1000).utf8)
        let joined = try gzipped(a) + (try gzipped(b))
        #expect(try Inflater.decompress(joined, limit: 1_000_000) == a + b)
    }

    @Test func rejectsCorruptionAndStopsAtTheLimit() throws {
        var compressed = try gzipped(Data(String(repeating: "x y z ", count: 10_000).utf8))
        #expect(throws: Inflater.InflateError.tooLarge(limit: 1000)) { try Inflater.decompress(compressed, limit: 1000) }
        compressed[compressed.count - 6] ^= 0xFF  // inside the CRC
        #expect(throws: Inflater.InflateError.self) { try Inflater.decompress(compressed, limit: 1_000_000) }
        #expect(throws: Inflater.InflateError.notGzip) { try Inflater.decompress(Data("plain text, not gzip".utf8), limit: 100) }
    }

    @Test func gzippedSitemapServedAsAFileExpands() async throws {
        let sitemap = """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <url><loc>http://127.0.0.1/news/one.html</loc></url>
              <url><loc>http://127.0.0.1/news/two.html</loc></url>
            </urlset>
            """
        let files = ["sitemaps/news.xml.gz": try gzipped(Data(sitemap.utf8))]
        try await TestSite.run(files: files) { site in
            let outputs = try await site.stage.process(
                try fetchMessage(FetchRequest(url: site.url("/sitemaps/news.xml.gz"), target: .sitemap)))
            let urls = try outputs.map { try $0.message.payload(as: FetchRequest.self).url }
            #expect(urls == ["http://127.0.0.1/news/one.html", "http://127.0.0.1/news/two.html"])
            let served = try #require(site.server.requests.last)
            #expect(served.path == "/sitemaps/news.xml.gz")
        }
    }

    @Test func gzippedWARCFileBecomesPages() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nw-warcgz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("crawl.warc.gz")
        try gzipped(WARCTests.archive.data).write(to: file)
        let fetcher = PageFetcher(configuration: FetcherConfiguration(fileRoot: directory.path))
        let outcome = await Result(catching: {
            try await FetchStage(fetcher: fetcher, producer: "test").process(
                try fetchMessage(FetchRequest(url: file.absoluteString)))
        })
        try await fetcher.shutdown()
        let outputs = try outcome.get()
        let pages = try outputs.map { try $0.message.payload(as: FetchedPage.self) }
        #expect(pages.map(\.finalURL) == ["https://news.example/a", "https://vestnik.example/b"])
        #expect(String(decoding: pages[1].body, as: UTF8.self) == WARCTests.archive.ru)
    }
}
