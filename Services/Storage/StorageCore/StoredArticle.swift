import Foundation
import Shared

/// An article as the database holds it: the enriched article rebuilt from its
/// row and child rows, plus what storage itself knows (row id, story cluster,
/// versions). It is what `show` prints and each line `export` writes, so an
/// export decodes back into the articles that were stored.
public struct StoredArticle: Codable, Sendable, Equatable {
    public var id: Int64
    public var clusterID: Int64
    public var clusterSize: Int
    /// Whether enrichment ran; when false, `article`'s enrichment fields are empty.
    public var isEnriched: Bool
    public var contentHash: String
    public var firstSeen: Date
    public var lastUpdated: Date
    /// 1 when first stored, +1 for each content change since.
    public var versionCount: Int
    public var article: EnrichedArticle

    public init(
        id: Int64, clusterID: Int64, clusterSize: Int, isEnriched: Bool, contentHash: String, firstSeen: Date,
        lastUpdated: Date, versionCount: Int, article: EnrichedArticle
    ) {
        self.id = id
        self.clusterID = clusterID
        self.clusterSize = clusterSize
        self.isEnriched = isEnriched
        self.contentHash = contentHash
        self.firstSeen = firstSeen
        self.lastUpdated = lastUpdated
        self.versionCount = versionCount
        self.article = article
    }
}
