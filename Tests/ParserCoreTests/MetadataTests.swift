import Foundation
@testable import ParserCore
import Shared
import Testing

/// Dates, authors, titles and the main-text pruning on small pages built here.
@Suite struct MetadataTests {
    let extractor = ArticleExtractor()

    func page(head: String = "", body: String) -> Data {
        Data("<html><head>\(head)</head><body>\(body)</body></html>".utf8)
    }

    static let story = (1...4).map {
        "<p>Story paragraph \($0): the council met on Tuesday and agreed, after a long debate, to spend more on schools and roads next year.</p>"
    }.joined()

    @Test func datesKeepTheirOffset() {
        let cases: [(String, String)] = [
            ("2019-03-02T09:14:00+04:30", "2019-03-02T09:14:00+04:30"),
            ("2019-03-02T09:14:00.123Z", "2019-03-02T09:14:00Z"),
            ("2019-03-02 09:14:00 -0500", "2019-03-02T09:14:00-05:00"),
            ("2019/03/02", "2019-03-02"),
            ("March 2, 2019", "2019-03-02"),
            ("2 March 2019 09:14 GMT", "2019-03-02T09:14:00+00:00"),
            ("Sat, 02 Mar 2019 09:14:00 +0000", "2019-03-02T09:14:00+00:00"),
        ]
        for (raw, iso) in cases {
            #expect(DateNormalizer.parse(raw)?.iso == iso, "\(raw)")
        }
        #expect(DateNormalizer.parse("yesterday") == nil)
        #expect(DateNormalizer.parse("2019-13-45") == nil)
        #expect(DateNormalizer.fromURL("https://x.org/2018/07/02/story")?.iso == "2018-07-02")
    }

    @Test func implausibleDatesAreRejected() {
        let future = page(
            head: "<meta property=\"article:published_time\" content=\"2999-01-01T00:00:00Z\">",
            body: "<article><time datetime=\"1985-05-05\">5 May 1985</time>\(Self.story)</article>")
        let article = extractor.extract(html: future, url: "https://example.org/news/2017/06/09/story")
        #expect(article.publishedAt == "2017-06-09")
        #expect(article.provenance["publishedAt"] == "url")
    }

    @Test func authorsAreCleaned() {
        let html = page(
            head: "<meta name=\"author\" content=\"By Jane Doe and John Smith, Staff Writers\">",
            body: "<article>\(Self.story)</article>")
        #expect(extractor.extract(html: html, url: "https://example.org/a").authors == ["Jane Doe", "John Smith"])
        let credentials = page(
            head: "<meta name=\"author\" content=\"Rachael Link, MS, RD\">", body: "<article>\(Self.story)</article>")
        #expect(extractor.extract(html: credentials, url: "https://example.org/a").authors == ["Rachael Link"])
        let byline = page(body: "<article><div class=\"byline\">By Maria Lopez | Updated March 3, 2019</div>\(Self.story)</article>")
        let article = extractor.extract(html: byline, url: "https://example.org/b")
        #expect(article.authors == ["Maria Lopez"])
        #expect(article.provenance["authors"] == "dom")
    }

    @Test func writerBeatsTheOutletNamedAsAuthor() {
        // Metadata credits the publication; the page's byline names the writer.
        let ld = #"{"@context":"https://schema.org","@type":"NewsArticle","author":{"@type":"Organization","name":"Harbour Gazette"}}"#
        let html = page(
            head: "<meta property=\"og:site_name\" content=\"Harbour Gazette\"><script type=\"application/ld+json\">\(ld)</script>",
            body: "<article><div class=\"byline\">By Maria Lopez</div>\(Self.story)</article>")
        let article = extractor.extract(html: html, url: "https://harbourgazette.example/b")
        #expect(article.authors == ["Maria Lopez"])
        // With no writer named anywhere, the outlet stays.
        let outletOnly = page(
            head: "<meta property=\"og:site_name\" content=\"Harbour Gazette\"><script type=\"application/ld+json\">\(ld)</script>",
            body: "<article>\(Self.story)</article>")
        #expect(extractor.extract(html: outletOnly, url: "https://harbourgazette.example/b").authors == ["Harbour Gazette"])
    }

    @Test func bylineNamesInSeparateElementsAreSplit() {
        let html = page(body: "<article><div class=\"article-byline\"><span>Ana Ruiz</span> <span>Jan Novak</span> "
            + "<span>Lea Berg</span></div>\(Self.story)</article>")
        #expect(extractor.extract(html: html, url: "https://example.org/c").authors == ["Ana Ruiz", "Jan Novak", "Lea Berg"])
    }

    @Test func authorRolesCodesAndCreditsAreDropped() {
        #expect(AuthorCleaner.clean(["Elena Rossi (ero)", "Tom Berg (tbe."]) == ["Elena Rossi", "Tom Berg"])
        #expect(AuthorCleaner.clean(["김민수 기자"]) == ["김민수"])
        #expect(AuthorCleaner.clean(["Foto: Jane Doe"]).isEmpty)
        #expect(AuthorCleaner.clean(["Von"]).isEmpty)
    }

    @Test func microdataAuthorsOfOtherItemsAreIgnored() {
        let teaser = { (name: String) in
            "<div itemscope itemtype=\"https://schema.org/Article\"><a href=\"/x\">Other story</a>"
                + "<span itemprop=\"author\">\(name)</span></div>"
        }
        let html = page(body: "<article itemscope itemtype=\"https://schema.org/NewsArticle\">"
            + "<span itemprop=\"author\">Ines Moreau</span>\(Self.story)</article><aside>\(teaser("Karl Brandt"))"
            + "\(teaser("Olga Petrova"))</aside>")
        #expect(extractor.extract(html: html, url: "https://example.org/e").authors == ["Ines Moreau"])
    }

    @Test func agencyAcronymsAndBylineLabels() {
        #expect(AuthorCleaner.clean(["DPA"]) == ["DPA"])
        // A paper's initials before a role credit its desk, not a person.
        #expect(AuthorCleaner.clean(["XY Correspondent"]).isEmpty)
        #expect(AuthorCleaner.clean(["Jane Doe, Staff Correspondent"]) == ["Jane Doe"])
        #expect(AuthorCleaner.clean(["Jane Doe, MS, RD"]) == ["Jane Doe"])
        let labelled = page(body: "<article><div class=\"authors\"><span>opinion</span><span>von</span>"
            + "<span>Lena Vogt</span></div>\(Self.story)</article>")
        #expect(extractor.extract(html: labelled, url: "https://example.org/f").authors == ["Lena Vogt"])
        let split = page(body: "<article><div class=\"byline\"><span>Lena</span> <span>Vogt</span></div>\(Self.story)</article>")
        #expect(extractor.extract(html: split, url: "https://example.org/g").authors == ["Lena Vogt"])
    }

    @Test func boldNameLineAtopTheStoryIsTheByline() {
        let html = page(body: "<article><p>&nbsp;</p><p><strong>Neo Moloi/Kari Dahl</strong></p>\(Self.story)</article>")
        let article = extractor.extract(html: html, url: "https://example.org/h")
        #expect(article.authors == ["Neo Moloi", "Kari Dahl"])
        #expect(!article.paragraphs.contains("Neo Moloi/Kari Dahl"))
        // A bold sentence or a bold label is not a byline.
        #expect(!MetadataExtractor.readsAsNames("Breaking: the council votes today."))
        #expect(!MetadataExtractor.readsAsNames("Read more"))
    }

    @Test func namesJoinedInOtherLanguagesAreSplit() {
        #expect(AuthorCleaner.clean(["Trine Holm og Aka Berthelsen"]) == ["Trine Holm", "Aka Berthelsen"])
        #expect(AuthorCleaner.clean(["王明、李华"]) == ["王明", "李华"])
        #expect(AuthorCleaner.clean(["https://example.org/authors/jane"]).isEmpty)
    }

    @Test func writtenByMetaIsAnAuthorSource() {
        let html = page(
            head: "<meta name=\"author\" content=\"desk@example.org\"><meta name=\"twitter:misc:Written by\" content=\"Paul Weber\">",
            body: "<article>\(Self.story)</article>")
        #expect(extractor.extract(html: html, url: "https://example.org/d").authors == ["Paul Weber"])
    }

    @Test func titleLosesSiteSuffix() {
        let html = page(
            head: "<title>Council Agrees New Budget | The Town Crier</title><meta property=\"og:site_name\" content=\"The Town Crier\">",
            body: "<article>\(Self.story)</article>")
        let article = extractor.extract(html: html, url: "https://example.org/c")
        #expect(article.title == "Council Agrees New Budget")
        #expect(article.siteName == "The Town Crier")
        let kicker = page(
            head: "<meta property=\"og:title\" content=\"Opinion | Council Agrees New Budget\">",
            body: "<article><h1>Council Agrees New Budget</h1>\(Self.story)</article>")
        #expect(extractor.extract(html: kicker, url: "https://example.org/c").title == "Council Agrees New Budget")
    }

    @Test func boilerplateIsPrunedAndStructureKept() {
        let body = """
            <nav class="menu"><a href="/">Home</a><a href="/world">World</a></nav>
            <div id="main"><article class="post">
              <h1>Council Agrees New Budget</h1>
              <div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Tweet this story</a></div>
              <div class="entry-content">\(Self.story)
                <h2>What changes for schools</h2>
                <ul><li>Twelve schools get new roofs and heating systems before winter.</li><li>Two new libraries open in the eastern districts.</li></ul>
                <div class="related-posts"><h3>Related posts</h3><ul><li><a href="/a">Another story about something else entirely</a></li></ul></div>
                <p>The final paragraph explains when the new budget takes effect and who will oversee the spending.</p>
              </div>
              <div class="newsletter-signup"><p>Subscribe to our newsletter for daily updates in your inbox.</p></div>
            </article>
            <div id="comments"><h3>Leave a Reply</h3><p>Great article, thanks for writing it and sharing it with us!</p></div></div>
            <aside class="sidebar"><h4>Most Read</h4><ul><li><a href="/x">A popular story with a long headline here</a></li></ul></aside>
            """
        let article = extractor.extract(html: page(body: body), url: "https://example.org/d")
        let text = article.text
        #expect(article.paragraphs.count == 8)
        #expect(article.paragraphs.contains("What changes for schools"))
        #expect(article.paragraphs.contains("Two new libraries open in the eastern districts."))
        for junk in ["Share on Facebook", "Related posts", "Subscribe", "Leave a Reply", "Most Read", "Home", "Great article"] {
            #expect(!text.contains(junk), "\(junk)")
        }
        #expect(article.related.map(\.url) == ["https://example.org/a"])
    }
}
