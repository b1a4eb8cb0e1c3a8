import Foundation
import GRDB
import Shared

/// The embedded default backend: one SQLite file through GRDB, in WAL mode so
/// readers (the CLI) never block the storage stage, and several storage
/// processes can share the file (writes are IMMEDIATE transactions that wait
/// their turn through the busy timeout).
///
/// Every write is one transaction: the article row, its child rows, its story
/// cluster and its full-text entry change together or not at all.
public final class SQLiteArticleRepository: ArticleRepository {
    public let path: String
    /// Articles whose estimated text similarity (`StoryFingerprint`, 0...1)
    /// reaches this share a story.
    public let clusterSimilarity: Double
    let pool: DatabasePool

    /// When a commit counts as done.
    public enum Durability: String, Sendable, CaseIterable {
        /// Every commit is fsynced before it returns: a stored article
        /// survives power loss as well as a crash (SQLite `synchronous=FULL`).
        case full
        /// Commits survive a crash or `kill -9` of any process, which is the
        /// pipeline's delivery contract, but the last ones may be lost on
        /// power loss; fsync happens at checkpoints only (`synchronous=NORMAL`).
        case normal
    }

    /// Opens (creating it and its directory if needed) and migrates the database.
    public init(
        path: String, clusterSimilarity: Double = StoryClusters.defaultSimilarity, durability: Durability = .full,
        busyTimeout: TimeInterval = 60
    ) throws {
        self.path = path
        self.clusterSimilarity = StoryClusters.clamped(clusterSimilarity)
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "newswire-storage"
        let synchronous = durability == .full ? "FULL" : "NORMAL"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            // Pages through a memory map instead of a pread copy each; a
            // larger page cache keeps the FTS and index pages of a busy
            // writer in memory (both measured by `newswire-storage bench`).
            try db.execute(sql: "PRAGMA mmap_size = 268435456")
            try db.execute(sql: "PRAGMA cache_size = -16384")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrate(pool)
    }

    /// Opens an existing database for reading only (the web server): nothing
    /// is created or migrated, and SQLite refuses any write on it.
    public init(readingOnly path: String, busyTimeout: TimeInterval = 5) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw StorageError.databaseMissing(path) }
        self.path = path
        clusterSimilarity = StoryClusters.defaultSimilarity
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "newswire-reader"
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            throw StorageError.databaseUnavailable("\(path): \(error)")
        }
    }

    /// Runs the migrations. GRDB reads which migrations ran before it takes
    /// the write lock, so two processes opening a fresh file together can both
    /// try the first migration; the loser's transaction rolls back and, tried
    /// again, finds it applied.
    static func migrate(_ pool: DatabasePool) throws {
        var attempt = 0
        while true {
            do {
                try StorageSchema.migrator.migrate(pool)
                return
            } catch is DatabaseError where attempt < 3 {
                attempt += 1
            }
        }
    }

    public func store(_ article: EnrichedArticle) async throws -> StoreResult {
        try await write(PreparedArticle(article, isEnriched: true))
    }

    public func store(_ article: ParsedArticle) async throws -> StoreResult {
        try await write(PreparedArticle(EnrichedArticle(article: article), isEnriched: false))
    }

    private func write(_ prepared: PreparedArticle) async throws -> StoreResult {
        let similarity = clusterSimilarity
        return try await SQLiteErrors.mapped {
            try await pool.write { db in
                if prepared.parsed.outcome == .article {
                    try Self.upsertArticle(prepared, clusterSimilarity: similarity, in: db)
                } else {
                    try Self.upsertOutcome(prepared.parsed, in: db)
                }
            }
        }
    }

    // MARK: - Articles

    private static func upsertArticle(
        _ prepared: PreparedArticle, clusterSimilarity: Double, in db: Database
    ) throws -> StoreResult {
        let now = WireJSON.formatDate(Date())
        // The latest verdict on a page wins: once it is an article it is no
        // longer listed as a non-article.
        try db.execute(sql: "DELETE FROM page_outcomes WHERE storage_key = ?", arguments: [prepared.key])
        let existing = try Row.fetchOne(
            db,
            sql: "SELECT id, content_hash, enrichment_hash, minhash, cluster_id FROM articles WHERE canonical_url = ?",
            arguments: [prepared.key]
        ).map {
            ArticleWritePlan.ExistingRow(
                id: $0["id"], clusterID: $0["cluster_id"], contentHash: $0["content_hash"],
                enrichmentHash: $0["enrichment_hash"], signature: $0["minhash"])
        }
        switch ArticleWritePlan.decide(prepared, existing: existing) {
        case .insert:
            let clusterID = try StoryClusters.assign(
                prepared.fingerprint, excluding: nil, currentCluster: nil, minimumSimilarity: clusterSimilarity,
                now: now, in: db)
            let values = try ArticleWritePlan.insertValues(prepared, clusterID: clusterID, now: now)
            let names = values.keys.sorted()
            try db.execute(
                sql: "INSERT INTO articles (\(names.joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))",
                arguments: StatementArguments(names.map { values[$0]!.sqliteValue }))
            let id = db.lastInsertedRowID
            try StoryClusters.index(prepared.fingerprint, articleID: id, in: db)
            try insertChildren(of: prepared.enriched, articleID: id, in: db)
            return StoreResult(target: .article, change: .inserted, articleID: id, clusterID: clusterID)
        case .unchanged:
            let row = existing!
            return StoreResult(target: .article, change: .unchanged, articleID: row.id, clusterID: row.clusterID)
        case .update(let refingerprint):
            let row = existing!
            return try update(row, with: prepared, refingerprint: refingerprint, similarity: clusterSimilarity, now: now, in: db)
        }
    }

    private static func update(
        _ row: ArticleWritePlan.ExistingRow, with prepared: PreparedArticle, refingerprint: Bool, similarity: Double,
        now: String, in db: Database
    ) throws -> StoreResult {
        let clusterID =
            refingerprint
            ? try StoryClusters.assign(
                prepared.fingerprint, excluding: row.id, currentCluster: row.clusterID, minimumSimilarity: similarity,
                now: now, in: db)
            : row.clusterID
        let values = try ArticleWritePlan.updateValues(prepared, clusterID: clusterID, now: now)
        let names = values.keys.sorted()
        try db.execute(
            sql: """
                UPDATE articles SET \(names.map { "\($0) = ?" }.joined(separator: ", ")),
                    version_count = version_count + 1
                WHERE id = ?
                """,
            arguments: StatementArguments(names.map { values[$0]!.sqliteValue } + [row.id]))
        if refingerprint {
            try StoryClusters.index(prepared.fingerprint, articleID: row.id, in: db)
        }
        if clusterID != row.clusterID {
            try StoryClusters.deleteIfEmpty(row.clusterID, in: db)
        }
        for table in ArticleWritePlan.childTables {
            try db.execute(sql: "DELETE FROM \(table) WHERE article_id = ?", arguments: [row.id])
        }
        try insertChildren(of: prepared.enriched, articleID: row.id, in: db)
        return StoreResult(target: .article, change: .updated, articleID: row.id, clusterID: clusterID)
    }

    private static func insertChildren(of enriched: EnrichedArticle, articleID: Int64, in db: Database) throws {
        for child in try ArticleWritePlan.children(of: enriched) {
            let statement = try db.cachedStatement(sql: """
                INSERT INTO \(child.table) (article_id, \(child.columns.joined(separator: ", ")))
                VALUES (\(Array(repeating: "?", count: child.columns.count + 1).joined(separator: ", ")))
                """)
            for row in child.rows {
                try statement.execute(arguments: StatementArguments([articleID as (any DatabaseValueConvertible)?] + row.map(\.sqliteValue)))
            }
        }
    }

    // MARK: - Page outcomes

    private static func upsertOutcome(_ parsed: ParsedArticle, in db: Database) throws -> StoreResult {
        let now = WireJSON.formatDate(Date())
        let key = parsed.storageKey
        let fetchedAt = parsed.fetchedAt.map(WireJSON.formatDate)
        if let row = try Row.fetchOne(
            db, sql: "SELECT url, outcome, title, source FROM page_outcomes WHERE storage_key = ?", arguments: [key])
        {
            if (row["url"] as String?) == parsed.url, (row["outcome"] as String?) == parsed.outcome.rawValue,
                (row["title"] as String?) == parsed.title, (row["source"] as String?) == parsed.source
            {
                return StoreResult(target: .pageOutcome, change: .unchanged)
            }
            try db.execute(
                sql: """
                    UPDATE page_outcomes SET url = ?, outcome = ?, title = ?, source = ?, fetched_at = ?, last_seen = ?
                    WHERE storage_key = ?
                    """,
                arguments: [parsed.url, parsed.outcome.rawValue, parsed.title, parsed.source, fetchedAt, now, key])
            return StoreResult(target: .pageOutcome, change: .updated)
        }
        try db.execute(
            sql: """
                INSERT INTO page_outcomes (storage_key, url, outcome, title, source, fetched_at, first_seen, last_seen)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [key, parsed.url, parsed.outcome.rawValue, parsed.title, parsed.source, fetchedAt, now, now])
        return StoreResult(target: .pageOutcome, change: .inserted)
    }
}

/// An article made ready for writing outside the write lock: validated,
/// hashed and encoded.
struct PreparedArticle: Sendable {
    let enriched: EnrichedArticle
    let isEnriched: Bool
    let key: String
    let contentHash: String
    let enrichmentHash: String?
    let simhash: SimHashFingerprint?
    /// Computed here, off the write lock, from the article text.
    let fingerprint: StoryFingerprint?
    var parsed: ParsedArticle { enriched.article }

    init(_ enriched: EnrichedArticle, isEnriched: Bool) throws {
        let key = enriched.article.storageKey.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !key.isEmpty else { throw StorageError.invalidInput("no URL") }
        self.enriched = enriched
        self.isEnriched = isEnriched
        self.key = enriched.article.storageKey
        contentHash = try ContentHash.content(of: enriched.article)
        enrichmentHash = isEnriched ? try ContentHash.enrichment(of: enriched) : nil
        // A malformed fingerprint only costs the article its story cluster.
        simhash = isEnriched ? enriched.simhash.flatMap(SimHashFingerprint.init(hex:)) : nil
        fingerprint = StoryFingerprint(text: enriched.article.text)
    }

}

extension ColumnValue {
    /// The value as SQLite stores it (booleans as integers, through GRDB).
    var sqliteValue: (any DatabaseValueConvertible)? {
        switch self {
        case .text(let text): text
        case .int(let int): int
        case .double(let double): double
        case .bool(let bool): bool
        case .bytes(let data): data
        }
    }
}
