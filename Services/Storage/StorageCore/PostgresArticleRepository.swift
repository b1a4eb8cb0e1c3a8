import Foundation
import Logging
import PostgresNIO
import Shared

/// The server backend (`--database postgres://...`): the archive in a
/// PostgreSQL database that several storage processes on several hosts can
/// share, with the same contract as `SQLiteArticleRepository`.
///
/// It owns a `PostgresClient` (a connection pool) whose `run()` lives in a
/// task started by `open` and ended by `close()`. Every write is one
/// transaction holding a transaction-level advisory lock, so writes to one
/// database are serialised across processes as SQLite's single writer
/// serialises them: the existence check, the story-cluster look-up and the
/// insert of two near-duplicates arriving at once never interleave.
public final class PostgresArticleRepository: ArticleRepository {
    /// Articles whose estimated text similarity (`StoryFingerprint`, 0...1)
    /// reaches this share a story.
    public let clusterSimilarity: Double
    let pool: PostgresPool
    let logger: Logger

    /// The advisory lock every write transaction takes (arbitrary, fixed).
    static let writeLock: Int64 = 0x6E65_7773_7772_6974

    /// Connects, migrates the database and starts the connection pool.
    /// Fails fast (connect timeout) when the server cannot be reached.
    ///
    /// - Parameter readOnly: for the web server: the database is not
    ///   migrated (only checked to be reachable), and every session starts
    ///   with `default_transaction_read_only`, so the server refuses writes.
    public static func open(
        url: String, clusterSimilarity: Double = StoryClusters.defaultSimilarity, maximumConnections: Int = 8,
        readOnly: Bool = false, logger: Logger = Logger(label: "newswire-storage.postgres")
    ) async throws -> PostgresArticleRepository {
        var location = try PostgresLocation(url)
        location.readOnly = readOnly
        do {
            if readOnly {
                try await checkReachable(location, logger: logger)
            } else {
                try await migrate(location, logger: logger)
            }
        } catch {
            // PSQLError's description hides everything; its reflection says
            // what went wrong (and holds no password).
            throw StorageError.databaseUnavailable(
                "\(ArticleRepositories.redacted(url)): \(String(reflecting: error))")
        }
        return PostgresArticleRepository(
            location: location, clusterSimilarity: clusterSimilarity, maximumConnections: maximumConnections,
            logger: logger)
    }

    private init(location: PostgresLocation, clusterSimilarity: Double, maximumConnections: Int, logger: Logger) {
        self.clusterSimilarity = StoryClusters.clamped(clusterSimilarity)
        self.logger = logger
        var configuration = location.clientConfiguration
        configuration.options.maximumConnections = max(1, maximumConnections)
        pool = PostgresPool(configuration: configuration, logger: logger)
    }

    /// Connects once and reads the schema's migrations, so a read-only
    /// opener fails at once on a server that is down or a database never
    /// written by storage.
    static func checkReachable(_ location: PostgresLocation, logger: Logger) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: try location.connectionConfiguration(), id: 1, logger: logger)
        do {
            _ = try await connection.query("SELECT COUNT(*) FROM schema_migrations", logger: logger).collect()
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Stops the pool: open connections are closed, later calls fail.
    public func close() async {
        await pool.close()
    }

    /// The connection pool in use (replaced when it gives up on the server).
    var client: PostgresClient {
        get throws { try pool.client }
    }

    // MARK: - Migrations

    /// Applies the migrations not yet recorded in `schema_migrations`, each
    /// in its own transaction, under a session advisory lock so processes
    /// opening a fresh database together take turns.
    static func migrate(_ location: PostgresLocation, logger: Logger) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: try location.connectionConfiguration(), id: 1, logger: logger)
        do {
            try await migrate(on: connection, logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    static func migrate(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_lock(\(PostgresSchema.migrationLock))", logger: logger)
        try await connection.query(PostgresQuery(unsafeSQL: PostgresSchema.migrationsTable), logger: logger)
        var applied = Set<String>()
        let rows = try await connection.query("SELECT identifier FROM schema_migrations", logger: logger)
        for try await identifier in rows.decode(String.self) { applied.insert(identifier) }
        for migration in PostgresSchema.migrations where !applied.contains(migration.identifier) {
            try await transaction(on: connection, logger: logger) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await migration.then?(connection, logger)
                let now = WireJSON.formatDate(Date())
                try await connection.query(
                    "INSERT INTO schema_migrations (identifier, applied_at) VALUES (\(migration.identifier), \(now))",
                    logger: logger)
            }
        }
        try await connection.query("SELECT pg_advisory_unlock(\(PostgresSchema.migrationLock))", logger: logger)
    }

    /// The identifiers `schema_migrations` holds.
    func appliedMigrations() async throws -> Set<String> {
        let logger = logger
        return try await pool.withConnection { connection in
            let rows = try await connection.query("SELECT identifier FROM schema_migrations", logger: logger)
            var applied = Set<String>()
            for try await identifier in rows.decode(String.self) { applied.insert(identifier) }
            return applied
        }
    }

    static func transaction<T>(
        on connection: PostgresConnection, logger: Logger, begin: String = "BEGIN", _ body: () async throws -> T
    ) async throws -> T {
        try await connection.query(PostgresQuery(unsafeSQL: begin), logger: logger)
        do {
            let value = try await body()
            try await connection.query("COMMIT", logger: logger)
            return value
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    // MARK: - Writes

    public func store(_ article: EnrichedArticle) async throws -> StoreResult {
        try await write(PreparedArticle(article, isEnriched: true))
    }

    public func store(_ article: ParsedArticle) async throws -> StoreResult {
        try await write(PreparedArticle(EnrichedArticle(article: article), isEnriched: false))
    }

    private func write(_ prepared: PreparedArticle) async throws -> StoreResult {
        let similarity = clusterSimilarity
        let logger = logger
        return try await PostgresErrors.mapped {
            try await pool.withConnection { connection in
                try await Self.transaction(on: connection, logger: logger) {
                    try await connection.query("SELECT pg_advisory_xact_lock(\(Self.writeLock))", logger: logger)
                    if prepared.parsed.outcome == .article {
                        return try await Self.upsertArticle(
                            prepared, clusterSimilarity: similarity, on: connection, logger: logger)
                    } else {
                        return try await Self.upsertOutcome(prepared.parsed, on: connection, logger: logger)
                    }
                }
            }
        }
    }

    private static func upsertArticle(
        _ prepared: PreparedArticle, clusterSimilarity: Double, on connection: PostgresConnection, logger: Logger
    ) async throws -> StoreResult {
        let now = WireJSON.formatDate(Date())
        // The latest verdict on a page wins: once it is an article it is no
        // longer listed as a non-article.
        try await connection.query("DELETE FROM page_outcomes WHERE storage_key = \(prepared.key)", logger: logger)
        let existing = try await connection.query(
            """
            SELECT id, content_hash, enrichment_hash, minhash, cluster_id
            FROM articles WHERE canonical_url = \(prepared.key)
            """, logger: logger
        ).collect().first.map { row in
            let row = row.makeRandomAccess()
            return ArticleWritePlan.ExistingRow(
                id: try row["id"].decode(Int64.self), clusterID: try row["cluster_id"].decode(Int64.self),
                contentHash: try row["content_hash"].decode(String?.self),
                enrichmentHash: try row["enrichment_hash"].decode(String?.self),
                signature: try row["minhash"].decode(Data?.self))
        }
        switch ArticleWritePlan.decide(prepared, existing: existing) {
        case .insert:
            let clusterID = try await assignCluster(
                prepared.fingerprint, excluding: nil, currentCluster: nil, minimumSimilarity: clusterSimilarity,
                now: now, on: connection, logger: logger)
            let values = try ArticleWritePlan.insertValues(prepared, clusterID: clusterID, now: now)
            let names = values.keys.sorted()
            var statement = PostgresStatement()
            let placeholders = try names.map { try statement.bind(values[$0]!) }
            statement.sql = """
                INSERT INTO articles (\(names.joined(separator: ", "))) VALUES (\(placeholders.joined(separator: ", ")))
                RETURNING id
                """
            let id = try await statement.single(Int64.self, on: connection, logger: logger)
            try await index(prepared.fingerprint, articleID: id, on: connection, logger: logger)
            try await insertChildren(of: prepared.enriched, articleID: id, on: connection, logger: logger)
            return StoreResult(target: .article, change: .inserted, articleID: id, clusterID: clusterID)
        case .unchanged:
            let row = existing!
            return StoreResult(target: .article, change: .unchanged, articleID: row.id, clusterID: row.clusterID)
        case .update(let refingerprint):
            return try await update(
                existing!, with: prepared, refingerprint: refingerprint, similarity: clusterSimilarity, now: now,
                on: connection, logger: logger)
        }
    }

    private static func update(
        _ row: ArticleWritePlan.ExistingRow, with prepared: PreparedArticle, refingerprint: Bool, similarity: Double,
        now: String, on connection: PostgresConnection, logger: Logger
    ) async throws -> StoreResult {
        let clusterID =
            refingerprint
            ? try await assignCluster(
                prepared.fingerprint, excluding: row.id, currentCluster: row.clusterID, minimumSimilarity: similarity,
                now: now, on: connection, logger: logger)
            : row.clusterID
        let values = try ArticleWritePlan.updateValues(prepared, clusterID: clusterID, now: now)
        var statement = PostgresStatement()
        let assignments = try values.keys.sorted().map { "\($0) = \(try statement.bind(values[$0]!))" }
        statement.sql = """
            UPDATE articles SET \(assignments.joined(separator: ", ")), version_count = version_count + 1
            WHERE id = \(try statement.bind(.int(row.id)))
            """
        try await statement.run(on: connection, logger: logger)
        if refingerprint {
            try await index(prepared.fingerprint, articleID: row.id, on: connection, logger: logger)
        }
        if clusterID != row.clusterID {
            try await deleteClusterIfEmpty(row.clusterID, on: connection, logger: logger)
        }
        for table in ArticleWritePlan.childTables {
            var delete = PostgresStatement()
            delete.sql = "DELETE FROM \(table) WHERE article_id = \(try delete.bind(.int(row.id)))"
            try await delete.run(on: connection, logger: logger)
        }
        try await insertChildren(of: prepared.enriched, articleID: row.id, on: connection, logger: logger)
        return StoreResult(target: .article, change: .updated, articleID: row.id, clusterID: clusterID)
    }

    /// One multi-row INSERT per child table.
    private static func insertChildren(
        of enriched: EnrichedArticle, articleID: Int64, on connection: PostgresConnection, logger: Logger
    ) async throws {
        for child in try ArticleWritePlan.children(of: enriched) {
            var statement = PostgresStatement()
            var tuples: [String] = []
            for row in child.rows {
                var placeholders = [try statement.bind(.int(articleID))]
                for (column, value) in zip(child.columns, row) {
                    placeholders.append(try statement.bind(value) + (child.jsonColumns.contains(column) ? "::jsonb" : ""))
                }
                tuples.append("(" + placeholders.joined(separator: ", ") + ")")
            }
            statement.sql = """
                INSERT INTO \(child.table) (article_id, \(child.columns.joined(separator: ", ")))
                VALUES \(tuples.joined(separator: ", "))
                """
            try await statement.run(on: connection, logger: logger)
        }
    }

    private static func upsertOutcome(
        _ parsed: ParsedArticle, on connection: PostgresConnection, logger: Logger
    ) async throws -> StoreResult {
        let now = WireJSON.formatDate(Date())
        let key = parsed.storageKey
        let fetchedAt = parsed.fetchedAt.map(WireJSON.formatDate)
        let outcome = parsed.outcome.rawValue
        if let row = try await connection.query(
            "SELECT url, outcome, title, source FROM page_outcomes WHERE storage_key = \(key)", logger: logger
        ).collect().first?.makeRandomAccess() {
            if try row["url"].decode(String?.self) == parsed.url, try row["outcome"].decode(String?.self) == outcome,
                try row["title"].decode(String?.self) == parsed.title,
                try row["source"].decode(String?.self) == parsed.source
            {
                return StoreResult(target: .pageOutcome, change: .unchanged)
            }
            try await connection.query(
                """
                UPDATE page_outcomes SET url = \(parsed.url), outcome = \(outcome), title = \(parsed.title),
                    source = \(parsed.source), fetched_at = \(fetchedAt), last_seen = \(now)
                WHERE storage_key = \(key)
                """, logger: logger)
            return StoreResult(target: .pageOutcome, change: .updated)
        }
        try await connection.query(
            """
            INSERT INTO page_outcomes (storage_key, url, outcome, title, source, fetched_at, first_seen, last_seen)
            VALUES (\(key), \(parsed.url), \(outcome), \(parsed.title), \(parsed.source), \(fetchedAt), \(now), \(now))
            """, logger: logger)
        return StoreResult(target: .pageOutcome, change: .inserted)
    }

    // MARK: - Story clusters (as `StoryClusters`, over this connection)

    private static func assignCluster(
        _ fingerprint: StoryFingerprint?, excluding articleID: Int64?, currentCluster: Int64?,
        minimumSimilarity: Double, now: String, on connection: PostgresConnection, logger: Logger
    ) async throws -> Int64 {
        if let fingerprint,
            let match = try await nearestCluster(
                to: fingerprint, excluding: articleID, minimumSimilarity: minimumSimilarity, on: connection,
                logger: logger)
        {
            return match
        }
        if let currentCluster, let articleID {
            let others = try await connection.query(
                "SELECT COUNT(*) FROM articles WHERE cluster_id = \(currentCluster) AND id <> \(articleID)",
                logger: logger
            ).collect().first?.decode(Int64.self) ?? 0
            if others == 0 { return currentCluster }
        }
        guard
            let id = try await connection.query(
                "INSERT INTO story_clusters (created_at) VALUES (\(now)) RETURNING id", logger: logger
            ).collect().first?.decode(Int64.self)
        else { throw StorageError.invalidInput("story cluster insert returned no id") }
        return id
    }

    private static func nearestCluster(
        to fingerprint: StoryFingerprint, excluding articleID: Int64?, minimumSimilarity: Double,
        on connection: PostgresConnection, logger: Logger
    ) async throws -> Int64? {
        let rows = try await connection.query(
            """
            SELECT a.id, a.minhash, a.cluster_id FROM articles a
            WHERE a.id IN (SELECT article_id FROM story_buckets WHERE bucket = ANY(\(fingerprint.buckets)))
              AND a.id <> \(articleID ?? -1)
            """, logger: logger)
        var candidates = StoryCandidates(fingerprint, minimumSimilarity: minimumSimilarity)
        for try await (id, signature, cluster) in rows.decode((Int64, Data?, Int64).self) {
            candidates.consider(id: id, signature: signature, cluster: cluster)
        }
        return candidates.bestCluster
    }

    /// As `StoryClusters.index`: the article's bucket rows.
    private static func index(
        _ fingerprint: StoryFingerprint?, articleID: Int64, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query("DELETE FROM story_buckets WHERE article_id = \(articleID)", logger: logger)
        guard let fingerprint else { return }
        let buckets = Array(Set(fingerprint.buckets))
        try await connection.query(
            """
            INSERT INTO story_buckets (bucket, article_id)
            SELECT bucket, \(articleID) FROM unnest(\(buckets)::BIGINT[]) AS bucket
            """, logger: logger)
    }

    /// Migration v2's second half: articles stored before it get their
    /// signature and buckets, 500 at a time; they keep their clusters.
    static func backfillFingerprints(on connection: PostgresConnection, logger: Logger) async throws {
        var last: Int64 = 0
        while true {
            let rows = try await connection.query(
                "SELECT id, text FROM articles WHERE id > \(last) ORDER BY id LIMIT 500", logger: logger)
            var batch: [(Int64, String)] = []
            for try await row in rows.decode((Int64, String).self) { batch.append(row) }
            guard let end = batch.last?.0 else { return }
            for (id, text) in batch {
                let fingerprint = StoryFingerprint(text: text)
                let signature = StoryClusters.storedSignature(fingerprint)
                try await connection.query("UPDATE articles SET minhash = \(signature) WHERE id = \(id)", logger: logger)
                try await index(fingerprint, articleID: id, on: connection, logger: logger)
            }
            last = end
        }
    }

    private static func deleteClusterIfEmpty(
        _ clusterID: Int64, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            DELETE FROM story_clusters WHERE id = \(clusterID)
              AND NOT EXISTS (SELECT 1 FROM articles WHERE cluster_id = \(clusterID))
            """, logger: logger)
    }
}

// MARK: - Helpers

/// A column value of a statement built at run time (the backend-neutral
/// `ColumnValue`, bound as PostgreSQL parameters).
typealias PostgresValue = ColumnValue

/// SQL assembled piece by piece with its `$n` parameters, for statements
/// whose shape depends on the input (column lists, filters, multi-row
/// inserts). Values are always bound, never spliced into the text.
struct PostgresStatement {
    var sql = ""
    var binds = PostgresBindings()

    /// Binds `value` and returns its placeholder.
    mutating func bind(_ value: PostgresValue) throws -> String {
        switch value {
        case .text(let text): binds.append(text)
        case .int(let int): binds.append(int)
        case .double(let double): binds.append(double)
        case .bool(let bool): binds.append(bool)
        case .bytes(let data): try binds.append(data)
        }
        return "$\(binds.count)"
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }

    func run(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(query, logger: logger)
    }

    func rows(on connection: PostgresConnection, logger: Logger) async throws -> [PostgresRow] {
        try await connection.query(query, logger: logger).collect()
    }

    func single<T: PostgresDecodable>(_ type: T.Type, on connection: PostgresConnection, logger: Logger) async throws -> T {
        guard let row = try await rows(on: connection, logger: logger).first else {
            throw StorageError.invalidInput("statement returned no row")
        }
        return try row.decode(T.self)
    }
}
