import Foundation
import ParserCore
import Testing

/// Pages that are not readable articles get typed outcomes, never empty articles.
@Suite struct OutcomeTests {
    let extractor = ArticleExtractor()

    func paragraphs(_ n: Int) -> String {
        (0..<n).map { i in
            "<p>Paragraph \(i) of the story tells readers what happened in the city council, who spoke, "
                + "and what the new budget means for schools, roads and the people who use them every day.</p>"
        }.joined()
    }

    @Test func emptyPageIsNotAnArticle() {
        for html in ["", "<html></html>", "<html><body>   </body></html>", "   \n  "] {
            let article = extractor.extract(html: Data(html.utf8), url: "https://example.org/")
            #expect(article.outcome == .notAnArticle, "\(html.debugDescription)")
        }
    }

    @Test func indexPageOfLinksIsNotAnArticle() {
        let links = (0..<40).map { "<li><a href=\"/story-\($0)\">Headline number \($0) about the news of the day</a></li>" }
        let html = "<html><body><nav><ul>\(links.joined())</ul></nav><div class=\"list\"><ul>\(links.joined())</ul></div></body></html>"
        let article = extractor.extract(html: Data(html.utf8), url: "https://example.org/")
        #expect(article.outcome == .notAnArticle)
    }

    @Test func scriptOnlyPageNeedsJavaScript() {
        let script = String(repeating: "window.__APP__.push({component: 'Article', props: {id: 42}});\n", count: 200)
        let html = "<html><head><script src=\"/app.js\"></script></head><body><div id=\"root\"></div><script>\(script)</script><noscript>Please enable JavaScript.</noscript></body></html>"
        let article = extractor.extract(html: Data(html.utf8), url: "https://example.org/app")
        #expect(article.outcome == .needsJavaScript)
    }

    @Test func binaryIsNotHTML() {
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data((0..<512).map { UInt8($0 % 256) })
        #expect(extractor.extract(html: png, url: "https://example.org/a.png").outcome == .notHTML)
        let noise = Data((0..<2048).map { UInt8(($0 * 7919) % 256) })
        #expect(extractor.extract(html: noise, url: "https://example.org/blob").outcome == .notHTML)
        let html = Data("<html><body>\(paragraphs(5))</body></html>".utf8)
        #expect(extractor.extract(html: html, url: "https://example.org/x", contentType: "image/png").outcome == .notHTML)
        #expect(extractor.extract(html: html, url: "https://example.org/x", contentType: "text/html").outcome == .article)
    }

    @Test func hugePageIsTooLargeWithoutParsing() {
        let small = ArticleExtractor(maxBytes: 10_000)
        let html = Data("<html><body><article>\(paragraphs(100))</article></body></html>".utf8)
        #expect(html.count > 10_000)
        #expect(small.extract(html: html, url: "https://example.org/big").outcome == .tooLarge)
        #expect(ArticleExtractor().extract(html: html, url: "https://example.org/big").outcome == .article)
    }

    @Test func paywallStubIsPaywalled() {
        let ld = #"{"@context":"https://schema.org","@type":"NewsArticle","headline":"Locked","isAccessibleForFree":false}"#
        let html = "<html><head><script type=\"application/ld+json\">\(ld)</script></head><body><article><h1>Locked</h1><p>The first lines of the story are free to read for everyone.</p><div class=\"paywall\">Subscribe to read the rest.</div></article></body></html>"
        let article = extractor.extract(html: Data(html.utf8), url: "https://example.org/locked")
        #expect(article.outcome == .paywalled)
        #expect(article.title == "Locked")
    }

    @Test func brokenMarkupStillYieldsTheStory() {
        let html = "<html><body><div class=content><p>First paragraph of the story, with enough words to count as real text for a reader.<p>Second paragraph <b>bold <i>and italic</b> text</i> continues the story with more detail.<p>Third one, unclosed, talks about the council budget and the new schools that open next year.</div></table></span>"
        let article = extractor.extract(html: Data(html.utf8), url: "https://example.org/broken")
        #expect(article.outcome == .article)
        #expect(article.paragraphs.count == 3)
        #expect(article.paragraphs[1] == "Second paragraph bold and italic text continues the story with more detail.")
    }
}
