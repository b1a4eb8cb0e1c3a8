import Foundation
import GRDB
import Shared

// The read side: search, show, export and stats. Reads run on the pool's
// reader connections, each in one snapshot, so they never wait for the writer.
extension SQLiteArticleRepository {
    public func search(_ query: SearchQuery) async throws -> [SearchResult] {
        guard var hits = Self.hits(query) else { return [] }
        let order = "score, sort_time DESC, id DESC"
        // Snippets and cluster sizes are computed afterwards for the rows
        // that survive the limit only, not for every match.
        let sql = """
            WITH hits AS (
                SELECT a.id, a.title, a.url, a.published_at, a.site_name, a.cluster_id, \(hits.score) AS score,
                    \(ReadSQL.sortTime) AS sort_time
                FROM \(hits.from) \(hits.filter)
            ), ranked AS (
                SELECT *, ROW_NUMBER() OVER (PARTITION BY cluster_id ORDER BY \(order)) AS story_rank FROM hits
            )
            SELECT r.*, (SELECT COUNT(*) FROM articles c WHERE c.cluster_id = r.cluster_id) AS cluster_size
            FROM ranked r \(query.onePerStory ? "WHERE story_rank = 1" : "")
            ORDER BY \(order) LIMIT ? OFFSET ?
            """
        hits.arguments += [query.boundedLimit, query.boundedOffset]
        let finalArguments = StatementArguments(hits.arguments)
        let expression = hits.expression
        return try await SQLiteErrors.mapped {
            try await pool.read { db in
                let rows = try Row.fetchAll(db, sql: sql, arguments: finalArguments)
                let ids = rows.map { $0["id"] as Int64 }
                let snippets = try Self.snippets(for: ids, matching: expression, in: db)
                return rows.map { row in
                    let id: Int64 = row["id"]
                    return SearchResult(
                        id: id, title: row["title"], url: row["url"], publishedAt: row["published_at"],
                        siteName: row["site_name"], snippet: Self.oneLine(snippets[id] ?? ""),
                        clusterID: row["cluster_id"], clusterSize: row["cluster_size"])
                }
            }
        }
    }

    public func facets(_ query: SearchQuery, top: Int) async throws -> SearchFacets {
        guard let hits = Self.hits(query) else { return SearchFacets() }
        let with = "WITH hits AS (SELECT a.id FROM \(hits.from) \(hits.filter)) "
        let arguments = StatementArguments(hits.arguments)
        return try await SQLiteErrors.mapped {
            try await pool.read { db in
                var facets = SearchFacets()
                for (kind, sql) in ReadSQL.facetQueries(top: top) {
                    facets.set(
                        kind,
                        try Row.fetchAll(db, sql: with + sql, arguments: arguments).map {
                            SearchFacets.Count(value: $0["value"], detail: $0["detail"], articles: $0["articles"])
                        })
                }
                return facets
            }
        }
    }

    public func story(id: Int64) async throws -> [SearchResult] {
        try await SQLiteErrors.mapped {
            try await pool.read { db in
                try Row.fetchAll(db, sql: ReadSQL.storyMembers(placeholder: "?"), arguments: [id]).map { row in
                    SearchResult(
                        id: row["id"], title: row["title"], url: row["url"], publishedAt: row["published_at"],
                        siteName: row["site_name"], snippet: Self.oneLine(row["snippet"] ?? ""),
                        clusterID: row["cluster_id"], clusterSize: row["cluster_size"])
                }
            }
        }
    }

    /// The matching articles of a search as SQL pieces over `articles a`:
    /// FROM (with the full-text table when there is text), WHERE, the rank
    /// (bm25, lower is better) and the bound values; nil when nothing can
    /// match.
    static func hits(_ query: SearchQuery) -> (
        from: String, filter: String, score: String, expression: String?,
        arguments: [(any DatabaseValueConvertible)?]
    )? {
        let text = query.text?.trimmingCharacters(in: .whitespacesAndNewlines)
        let fullText = (text?.isEmpty ?? true) ? nil : FullTextQuery(text!)
        if let fullText, fullText.isEmpty { return nil }
        if query.filtersHoldNUL { return nil }

        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        var from = "articles a"
        var score = "0.0"
        let expression = fullText?.expression
        if let expression {
            from = "articles_fts JOIN articles a ON a.id = articles_fts.rowid"
            conditions.append("articles_fts MATCH ?")
            arguments.append(expression)
            // Title hits weigh more than body hits.
            score = "bm25(articles_fts, 10.0, 1.0)"
        }
        if let entity = query.entityFilter {
            let key = ArticleWritePlan.nameKey(entity)
            conditions.append("""
                EXISTS (SELECT 1 FROM entities e WHERE e.article_id = a.id
                    AND (e.name_key = ? OR EXISTS (SELECT 1 FROM json_each(e.alias_keys) WHERE value = ?)))
                """)
            arguments += [key, key]
        }
        conditions += ReadSQL.filterConditions(query) { parameter in
            switch parameter {
            case .text(let text): arguments.append(text)
            case .int(let int): arguments.append(int)
            }
            return "?"
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return (from, filter, score, expression, arguments)
    }

    /// The matched passage with hits in `[...]` for a text search, else the
    /// description or the opening of the text.
    static func snippets(for ids: [Int64], matching expression: String?, in db: Database) throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        let placeholders = ids.map { _ in "?" }.joined(separator: ", ")
        let sql: String
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let expression {
            sql = """
                SELECT rowid AS id, snippet(articles_fts, -1, '[', ']', '…', 24) AS snippet FROM articles_fts
                WHERE articles_fts MATCH ? AND rowid IN (\(placeholders))
                """
            arguments.append(expression)
        } else {
            sql = """
                SELECT id, substr(COALESCE(NULLIF(description, ''), text), 1, 200) AS snippet FROM articles
                WHERE id IN (\(placeholders))
                """
        }
        arguments += ids.map { $0 }
        var snippets: [Int64: String] = [:]
        for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)) {
            snippets[row["id"]] = row["snippet"]
        }
        return snippets
    }

    public func article(id: Int64) async throws -> StoredArticle? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "\(Self.articleSelect) WHERE a.id = ?", arguments: [id])
                .map { try Self.storedArticle(from: $0, in: db) }
        }
    }

    public func article(url: String) async throws -> StoredArticle? {
        try await pool.read { db in
            let row =
                try Row.fetchOne(db, sql: "\(Self.articleSelect) WHERE a.canonical_url = ?", arguments: [url])
                ?? Row.fetchOne(db, sql: "\(Self.articleSelect) WHERE a.url = ? ORDER BY a.id LIMIT 1", arguments: [url])
            return try row.map { try Self.storedArticle(from: $0, in: db) }
        }
    }

    public func exportJSONLines(_ write: @Sendable (Data) throws -> Void) async throws -> Int {
        try await pool.read { db in
            let encoder = WireJSON.encoder
            let rows = try Row.fetchCursor(db, sql: "\(Self.articleSelect) ORDER BY a.id")
            var count = 0
            while let row = try rows.next() {
                var line = try encoder.encode(try Self.storedArticle(from: row, in: db))
                line.append(0x0A)
                try write(line)
                count += 1
            }
            return count
        }
    }

    public func stats(top: Int) async throws -> StorageStats {
        try await pool.read { db in
            try StatsQueries.stats(
                counts: try Row.fetchOne(db, sql: StatsQueries.counts)!,
                multi: try Row.fetchOne(db, sql: StatsQueries.multiArticleStories)!,
                outcomes: try Row.fetchAll(db, sql: StatsQueries.outcomes),
                entities: try Row.fetchAll(db, sql: StatsQueries.topEntities(top)),
                places: try Row.fetchAll(
                    db, sql: StatsQueries.topPlaces(top, placeKey: "COALESCE(CAST(geoname_id AS TEXT), lower(name))")))
        }
    }

    // MARK: - Rebuilding stored articles

    static let articleSelect = """
        SELECT a.*, (SELECT COUNT(*) FROM articles c WHERE c.cluster_id = a.cluster_id) AS cluster_size
        FROM articles a
        """

    /// The article in `row` with its child rows, read through `ArticleRows`.
    static func storedArticle(from row: Row, in db: Database) throws -> StoredArticle {
        let id: Int64 = row["id"]
        var children = ArticleRows.Children()
        for (table, sql) in ArticleRows.childQueries(placeholder: "?") {
            children[keyPath: table] = try Row.fetchAll(db, sql: sql, arguments: [id])
        }
        return try ArticleRows.storedArticle(row, children: children)
    }

    /// Snippets go on one terminal line.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

/// GRDB's rows read as storage rows.
extension Row: StorageRow {
    func string(_ column: String) throws -> String? { self[column] }
    func int(_ column: String) throws -> Int? { self[column] }
    func int64(_ column: String) throws -> Int64? { self[column] }
    func double(_ column: String) throws -> Double? { self[column] }
    func bool(_ column: String) throws -> Bool? { self[column] }
}
