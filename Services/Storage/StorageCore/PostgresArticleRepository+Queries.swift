import Foundation
import Logging
import PostgresNIO
import Shared

// The read side: search, show, export and stats, the same queries as the
// SQLite backend's with PostgreSQL's text search in place of FTS5.
extension PostgresArticleRepository {
    public func search(_ query: SearchQuery) async throws -> [SearchResult] {
        guard var hits = try Self.hits(query) else { return [] }
        let order = "score, sort_time DESC, id DESC"
        let limit = try hits.statement.bind(.int(Int64(query.boundedLimit)))
        let offset = try hits.statement.bind(.int(Int64(query.boundedOffset)))
        hits.statement.sql = """
            WITH \(hits.with)hits AS (
                SELECT a.id, a.title, a.url, a.published_at, a.site_name, a.cluster_id, \(hits.score) AS score,
                    \(ReadSQL.sortTime) AS sort_time
                FROM \(hits.from) \(hits.filter)
            ), ranked AS (
                SELECT *, ROW_NUMBER() OVER (PARTITION BY cluster_id ORDER BY \(order)) AS story_rank FROM hits
            )
            SELECT r.id, r.title, r.url, r.published_at, r.site_name, r.cluster_id,
                (SELECT COUNT(*) FROM articles c WHERE c.cluster_id = r.cluster_id) AS cluster_size
            FROM ranked r \(query.onePerStory ? "WHERE story_rank = 1" : "")
            ORDER BY \(order) LIMIT \(limit) OFFSET \(offset)
            """
        let logger = logger
        let statementToRun = hits.statement
        let fullText = hits.fullText
        return try await PostgresErrors.mapped {
            try await pool.withConnection { connection in
                let rows = try await statementToRun.rows(on: connection, logger: logger).map { $0.makeRandomAccess() }
                let ids = try rows.map { try $0["id"].decode(Int64.self) }
                let snippets = try await Self.snippets(for: ids, matching: fullText, on: connection, logger: logger)
                return try rows.map { row in
                    let id = try row["id"].decode(Int64.self)
                    return try Self.searchResult(row, snippet: snippets[id] ?? "")
                }
            }
        }
    }

    public func facets(_ query: SearchQuery, top: Int) async throws -> SearchFacets {
        guard let hits = try Self.hits(query) else { return SearchFacets() }
        let with = "WITH \(hits.with)hits AS (SELECT a.id FROM \(hits.from) \(hits.filter)) "
        let logger = logger
        return try await PostgresErrors.mapped {
            try await pool.withConnection { connection in
                var facets = SearchFacets()
                for (kind, sql) in ReadSQL.facetQueries(top: top) {
                    var statement = hits.statement
                    statement.sql = with + sql
                    let rows = try await statement.rows(on: connection, logger: logger)
                    facets.set(
                        kind,
                        try rows.map { row in
                            let (value, detail, articles) = try row.decode((String, String?, Int).self)
                            return SearchFacets.Count(value: value, detail: detail, articles: articles)
                        })
                }
                return facets
            }
        }
    }

    public func story(id: Int64) async throws -> [SearchResult] {
        let logger = logger
        return try await PostgresErrors.mapped {
            try await pool.withConnection { connection in
                let rows = try await connection.query(
                    PostgresQuery(unsafeSQL: ReadSQL.storyMembers(placeholder: "$1"), binds: try Self.binds(id)),
                    logger: logger
                ).collect()
                return try rows.map { row in
                    let row = row.makeRandomAccess()
                    return try Self.searchResult(row, snippet: try row["snippet"].decode(String?.self) ?? "")
                }
            }
        }
    }

    static func searchResult(_ row: PostgresRandomAccessRow, snippet: String) throws -> SearchResult {
        SearchResult(
            id: try row["id"].decode(Int64.self), title: try row["title"].decode(String?.self),
            url: try row["url"].decode(String.self), publishedAt: try row["published_at"].decode(String?.self),
            siteName: try row["site_name"].decode(String?.self), snippet: SQLiteArticleRepository.oneLine(snippet),
            clusterID: try row["cluster_id"].decode(Int64.self), clusterSize: try row["cluster_size"].decode(Int.self))
    }

    /// The matching articles of a search as SQL pieces over `articles a`:
    /// a `q` CTE with the text query when there is text, FROM, WHERE, the
    /// rank (lower is better, as with bm25) and the statement holding the
    /// bound values; nil when nothing can match.
    static func hits(_ query: SearchQuery) throws -> (
        with: String, from: String, filter: String, score: String, fullText: FullTextQuery?,
        statement: PostgresStatement
    )? {
        let text = query.text?.trimmingCharacters(in: .whitespacesAndNewlines)
        let fullText = (text?.isEmpty ?? true) ? nil : FullTextQuery(text!)
        if let fullText, fullText.isEmpty { return nil }
        // PostgreSQL text cannot hold NUL, so no stored value has one.
        if query.filtersHoldNUL { return nil }

        var statement = PostgresStatement()
        var conditions: [String] = []
        var with = ""
        var from = "articles a"
        var score = "0.0::float8"
        if let fullText {
            guard let expression = try fullText.postgresExpression(into: &statement) else { return nil }
            with = "q AS (SELECT \(expression) AS query), "
            from = "articles a CROSS JOIN q"
            conditions.append("a.search_vector @@ q.query")
            // Title hits (weight A) weigh ten times body hits (weight D);
            // negated so that, as with bm25, lower sorts first.
            score = "-ts_rank('{0.1, 0.1, 0.1, 1.0}', a.search_vector, q.query)::float8"
        }
        if let entity = query.entityFilter {
            let key = try statement.bind(.text(ArticleWritePlan.nameKey(entity)))
            conditions.append("""
                EXISTS (SELECT 1 FROM entities e WHERE e.article_id = a.id
                    AND (e.name_key = \(key) OR e.alias_keys @> jsonb_build_array(\(key)::text)))
                """)
        }
        conditions += try ReadSQL.filterConditions(query) { parameter in
            switch parameter {
            case .text(let text): return try statement.bind(.text(text))
            case .int(let int): return try statement.bind(.int(int))
            }
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return (with, from, filter, score, fullText, statement)
    }

    /// The matched passage with hits in `[...]` for a text search, else the
    /// description or the opening of the text.
    static func snippets(
        for ids: [Int64], matching fullText: FullTextQuery?, on connection: PostgresConnection, logger: Logger
    ) async throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        var statement = PostgresStatement()
        if let fullText, let expression = try fullText.postgresExpression(into: &statement) {
            statement.sql = """
                SELECT a.id, ts_headline('simple', a.text, \(expression),
                    'StartSel=[, StopSel=], MaxWords=24, MinWords=12, ShortWord=0') AS snippet
                FROM articles a WHERE a.id = ANY($\(statement.binds.count + 1))
                """
        } else {
            statement.sql = """
                SELECT id, substr(COALESCE(NULLIF(description, ''), text), 1, 200) AS snippet FROM articles
                WHERE id = ANY($1)
                """
        }
        statement.binds.append(ids)
        var snippets: [Int64: String] = [:]
        for row in try await statement.rows(on: connection, logger: logger) {
            let (id, snippet) = try row.decode((Int64, String?).self)
            snippets[id] = snippet ?? ""
        }
        return snippets
    }

    public func article(id: Int64) async throws -> StoredArticle? {
        let logger = logger
        return try await pool.withConnection { connection in
            guard
                let row = try await connection.query(
                    PostgresQuery(unsafeSQL: "\(Self.articleSelect) WHERE a.id = $1", binds: try Self.binds(id)),
                    logger: logger
                ).collect().first
            else { return nil }
            return try await Self.storedArticle(from: row.makeRandomAccess(), on: connection, logger: logger)
        }
    }

    public func article(url: String) async throws -> StoredArticle? {
        guard !url.contains("\u{0}") else { return nil }
        let logger = logger
        return try await pool.withConnection { connection in
            var row = try await connection.query(
                PostgresQuery(unsafeSQL: "\(Self.articleSelect) WHERE a.canonical_url = $1", binds: try Self.binds(url)),
                logger: logger
            ).collect().first
            if row == nil {
                row = try await connection.query(
                    PostgresQuery(
                        unsafeSQL: "\(Self.articleSelect) WHERE a.url = $1 ORDER BY a.id LIMIT 1",
                        binds: try Self.binds(url)),
                    logger: logger
                ).collect().first
            }
            guard let row else { return nil }
            return try await Self.storedArticle(from: row.makeRandomAccess(), on: connection, logger: logger)
        }
    }

    /// Reads through a cursor inside one REPEATABLE READ transaction: one
    /// snapshot, a batch of rows in memory at a time.
    public func exportJSONLines(_ write: @Sendable (Data) throws -> Void) async throws -> Int {
        let logger = logger
        return try await pool.withConnection { connection in
            try await Self.transaction(
                on: connection, logger: logger, begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
            ) {
                try await connection.query(
                    PostgresQuery(unsafeSQL: "DECLARE export_cursor NO SCROLL CURSOR FOR \(Self.articleSelect) ORDER BY a.id"),
                    logger: logger)
                let encoder = WireJSON.encoder
                var count = 0
                while true {
                    let batch = try await connection.query("FETCH 100 FROM export_cursor", logger: logger).collect()
                    if batch.isEmpty { break }
                    for row in batch {
                        let stored = try await Self.storedArticle(
                            from: row.makeRandomAccess(), on: connection, logger: logger)
                        var line = try encoder.encode(stored)
                        line.append(0x0A)
                        try write(line)
                        count += 1
                    }
                }
                try await connection.query("CLOSE export_cursor", logger: logger)
                return count
            }
        }
    }

    public func stats(top: Int) async throws -> StorageStats {
        let logger = logger
        return try await pool.withConnection { connection in
            try await Self.transaction(
                on: connection, logger: logger, begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
            ) {
                func rows(_ sql: String) async throws -> [any StorageRow] {
                    try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).collect()
                        .map { $0.makeRandomAccess() }
                }
                guard let counts = try await rows(StatsQueries.counts).first,
                    let multi = try await rows(StatsQueries.multiArticleStories).first
                else { throw MissingColumn(column: "count") }
                return try StatsQueries.stats(
                    counts: counts, multi: multi, outcomes: try await rows(StatsQueries.outcomes),
                    entities: try await rows(StatsQueries.topEntities(top)),
                    places: try await rows(
                        StatsQueries.topPlaces(
                            top, placeKey: "COALESCE(CAST(geoname_id AS TEXT) COLLATE \"C\", lower(name))")))
            }
        }
    }

    /// Bytes the database takes on the server, indexes included.
    public func databaseSize() async throws -> Int64 {
        let logger = logger
        return try await pool.withConnection { connection in
            let rows = try await connection.query("SELECT pg_database_size(current_database())", logger: logger)
            for try await size in rows.decode(Int64.self) { return size }
            return 0
        }
    }

    // MARK: - Rebuilding stored articles

    static let articleSelect = """
        SELECT a.*, (SELECT COUNT(*) FROM articles c WHERE c.cluster_id = a.cluster_id) AS cluster_size
        FROM articles a
        """

    static func binds<T: PostgresThrowingDynamicTypeEncodable>(_ value: T) throws -> PostgresBindings {
        var binds = PostgresBindings()
        try binds.append(value)
        return binds
    }

    /// The article in `row` with its child rows, read through `ArticleRows`.
    static func storedArticle(
        from row: PostgresRandomAccessRow, on connection: PostgresConnection, logger: Logger
    ) async throws -> StoredArticle {
        let id = try row["id"].decode(Int64.self)
        var children = ArticleRows.Children()
        for (table, sql) in ArticleRows.childQueries(placeholder: "$1") {
            children[keyPath: table] = try await connection.query(
                PostgresQuery(unsafeSQL: sql, binds: try binds(id)), logger: logger
            ).collect().map { $0.makeRandomAccess() }
        }
        return try ArticleRows.storedArticle(row, children: children)
    }
}

extension FullTextQuery {
    /// The same query as `expression` as a PostgreSQL `tsquery` expression,
    /// its text bound into `statement` (never spliced into the SQL).
    ///
    /// Words and quoted phrases go through `phraseto_tsquery`, which takes
    /// plain text, so the server's own parser splits them exactly as it
    /// split the articles and no input is syntax. A prefix term is built as
    /// `to_tsquery` input from its letters and digits only, quoted, with
    /// `:*` on its last word. Terms are ANDed, and `OR` binds looser, as in
    /// the FTS5 expression.
    func postgresExpression(into statement: inout PostgresStatement) throws -> String? {
        var groups: [[String]] = [[]]
        for piece in pieces {
            switch piece {
            case .or:
                groups.append([])
            case .term(let text, let prefix):
                // NUL cannot be sent as text; the tokenizer treats it as a gap.
                let clean = text.replacingOccurrences(of: "\u{0}", with: " ")
                if prefix {
                    let words = clean.split { !($0.isLetter || $0.isNumber) }.map { word in
                        "'" + word.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
                            .replacingOccurrences(of: "'", with: "''") + "'"
                    }
                    guard let last = words.last else { continue }
                    let query = (words.dropLast() + [last + ":*"]).joined(separator: " <-> ")
                    groups[groups.count - 1].append("to_tsquery('simple', \(try statement.bind(.text(query))))")
                } else {
                    groups[groups.count - 1].append("phraseto_tsquery('simple', \(try statement.bind(.text(clean))))")
                }
            }
        }
        let parts = groups.filter { !$0.isEmpty }.map { "(" + $0.joined(separator: " && ") + ")" }
        return parts.isEmpty ? nil : "(" + parts.joined(separator: " || ") + ")"
    }
}

/// PostgresNIO's rows read as storage rows.
extension PostgresRandomAccessRow: StorageRow {
    func string(_ column: String) throws -> String? { try self[column].decode(String?.self) }
    func int(_ column: String) throws -> Int? { try self[column].decode(Int?.self) }
    func int64(_ column: String) throws -> Int64? { try self[column].decode(Int64?.self) }
    func double(_ column: String) throws -> Double? { try self[column].decode(Double?.self) }
    func bool(_ column: String) throws -> Bool? { try self[column].decode(Bool?.self) }
}
