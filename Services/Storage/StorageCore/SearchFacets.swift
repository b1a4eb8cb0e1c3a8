/// What a result set is about, for narrowing a search: its most frequent
/// entities, places, outlets and languages, each with how many matching
/// articles carry it.
public struct SearchFacets: Codable, Sendable, Equatable {
    /// One value of a facet.
    public struct Count: Codable, Sendable, Equatable {
        public var value: String
        /// The entity's type for entities, the country code for places.
        public var detail: String?
        public var articles: Int
        public init(value: String, detail: String?, articles: Int) {
            self.value = value
            self.detail = detail
            self.articles = articles
        }
    }

    public var entities: [Count] = []
    public var places: [Count] = []
    public var sources: [Count] = []
    public var languages: [Count] = []

    public init() {}

    mutating func set(_ kind: FacetKind, _ counts: [Count]) {
        switch kind {
        case .entities: entities = counts
        case .places: places = counts
        case .sources: sources = counts
        case .languages: languages = counts
        }
    }
}

/// The facets `SearchFacets` holds.
enum FacetKind: Sendable {
    case entities, places, sources, languages
}
