import Foundation
import Shared

/// A value bound into read-side SQL, whichever database runs it.
enum SQLParameter: Sendable {
    case text(String)
    case int(Int64)
}

/// The read side's SQL that both backends share word for word: the filters
/// of a search other than its full text and entity match (which use each
/// database's own text search and JSON), the facets of a result set and a
/// story's members. Each driver passes a `bind` that records the value and
/// returns its placeholder (`?` for SQLite, `$n` for PostgreSQL).
enum ReadSQL {
    /// The time an article is sorted and filtered by: published, else
    /// fetched, else first stored.
    static let sortTime = "COALESCE(a.published_utc, a.fetched_at, a.first_seen)"

    /// WHERE conditions on `articles a` for place, language, source and the
    /// date range.
    static func filterConditions(
        _ query: SearchQuery, bind: (SQLParameter) throws -> String
    ) rethrows -> [String] {
        var conditions: [String] = []
        if let place = query.placeFilter {
            conditions.append("""
                EXISTS (SELECT 1 FROM places p WHERE p.article_id = a.id AND lower(p.name) = \(try bind(.text(place.lowercased()))))
                """)
        }
        if let language = query.languageFilter {
            conditions.append(
                "lower(COALESCE(a.detected_language, a.language)) = \(try bind(.text(language.lowercased())))")
        }
        if let source = query.sourceFilter {
            conditions.append("lower(a.site_name) = \(try bind(.text(source.lowercased())))")
        }
        if let since = query.since {
            conditions.append("\(sortTime) >= \(try bind(.text(WireJSON.formatDate(since))))")
        }
        if let until = query.until {
            conditions.append("\(sortTime) < \(try bind(.text(WireJSON.formatDate(until))))")
        }
        return conditions
    }

    /// The facet queries over a CTE `hits(id)` of matching article ids, each
    /// answering `(value, detail, articles)` rows, most articles first.
    static func facetQueries(top: Int) -> [(facet: FacetKind, sql: String)] {
        let top = max(0, top)
        return [
            (.entities, """
                SELECT MIN(e.name) AS value, e.type AS detail, COUNT(DISTINCT e.article_id) AS articles
                FROM entities e JOIN hits h ON h.id = e.article_id
                GROUP BY e.name_key, e.type ORDER BY articles DESC, value LIMIT \(top)
                """),
            (.places, """
                SELECT MIN(p.name) AS value, MIN(p.country_code) AS detail, COUNT(DISTINCT p.article_id) AS articles
                FROM places p JOIN hits h ON h.id = p.article_id
                GROUP BY lower(p.name) ORDER BY articles DESC, value LIMIT \(top)
                """),
            (.sources, """
                SELECT MIN(a.site_name) AS value, NULL AS detail, COUNT(*) AS articles
                FROM articles a JOIN hits h ON h.id = a.id WHERE a.site_name IS NOT NULL
                GROUP BY lower(a.site_name) ORDER BY articles DESC, value LIMIT \(top)
                """),
            (.languages, """
                SELECT lower(COALESCE(a.detected_language, a.language)) AS value, NULL AS detail, COUNT(*) AS articles
                FROM articles a JOIN hits h ON h.id = a.id WHERE COALESCE(a.detected_language, a.language) IS NOT NULL
                GROUP BY lower(COALESCE(a.detected_language, a.language)) ORDER BY articles DESC, value LIMIT \(top)
                """),
        ]
    }

    /// The articles of one story, oldest first, as search results; the one
    /// placeholder is the cluster id.
    static func storyMembers(placeholder: String) -> String {
        """
        SELECT a.id, a.title, a.url, a.published_at, a.site_name, a.cluster_id,
            substr(COALESCE(NULLIF(a.description, ''), a.text), 1, 200) AS snippet,
            (SELECT COUNT(*) FROM articles c WHERE c.cluster_id = a.cluster_id) AS cluster_size
        FROM articles a WHERE a.cluster_id = \(placeholder)
        ORDER BY \(sortTime), a.id
        """
    }
}

/// The queries behind `stats` and what their rows mean, for both backends.
/// Only the key places are grouped by differs: PostgreSQL must give the
/// text cast the column's collation (`placeKey`).
enum StatsQueries {
    static let counts = """
        SELECT COUNT(*) AS articles, CAST(COALESCE(SUM(CASE WHEN enriched THEN 1 ELSE 0 END), 0) AS BIGINT) AS enriched,
            COUNT(DISTINCT cluster_id) AS clusters FROM articles
        """
    static let multiArticleStories = """
        SELECT COUNT(*) AS n FROM (SELECT cluster_id FROM articles GROUP BY cluster_id HAVING COUNT(*) > 1) m
        """
    static let outcomes = "SELECT outcome, COUNT(*) AS n FROM page_outcomes GROUP BY outcome"

    static func topEntities(_ top: Int) -> String {
        """
        SELECT MIN(name) AS name, type, COUNT(DISTINCT article_id) AS articles,
            CAST(SUM(mention_count) AS BIGINT) AS mentions
        FROM entities GROUP BY name_key, type
        ORDER BY articles DESC, mentions DESC, name LIMIT \(max(0, top))
        """
    }

    static func topPlaces(_ top: Int, placeKey: String) -> String {
        """
        SELECT MIN(name) AS name, MIN(country_code) AS country_code, COUNT(DISTINCT article_id) AS articles
        FROM places GROUP BY \(placeKey)
        ORDER BY articles DESC, name LIMIT \(max(0, top))
        """
    }

    /// The stats from the rows of the queries above.
    static func stats(
        counts: any StorageRow, multi: any StorageRow, outcomes: [any StorageRow], entities: [any StorageRow],
        places: [any StorageRow]
    ) throws -> StorageStats {
        var outcomeCounts: [String: Int] = [:]
        for row in outcomes { outcomeCounts[try row.required(row.string, "outcome")] = try row.int("n") ?? 0 }
        return StorageStats(
            articles: try counts.int("articles") ?? 0, enrichedArticles: try counts.int("enriched") ?? 0,
            multiArticleStories: try multi.int("n") ?? 0, storyClusters: try counts.int("clusters") ?? 0,
            outcomes: outcomeCounts,
            topEntities: try entities.map {
                StorageStats.EntityCount(
                    name: try $0.required($0.string, "name"), type: try $0.required($0.string, "type"),
                    articles: try $0.int("articles") ?? 0, mentions: try $0.int("mentions") ?? 0)
            },
            topPlaces: try places.map {
                StorageStats.PlaceCount(
                    name: try $0.required($0.string, "name"), countryCode: try $0.string("country_code"),
                    articles: try $0.int("articles") ?? 0)
            })
    }
}
