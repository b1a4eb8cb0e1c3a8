import Foundation
import SampleSiteCore
import Shared
import Testing
@testable import FetcherCore

/// Remote archives read as chunk jobs over HTTP Range windows from a real
/// server on 127.0.0.1: every record once (one larger than a window too),
/// any fetcher can take the next chunk, and servers or archives the method cannot serve are refused clearly.
@Suite struct RemoteArchiveTests {
    static func archive(records count: Int, gzip: Bool) -> (data: Data, urls: [String]) {
        let urls = (0..<count).map { "http://127.0.0.1/story/\($0)" }
        let data = urls.enumerated().reduce(into: Data()) { data, item in
            // One record larger than a window: the window must grow for it.
            let title = item.offset == count / 2 ? String(repeating: "long story ", count: 2_000) : "Story \(item.offset)"
            let record = HostileArchiveTests.page(item.element, title: title)
            data += gzip ? GzipWriter.member(record) : record
        }
        return (data, urls)
    }

    static var configuration: FetcherConfiguration {
        var configuration = FetcherConfiguration.testing
        configuration.allowRemoteArchives = true
        configuration.archiveWindowBytes = 4_096
        configuration.archiveChunkPages = 7
        return configuration
    }

    /// Runs an archive job and its continuations, alternating between two
    /// fetchers (as after a crash, when another host takes the next chunk).
    static func ingest(_ url: String, on sites: [TestSite]) async throws -> [FetchedPage] {
        var pending: [Message] = [try fetchMessage(FetchRequest(url: url, target: .archive))]
        var pages: [FetchedPage] = []
        var turn = 0
        while let message = pending.popLast() {
            let outputs = try await sites[turn % sites.count].stage.process(message)
            turn += 1
            for output in outputs {
                if output.queue == QueueName.parse { pages.append(try output.message.payload(as: FetchedPage.self)) }
                if output.queue == QueueName.fetch { pending.append(output.message) }
            }
            #expect(turn < 1_000, "the chunk chain does not end")
        }
        return pages
    }

    @Test(arguments: [false, true])
    func everyRecordOnceAcrossWindowsAndFetchers(gzip: Bool) async throws {
        let (data, urls) = Self.archive(records: 60, gzip: gzip)
        #expect(data.count > 3 * Self.configuration.archiveWindowBytes)
        try await TestSite.run(configuration: Self.configuration) { site in
            site.server.setRoute(gzip ? "/crawl.warc.gz" : "/crawl.warc") { .ranged(data, request: $0) }
            let other = PageFetcher(configuration: Self.configuration)
            let second = TestSite(server: site.server, fetcher: other, directory: site.directory, base: site.base)
            let outcome = await Result {
                try await Self.ingest(site.url(gzip ? "/crawl.warc.gz" : "/crawl.warc"), on: [site, second])
            }
            try await other.shutdown()
            let pages = try outcome.get()
            #expect(pages.map(\.finalURL).sorted() == urls.sorted())
            #expect(Set(pages.map(\.finalURL)).count == urls.count)
            let archiveRequests = site.server.requests.filter { $0.path.hasPrefix("/crawl") }
            #expect(archiveRequests.count > 5)
            #expect(archiveRequests.allSatisfy { $0.headers["range"] != nil })
        }
    }

    @Test func serverIgnoringRangeIsRefusedForAnArchiveLargerThanAWindow() async throws {
        let (data, _) = Self.archive(records: 60, gzip: false)
        try await TestSite.run(configuration: Self.configuration) { site in
            site.server.setRoute("/crawl.warc") { _ in .content(data, contentType: "application/warc") }
            do {
                _ = try await Self.ingest(site.url("/crawl.warc"), on: [site])
                Issue.record("should refuse")
            } catch let error as StageError {
                #expect(error.isPermanent)
                #expect("\(error)".contains("ignores HTTP Range"), "\(error)")
            }
        }
    }

    @Test func archiveLargerThanTheCapIsRefusedBeforeAnyPage() async throws {
        var configuration = Self.configuration
        let (data, _) = Self.archive(records: 60, gzip: true)
        configuration.maxArchiveBytes = data.count / 2
        try await TestSite.run(configuration: configuration) { site in
            site.server.setRoute("/crawl.warc.gz") { .ranged(data, request: $0) }
            do {
                _ = try await site.stage.process(try fetchMessage(FetchRequest(url: site.url("/crawl.warc.gz"))))
                Issue.record("should refuse")
            } catch let error as StageError {
                #expect(error.isPermanent)
                #expect("\(error)".contains("\(data.count / 2)"), "\(error)")
            }
        }
    }
}

extension SampleSiteResponse {
    /// `data` served the way a static file server serves it: a `Range:
    /// bytes=a-b` request gets 206 with those bytes and Content-Range.
    static func ranged(_ data: Data, request: SampleSiteRequest) -> SampleSiteResponse {
        guard let range = request.header("range"), range.hasPrefix("bytes=") else {
            return .content(data, contentType: "application/warc")
        }
        let bounds = range.dropFirst(6).split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard bounds.count == 2, let first = bounds[0], first < data.count else { return .status(416) }
        let last = min(bounds[1] ?? data.count - 1, data.count - 1)
        return SampleSiteResponse(
            status: 206, headers: [("Content-Type", "application/warc"),
                                   ("Content-Range", "bytes \(first)-\(last)/\(data.count)")],
            body: .bytes(data[first...last]))
    }
}
