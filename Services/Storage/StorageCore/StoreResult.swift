/// What a write did, so the stage can log and count it and tests can see
/// idempotence directly.
public struct StoreResult: Sendable, Equatable, CustomStringConvertible {
    public enum Target: String, Sendable, Equatable {
        /// Written to the articles table.
        case article
        /// A non-article page, written to the page outcomes table.
        case pageOutcome
    }

    public enum Change: String, Sendable, Equatable {
        case inserted
        /// The content changed: the row and its child rows were replaced.
        case updated
        /// Same content as stored: nothing was written.
        case unchanged
    }

    public var target: Target
    public var change: Change
    /// The article's row id (nil for page outcomes).
    public var articleID: Int64?
    /// The story cluster the article is in (nil for page outcomes).
    public var clusterID: Int64?

    public init(target: Target, change: Change, articleID: Int64? = nil, clusterID: Int64? = nil) {
        self.target = target
        self.change = change
        self.articleID = articleID
        self.clusterID = clusterID
    }

    public var description: String {
        switch target {
        case .article: "article \(articleID.map(String.init) ?? "?") \(change.rawValue), cluster \(clusterID.map(String.init) ?? "?")"
        case .pageOutcome: "page outcome \(change.rawValue)"
        }
    }
}
