import Foundation
import SampleSiteCore
import Shared
import Testing
@testable import FetcherCore

/// The bundled sample site, served as `newswire demo-site` and `make run`
/// serve it, read through the fetch stage.
@Suite struct BundledSiteTests {
    @Test func bundledFeedsExpandIntoArticlesThatAllFetch() async throws {
        let server = try SampleSiteServer()
        try await server.start()
        let fetcher = PageFetcher(configuration: .testing)
        let stage = FetchStage(fetcher: fetcher, producer: "test")
        let result = await Result(catching: {
            var articleURLs: Set<String> = []
            for feed in ["/feeds/rss.xml", "/feeds/atom.xml"] {
                let outputs = try await stage.process(
                    try fetchMessage(FetchRequest(url: server.baseURL + feed, target: .auto)))
                let jobs = try outputs.map { try $0.message.payload(as: FetchRequest.self) }
                #expect(!jobs.isEmpty, "\(feed) lists no articles")
                #expect(jobs.allSatisfy { $0.url.hasPrefix(server.baseURL + "/") && $0.target == .article })
                articleURLs.formUnion(jobs.map(\.url))
            }
            for url in articleURLs.sorted() {
                let outputs = try await stage.process(try fetchMessage(FetchRequest(url: url, target: .article)))
                let page = try #require(try outputs.first?.message.payload(as: FetchedPage.self))
                #expect(page.status == 200, "\(url)")
                #expect(TextDecoding.isValidUTF8(page.body))
                // Absolute links point at this server, never at the placeholder.
                #expect(!String(decoding: page.body, as: UTF8.self).contains("{{BASE_URL}}"), "\(url)")
            }
            return articleURLs.count
        })
        try await fetcher.shutdown()
        try await server.stop()
        #expect(try result.get() > 10)
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
