import Foundation
import SampleSiteCore
import Testing

/// The bundled sample site's article pages copied `copies` times under
/// `/copy-K/`, each copy's own links (canonical, og:url) rewritten into the
/// copy so that every copy is a distinct article (what scripts/soak/soak.sh
/// builds, in Swift for the test suite).
struct SoakSite {
    struct Page: Decodable {
        var path: String
        var kind: String
        var url: String?
        var canonical: String?
    }
    private struct Manifest: Decodable { var pages: [Page] }

    static let placeholder = "{{BASE_URL}}"
    let root: URL
    let copies: Int
    let articles: [Page]
    var articlesPerCopy: Int { articles.count }

    init(copies: Int, in root: URL) throws {
        let site = try #require(SampleSiteServer.bundledSite)
        let manifest = try JSONDecoder().decode(
            Manifest.self, from: Data(contentsOf: site.appendingPathComponent("manifest.json")))
        self.root = root
        self.copies = copies
        self.articles = manifest.pages.filter { $0.kind == "article" && $0.url != nil }
        for copy in 0..<copies {
            let prefix = Data((Self.placeholder + "/copy-\(copy)").utf8)
            for page in articles {
                let html = try Data(contentsOf: site.appendingPathComponent(page.path))
                let target = root.appendingPathComponent("copy-\(copy)").appendingPathComponent(page.path)
                try FileManager.default.createDirectory(
                    at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try html.replacing(Data(Self.placeholder.utf8), with: prefix).write(to: target)
            }
        }
    }

    /// A manifest link of copy `copy` as the server at `base` serves it.
    private func resolve(_ link: String, copy: Int, base: String) -> String {
        link.replacingOccurrences(of: Self.placeholder, with: "\(base)/copy-\(copy)")
    }

    /// Every page of every copy, to fetch.
    func urls(base: String) -> [String] {
        (0..<copies).flatMap { copy in articles.compactMap { $0.url.map { resolve($0, copy: copy, base: base) } } }
    }

    /// A fetched page and the storage keys it may end under.
    struct Submitted {
        var url: String
        var keys: Set<String>
    }

    /// Every page of every copy with the keys it may be stored under: its
    /// canonical URL, or its own URL when it has none or the parser refuses
    /// a canonical URL on another site. Several copies may share a key (a
    /// canonical URL off the site is the same for every copy); that is one
    /// article, stored once.
    func pages(base: String) -> [Submitted] {
        (0..<copies).flatMap { copy in
            articles.compactMap { page -> Submitted? in
                guard let url = page.url.map({ resolve($0, copy: copy, base: base) }) else { return nil }
                return Submitted(url: url, keys: Set([url] + [page.canonical].compactMap { $0.map { resolve($0, copy: copy, base: base) } }))
            }
        }
    }
}
