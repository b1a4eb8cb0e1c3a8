import Foundation
import ParserCore
import Shared
import Testing

/// The seed page must come out exactly as its expected JSON says.
@Suite struct SeedArticleTests {
    struct Expected: Decodable {
        var url: String
        var canonicalURL: String
        var title: String
        var siteName: String
        var section: String
        var breadcrumbs: [String]
        var authors: [String]
        var publishedAt: String
        var language: String
        var dateline: String
        var sourceCredit: String
        var tags: [String]
        var paragraphs: [String]
        var mustNotContain: [String]
        var related: [RelatedLink]
    }

    let expected: Expected
    let article: ParsedArticle

    init() throws {
        expected = try JSONDecoder().decode(Expected.self, from: Fixture.data("seed-article.expected.json"))
        article = ArticleExtractor().extract(html: try Fixture.data("seed-article.html"), url: expected.url)
    }

    @Test func metadataMatches() {
        #expect(article.outcome == .article)
        #expect(article.url == expected.url)
        #expect(article.canonicalURL == expected.canonicalURL)
        #expect(article.title == expected.title)
        #expect(article.siteName == expected.siteName)
        #expect(article.section == expected.section)
        #expect(article.breadcrumbs == expected.breadcrumbs)
        #expect(article.authors == expected.authors)
        #expect(article.publishedAt == expected.publishedAt)
        #expect(article.language == expected.language)
        #expect(article.dateline == expected.dateline)
        #expect(article.sourceCredit == expected.sourceCredit)
        #expect(article.tags == expected.tags)
        #expect(article.related == expected.related)
    }

    @Test func paragraphsMatchExactly() {
        #expect(article.paragraphs == expected.paragraphs)
    }

    @Test func boilerplateIsGone() {
        let text = article.text
        for phrase in expected.mustNotContain {
            #expect(!text.contains(phrase), "body contains \(phrase)")
        }
    }

    @Test func provenanceNamesTheTrustedSources() {
        #expect(article.provenance["title"] == "json-ld")
        #expect(article.provenance["publishedAt"] == "json-ld")
        #expect(article.provenance["siteName"] == "meta")
        #expect(article.provenance["dateline"] == "text")
    }

    @Test func encodesAsWireJSON() throws {
        let data = try WireJSON.encoder.encode(article)
        let back = try WireJSON.decoder.decode(ParsedArticle.self, from: data)
        #expect(back == article)
    }
}
