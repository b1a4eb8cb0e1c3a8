import Foundation
import SampleSiteCore
import Shared
import Testing
@testable import FetcherCore

/// Issue 12's fetcher findings, each with its trigger: archives, file://
/// and robots.txt from servers that mean harm.
@Suite struct HostileArchiveTests {
    static let hugeLength = Data("WARC/1.0\r\nContent-Length: 9223372036854775807\r\n\r\n".utf8)

    static func page(_ uri: String, title: String) -> Data {
        WARCTests.record(
            type: "response", uri: uri, contentType: "application/http;msgtype=response",
            block: WARCTests.http(status: "200 OK", headers: ["Content-Type: text/html"], body: Data(html(title).utf8)))
    }

    static func withDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nw-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await body(directory)
    }

    static func process(_ url: String, target: FetchRequest.Target = .auto, configuration: FetcherConfiguration)
        async throws -> [StageOutput] {
        let fetcher = PageFetcher(configuration: configuration)
        let outcome = await Result(catching: {
            try await FetchStage(fetcher: fetcher, producer: "test")
                .process(try fetchMessage(FetchRequest(url: url, target: target)))
        })
        try await fetcher.shutdown()
        return try outcome.get()
    }

    @Test func lengthNearIntMaxIsAMalformedRecordNotATrap() throws {
        #expect(throws: WARCReader.WARCError.self) { try WARCReader.responses(in: Self.hugeLength) }
        let chunked = WARCTests.record(
            type: "response", uri: "https://news.example/a", contentType: "application/http;msgtype=response",
            block: Data("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffffffff\r\nabc".utf8))
        #expect(try WARCReader.responses(in: chunked).isEmpty)
    }

    @Test func lengthNearIntMaxInALocalArchiveIsAPermanentError() async throws {
        try await Self.withDirectory { directory in
            let file = directory.appendingPathComponent("huge.warc")
            try Self.hugeLength.write(to: file)
            do {
                _ = try await Self.process(file.absoluteString, configuration: FetcherConfiguration(fileRoot: directory.path))
                Issue.record("should fail")
            } catch let error as StageError {
                #expect(error.isPermanent)
                #expect("\(error)".contains("unreadable archive"))
            }
        }
    }

    @Test func aPageThatLooksLikeAnArchiveIsNotUnpacked() async throws {
        let warc = Self.page("https://victim.example/planted", title: "Planted")
        let routes: [String: SampleSiteServer.Route] = [
            "/story.html": { _ in .content(warc, contentType: "text/html") },
            "/typed": { _ in .content(warc, contentType: "application/warc") },
        ]
        try await TestSite.run(routes: routes) { site in
            let outputs = try await site.stage.process(try fetchMessage(FetchRequest(url: site.url("/story.html"))))
            let pages = try outputs.map { try $0.message.payload(as: FetchedPage.self) }
            #expect(pages.map(\.finalURL) == [site.url("/story.html")])
            do {
                _ = try await site.stage.process(try fetchMessage(FetchRequest(url: site.url("/typed"))))
                Issue.record("an archive-typed page should be refused")
            } catch let error as StageError {
                #expect(error.isPermanent)
            }
        }
    }

    @Test func remoteArchivesAreRefusedUnlessOptedIn() async throws {
        try await TestSite.run(files: ["crawl.warc": Self.page("https://victim.example/a", title: "A")]) { site in
            for target in [FetchRequest.Target.auto, .archive] {
                do {
                    _ = try await site.stage.process(try fetchMessage(FetchRequest(url: site.url("/crawl.warc"), target: target)))
                    Issue.record("should refuse")
                } catch let error as StageError {
                    #expect(error.isPermanent)
                    #expect("\(error)".contains("archive refused"))
                }
            }
            #expect(site.server.requestCount(path: "/crawl.warc") == 0)
        }
    }

    @Test func remoteArchiveSpeaksOnlyForItsOwnHostUnlessTrusted() async throws {
        var configuration = FetcherConfiguration.testing
        configuration.allowRemoteArchives = true
        try await TestSite.run(configuration: configuration) { site in
            let archive = Self.page(site.url("/own"), title: "Own") + Self.page("https://victim.example/x", title: "X")
            site.server.setRoute("/crawl.warc") { _ in .content(archive, contentType: "application/warc") }
            let outputs = try await site.stage.process(try fetchMessage(FetchRequest(url: site.url("/crawl.warc"))))
            let pages = try outputs.map { try $0.message.payload(as: FetchedPage.self) }
            #expect(pages.map(\.finalURL) == [site.url("/own")])

            var trusting = configuration
            trusting.trustedArchiveHosts = ["127.0.0.1"]
            let trusted = try await Self.process(site.url("/crawl.warc"), configuration: trusting)
            let trustedPages = try trusted.map { try $0.message.payload(as: FetchedPage.self) }
            #expect(trustedPages.map(\.finalURL) == [site.url("/own"), "https://victim.example/x"])
        }
    }

    /// A small remote .warc.gz that inflates far past its own size (tiny
    /// records by the thousand) is read one bounded chunk at a time, never
    /// held whole: the first job yields one chunk of pages and a continuation.
    @Test func remoteArchiveInflatingFarIsReadInBoundedChunks() async throws {
        var configuration = FetcherConfiguration.testing
        configuration.allowRemoteArchives = true
        let records = (0..<5_000).reduce(into: Data()) { data, i in
            data += Self.page("http://127.0.0.1/\(i)", title: "\(i)")
        }
        let bomb = GzipWriter.member(records)
        #expect(bomb.count < records.count / 5)
        try await TestSite.run(configuration: configuration) { site in
            site.server.setRoute("/bomb.warc.gz") { _ in .content(bomb, contentType: "application/gzip") }
            let outputs = try await site.stage.process(try fetchMessage(FetchRequest(url: site.url("/bomb.warc.gz"))))
            #expect(outputs.filter { $0.queue == QueueName.parse }.count == configuration.archiveChunkPages)
            let next = try #require(outputs.first { $0.queue == QueueName.fetch })
            let request = try next.message.payload(as: FetchRequest.self)
            #expect(request.archiveSkip == configuration.archiveChunkPages)
        }
    }

    @Test func archiveRecordCapIsAPermanentError() async throws {
        try await Self.withDirectory { directory in
            let file = directory.appendingPathComponent("many.warc")
            try (0..<3).reduce(Data()) { $0 + Self.page("https://news.example/\($1)", title: "\($1)") }.write(to: file)
            var configuration = FetcherConfiguration(fileRoot: directory.path)
            #expect(try await Self.process(file.absoluteString, configuration: configuration).count == 3)
            configuration.maxArchiveRecords = 2
            do {
                _ = try await Self.process(file.absoluteString, configuration: configuration)
                Issue.record("should fail")
            } catch let error as StageError {
                #expect(error.isPermanent)
                #expect("\(error)".contains("more than 2"))
            }
        }
    }
}

@Suite struct FileRootTests {
    @Test func fileURLsAreOffWithoutARootAndConfinedToIt() async throws {
        try await HostileArchiveTests.withDirectory { directory in
            let root = directory.appendingPathComponent("root")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try Data(html("Inside").utf8).write(to: root.appendingPathComponent("in.html"))
            let secret = directory.appendingPathComponent("secret.html")
            try Data(html("Secret").utf8).write(to: secret)
            try FileManager.default.createSymbolicLink(
                at: root.appendingPathComponent("link.html"), withDestinationURL: secret)

            let closed = PageFetcher(configuration: FetcherConfiguration())
            await #expect(throws: FetchError.unsupportedScheme(root.appendingPathComponent("in.html").absoluteString)) {
                try await closed.fetch(root.appendingPathComponent("in.html").absoluteString)
            }
            try await closed.shutdown()

            let fetcher = PageFetcher(configuration: FetcherConfiguration(fileRoot: root.path))
            let inside = try await fetcher.fetch(root.appendingPathComponent("in.html").absoluteString)
            #expect(inside.response?.status == 200)
            for escape in ["file://\(root.path)/../secret.html", root.appendingPathComponent("link.html").absoluteString] {
                do {
                    _ = try await fetcher.fetch(escape)
                    Issue.record("should refuse \(escape)")
                } catch let error as FetchError {
                    guard case .outsideFileRoot = error else { Issue.record("\(error)"); continue }
                }
            }
            try await fetcher.shutdown()
        }
    }
}

@Suite struct HostileRobotsTests {
    /// A robots.txt that sends one byte every 15 s: the job fails by its
    /// total timeout instead of waiting for the whole file, and so does the
    /// next job of the host (which finds the download shared or its failure
    /// remembered); the page itself is never requested.
    @Test func tricklingRobotsTxtDoesNotHoldTheHostsJobs() async throws {
        var configuration = FetcherConfiguration.testing
        configuration.totalTimeout = 1
        let routes: [String: SampleSiteServer.Route] = [
            "/robots.txt": { _ in .trickling(contentType: "text/plain", every: 15) },
        ]
        try await TestSite.run(files: ["a.html": Data(html("A").utf8)], routes: routes, configuration: configuration) {
            site in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        do {
                            _ = try await site.stage.process(try fetchMessage(FetchRequest(url: site.url("/a.html"))))
                            Issue.record("should fail")
                        } catch let error as StageError {
                            #expect(!error.isPermanent, "\(error)")
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(site.server.requestCount(path: "/a.html") == 0)
        }
    }

    /// Longer than RFC 9309's 500 KiB: the first 500 KiB are the rules.
    @Test func oversizeRobotsTxtIsReadUpToTheLimit() async throws {
        let padding = String(repeating: "# padding line to make the file large\n", count: 16_000)
        let robots = "User-agent: *\nDisallow: /private\n" + padding + "Disallow: /late\n"
        try await TestSite.run(files: [
            "robots.txt": Data(robots.utf8), "private/x.html": Data(html("P").utf8), "late.html": Data(html("L").utf8),
        ]) { site in
            let early = try await site.fetcher.fetch(site.url("/private/x.html"))
            #expect(early == .disallowedByRobots(url: site.url("/private/x.html")))
            let late = try await site.fetcher.fetch(site.url("/late.html"))
            #expect(late.response?.status == 200)
        }
    }

    /// A robots.txt whose connection closes before its Content-Length is
    /// unreachable, not empty: the host's jobs wait (transient error).
    @Test func cutOffRobotsTxtDisallowsForAWhile() async throws {
        let server = try RawHTTPServer { path in
            path == "/robots.txt"
                ? Data("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\n\r\nUser-agent: *\nAllow: /\n".utf8)
                : Data("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 2\r\n\r\nok".utf8)
        }
        defer { server.stop() }
        let fetcher = PageFetcher(configuration: .testing)
        let stage = FetchStage(fetcher: fetcher, producer: "test")
        do {
            _ = try await stage.process(try fetchMessage(FetchRequest(url: server.baseURL + "/a.html")))
            Issue.record("should wait for robots.txt")
        } catch let error as StageError {
            #expect(!error.isPermanent, "\(error)")
            #expect("\(error)".contains("robots.txt"))
        }
        try await fetcher.shutdown()
        #expect(server.requestedPaths == ["/robots.txt"])
    }

    /// A robots.txt redirect is followed only to http(s): never into a local
    /// Unix socket (`http+unix://`), which the HTTP client would connect to.
    @Test func robotsRedirectOffTheWebIsNotFollowed() async throws {
        let socketPath = FileManager.default.temporaryDirectory.appendingPathComponent("nw-\(UUID().uuidString.prefix(8)).sock").path
        let local = try RawHTTPServer(unixPath: socketPath) { _ in
            Data("HTTP/1.1 200 OK\r\nContent-Length: 25\r\n\r\nUser-agent: *\nDisallow: /\n".utf8)
        }
        defer { local.stop() }
        let encoded = socketPath.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? socketPath
        let routes: [String: SampleSiteServer.Route] = [
            "/robots.txt": { _ in .redirect(to: "http+unix://\(encoded)/robots.txt") },
        ]
        try await TestSite.run(files: ["a.html": Data(html("A").utf8)], routes: routes) { site in
            let outputs = try await site.stage.process(try fetchMessage(FetchRequest(url: site.url("/a.html"))))
            #expect(outputs.count == 1)
        }
        #expect(local.requestedPaths.isEmpty)
    }
}

@Suite struct RobotsCacheBoundTests {
    @Test func leastRecentlyUsedOriginsAreDropped() async throws {
        let cache = RobotsCache(ttlSeconds: 3600, capacity: 10) { _ in .allowAll }
        for i in 0..<10 { _ = try await cache.robots(for: "http://host\(i)") }
        _ = try await cache.robots(for: "http://host0")  // recently used again
        for i in 10..<15 { _ = try await cache.robots(for: "http://host\(i)") }
        let cached = Set(await cache.cachedOrigins)
        #expect(cached.count <= 10)
        #expect(cached.contains("http://host0"))
        #expect(!cached.contains("http://host1"))
        #expect(cached.contains("http://host14"))
    }
}
