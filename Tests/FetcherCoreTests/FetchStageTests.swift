import Foundation
import SampleSiteCore
import Shared
import Testing
@testable import FetcherCore

@Suite struct FetchStageTests {
    static let rss = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
        <channel>
          <title>Harbour Gazette</title>
          <link>{{BASE_URL}}/</link>
          <atom:link href="{{BASE_URL}}/rss.xml" rel="self" type="application/rss+xml"/>
          <item>
            <title>Port strike ends</title>
            <link>{{BASE_URL}}/news/strike.html?utm_source=rss&amp;utm_medium=feed</link>
            <pubDate>Tue, 03 Mar 2026 14:30:00 +0100</pubDate>
          </item>
          <item>
            <title><![CDATA[Budget <b>vote</b> delayed]]></title>
            <guid isPermaLink="true">{{BASE_URL}}/news/budget.html</guid>
            <dc:date>2026-03-02T09:00:00Z</dc:date>
          </item>
          <item>
            <title>Relative link</title>
            <link>/news/relative.html#comments</link>
          </item>
          <item><title>Listed twice</title><link>{{BASE_URL}}/news/strike.html</link></item>
          <item><title>Local file</title><link>file:///etc/passwd</link></item>
        </channel>
        </rss>
        """

    static let atom = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
          <title>Harbour Gazette (Atom)</title>
          <link rel="self" href="{{BASE_URL}}/atom.xml"/>
          <entry>
            <title>Port strike ends</title>
            <link rel="alternate" type="text/html" href="{{BASE_URL}}/news/strike.html"/>
            <id>tag:gazette,2026:1</id>
            <published>2026-03-03T13:30:00Z</published>
          </entry>
          <entry>
            <title>Ferry timetable</title>
            <link href="{{BASE_URL}}/news/ferry.html"/>
            <id>tag:gazette,2026:2</id>
            <updated>2026-03-04T08:00:00+02:00</updated>
          </entry>
        </feed>
        """

    static let sitemap = """
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
                xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
          <url><loc>{{BASE_URL}}/news/strike.html</loc><lastmod>2026-03-03</lastmod></url>
          <url>
            <loc>{{BASE_URL}}/news/harbour.html</loc>
            <news:news><news:title>Harbour dredging</news:title>
              <news:publication_date>2026-03-01T10:00:00Z</news:publication_date></news:news>
          </url>
        </urlset>
        """

    static let sitemapIndex = """
        <?xml version="1.0" encoding="UTF-8"?>
        <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <sitemap><loc>{{BASE_URL}}/sitemap-news.xml</loc></sitemap>
          <sitemap><loc>{{BASE_URL}}/sitemap-2025.xml</loc></sitemap>
        </sitemapindex>
        """

    static var files: [String: Data] {
        ["rss.xml": Data(rss.utf8), "atom.xml": Data(atom.utf8), "sitemap-news.xml": Data(sitemap.utf8),
         "sitemap.xml": Data(sitemapIndex.utf8), "news/strike.html": Data(html("Port strike ends").utf8)]
    }

    func requests(_ outputs: [StageOutput]) throws -> [(Envelope, FetchRequest)] {
        try outputs.map { ($0.message.envelope, try $0.message.payload(as: FetchRequest.self)) }
    }

    @Test func rssExpandsIntoArticleJobsWithHostKeysAndStableIDs() async throws {
        try await TestSite.run(files: Self.files) { site in
            let input = try fetchMessage(FetchRequest(url: site.url("/rss.xml"), target: .feed))
            let outputs = try await site.stage.process(input)
            #expect(outputs.allSatisfy { $0.queue == QueueName.fetch })
            let jobs = try requests(outputs)
            #expect(jobs.map(\.1.url) == [
                site.url("/news/strike.html"), site.url("/news/budget.html"), site.url("/news/relative.html"),
            ])
            for (envelope, request) in jobs {
                #expect(request.target == .article)
                #expect(envelope.key == "127.0.0.1")
                #expect(envelope.id == MessageID.stable("fetch:" + request.url))
                #expect(envelope.traceID == input.envelope.traceID)
                #expect(envelope.causationID == input.envelope.id)
                #expect(envelope.notBefore == nil)
                #expect(request.source == "Harbour Gazette")
                #expect(request.discoveredFrom == site.url("/rss.xml"))
                #expect(request.depth == 1)
            }
            #expect(jobs[0].1.hintTitle == "Port strike ends")
            #expect(jobs[0].1.hintPublished == "2026-03-03T13:30:00.000Z")
            #expect(jobs[1].1.hintTitle == "Budget <b>vote</b> delayed")
            #expect(jobs[1].1.hintPublished == "2026-03-02T09:00:00.000Z")
        }
    }

    @Test func atomAndRssListingTheSameArticleGiveTheSameJobID() async throws {
        try await TestSite.run(files: Self.files) { site in
            let fromRSS = try requests(try await site.stage.process(
                try fetchMessage(FetchRequest(url: site.url("/rss.xml"), target: .feed))))
            let fromAtom = try requests(try await site.stage.process(
                try fetchMessage(FetchRequest(url: site.url("/atom.xml"), target: .auto))))
            #expect(fromAtom.map(\.1.url) == [site.url("/news/strike.html"), site.url("/news/ferry.html")])
            #expect(fromAtom[0].1.source == "Harbour Gazette (Atom)")
            #expect(fromAtom[1].1.hintPublished == "2026-03-04T06:00:00.000Z")
            #expect(fromAtom[0].0.id == fromRSS[0].0.id)
            #expect(fromAtom[0].0.traceID != fromRSS[0].0.traceID)
        }
    }

    @Test func sitemapIndexExpandsIntoSitemapsThenArticlesWithinDepth() async throws {
        var configuration = FetcherConfiguration.testing
        configuration.maxSitemapDepth = 1
        try await TestSite.run(files: Self.files, configuration: configuration) { site in
            let index = try fetchMessage(FetchRequest(url: site.url("/sitemap.xml"), target: .auto))
            let children = try requests(try await site.stage.process(index))
            #expect(children.map(\.1.url) == [site.url("/sitemap-news.xml"), site.url("/sitemap-2025.xml")])
            #expect(children.allSatisfy { $0.1.target == .sitemap && $0.1.depth == 1 && $0.0.key == "127.0.0.1" })
            // Sitemap jobs are per poll of the index (derived), not global like article ids.
            #expect(children[0].0.id == MessageID.derived(from: index.envelope.id,
                                                          discriminator: "sitemap:" + site.url("/sitemap-news.xml")))

            let child = try Message(envelope: children[0].0, payload: children[0].1)
            let articles = try requests(try await site.stage.process(child))
            #expect(articles.map(\.1.url) == [site.url("/news/strike.html"), site.url("/news/harbour.html")])
            #expect(articles.map(\.1.hintTitle) == [nil, "Harbour dredging"])
            #expect(articles[0].1.hintPublished == "2026-03-03")
            #expect(articles.allSatisfy { $0.1.target == .article && $0.1.depth == 2 })

            // An index met at the depth limit lists nothing further.
            let deep = try fetchMessage(FetchRequest(url: site.url("/sitemap.xml"), target: .sitemap, depth: 1))
            #expect(try await site.stage.process(deep).isEmpty)
        }
    }

    @Test func feedPollReschedulesItselfWithValidatorsAnd304OnlyReschedules() async throws {
        let clock = Date(timeIntervalSince1970: 1_800_000_000)
        try await TestSite.run(files: Self.files) { site in
            let stage = FetchStage(fetcher: site.fetcher, producer: "test", now: { clock })
            let poll = FetchRequest(url: site.url("/rss.xml"), target: .feed, source: "Gazette", pollIntervalSeconds: 600)
            let slot = clock.addingTimeInterval(-30)
            let first = try fetchMessage(poll, notBefore: slot)
            let outputs = try await stage.process(first)
            #expect(outputs.count == 4)
            let (nextEnvelope, next) = try #require(try requests(outputs).last)
            #expect(next.url == poll.url)
            #expect(next.target == .feed)
            #expect(next.pollIntervalSeconds == 600)
            #expect(next.etag != nil)
            #expect(next.lastModified != nil)
            #expect(nextEnvelope.notBefore == slot.addingTimeInterval(600))
            #expect(nextEnvelope.key == "127.0.0.1")
            #expect(nextEnvelope.id == MessageID.stable(
                "poll:" + poll.url + "@" + WireJSON.formatDate(slot.addingTimeInterval(600))))

            // Running the same job again schedules the same poll (same id), so the broker keeps one.
            let again = try await stage.process(first)
            #expect(again.last?.message.envelope.id == nextEnvelope.id)

            // The next poll sends the validators, gets 304, and only reschedules.
            let second = try Message(envelope: nextEnvelope, payload: next)
            let afterNotModified = try requests(try await stage.process(second))
            #expect(afterNotModified.count == 1)
            #expect(afterNotModified[0].1.etag == next.etag)
            #expect(afterNotModified[0].0.notBefore == slot.addingTimeInterval(1200))
            #expect(site.server.requests.last?.headers["if-none-match"] == next.etag)
        }
    }

    @Test func latePollIsScheduledAfterNowNotInThePast() async throws {
        let clock = Date(timeIntervalSince1970: 1_800_000_000)
        try await TestSite.run(files: Self.files) { site in
            let stage = FetchStage(fetcher: site.fetcher, producer: "test", now: { clock })
            let poll = FetchRequest(url: site.url("/atom.xml"), target: .feed, pollIntervalSeconds: 60)
            // Due an hour ago (the fetcher was down): the next slot is the first one after now.
            let outputs = try await stage.process(try fetchMessage(poll, notBefore: clock.addingTimeInterval(-3600)))
            let notBefore = try #require(outputs.last?.message.envelope.notBefore)
            #expect(notBefore > clock)
            #expect(notBefore <= clock.addingTimeInterval(60))
        }
    }

    @Test func autoTargetSendsHTMLToTheParser() async throws {
        try await TestSite.run(files: Self.files) { site in
            let input = try fetchMessage(FetchRequest(
                url: site.url("/news/strike.html"), target: .auto, source: "Gazette", hintTitle: "Port strike ends"))
            let outputs = try await site.stage.process(input)
            #expect(outputs.count == 1)
            #expect(outputs[0].queue == QueueName.parse)
            let envelope = outputs[0].message.envelope
            #expect(envelope.kind == .fetchedPage)
            #expect(envelope.id == input.envelope.derived(kind: .fetchedPage, index: 0, producer: "test").id)
            #expect(envelope.traceID == input.envelope.traceID)
            let page = try outputs[0].message.payload(as: FetchedPage.self)
            #expect(page.status == 200)
            #expect(page.source == "Gazette")
            #expect(page.hintTitle == "Port strike ends")
            #expect(page.sourceCharset == "UTF-8")
            #expect(page.headers["etag"] != nil)
            #expect(String(decoding: page.body, as: UTF8.self) == html("Port strike ends"))
            // HTML asked for as a feed is a permanent failure, not a retry loop.
            do {
                _ = try await site.stage.process(try fetchMessage(FetchRequest(url: page.finalURL, target: .feed)))
                Issue.record("HTML is not a feed")
            } catch let error as StageError {
                #expect(error.isPermanent)
            }
        }
    }

    @Test func fileURLsWorkOffline() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nw-offline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let article = directory.appendingPathComponent("story.html")
        let ru = html("Новости", body: "<p>\(PageFetcherTests.russian)</p>", head: "<meta charset=windows-1251>")
        try encode(ru, as: "WINDOWS-1251").write(to: article)
        let feed = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Offline</title>
            <item><title>Story</title><link>\(article.absoluteString)</link></item>
            <item><title>Web</title><link>https://example.org/a</link></item>
            </channel></rss>
            """
        let feedFile = directory.appendingPathComponent("feed.rss")
        try Data(feed.utf8).write(to: feedFile)

        let fetcher = PageFetcher(configuration: FetcherConfiguration(allowPrivateAddresses: false, fileRoot: directory.path))
        let stage = FetchStage(fetcher: fetcher, producer: "test")
        let jobs = try requests(try await stage.process(try fetchMessage(
            FetchRequest(url: feedFile.absoluteString, target: .auto))))
        #expect(jobs.map(\.1.url) == [article.absoluteString, "https://example.org/a"])
        #expect(jobs.map(\.0.key) == ["file", "example.org"])

        let outputs = try await stage.process(try Message(envelope: jobs[0].0, payload: jobs[0].1))
        let page = try #require(try outputs.first?.message.payload(as: FetchedPage.self))
        #expect(page.sourceCharset == "windows-1251")
        #expect(String(decoding: page.body, as: UTF8.self) == ru)

        // A conditional re-read of an unchanged file is a 304.
        let lastModified = try #require(page.headers["last-modified"])
        #expect(try await fetcher.fetch(article.absoluteString, lastModified: lastModified).isNotModified)
        await #expect(throws: FetchError.fileNotFound(directory.path + "/missing.html")) {
            try await fetcher.fetch(directory.appendingPathComponent("missing.html").absoluteString)
        }
        try await fetcher.shutdown()
    }

    @Test func rejectsMessagesThatAreNotFetchRequests() async throws {
        let fetcher = PageFetcher(configuration: .testing)
        let stage = FetchStage(fetcher: fetcher)
        let message = try Message(envelope: .new(kind: .raw, producer: "test"), payload: RawPayload(body: Data()))
        do {
            _ = try await stage.process(message)
            Issue.record("should fail")
        } catch let error as StageError {
            #expect(error.isPermanent)
        }
        try await fetcher.shutdown()
    }
}
