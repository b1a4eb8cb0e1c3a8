import Foundation
import Shared
import StorageCore

/// One article as the API returns it: the stored article (text, metadata
/// with provenance, entities with their offsets, places with coordinates,
/// quotes, amounts, dates) and the other articles of its story.
///
/// Offsets (`start`, `end`) count Unicode scalars into `text` (the
/// paragraphs joined by newlines), end exclusive, as the enricher wrote them.
public struct ArticleView: Codable, Sendable, Equatable {
    public var id: Int64
    public var clusterID: Int64
    public var clusterSize: Int
    public var isEnriched: Bool
    public var firstSeen: Date
    public var lastUpdated: Date
    public var versionCount: Int
    public var article: EnrichedArticle
    /// The article text the offsets point into (not part of `article`'s
    /// JSON, where only the paragraphs are).
    public var text: String
    /// The story's articles, this one included, oldest first.
    public var story: [SearchResult]

    public init(_ stored: StoredArticle, story: [SearchResult]) {
        id = stored.id
        clusterID = stored.clusterID
        clusterSize = stored.clusterSize
        isEnriched = stored.isEnriched
        firstSeen = stored.firstSeen
        lastUpdated = stored.lastUpdated
        versionCount = stored.versionCount
        article = stored.article
        text = stored.article.article.text
        self.story = story
    }
}

/// A page of a result list with the cursor of the next page (nil on the last).
public struct ResultPage<Item: Codable & Sendable>: Codable, Sendable {
    public var results: [Item]
    public var next: String?

    // `next` is written as null on the last page rather than left out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(results, forKey: .results)
        try container.encode(next, forKey: .next)
    }
}

/// A story cluster and its articles.
public struct StoryView: Codable, Sendable {
    public var id: Int64
    public var articles: [SearchResult]
}
