import Foundation
import Shared

/// What the storage stage and the CLI need from a database, whatever it is.
///
/// SQLite (`SQLiteArticleRepository`) is the embedded default; a PostgreSQL
/// backend implements the same contract: upserts keyed by
/// `ParsedArticle.storageKey` that are idempotent (a redelivery changes
/// nothing), non-articles kept as page outcomes and never as articles,
/// near-duplicates grouped into story clusters, and the queries behind
/// `search`, `show`, `export` and `stats`.
public protocol ArticleRepository: Sendable {
    /// Stores an enriched article, or its page outcome when the parser said
    /// it is not an article.
    func store(_ article: EnrichedArticle) async throws -> StoreResult

    /// Stores a parsed article that skipped enrichment, or a page outcome.
    func store(_ article: ParsedArticle) async throws -> StoreResult

    func search(_ query: SearchQuery) async throws -> [SearchResult]

    /// The most frequent entities, places, sources and languages among the
    /// articles `query` matches (its limit, offset and one-per-story aside),
    /// `top` of each.
    func facets(_ query: SearchQuery, top: Int) async throws -> SearchFacets

    /// The articles of one story cluster, oldest first; empty when no
    /// article is in it.
    func story(id: Int64) async throws -> [SearchResult]

    func article(id: Int64) async throws -> StoredArticle?

    /// Looks an article up by its storage key (canonical URL) or fetched URL.
    func article(url: String) async throws -> StoredArticle?

    /// Writes every stored article, oldest first, as one JSON line each
    /// (`StoredArticle` in WireJSON) through `write`, from one consistent
    /// snapshot, without holding them all in memory. Returns the line count.
    func exportJSONLines(_ write: @Sendable (Data) throws -> Void) async throws -> Int

    func stats(top: Int) async throws -> StorageStats

    /// Releases what the repository holds open (PostgreSQL's connection
    /// pool); the repository is not used afterwards.
    func close() async
}

extension ArticleRepository {
    /// Nothing to release by default: SQLite's pool closes when released.
    public func close() async {}
}
