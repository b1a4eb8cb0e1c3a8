import Foundation
import Shared

/// One row of a query, whichever database answered it: typed reads of a
/// column by name. Each driver conforms its own row type, so what a row
/// means (`ArticleRows`) is written once.
protocol StorageRow {
    func string(_ column: String) throws -> String?
    func int(_ column: String) throws -> Int?
    func int64(_ column: String) throws -> Int64?
    func double(_ column: String) throws -> Double?
    func bool(_ column: String) throws -> Bool?
}

/// A column that must hold a value held none.
struct MissingColumn: Error, CustomStringConvertible {
    var column: String
    var description: String { "stored row has no value in \(column)" }
}

extension StorageRow {
    func required<T>(_ read: (String) throws -> T?, _ column: String) throws -> T {
        guard let value = try read(column) else { throw MissingColumn(column: column) }
        return value
    }

    /// A JSON list or map column (authors, tags, mentions, ...).
    func json<T: Decodable>(_ type: T.Type, _ column: String) throws -> T? {
        try StorageJSON.decode(T.self, from: try string(column))
    }
}

/// What the stored rows mean, for both backends: the article row and its
/// child rows (entities, places, quotes, amounts, date mentions) read back
/// into a `StoredArticle`, with the queries that fetch the child rows.
enum ArticleRows {
    /// The child rows of an article, as the driver fetched them with `childQueries`.
    struct Children {
        var entities: [any StorageRow] = []
        var places: [any StorageRow] = []
        var quotes: [any StorageRow] = []
        var amounts: [any StorageRow] = []
        var dates: [any StorageRow] = []
    }

    /// The query of each child table, in `Children`'s order; `placeholder`
    /// stands for the article id.
    static func childQueries(placeholder: String) -> [WritableKeyPath<Children, [any StorageRow]>: String] {
        [
            \.entities: "SELECT name, type, mentions, aliases FROM entities WHERE article_id = \(placeholder) ORDER BY id",
            \.places: """
                SELECT name, geoname_id, country_code, latitude, longitude, feature_class, mentions
                FROM places WHERE article_id = \(placeholder) ORDER BY id
                """,
            \.quotes: """
                SELECT text, start_offset, end_offset, speaker, speaker_role
                FROM quotes WHERE article_id = \(placeholder) ORDER BY id
                """,
            \.amounts: """
                SELECT text, start_offset, end_offset, value, qualifier, unit, object
                FROM amounts WHERE article_id = \(placeholder) ORDER BY id
                """,
            \.dates: """
                SELECT text, start_offset, end_offset, resolved, granularity
                FROM date_mentions WHERE article_id = \(placeholder) ORDER BY id
                """,
        ]
    }

    /// An article row (`articles` plus `cluster_size`) and its child rows.
    static func storedArticle(_ row: any StorageRow, children: Children) throws -> StoredArticle {
        let hasCanonical = try row.bool("has_canonical") ?? false
        let parsed = ParsedArticle(
            url: try row.required(row.string, "url"),
            canonicalURL: hasCanonical ? try row.string("canonical_url") : nil, outcome: .article,
            title: try row.string("title"), siteName: try row.string("site_name"), section: try row.string("section"),
            breadcrumbs: try row.json([String].self, "breadcrumbs") ?? [],
            authors: try row.json([String].self, "authors") ?? [],
            publishedAt: try row.string("published_at"), modifiedAt: try row.string("modified_at"),
            language: try row.string("language"), dateline: try row.string("dateline"),
            sourceCredit: try row.string("source_credit"), tags: try row.json([String].self, "tags") ?? [],
            description: try row.string("description"), imageURL: try row.string("image_url"),
            paragraphs: try row.json([String].self, "paragraphs") ?? [],
            related: try row.json([RelatedLink].self, "related") ?? [],
            fetchedAt: try row.string("fetched_at").flatMap(WireJSON.parseDate), source: try row.string("source"),
            provenance: try row.json([String: String].self, "provenance") ?? [:])
        let enriched = EnrichedArticle(
            article: parsed, language: try row.string("detected_language"),
            languageConfidence: try row.double("language_confidence"),
            entities: try children.entities.map(entity), places: try children.places.map(place),
            quotes: try children.quotes.map(quote), amounts: try children.amounts.map(amount),
            dates: try children.dates.map(date), keywords: try row.json([String].self, "keywords") ?? [],
            tone: try row.double("tone"), summary: try row.string("summary"), simhash: try row.string("simhash"))
        return StoredArticle(
            id: try row.required(row.int64, "id"), clusterID: try row.required(row.int64, "cluster_id"),
            clusterSize: try row.required(row.int, "cluster_size"), isEnriched: try row.bool("enriched") ?? false,
            contentHash: try row.required(row.string, "content_hash"),
            firstSeen: try row.string("first_seen").flatMap(WireJSON.parseDate) ?? Date(timeIntervalSince1970: 0),
            lastUpdated: try row.string("last_updated").flatMap(WireJSON.parseDate) ?? Date(timeIntervalSince1970: 0),
            versionCount: try row.required(row.int, "version_count"), article: enriched)
    }

    static func entity(_ row: any StorageRow) throws -> Entity {
        Entity(
            name: try row.required(row.string, "name"),
            type: Entity.EntityType(rawValue: try row.string("type") ?? "") ?? .ORG,
            mentions: try row.json([TextSpan].self, "mentions") ?? [], aliases: try row.json([String].self, "aliases") ?? [])
    }

    static func place(_ row: any StorageRow) throws -> Place {
        Place(
            name: try row.required(row.string, "name"), geonameID: try row.int("geoname_id"),
            countryCode: try row.string("country_code"), latitude: try row.double("latitude"),
            longitude: try row.double("longitude"), featureClass: try row.string("feature_class"),
            mentions: try row.int("mentions") ?? 0)
    }

    static func quote(_ row: any StorageRow) throws -> Quote {
        Quote(
            text: try row.required(row.string, "text"), start: try row.required(row.int, "start_offset"),
            end: try row.required(row.int, "end_offset"), speaker: try row.string("speaker"),
            speakerRole: try row.string("speaker_role"))
    }

    static func amount(_ row: any StorageRow) throws -> Amount {
        Amount(
            text: try row.required(row.string, "text"), start: try row.required(row.int, "start_offset"),
            end: try row.required(row.int, "end_offset"), value: try row.required(row.double, "value"),
            qualifier: try row.required(row.string, "qualifier"), unit: try row.string("unit"),
            object: try row.string("object"))
    }

    static func date(_ row: any StorageRow) throws -> DateMention {
        DateMention(
            text: try row.required(row.string, "text"), start: try row.required(row.int, "start_offset"),
            end: try row.required(row.int, "end_offset"), resolved: try row.string("resolved"),
            granularity: try row.required(row.string, "granularity"))
    }
}
