import Foundation
import ParserCore
import Shared
import Testing

/// Pages with plenty of text that are not stories (listings, archives, static
/// pages) against stories that look a little like them; and titles that carry
/// the site's name in front.
@Suite struct PageTypeTests {
    let extractor = ArticleExtractor()

    func extract(_ html: String, url: String = "https://news.example.org/page") -> ParsedArticle {
        extractor.extract(html: Data(html.utf8), url: url)
    }

    /// Story paragraphs with several sentences each.
    func prose(_ n: Int, topic: String = "the harbour") -> String {
        (0..<n).map { i in
            "<p>Officials said on Tuesday that work on \(topic) would start in the spring, part \(i) of a plan agreed last year. "
                + "Residents asked for more detail. The council said a full report would follow in June.</p>"
        }.joined()
    }

    /// Teaser cards: a linked headline, then a one-sentence standfirst.
    func teasers(_ n: Int, wrapper: String = "article") -> String {
        (0..<n).map { i in
            "<\(wrapper) class=\"item\"><h2><a href=\"/story-\(i)\">Headline number \(i) about the council budget vote</a></h2>"
                + "<p>The council voted on the budget for schools, roads and parks in a long meeting on Monday night, story \(i). "
                + "Opponents said the plan cuts too deep. The mayor said the vote keeps the city's books balanced for another year.</p></\(wrapper)>"
        }.joined()
    }

    @Test func declaredArticleWithLittleProseStaysAnArticle() {
        let ld = #"{"@context":"https://schema.org","@type":"NewsArticle","headline":"Results"}"#
        let rows = (0..<20).map { "<tr><td>Swimmer \($0)</td><td>1:0\($0 % 10).4\($0 % 7)</td></tr>" }.joined()
        let html = "<html><head><script type=\"application/ld+json\">\(ld)</script></head><body><article><h1>Results</h1><table>\(rows)</table></article></body></html>"
        #expect(extract(html).outcome == .article)
    }

    @Test func collectionPageOfTeasersIsNotAnArticle() {
        let ld = #"{"@context":"https://schema.org","@type":"CollectionPage","name":"Local news"}"#
        let html = "<html><head><script type=\"application/ld+json\">\(ld)</script></head><body><main><h1>Local news</h1>\(teasers(6, wrapper: "div"))</main></body></html>"
        #expect(extract(html).outcome == .notAnArticle)
    }

    @Test func wordPressArchiveIsNotAnArticleEvenWithFullPosts() {
        // Some blogs print whole posts on archive pages: prose, but several stories.
        let posts = (0..<3).map { i in
            "<article class=\"post\"><h2 class=\"entry-title\"><a href=\"/2024/05/post-\(i)/\">A full post number \(i) printed on the archive</a></h2>\(prose(3))</article>"
        }.joined()
        let html = "<html><head><meta property=\"og:type\" content=\"website\"></head><body class=\"archive category category-news\"><main>\(posts)</main></body></html>"
        #expect(extract(html).outcome == .notAnArticle)
    }

    @Test func wordPressSinglePostWithRelatedTeasersStaysAnArticle() {
        let html = "<html><body class=\"post-template-default single single-post postid-42\"><main><article><h1>The harbour plan</h1><div class=\"entry-content\">\(prose(2))</div></article><section>\(teasers(4))</section></main></body></html>"
        #expect(extract(html).outcome == .article)
    }

    @Test func undeclaredListingOfTeasersWithSentencesIsNotAnArticle() {
        let html = "<html><body><div id=\"content\"><h1>Latest</h1>\(teasers(8))</div></body></html>"
        #expect(extract(html).outcome == .notAnArticle)
    }

    @Test func undeclaredStoryWithRelatedHeadlinesStaysAnArticle() {
        let html = "<html><body><div id=\"content\"><h1>The harbour plan</h1>\(prose(6))</div><div class=\"more\">\(teasers(3))</div></body></html>"
        #expect(extract(html).outcome == .article)
    }

    @Test func undeclaredStoryEndingInARunOfLinkedHeadlinesStaysAnArticle() {
        let related = (0..<5).map { "<h3><a href=\"/other-\($0)\">Another story number \($0) about the harbour works</a></h3>" }.joined()
        let html = "<html><body><div id=\"content\"><h1>The harbour plan</h1>\(prose(4))\(related)</div></body></html>"
        #expect(extract(html).outcome == .article)
    }

    @Test func excerptsEndingInEllipsesAreNotProse() {
        let items = (0..<4).map { i in
            "<div class=\"item\"><h3>Item \(i)</h3><p>Officials said on Tuesday that work on the harbour would start in the spring, part of a plan agreed last year after a long, heated debate about the&hellip;</p></div>"
        }.joined()
        let html = "<html><body><div id=\"list\">\(items)</div></body></html>"
        #expect(extract(html).outcome == .notAnArticle)
    }

    @Test func aboutPageIsNotAnArticleEvenWithProse() {
        let ld = #"{"@context":"https://schema.org","@type":"AboutPage","name":"About us"}"#
        let html = "<html><head><script type=\"application/ld+json\">\(ld)</script></head><body><main><h1>About us</h1>\(prose(4, topic: "our newsroom"))</main></body></html>"
        #expect(extract(html).outcome == .notAnArticle)
    }

    @Test func contactPageOfShortLinesIsNotAnArticle() {
        let lines = ["Phone: +1 555 0100 0000", "Email: newsroom@news.example.org", "Address: 12 Harbour Road, Suite 5, Portland, OR 97201",
                     "Editor: Dana Whitcombe, editor in chief", "Tips line open from 9am to 6pm on weekdays", "Corrections: corrections@news.example.org"]
        let html = "<html><head><meta property=\"og:type\" content=\"website\"></head><body><div class=\"container\"><h1>Contact</h1><ul>"
            + lines.map { "<li>\($0)</li>" }.joined() + "</ul></div></body></html>"
        #expect(extract(html).outcome == .notAnArticle)
    }

    @Test func siteNamePrefixIsStrippedWhenThePageShowsTheHeadline() {
        let html = "<html><head><title>Riverside Times - Bridge reopens after two years of repairs</title></head><body><table><tr><td>"
            + "<font size=\"5\"><b>Bridge reopens after two years of repairs</b></font>\(prose(3, topic: "the bridge"))</td></tr></table></body></html>"
        let article = extract(html)
        #expect(article.outcome == .article)
        #expect(article.title == "Bridge reopens after two years of repairs")
        #expect(article.siteName == "Riverside Times")
        #expect(article.paragraphs.first?.hasPrefix("Officials said on Tuesday") == true)
    }

    @Test func siteNameSuffixStillWinsWithoutAHeadlineLine() {
        let html = "<html><head><title>Bridge reopens after two years of repairs | Riverside Times</title></head><body><div>\(prose(3))</div></body></html>"
        #expect(extract(html).title == "Bridge reopens after two years of repairs")
    }

    @Test func leadingSectionLabelAndDateLineAreNotTheFirstParagraph() {
        let ld = #"{"@context":"https://schema.org","@type":"NewsArticle","headline":"Bridge reopens","articleSection":"Transport"}"#
        let html = "<html><head><script type=\"application/ld+json\">\(ld)</script></head><body><article><div class=\"label\">Transport</div><h1>Bridge reopens</h1>"
            + "<div class=\"info\">12.03.2024 | Author: Dana Whitcombe</div>\(prose(3))</article></body></html>"
        let article = extract(html)
        #expect(article.paragraphs.first?.hasPrefix("Officials said on Tuesday") == true)
        #expect(article.paragraphs.count == 3)
    }

    @Test func shortLineWithoutADateStaysInTheBody() {
        // A short opening line that is neither a label nor a date is story text.
        let html = "<html><body><article><h1>Bridge reopens</h1><p>It is finally open</p>\(prose(3))</article></body></html>"
        #expect(extract(html).paragraphs.first == "It is finally open")
    }
}
