import Foundation
import ParserCore
import Shared
import Testing

/// Property test over mutated pages (the fuzzing stand-in that fits in
/// `make test`): random byte flips, truncations and tag soup never crash the
/// extractor and always give a well-formed result.
@Suite struct MutationPropertyTests {
    static let fragments = [
        "<div>", "</div>", "<p>", "</p>", "<table><tr><td>", "</td></tr>", "<script>", "</script>", "<!--", "-->",
        "<a href=\"", "\">", "<", ">", "&amp;", "&#x", "&#0;", "<![CDATA[", "]]>", "<article>", "<nav>", "</body>",
        "<meta charset=\"shift_jis\">", "\u{0}", "\u{FEFF}", "<svg><p>", "<br/>", "<<<>>>", "\"'", "<title>",
    ]

    func check(_ article: ParsedArticle) {
        for p in article.paragraphs {
            #expect(!p.isEmpty)
            #expect(p == p.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(!p.contains("\n"))
        }
        if let published = article.publishedAt {
            #expect(published.count >= 10 && published.first!.isNumber, "\(published)")
        }
        if article.outcome != .article && article.outcome != .notAnArticle && article.outcome != .paywalled {
            #expect(article.paragraphs.isEmpty || article.outcome == .needsJavaScript)
        }
        #expect((try? WireJSON.encoder.encode(article)) != nil)
    }

    @Test func mutatedSeedPagesNeverCrash() throws {
        let seed = try Fixture.data("seed-article.html")
        let bytes = [UInt8](seed)
        let extractor = ArticleExtractor()
        let seedValue = ProcessInfo.processInfo.environment["NEWSWIRE_FUZZ_SEED"].flatMap { UInt64($0) } ?? 20_190_302
        var rng = SplitMix64(seed: seedValue)
        // `make test` runs a short pass; NEWSWIRE_FUZZ_ROUNDS=100000 is the long soak.
        let rounds = ProcessInfo.processInfo.environment["NEWSWIRE_FUZZ_ROUNDS"].flatMap { Int($0) } ?? 150
        for round in 0..<rounds {
            var page = bytes
            switch round % 3 {
            case 0:
                for _ in 0..<Int.random(in: 1...40, using: &rng) {
                    page[Int.random(in: 0..<page.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
            case 1:
                page = Array(page.prefix(Int.random(in: 0...page.count, using: &rng)))
            default:
                for _ in 0..<Int.random(in: 1...25, using: &rng) {
                    let fragment = Array(Self.fragments.randomElement(using: &rng)!.utf8)
                    page.insert(contentsOf: fragment, at: Int.random(in: 0...page.count, using: &rng))
                }
            }
            let article = extractor.extract(html: Data(page), url: "https://example.org/m/\(round)")
            check(article)
        }
    }

    @Test func lightlyDamagedPagesKeepTheirStory() throws {
        let seed = try Fixture.data("seed-article.html")
        let extractor = ArticleExtractor()
        let clean = extractor.extract(html: seed, url: "https://example.org/s")
        // Cutting off the footer and sidebar (the last tenth of the page) loses no story text.
        let cut = seed.prefix(seed.count * 9 / 10)
        let article = extractor.extract(html: Data(cut), url: "https://example.org/s")
        check(article)
        #expect(article.outcome == .article)
        #expect(article.paragraphs.first == clean.paragraphs.first)
        #expect(article.title == clean.title)
    }

    @Test func pureTagSoupIsHandled() {
        var rng = SplitMix64(seed: 7)
        let extractor = ArticleExtractor()
        for _ in 0..<60 {
            var soup = ""
            for _ in 0..<Int.random(in: 0...400, using: &rng) { soup += Self.fragments.randomElement(using: &rng)! }
            let article = extractor.extract(html: Data(soup.utf8), url: "https://example.org/soup")
            check(article)
            #expect(article.outcome != .article)
        }
    }
}
