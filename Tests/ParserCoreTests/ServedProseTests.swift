import Foundation
@testable import ParserCore
import Shared
import Testing

/// Pages whose story is served but not where a plain reading of the markup
/// looks: streamed into hidden elements, shipped inside script strings,
/// declared in a charset the bytes no longer use, or wrapped in a layout box
/// whose class borrows the boilerplate vocabulary. Each is an article.
@Suite struct ServedProseTests {
    let extractor = ArticleExtractor()
    let url = "https://news.example.org/2026/05/harbour-plan"

    let storyParagraphs = (0..<5).map { i in
        "The harbour board said on Tuesday that dredging would begin in April, stage \(i) of a plan agreed last year. "
            + "Fishermen asked how long the channel would stay closed."
    }

    var shellScripts: String {
        String(repeating: "<script>self.__chunks.push([\"c\",{m:function(e,t){return t}}]);</script>", count: 200)
    }

    @Test func storyStreamedIntoHiddenElementIsAnArticle() {
        let story = storyParagraphs.map { "<p>\($0)</p>" }.joined()
        let html = "<html><body><div id=\"app\">Loading</div>\(shellScripts)"
            + "<div hidden id=\"chunk-1\"><article><h1>Dredging to begin</h1>\(story)</article></div></body></html>"
        let article = extractor.extract(html: Data(html.utf8), url: url)
        #expect(article.outcome == .article)
        #expect(article.paragraphs.filter { storyParagraphs.contains($0) }.count == storyParagraphs.count)
    }

    @Test func hiddenBoxesStayOutOfAVisibleStory() {
        let story = storyParagraphs.map { "<p>\($0)</p>" }.joined()
        let html = "<html><body><article>\(story)</article>"
            + "<div hidden><p>A hidden survey asks readers, at length, what they think of the new layout today.</p></div></body></html>"
        let article = extractor.extract(html: Data(html.utf8), url: url)
        #expect(article.outcome == .article)
        #expect(!article.paragraphs.contains { $0.contains("survey") })
    }

    @Test func storyInsideScriptStringIsAnArticle() throws {
        // Hydration state: the story's HTML as a JSON string value, escaped once.
        let markup = storyParagraphs.map { "<p class=\"body-p\">\($0)</p>" }.joined(separator: "<div class=\"ad-slot\"></div>")
        let state = try JSONSerialization.data(withJSONObject: ["article": ["id": 7, "html": markup]])
        let escaped = String(decoding: state, as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
            .replacingOccurrences(of: ">", with: "\\u003e")
        let html = "<html><body><div id=\"root\"></div>\(shellScripts)<script>window.__STATE__ = \(escaped);</script></body></html>"
        let article = extractor.extract(html: Data(html.utf8), url: url)
        #expect(article.outcome == .article)
        #expect(article.paragraphs == storyParagraphs, "\(article.paragraphs)")
    }

    @Test func storyInsideStringInsideStringIsFound() throws {
        // A streamed payload: a JS string whose content is JSON holding the HTML.
        let markup = storyParagraphs.map { "<p>\($0)</p>" }.joined()
        let inner = String(decoding: try JSONSerialization.data(withJSONObject: ["html": markup]), as: UTF8.self)
        let outer = String(decoding: try JSONSerialization.data(withJSONObject: [inner]), as: UTF8.self)
        let html = "<html><body><main></main>\(shellScripts)<script>self.__push(\(outer))</script></body></html>"
        let paragraphs = ScriptEmbeddedHTML.paragraphs(in: Data(html.utf8))
        #expect(paragraphs == storyParagraphs, "\(paragraphs)")
    }

    @Test func scriptWithoutMarkupGivesNothing() {
        let html = "<html><body>\(shellScripts)<script>var s = \"<p>short</p>\";</script></body></html>"
        #expect(ScriptEmbeddedHTML.paragraphs(in: Data(html.utf8)).isEmpty)
    }

    @Test func utf8BytesOutweighAStaleMetaCharset() {
        let story = (0..<4).map { "<p>港口管理局周二表示，疏浚工程将于四月开始，这是去年商定计划的第\($0)阶段。渔民们询问航道将关闭多久。</p>" }.joined()
        let html = "<html><head><meta http-equiv=\"content-type\" content=\"text/html;charset=GB2312\"></head>"
            + "<body><article>\(story)</article></body></html>"
        let article = extractor.extract(html: Data(html.utf8), url: url)
        #expect(article.outcome == .article)
        #expect(article.paragraphs.first?.hasPrefix("港口管理局周二表示") == true, "\(article.paragraphs)")
        // The fetcher and the parser detect alike (Shared's TextDecoding)...
        #expect(TextDecoding.detect(Data(html.utf8), contentType: "text/html").charset == "UTF-8")
        // ...and a charset said about these very bytes by the server is still obeyed.
        #expect(TextDecoding.detect(Data(html.utf8), contentType: "text/html; charset=GB2312").source == .contentType)
    }

    @Test func layoutBoxNamedLikeASidebarKeepsTheStory() {
        // A story split into chunks, each framed by a layout box whose class says "sidebar".
        let first = storyParagraphs.prefix(3).map { "<p>\($0) <a href=\"/a\">More on the plan</a></p>" }.joined()
        let second = storyParagraphs.suffix(2).map { "<p>\($0)</p>" }.joined()
        let html = "<html><body><main><article><div class=\"sidebar-layout\">"
            + "<div class=\"sidebar-layout__inner\"><div class=\"article-body\">\(first)</div></div>"
            + "<div class=\"sidebar-layout__inner\"><div class=\"article-body\">\(second)</div></div>"
            + "</div></article></main></body></html>"
        let article = extractor.extract(html: Data(html.utf8), url: url)
        #expect(article.outcome == .article)
        #expect(article.paragraphs.count == storyParagraphs.count, "\(article.paragraphs)")
    }

    @Test func paywallMarkedParagraphsAreStoryText() {
        let story = storyParagraphs.enumerated().map { i, p in i < 2 ? "<p>\(p)</p>" : "<p class=\"paywall\">\(p)</p>" }.joined()
        let html = "<html><body><article><div class=\"story-body\">\(story)</div></article></body></html>"
        let article = extractor.extract(html: Data(html.utf8), url: url)
        #expect(article.paragraphs == storyParagraphs, "\(article.paragraphs)")
    }

    @Test func structuredBodyCompletesATruncatedStory() throws {
        // The page renders the opening; JSON-LD carries the whole story.
        let ld = String(decoding: try JSONSerialization.data(withJSONObject: [
            "@context": "https://schema.org", "@type": "NewsArticle",
            "articleBody": storyParagraphs.joined(separator: "\n\n"),
        ]), as: UTF8.self)
        let shown = storyParagraphs.prefix(2).map { "<p>\($0)</p>" }.joined()
        let html = "<html><head><script type=\"application/ld+json\">\(ld)</script></head>"
            + "<body><article>\(shown)<div class=\"meter\">Subscribe to read on</div></article></body></html>"
        #expect(extractor.extract(html: Data(html.utf8), url: url).paragraphs == storyParagraphs)
        // A structured body that does not open with the shown text is another text: not taken.
        #expect(!ArticleExtractor.structuredBodyCompletes(
            Array(storyParagraphs.prefix(1)),
            structured: (0..<6).map { "Another story, line \($0): the council will meet again next week on the budget." }))
    }

    @Test func linkWrappedInSpanInsideASentenceIsKept() {
        let lead = "<p>The teardown is done, and <span><a href=\"https://lab.example/t\">the results are in</a></span>. "
            + "The new laptop is a lot like the old one, save for a few features the makers brought back.</p>"
        let story = storyParagraphs.map { "<p>\($0)</p>" }.joined()
        let share = "<div class=\"tools\"><span><a href=\"/s\">Share this story</a></span><span><a href=\"/t\">Post it</a></span></div>"
        let html = "<html><body><article>\(lead)\(share)\(story)</article></body></html>"
        let article = extractor.extract(html: Data(html.utf8), url: url)
        #expect(article.paragraphs.first?.hasPrefix("The teardown is done, and the results are in.") == true, "\(article.paragraphs)")
        #expect(!article.paragraphs.contains { $0.contains("Share this story") })
    }

    @Test func scriptFullOfTagLikeComparisonsIsScannedInLinearTime() {
        // No string literal anywhere, a paragraph-tag look-alike every few bytes.
        let code = String(repeating: "if (a<p b) { x = y; } ", count: 100_000)
        let html = "<html><body><div>Loading</div><script>\(code)</script></body></html>"
        let clock = ContinuousClock()
        let elapsed = clock.measure { #expect(ScriptEmbeddedHTML.paragraphs(in: Data(html.utf8)).isEmpty) }
        #expect(elapsed < .seconds(5), "\(elapsed)")
    }
}
