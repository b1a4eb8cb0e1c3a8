import Foundation

/// What a feed or sitemap lists: the fetch jobs-to-be, with the titles and
/// dates the publisher gave (kept as hints for the parser).
public struct FeedDocument: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case rss, atom, sitemap, sitemapIndex
    }

    public struct Entry: Sendable, Equatable, Codable {
        /// Absolute URL (relative links are resolved against the document's URL).
        public var url: String
        public var title: String?
        /// ISO 8601 when the publisher's date could be read, else as given.
        public var published: String?

        public init(url: String, title: String? = nil, published: String? = nil) {
            self.url = url
            self.title = title
            self.published = published
        }
    }

    public var kind: Kind
    public var title: String?
    public var entries: [Entry]

    public init(kind: Kind, title: String?, entries: [Entry]) {
        self.kind = kind
        self.title = title
        self.entries = entries
    }

    /// Sitemap indexes list more sitemaps; everything else lists articles.
    public var listsSitemaps: Bool { kind == .sitemapIndex }
}
