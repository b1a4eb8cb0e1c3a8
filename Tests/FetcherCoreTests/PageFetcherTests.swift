import Foundation
import SampleSiteCore
import Shared
import Testing
@testable import FetcherCore

@Suite struct PageFetcherTests {
    @Test func followsRedirectChainsAndStopsLoops() async throws {
        let routes: [String: SampleSiteServer.Route] = [
            "/r1": { _ in .redirect(to: "/r2", status: 301) },
            "/r2": { req in .redirect(to: req.baseURL + "/r3", status: 302) },
            "/r3": { _ in .redirect(to: "final.html", status: 307) },
            "/loop": { _ in .redirect(to: "/loop") },
        ]
        try await TestSite.run(files: ["final.html": Data(html("Final").utf8)], routes: routes) { site in
            let result = try await site.fetcher.fetch(site.url("/r1"))
            let response = try #require(result.response)
            #expect(response.status == 200)
            #expect(response.requestedURL == site.url("/r1"))
            #expect(response.finalURL == site.url("/final.html"))
            #expect(String(decoding: response.body, as: UTF8.self).contains("<h1>Final</h1>"))

            await #expect(throws: FetchError.tooManyRedirects(limit: 5, url: site.url("/loop"))) {
                try await site.fetcher.fetch(site.url("/loop"))
            }
            // The first request plus five followed redirects, then it gave up.
            #expect(site.server.requestCount(path: "/loop") == 6)
        }
    }

    @Test func decompressesGzip() async throws {
        let page = html("Compressed", body: String(repeating: "<p>Words words words.</p>", count: 200))
        let gz = try gzipped(Data(page.utf8))
        #expect(gz.count < page.utf8.count / 4)
        let routes: [String: SampleSiteServer.Route] = [
            "/dynamic": { _ in
                SampleSiteResponse(
                    headers: [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], body: .bytes(gz))
            },
        ]
        try await TestSite.run(files: ["static.html.gz": gz], routes: routes) { site in
            for path in ["/static.html", "/dynamic"] {
                let response = try #require(try await site.fetcher.fetch(site.url(path)).response)
                #expect(response.headers["content-encoding"] == "gzip")
                #expect(response.body == Data(page.utf8))
            }
            let request = try #require(site.server.requests.first { $0.path == "/static.html" })
            #expect(request.headers["accept-encoding"]?.contains("gzip") == true)
        }
    }

    @Test(arguments: [true, false])
    func sizeCapAbortsHugeBodies(declaresLength: Bool) async throws {
        var configuration = FetcherConfiguration.testing
        configuration.maxBodyBytes = 256 * 1024
        let routes: [String: SampleSiteServer.Route] = [
            "/huge": { _ in
                SampleSiteResponse(
                    headers: [("Content-Type", "text/html")],
                    body: .repeating(Data("<p>spam</p>".utf8), totalBytes: 200 * 1024 * 1024),
                    chunkSize: 64 * 1024, declaresLength: declaresLength)
            },
            "/small": { _ in .text(html("Small"), contentType: "text/html") },
        ]
        try await TestSite.run(routes: routes, configuration: configuration) { site in
            await #expect(throws: FetchError.bodyTooLarge(limit: 256 * 1024, url: site.url("/huge"))) {
                try await site.fetcher.fetch(site.url("/huge"))
            }
            // The fetcher is still usable after dropping a download.
            let small = try await site.fetcher.fetch(site.url("/small"))
            #expect(small.response?.status == 200)
        }
    }

    @Test func gzipBombStopsAtTheCap() async throws {
        var configuration = FetcherConfiguration.testing
        configuration.maxBodyBytes = 1024 * 1024
        // 64 MB of spaces compresses to ~64 KB: one network read inflates past the cap.
        let bomb = try gzipped(Data(repeating: 0x20, count: 64 * 1024 * 1024))
        #expect(bomb.count < 256 * 1024)
        let routes: [String: SampleSiteServer.Route] = [
            "/bomb": { _ in
                SampleSiteResponse(
                    headers: [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], body: .bytes(bomb))
            },
        ]
        try await TestSite.run(routes: routes, configuration: configuration) { site in
            await #expect(throws: FetchError.bodyTooLarge(limit: 1024 * 1024, url: site.url("/bomb"))) {
                try await site.fetcher.fetch(site.url("/bomb"))
            }
        }
    }

    @Test func readTimeout() async throws {
        var configuration = FetcherConfiguration.testing
        configuration.readTimeout = 0.3
        let routes: [String: SampleSiteServer.Route] = [
            "/slow": { _ in
                var response = SampleSiteResponse.text(html("Slow"), contentType: "text/html")
                response.delaySeconds = 3
                return response
            },
        ]
        try await TestSite.run(routes: routes, configuration: configuration) { site in
            await #expect(throws: FetchError.timeout(url: site.url("/slow"), phase: "read")) {
                try await site.fetcher.fetch(site.url("/slow"))
            }
        }
    }

    @Test func totalTimeoutBoundsATricklingServer() async throws {
        var configuration = FetcherConfiguration.testing
        configuration.readTimeout = 5
        configuration.totalTimeout = 0.8
        let routes: [String: SampleSiteServer.Route] = [
            // Each chunk arrives well inside the read timeout; the whole takes ~20 s.
            "/trickle": { _ in .trickling(contentType: "text/html", every: 0.2) },
        ]
        try await TestSite.run(routes: routes, configuration: configuration) { site in
            await #expect(throws: FetchError.timeout(url: site.url("/trickle"), phase: "total")) {
                try await site.fetcher.fetch(site.url("/trickle"))
            }
        }
    }

    static let russian = "Правительство объявило о новых мерах поддержки экономики."
    static let japanese = "政府は経済対策を発表した。東京の株価は上昇。"

    @Test func convertsWindows1251AndShiftJISWithAndWithoutHeaderCharset() async throws {
        let ruPage = html("Новости", body: "<p>\(Self.russian)</p>")
        let ruMeta = html("Новости", body: "<p>\(Self.russian)</p>", head: #"<meta charset="windows-1251">"#)
        let jaPage = html("ニュース", body: "<p>\(Self.japanese)</p>")
        let jaMeta = html("ニュース", body: "<p>\(Self.japanese)</p>",
                          head: #"<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">"#)
        let cases: [(path: String, bytes: Data, contentType: String, charset: String, text: String)] = [
            ("/ru-header", encode(ruPage, as: "WINDOWS-1251"), "text/html; charset=windows-1251", "windows-1251", ruPage),
            ("/ru-meta", encode(ruMeta, as: "WINDOWS-1251"), "text/html", "windows-1251", ruMeta),
            ("/ja-header", encode(jaPage, as: "SHIFT_JIS"), "text/html; charset=Shift_JIS", "Shift_JIS", jaPage),
            ("/ja-meta", encode(jaMeta, as: "SHIFT_JIS"), "text/html", "Shift_JIS", jaMeta),
        ]
        var routes: [String: SampleSiteServer.Route] = [:]
        for c in cases { routes[c.path] = { _ in .content(c.bytes, contentType: c.contentType) } }
        try await TestSite.run(routes: routes) { site in
            for c in cases {
                let message = try fetchMessage(FetchRequest(url: site.url(c.path), target: .article))
                let outputs = try await site.stage.process(message)
                #expect(outputs.count == 1)
                let page = try #require(try outputs.first?.message.payload(as: FetchedPage.self))
                #expect(page.sourceCharset == c.charset, "\(c.path)")
                #expect(String(decoding: page.body, as: UTF8.self) == c.text, "\(c.path)")
                #expect(page.body != c.bytes)
            }
        }
    }

    @Test func conditionalGetAnswers304() async throws {
        try await TestSite.run(files: ["feed.xml": Data("<rss><channel></channel></rss>".utf8)]) { site in
            let first = try #require(try await site.fetcher.fetch(site.url("/feed.xml")).response)
            let etag = try #require(first.etag)
            let lastModified = try #require(first.lastModified)
            let byETag = try await site.fetcher.fetch(site.url("/feed.xml"), etag: etag)
            #expect(byETag.isNotModified)
            let byDate = try await site.fetcher.fetch(site.url("/feed.xml"), lastModified: lastModified)
            #expect(byDate.isNotModified)
            let stale = try await site.fetcher.fetch(site.url("/feed.xml"), etag: "\"other\"")
            #expect(stale.response?.status == 200)
            let sent = site.server.requests.filter { $0.path == "/feed.xml" }.map { $0.headers["if-none-match"] }
            #expect(sent == [nil, etag, nil, "\"other\""])
        }
    }

    @Test func robotsTxtDisallowIsATypedOutcomeAndFetchedOnce() async throws {
        let robots = """
            # Everyone else is kept out entirely.
            User-agent: *
            Disallow: /

            User-agent: Newswire
            Allow: /news/private/press-release.html
            Disallow: /news/private/
            Disallow: /*.pdf$
            """
        let files: [String: Data] = [
            "robots.txt": Data(robots.utf8),
            "news/a.html": Data(html("A").utf8),
            "news/private/b.html": Data(html("B").utf8),
            "news/private/press-release.html": Data(html("PR").utf8),
        ]
        try await TestSite.run(files: files) { site in
            #expect(try await site.fetcher.fetch(site.url("/news/a.html")).response?.status == 200)
            #expect(try await site.fetcher.fetch(site.url("/news/private/press-release.html")).response?.status == 200)
            let blocked = try await site.fetcher.fetch(site.url("/news/private/b.html"))
            #expect(blocked == .disallowedByRobots(url: site.url("/news/private/b.html")))
            #expect(try await site.fetcher.fetch(site.url("/files/report.pdf"))
                == .disallowedByRobots(url: site.url("/files/report.pdf")))
            #expect(site.server.requestCount(path: "/news/private/b.html") == 0)
            #expect(site.server.requestCount(path: "/robots.txt") == 1)
            #expect(site.server.requests.first?.path == "/robots.txt")

            let message = try fetchMessage(FetchRequest(url: site.url("/news/private/b.html"), target: .article))
            do {
                _ = try await site.stage.process(message)
                Issue.record("a disallowed URL must fail the job")
            } catch let error as StageError {
                #expect(error.isPermanent)
                #expect(error.description.contains("robots.txt"))
            }
        }
    }

    @Test func refusesLoopbackUnlessAllowed() async throws {
        var strict = FetcherConfiguration.testing
        strict.allowPrivateAddresses = false
        try await TestSite.run(files: ["index.html": Data(html("Home").utf8)], configuration: strict) { site in
            let port = try #require(site.server.port)
            for host in ["127.0.0.1", "localhost", "127.1"] {
                let url = "http://\(host):\(port)/"
                do {
                    _ = try await site.fetcher.fetch(url)
                    Issue.record("\(url) should be refused")
                } catch let error as FetchError {
                    guard case .refusedAddress(_, let address) = error else {
                        Issue.record("unexpected \(error)"); continue
                    }
                    #expect(address.hasPrefix("127.") || address == "::1")
                    #expect(!error.isTransient)
                }
            }
            // Refused before any connection: the server saw nothing, robots.txt included.
            #expect(site.server.requests.isEmpty)
            let allowed = PageFetcher(configuration: .testing)
            #expect(try await allowed.fetch(site.url("/")).response?.status == 200)
            try await allowed.shutdown()
        }
    }

    @Test func statusCodesAndContentTypesMapToTransientOrPermanent() async throws {
        let routes: [String: SampleSiteServer.Route] = [
            "/gone": { _ in .status(410) },
            "/broken": { _ in .status(503) },
            "/image": { _ in .content(Data([0x89, 0x50, 0x4E, 0x47]), contentType: "image/png") },
        ]
        try await TestSite.run(routes: routes) { site in
            let expectations: [(String, Bool)] = [("/gone", true), ("/broken", false), ("/image", true),
                                                  ("/missing.html", true)]
            for (path, permanent) in expectations {
                let message = try fetchMessage(FetchRequest(url: site.url(path), target: .article))
                do {
                    _ = try await site.stage.process(message)
                    Issue.record("\(path) should fail")
                } catch let error as StageError {
                    #expect(error.isPermanent == permanent, "\(path): \(error)")
                }
            }
        }
    }

    @Test func unreachablePortIsTransient() async throws {
        try await TestSite.run { site in
            // Bind and close a server to get a port nothing listens on.
            let other = try SampleSiteServer(root: site.directory)
            let port = try await other.start()
            try await other.stop()
            let message = try fetchMessage(FetchRequest(url: "http://127.0.0.1:\(port)/a.html", target: .article))
            do {
                _ = try await site.stage.process(message)
                Issue.record("should fail")
            } catch let error as StageError {
                #expect(!error.isPermanent, "\(error)")
            }
        }
    }

    @Test func servesDirectoryIndexBaseURLAnd404() async throws {
        let files = ["section/index.html": Data(html("Section").utf8),
                     "links.html": Data(#"<a href="{{BASE_URL}}/section/">s</a>"#.utf8)]
        try await TestSite.run(files: files) { site in
            let index = try #require(try await site.fetcher.fetch(site.url("/section")).response)
            #expect(index.finalURL == site.url("/section/"))
            #expect(String(decoding: index.body, as: UTF8.self).contains("<h1>Section</h1>"))
            let links = try #require(try await site.fetcher.fetch(site.url("/links.html")).response)
            #expect(String(decoding: links.body, as: UTF8.self) == #"<a href="\#(site.base)/section/">s</a>"#)
            await #expect(throws: FetchError.httpStatus(404, url: site.url("/nope.html"))) {
                try await site.fetcher.fetch(site.url("/nope.html"))
            }
        }
    }
}

@Suite struct RobotsFailureTests {
    /// RFC 9309 2.3.1.4: an unreachable robots.txt disallows the host for a
    /// while; the failure is remembered (one request for many jobs) and
    /// tried again once `robotsFailureSeconds` have passed.
    @Test(arguments: [(3600.0, 1), (0.0, 2)])
    func robotsServerErrorIsTransientAndRememberedForAWhile(failureSeconds: Double, expectedRequests: Int)
        async throws {
        let routes: [String: SampleSiteServer.Route] = ["/robots.txt": { _ in .status(503) }]
        var configuration = FetcherConfiguration.testing
        configuration.robotsFailureSeconds = failureSeconds
        try await TestSite.run(files: ["a.html": Data(html("A").utf8)], routes: routes, configuration: configuration) {
            site in
            let message = try fetchMessage(FetchRequest(url: site.url("/a.html"), target: .article))
            for _ in 0..<2 {
                do {
                    _ = try await site.stage.process(message)
                    Issue.record("should wait for robots.txt")
                } catch let error as StageError {
                    #expect(!error.isPermanent, "\(error)")
                }
            }
            #expect(site.server.requestCount(path: "/robots.txt") == expectedRequests)
            #expect(site.server.requestCount(path: "/a.html") == 0)
            guard failureSeconds == 0 else { return }
            // Once robots.txt is missing (404) everything is allowed.
            site.server.setRoute("/robots.txt") { _ in .status(404) }
            let outputs = try await site.stage.process(message)
            #expect(outputs.count == 1)
        }
    }
}
