import Foundation
import ParserCore
import Testing

/// Script and style bodies are emptied before parsing: what the extractor
/// reads from the rest of the page must not change.
@Suite struct RawTextFilterTests {
    let extractor = ArticleExtractor()
    let story = (0..<4).map { i in
        "<p>The ferry company said on Monday that crossing \(i) would run twice a day from May. "
            + "Passengers welcomed the news, and the harbour board promised new shelters.</p>"
    }.joined()

    @Test func commentedOutScriptTagDoesNotSwallowTheStory() {
        let html = "<html><body><!-- <script> old tracker --><article>\(story)</article><style>p{color:red}</style></body></html>"
        let article = extractor.extract(html: Data(html.utf8), url: "https://news.example.org/ferry")
        #expect(article.outcome == .article)
        #expect(article.paragraphs.count == 4)
    }

    @Test func scriptTextNeverReachesTheBodyAndJSONLDIsStillRead() {
        let ld = #"{"@context":"https://schema.org","@type":"NewsArticle","headline":"Ferries twice a day","author":{"@type":"Person","name":"Ana Lima"}}"#
        let html = "<html><head><SCRIPT type='text/javascript'>var s = '<p>not story text</p>';</SCRIPT>"
            + "<script type=\"application/ld+json\">\(ld)</script></head><body><article>\(story)</article>"
            + "<script>document.write('</div>');</script></body></html>"
        let article = extractor.extract(html: Data(html.utf8), url: "https://news.example.org/ferry")
        #expect(article.title == "Ferries twice a day")
        #expect(article.authors == ["Ana Lima"])
        #expect(!article.paragraphs.joined().contains("not story text"))
        #expect(!article.paragraphs.joined().contains("document.write"))
    }
}
