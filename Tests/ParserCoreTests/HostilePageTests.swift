import Foundation
@testable import ParserCore
import Shared
import TestSupport
import Testing

/// Pages built to hurt the parser (issue 12): they must come out as typed
/// results, never crash the stage or take over another site's storage key.
@Suite struct HostilePageTests {
    let extractor = ArticleExtractor()

    /// `<html><body>` + `<div>` x 200,000 + `x`: recursive walks and releases of
    /// a tree that deep overflow the stack; the builder caps the nesting.
    @Test func deeplyNestedDivsDoNotCrash() {
        var html = "<html><body>"
        html += String(repeating: "<div>", count: 200_000)
        html += "x"
        let data = Data(html.utf8)
        let document = HTMLTreeBuilder.parse(data)
        #expect(document != nil)
        var depth = 0
        var deepest = document?.root
        while let e = deepest, let child = e.children.lazy.compactMap({ node -> Element? in
            if case .element(let x) = node { return x }
            return nil
        }).first {
            depth += 1
            deepest = child
        }
        #expect(depth < HTMLTreeBuilder.maxDepth)
        #expect(document?.root.text == "x")
        let article = extractor.extract(html: data, url: "https://example.org/deep")
        #expect(article.outcome == .notAnArticle)
    }

    /// Text below the cap is kept, in order, with block boundaries as spaces.
    @Test func textBelowTheNestingCapIsKept() {
        let depth = HTMLTreeBuilder.maxDepth + 50
        var html = "<html><body>"
        for i in 0..<depth { html += "<div>w\(i)" }
        html += String(repeating: "</div>", count: depth) + "<p>after</p></body></html>"
        guard let document = HTMLTreeBuilder.parse(Data(html.utf8)) else {
            Issue.record("no document")
            return
        }
        let words = document.root.text.split(separator: " ").map(String.init)
        #expect(words == (0..<depth).map { "w\($0)" } + ["after"])
    }

    static let story = (1...4).map {
        "<p>Story paragraph \($0): the council met on Tuesday and agreed, after a long debate, to spend more on schools and roads next year.</p>"
    }.joined()

    func article(head: String, url: String) -> ParsedArticle {
        let html = "<html><head>\(head)</head><body><h1>Headline</h1>\(Self.story)</body></html>"
        return extractor.extract(html: Data(html.utf8), url: url)
    }

    @Test func canonicalURLOnAnotherSiteIsIgnored() {
        let url = "https://evil.example/story"
        let hostile = article(
            head: "<link rel=\"canonical\" href=\"https://www.reuters.com/world/story\">"
                + "<meta property=\"og:url\" content=\"https://reuters.com/world/story\">",
            url: url)
        #expect(hostile.canonicalURL == nil)
        #expect(hostile.storageKey == url)
        // A foreign canonical link does not hide a same-site og:url.
        let mixed = article(
            head: "<link rel=\"canonical\" href=\"https://other.example/a\">"
                + "<meta property=\"og:url\" content=\"https://evil.example/story?ref=1\">",
            url: url)
        #expect(mixed.canonicalURL == "https://evil.example/story?ref=1")
    }

    @Test func canonicalURLOnTheSameSiteIsKept() {
        let sub = article(
            head: "<link rel=\"canonical\" href=\"https://www.example.co.uk/news/a\">",
            url: "https://m.example.co.uk/news/a?amp=1")
        #expect(sub.canonicalURL == "https://www.example.co.uk/news/a")
        let relative = article(head: "<link rel=\"canonical\" href=\"/news/a\">", url: "https://example.org/news/a?x=1")
        #expect(relative.canonicalURL == "https://example.org/news/a")
        // Two registrants under one country-code second level are different sites.
        let cousin = article(
            head: "<link rel=\"canonical\" href=\"https://bbc.co.uk/news/a\">", url: "https://evil.co.uk/news/a")
        #expect(cousin.canonicalURL == nil)
        #expect(SameSite.registrableDomain("news.bbc.co.uk") == "bbc.co.uk")
        #expect(SameSite.registrableDomain("www.reuters.com") == "reuters.com")
        #expect(!SameSite.isSameSite("javascript:alert(1)", as: "https://example.org/"))
    }
}

/// Inputs the fuzzer found (Fuzz/crashes): each once crashed the parser.
@Suite struct FuzzFindingTests {
    /// A run of digits longer than an Int overflowed the lead's date-line check.
    @Test func longDigitRunInTheLead() {
        let digits = String(repeating: "9", count: 40)
        let story = (1...4).map { "<p>Paragraph \($0) of the story, long enough to be an article's prose, with commas.</p>" }
        let html = "<html><body><h1>Title</h1><p>\(digits)</p><p>\(digits)-\(digits)</p>\(story.joined())</body></html>"
        let article = ArticleExtractor().extract(html: Data(html.utf8), url: "https://example.org/a")
        #expect(article.outcome == .article)
        #expect(LeadAnalyzer.hasNumericDate("29.08.2025"))
        #expect(!LeadAnalyzer.hasNumericDate(digits + "." + digits + "." + digits))
    }

    /// Every saved html-extraction input, replayed the way the target reads
    /// it (the first byte picks the Content-Type), extracts without a trap.
    @Test(arguments: FuzzReproducers.names("html-extraction"))
    func savedInputNoLongerTraps(name: String) throws {
        let input = try FuzzReproducers.input("html-extraction", name)
        let contentTypes: [String?] = [
            nil, "text/html", "text/html; charset=utf-8", "text/html; charset=windows-1252",
            "text/html; charset=iso-8859-1", "text/html; charset=shift_jis", "text/html; charset=utf-16",
            "application/xhtml+xml",
        ]
        let contentType = contentTypes[Int(input.first ?? 0) % contentTypes.count]
        let url = "https://example.org/news/2019/08/02/story"
        let article = ArticleExtractor().extract(html: Data(input.dropFirst()), url: url, contentType: contentType)
        #expect(article.url == url)
    }
}
