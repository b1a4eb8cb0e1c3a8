import Foundation
import ParserCore
import Testing

/// Every page of the bundled sample site, extracted as the pipeline would see
/// it, against what its manifest says it is: outcome, title, first paragraph.
@Suite struct SampleSiteManifestTests {
    /// One manifest entry that has an expected outcome.
    struct Page {
        var path: String
        var url: String
        var kind: String
        var expectedOutcome: String
        var title: String?
        var firstParagraphPrefix: String?
    }

    static let baseURL = "http://127.0.0.1:8080"

    static var siteDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Services/SampleSite/SampleSiteCore/Site").standardized
    }

    static func pages() throws -> [Page] {
        let data = try Data(contentsOf: siteDirectory.appendingPathComponent("manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let entries = try #require(manifest["pages"] as? [[String: Any]])
        return entries.compactMap { entry in
            guard let outcome = entry["expectedOutcome"] as? String, let path = entry["path"] as? String,
                let url = entry["url"] as? String, let kind = entry["kind"] as? String
            else { return nil }
            return Page(
                path: path, url: url.replacingOccurrences(of: "{{BASE_URL}}", with: baseURL), kind: kind,
                expectedOutcome: outcome, title: entry["title"] as? String,
                firstParagraphPrefix: entry["firstParagraphPrefix"] as? String)
        }
    }

    /// The page's bytes as the server sends them: `{{BASE_URL}}` replaced,
    /// everything else (windows-1252, ISO-8859-1, windows-1251) left as raw bytes.
    static func bytes(of page: Page) throws -> Data {
        let raw = try Data(contentsOf: siteDirectory.appendingPathComponent(page.path))
        let placeholder = Data("{{BASE_URL}}".utf8)
        let replacement = Data(baseURL.utf8)
        var out = Data()
        var rest = raw[...]
        while let range = rest.firstRange(of: placeholder) {
            out.append(rest[rest.startIndex..<range.lowerBound])
            out.append(replacement)
            rest = rest[range.upperBound...]
        }
        out.append(rest)
        return out
    }

    static func collapse(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    @Test func manifestListsEveryKindOfPage() throws {
        let pages = try Self.pages()
        #expect(pages.filter { $0.expectedOutcome == "article" }.count == 40)
        #expect(pages.filter { $0.expectedOutcome == "notAnArticle" }.count == 5)
        #expect(pages.filter { $0.expectedOutcome == "paywalled" }.count == 1)
    }

    @Test func everyPageGetsItsExpectedOutcomeTitleAndLead() throws {
        let extractor = ArticleExtractor()
        var passed = 0
        let pages = try Self.pages()
        for page in pages {
            let article = extractor.extract(html: try Self.bytes(of: page), url: page.url)
            var ok = article.outcome.rawValue == page.expectedOutcome
            #expect(article.outcome.rawValue == page.expectedOutcome, "\(page.path): \(article.outcome)")
            if page.expectedOutcome == "article" {
                let title = try #require(page.title, "\(page.path) has no title in the manifest")
                let prefix = try #require(page.firstParagraphPrefix, "\(page.path) has no first paragraph")
                let gotTitle = Self.collapse(article.title ?? "")
                let first = article.paragraphs.first ?? ""
                #expect(gotTitle == Self.collapse(title), "\(page.path)")
                #expect(first.hasPrefix(prefix), "\(page.path): first paragraph \(first.prefix(80).debugDescription)")
                #expect(Self.collapse(first) != gotTitle, "\(page.path): the title is repeated as the first paragraph")
                ok = ok && gotTitle == Self.collapse(title) && first.hasPrefix(prefix)
            }
            if ok { passed += 1 }
        }
        #expect(passed == pages.count, "\(passed) of \(pages.count) manifest pages as expected")
    }
}
