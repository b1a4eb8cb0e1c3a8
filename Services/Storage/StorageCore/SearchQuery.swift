import Foundation

/// A search as the CLI asks for it. Every field is optional; with no text the
/// newest articles come first, with text the best full-text matches.
public struct SearchQuery: Sendable, Equatable {
    /// Free text from the user: words, "quoted phrases", `prefix*`, `OR`.
    /// Never passed to the database as syntax (see `FullTextQuery`).
    public var text: String?
    /// Only articles that mention this entity (canonical name or alias,
    /// case-insensitive).
    public var entity: String?
    /// Only articles published (or, without a published time, fetched) at or
    /// after this time.
    public var since: Date?
    public var limit: Int
    /// One result per story cluster: the best-ranked article stands for its
    /// near-duplicates, with the cluster size saying how many there are.
    public var onePerStory: Bool

    public init(
        text: String? = nil, entity: String? = nil, since: Date? = nil, limit: Int = 20, onePerStory: Bool = false
    ) {
        self.text = text
        self.entity = entity
        self.since = since
        self.limit = limit
        self.onePerStory = onePerStory
    }
}
