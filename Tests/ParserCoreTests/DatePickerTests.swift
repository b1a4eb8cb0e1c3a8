import Foundation
@testable import ParserCore
import Shared
import Testing

/// The publication day of whole pages: metadata, URL, then what the page shows.
@Suite struct DatePickerTests {
    let extractor = ArticleExtractor()

    static let story = (1...4).map {
        "<p>Story paragraph \($0): the council met on Tuesday and agreed, after a long debate, to spend more on schools and roads next year.</p>"
    }.joined()

    func article(lang: String = "en", head: String = "", body: String, url: String = "https://example.org/news/story")
        -> ParsedArticle
    {
        let html = "<html lang=\"\(lang)\"><head>\(head)</head><body>\(body)</body></html>"
        return extractor.extract(html: Data(html.utf8), url: url)
    }

    @Test func metadataComesFirst() {
        let a = article(
            head: "<meta property=\"article:published_time\" content=\"2020-05-01T10:00:00+02:00\">",
            body: "<h1>Council agrees budget</h1><p class=\"date\">2 May 2020</p>\(Self.story)",
            url: "https://example.org/2020/05/03/story")
        #expect(a.publishedAt == "2020-05-01T10:00:00+02:00")
        #expect(a.provenance["publishedAt"] == "meta")
    }

    @Test func urlBeforeVisibleText() {
        let a = article(
            body: "<h1>Council agrees budget</h1><p>4 May 2020</p>\(Self.story)", url: "https://example.org/2020/05/03/story")
        #expect(a.publishedAt == "2020-05-03")
        #expect(a.provenance["publishedAt"] == "url")
    }

    @Test(arguments: [
        ("de", "<div class=\"meta\">Veröffentlicht am 31. Mai 2012</div>", "2012-05-31"),
        ("fr", "<p>Par Jean Dupont, le 12 janvier 2019</p>", "2019-01-12"),
        ("ja", "<p>2019年8月2日 10時00分</p>", "2019-08-02"),
        ("zh", "<span>发布时间：2019年8月2日</span>", "2019-08-02"),
        ("ko", "<span>입력 2019년 8월 2일</span>", "2019-08-02"),
        ("pl", "<p>2 sierpnia 2019</p>", "2019-08-02"),
        ("ru", "<p>2 августа 2019 г.</p>", "2019-08-02"),
        ("es", "<p>2 de agosto de 2019</p>", "2019-08-02"),
        ("it", "<p>2 agosto 2019</p>", "2019-08-02"),
        ("pt", "<p>2 de agosto de 2019</p>", "2019-08-02"),
        ("nl", "<p>2 augustus 2019</p>", "2019-08-02"),
        ("tr", "<p>2 Ağustos 2019</p>", "2019-08-02"),
    ])
    func visibleDateUnderTheHeadline(lang: String, byline: String, expected: String) {
        let a = article(lang: lang, body: "<h1>A headline of the story</h1>\(byline)\(Self.story)")
        #expect(a.publishedAt == expected, "\(lang)")
        #expect(a.provenance["publishedAt"] == "text")
    }

    @Test func pageLanguageReadsAmbiguousNumbers() {
        let body = "<h1>A headline of the story</h1><p class=\"date\">03/04/2019</p>\(Self.story)"
        #expect(article(lang: "en-US", body: body).publishedAt == "2019-03-04")
        #expect(article(lang: "en-GB", body: body).publishedAt == "2019-04-03")
        #expect(article(lang: "fr", body: body).publishedAt == "2019-04-03")
    }

    @Test func publishedBeatsUpdated() {
        let a = article(
            body: "<h1>A headline of the story</h1><p>Updated 9 June 2021</p><p>Published 2 June 2021</p>\(Self.story)")
        #expect(a.publishedAt == "2021-06-02")
        let time = article(
            body: "<h1>A headline</h1><p>Updated: <time datetime=\"2021-06-09\">9 June</time></p>"
                + "<p><time datetime=\"2021-06-02T08:00:00Z\">2 June</time></p>\(Self.story)")
        #expect(time.publishedAt == "2021-06-02T08:00:00Z")
    }

    @Test func datesBesideTheHeadlineBeatSidebarDates() {
        let a = article(
            body: "<nav><ul><li>Older: 1 January 2020</li></ul></nav><main><h1>A headline of the story</h1>"
                + "<div class=\"byline\">By Ann Lee · 5 March 2021</div>\(Self.story)</main>")
        #expect(a.publishedAt == "2021-03-05")
    }

    @Test func implausibleDatesAreSkipped() {
        let now = Date()
        let next = Calendar(identifier: .gregorian).component(.year, from: now) + 2
        let a = article(
            body: "<h1>A headline of the story</h1><p>2 May \(next)</p><p>2 May 1990</p><p>3 May 2018</p>\(Self.story)")
        #expect(a.publishedAt == "2018-05-03")
    }

    @Test func copyrightYearIsTheLastResort() {
        let a = article(body: "<h1>A headline of the story</h1>\(Self.story)<footer>© 2001-2017 Example News</footer>")
        #expect(a.publishedAt == "2017-01-01")
        #expect(a.provenance["publishedAt"] == "copyright")
        let dated = article(
            body: "<h1>A headline of the story</h1><p>4 May 2016</p>\(Self.story)<footer>© 2017 Example</footer>")
        #expect(dated.publishedAt == "2016-05-04")
    }

    @Test func pageOwnDatesDecideTheNumericOrder() {
        // An English page with no region, whose list shows 25/12/2020: day first.
        let a = article(
            body: "<h1>A headline of the story</h1><p class=\"date\">03/04/2019</p>\(Self.story)"
                + "<ul><li>Older story, 25/12/2020</li></ul>")
        #expect(a.publishedAt == "2019-04-03")
    }

    @Test func untilDatesAndTitlesAndCanonicalURLs() {
        let until = article(
            lang: "de",
            body: "<p class=\"info\">Verfügbar bis 06.05.2024</p><h1>A headline of the story</h1>"
                + "<p>Stand: 22.04.2024, 06:00 Uhr</p>\(Self.story)")
        #expect(until.publishedAt == "2024-04-22")
        let titled = article(head: "<title>Story – Site – 13.06.2023</title>", body: "<h1>Story</h1>\(Self.story)")
        #expect(titled.publishedAt == "2023-06-13")
        let canonical = article(
            head: "<link rel=\"canonical\" href=\"https://example.org/news/2025-01-31/story/95254\">",
            body: "<h1>Story</h1>\(Self.story)", url: "https://example.org/?p=95254")
        #expect(canonical.publishedAt == "2025-01-31")
        #expect(canonical.provenance["publishedAt"] == "url")
        let image = article(
            head: "<meta property=\"og:image\" content=\"https://img.example.org/2024/10/15/a.jpg\">",
            body: "<h1>Story</h1>\(Self.story)")
        #expect(image.publishedAt == "2024-10-15")
        #expect(image.provenance["publishedAt"] == "image-url")
    }
}
