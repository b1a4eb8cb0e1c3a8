/// One line of search output: enough to pick an article to `show`.
public struct SearchResult: Codable, Sendable, Equatable {
    public var id: Int64
    public var title: String?
    public var url: String
    /// As the page gave it (ISO 8601, with its own offset).
    public var publishedAt: String?
    public var siteName: String?
    /// Matched text with hits between `[` and `]` for text searches, else the
    /// opening of the article.
    public var snippet: String
    public var clusterID: Int64
    /// Articles in the story cluster, this one included.
    public var clusterSize: Int

    public init(
        id: Int64, title: String?, url: String, publishedAt: String?, siteName: String?, snippet: String,
        clusterID: Int64, clusterSize: Int
    ) {
        self.id = id
        self.title = title
        self.url = url
        self.publishedAt = publishedAt
        self.siteName = siteName
        self.snippet = snippet
        self.clusterID = clusterID
        self.clusterSize = clusterSize
    }
}
