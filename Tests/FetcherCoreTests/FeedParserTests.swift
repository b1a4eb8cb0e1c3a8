import Foundation
import Testing
@testable import FetcherCore

@Suite struct FeedParserTests {
    @Test func readsRSS1RDF() throws {
        let rdf = """
            <?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                     xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="http://news.example/"><title>RDF News</title></channel>
              <item rdf:about="http://news.example/1"><title>One</title><link>http://news.example/1</link>
                <dc:date>2026-01-02T03:04:05Z</dc:date></item>
            </rdf:RDF>
            """
        let document = try FeedParser.parse(Data(rdf.utf8), baseURL: "http://news.example/rss")
        #expect(document.kind == .rss)
        #expect(document.title == "RDF News")
        #expect(document.entries == [.init(url: "http://news.example/1", title: "One",
                                           published: "2026-01-02T03:04:05.000Z")])
    }

    @Test func survivesUndefinedHTMLEntities() throws {
        let broken = """
            <rss><channel><title>T</title>
            <item><title>Good</title><link>http://news.example/good</link></item>
            <item><title>Bad &nbsp; entity</title><link>http://news.example/bad</link></item>
            </channel></rss>
            """
        let document = try FeedParser.parse(Data(broken.utf8), baseURL: "http://news.example/rss")
        // libxml2 reports the undefined entity and goes on, so no entry is lost.
        #expect(document.entries.map(\.url) == ["http://news.example/good", "http://news.example/bad"])
    }

    @Test func declarationClaimingAnotherCharsetIsRewritten() throws {
        // The fetcher hands over UTF-8; the declaration still says windows-1251.
        let feed = #"<?xml version="1.0" encoding="windows-1251"?><rss><channel><title>Вести</title>"#
            + #"<item><title>Мост</title><link>http://vestnik.example/most</link></item></channel></rss>"#
        let document = try FeedParser.parse(Data(feed.utf8), baseURL: "http://vestnik.example/rss")
        #expect(document.title == "Вести")
        #expect(document.entries.first?.title == "Мост")
    }

    @Test func htmlIsNotAFeed() {
        #expect(!FeedParser.looksLikeFeed(Data("<!DOCTYPE html><!-- x --><html><body></body></html>".utf8)))
        #expect(FeedParser.looksLikeFeed(Data("<?xml version='1.0'?>\n<!-- gen --><feed xmlns='x'/>".utf8)))
        #expect(throws: FetchError.self) {
            try FeedParser.parse(Data("<html><body>hi</body></html>".utf8), baseURL: "http://x/")
        }
    }
}
