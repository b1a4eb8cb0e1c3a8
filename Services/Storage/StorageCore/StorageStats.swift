/// The numbers `make run` and `stats` show: what is stored and what it is about.
public struct StorageStats: Codable, Sendable, Equatable {
    public struct EntityCount: Codable, Sendable, Equatable {
        public var name: String
        public var type: String
        /// Articles mentioning it.
        public var articles: Int
        /// Mentions over all articles.
        public var mentions: Int
        public init(name: String, type: String, articles: Int, mentions: Int) {
            self.name = name
            self.type = type
            self.articles = articles
            self.mentions = mentions
        }
    }

    public struct PlaceCount: Codable, Sendable, Equatable {
        public var name: String
        public var countryCode: String?
        public var articles: Int
        public init(name: String, countryCode: String?, articles: Int) {
            self.name = name
            self.countryCode = countryCode
            self.articles = articles
        }
    }

    public var articles: Int
    public var enrichedArticles: Int
    /// Clusters holding more than one article.
    public var multiArticleStories: Int
    public var storyClusters: Int
    /// Non-article pages by outcome (`notAnArticle`, `paywalled`, ...).
    public var outcomes: [String: Int]
    public var topEntities: [EntityCount]
    public var topPlaces: [PlaceCount]

    public init(
        articles: Int, enrichedArticles: Int, multiArticleStories: Int, storyClusters: Int, outcomes: [String: Int],
        topEntities: [EntityCount], topPlaces: [PlaceCount]
    ) {
        self.articles = articles
        self.enrichedArticles = enrichedArticles
        self.multiArticleStories = multiArticleStories
        self.storyClusters = storyClusters
        self.outcomes = outcomes
        self.topEntities = topEntities
        self.topPlaces = topPlaces
    }
}
