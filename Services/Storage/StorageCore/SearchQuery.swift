import Foundation

/// A search as the CLI and the web API ask for it. Every field is optional;
/// with no text the newest articles come first, with text the best full-text
/// matches.
public struct SearchQuery: Sendable, Equatable {
    /// Free text from the user: words, "quoted phrases", `prefix*`, `OR`.
    /// Never passed to the database as syntax (see `FullTextQuery`).
    public var text: String?
    /// Only articles that mention this entity (canonical name or alias,
    /// case-insensitive).
    public var entity: String?
    /// Only articles that mention this place (its name, case-insensitive).
    public var place: String?
    /// Only articles in this language (ISO 639-1 code as detected, or as the
    /// page declared it when enrichment did not run; case-insensitive).
    public var language: String?
    /// Only articles from this outlet (the site name, case-insensitive).
    public var source: String?
    /// Only articles published (or, without a published time, fetched) at or
    /// after this time.
    public var since: Date?
    /// Only articles published (or fetched) before this time.
    public var until: Date?
    public var limit: Int
    /// Results to skip before the first one returned (pagination).
    public var offset: Int
    /// One result per story cluster: the best-ranked article stands for its
    /// near-duplicates, with the cluster size saying how many there are.
    public var onePerStory: Bool

    public init(
        text: String? = nil, entity: String? = nil, place: String? = nil, language: String? = nil,
        source: String? = nil, since: Date? = nil, until: Date? = nil, limit: Int = 20, offset: Int = 0,
        onePerStory: Bool = false
    ) {
        self.text = text
        self.entity = entity
        self.place = place
        self.language = language
        self.source = source
        self.since = since
        self.until = until
        self.limit = limit
        self.offset = offset
        self.onePerStory = onePerStory
    }

    /// The most results one query returns, whatever it asks for.
    public static let maximumLimit = 10_000

    /// `limit` within 1...maximumLimit.
    var boundedLimit: Int { max(1, min(limit, Self.maximumLimit)) }

    /// `offset`, never negative.
    var boundedOffset: Int { max(0, offset) }

    /// The text filters, trimmed, empty ones dropped.
    var entityFilter: String? { Self.filter(entity) }
    var placeFilter: String? { Self.filter(place) }
    var languageFilter: String? { Self.filter(language) }
    var sourceFilter: String? { Self.filter(source) }

    /// Whether a filter holds NUL, which no stored text holds (PostgreSQL
    /// text cannot, and SQLite's never gets one from the pipeline).
    var filtersHoldNUL: Bool {
        [entity, place, language, source].contains { $0?.contains("\u{0}") ?? false }
    }

    private static func filter(_ value: String?) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }
}
