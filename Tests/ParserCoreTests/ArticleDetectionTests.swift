import Foundation
import ParserCore
import Shared
import Testing

/// Article detection on the page shapes of today's news sites: a story
/// rendered server-side inside a heavy JavaScript application shell is an
/// article; `needsJavaScript` is kept for shells that serve no prose at all;
/// section fronts stay non-articles however much script they carry.
@Suite struct ArticleDetectionTests {
    let extractor = ArticleExtractor()

    func extract(_ html: String, url: String = "https://news.example.org/2026/05/harbour-plan") -> ParsedArticle {
        extractor.extract(html: Data(html.utf8), url: url)
    }

    /// Application bundles, hydration state and trackers: tens of kilobytes of script.
    func scripts(_ n: Int) -> String {
        let bundle = String(repeating: "self.__chunks.push([[\"c\"],{module:function(e,t,n){n.d(t,{a:function(){return r}})}}]);\n", count: 120)
        let state = #"{"props":{"pageProps":{"id":42,"flags":["a","b","c"],"layout":{"slots":[1,2,3,4,5,6,7,8]}}},"page":"/[section]/[slug]"}"#
        return (0..<n).map { i in
            "<script>\(bundle)</script><script id=\"state-\(i)\" type=\"application/json\">\(state)</script>"
        }.joined()
    }

    /// Sentences of a story, each paragraph its own string.
    let storyParagraphs = (0..<6).map { i in
        "The harbour board said on Tuesday that dredging would begin in April, stage \(i) of a plan agreed last year. "
            + "Fishermen asked how long the channel would stay closed. The board promised a timetable within a month."
    }

    @Test func storyInsideScriptHeavyShellIsAnArticle() {
        // Client-side frameworks render paragraphs as bare divs and spans, between script islands.
        let story = storyParagraphs.map { "<div class=\"c7x\"><span>\($0)</span></div>\(scripts(1))" }.joined()
        let nav = (0..<30).map { "<a href=\"/section-\($0)\">Section \($0)</a>" }.joined()
        let html = "<html><head>\(scripts(4))</head><body><div id=\"app\"><div class=\"k1\">\(nav)</div>"
            + "<div class=\"k2\"><h1>Dredging to begin in April</h1><div class=\"k3\">\(story)</div></div></div>\(scripts(6))</body></html>"
        let article = extract(html)
        #expect(article.outcome == .article)
        #expect(article.paragraphs.filter { storyParagraphs.contains($0) }.count == storyParagraphs.count, "\(article.paragraphs)")
    }

    @Test func storyServedOnlyInStructuredDataIsAnArticle() {
        // The shell renders nothing without JavaScript, but the served page
        // carries the whole story in its JSON-LD `articleBody`.
        let body = storyParagraphs.joined(separator: "\n\n")
        let object: [String: Any] = [
            "@context": "https://schema.org", "@type": "NewsArticle", "headline": "Dredging to begin in April",
            "articleBody": body,
        ]
        let ld = String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        let html = "<html><head><script type=\"application/ld+json\">\(ld)</script>\(scripts(4))</head>"
            + "<body><div id=\"root\"></div>\(scripts(2))</body></html>"
        let article = extract(html)
        #expect(article.outcome == .article)
        #expect(article.paragraphs == storyParagraphs)
    }

    @Test func shellWithoutAnyProseNeedsJavaScript() {
        let ld = #"{"@context":"https://schema.org","@type":"NewsArticle","headline":"Dredging to begin in April"}"#
        let html = "<html><head><script type=\"application/ld+json\">\(ld)</script>\(scripts(4))</head>"
            + "<body><div id=\"root\"><span>Loading</span></div>\(scripts(2))</body></html>"
        #expect(extract(html).outcome == .needsJavaScript)
    }

    @Test func sectionFrontInScriptHeavyShellIsNotAnArticle() {
        // A section front: linked headlines, each over a one- or two-sentence standfirst.
        let cards = (0..<10).map { i in
            "<div class=\"card\"><h3><a href=\"/harbour/story-\(i)\">Harbour works, part \(i): what changes for the ferries</a></h3>"
                + "<div class=\"dek\">The harbour board explained how the works change the ferry timetable for week \(i). "
                + "Passengers should check before they travel.</div><span>2 hours ago</span></div>"
        }.joined()
        let html = "<html><head>\(scripts(4))</head><body><div id=\"app\"><h1>Harbour</h1><div class=\"grid\">\(cards)</div></div>\(scripts(3))</body></html>"
        let article = extract(html, url: "https://news.example.org/harbour/")
        #expect(article.outcome == .notAnArticle)
    }

    @Test func declaredSectionFrontIsNotAnArticle() {
        let ld = #"{"@context":"https://schema.org","@type":"CollectionPage","name":"Harbour"}"#
        let cards = (0..<6).map { i in
            "<article><h2><a href=\"/harbour/story-\(i)\">Harbour works, part \(i): the ferry timetable</a></h2>"
                + "<p>The harbour board explained how the works change the ferry timetable for week \(i). Passengers should check before they travel.</p></article>"
        }.joined()
        let html = "<html><head><script type=\"application/ld+json\">\(ld)</script></head><body><main><h1>Harbour</h1>\(cards)</main></body></html>"
        #expect(extract(html, url: "https://news.example.org/harbour/").outcome == .notAnArticle)
    }
}
