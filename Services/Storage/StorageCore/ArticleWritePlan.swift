import Foundation
import Shared

/// What storing an article writes, decided once for both backends: whether
/// the row is inserted, updated or left alone, the row's values, and the
/// child rows. Each driver (SQLite, PostgreSQL) only runs the statements.
enum ArticleWritePlan {
    /// The stored row an incoming article is compared with.
    struct ExistingRow {
        var id: Int64
        var clusterID: Int64
        var contentHash: String?
        var enrichmentHash: String?
        var signature: Data?
    }

    /// What to do with the article row.
    enum Decision: Equatable {
        case insert
        /// Nothing changed: the stored row stands.
        case unchanged
        /// Text or enrichment changed; `refingerprint` when the story
        /// signature changed too, so the cluster is chosen again.
        case update(refingerprint: Bool)
    }

    static func decide(_ prepared: PreparedArticle, existing: ExistingRow?) -> Decision {
        guard let existing else { return .insert }
        let sameContent = existing.contentHash == prepared.contentHash
        // A plain parsed copy of content already stored enriched changes nothing.
        let sameEnrichment = !prepared.isEnriched || existing.enrichmentHash == prepared.enrichmentHash
        if sameContent && sameEnrichment { return .unchanged }
        return .update(refingerprint: existing.signature != StoryClusters.storedSignature(prepared.fingerprint))
    }

    /// The columns of a new row: the article's, its cluster and the bookkeeping.
    static func insertValues(_ prepared: PreparedArticle, clusterID: Int64, now: String) throws -> [String: ColumnValue] {
        var values = try prepared.columns()
        values["cluster_id"] = .int(clusterID)
        values["first_seen"] = .text(now)
        values["last_updated"] = .text(now)
        values["version_count"] = .int(1)
        return values
    }

    /// The columns an update sets (the driver adds one to `version_count`).
    static func updateValues(_ prepared: PreparedArticle, clusterID: Int64, now: String) throws -> [String: ColumnValue] {
        var values = try prepared.columns()
        values["cluster_id"] = .int(clusterID)
        values["last_updated"] = .text(now)
        return values
    }

    /// The tables holding an article's child rows, deleted and written anew on update.
    static let childTables = ["entities", "places", "quotes", "amounts", "date_mentions"]

    /// One child table's new rows (without `article_id`, which the driver adds first).
    struct ChildRows {
        var table: String
        var columns: [String]
        var rows: [[ColumnValue]]
        /// Columns PostgreSQL stores as jsonb (SQLite keeps the text).
        var jsonColumns: Set<String> = []
    }

    /// Every non-empty child table of an enriched article.
    static func children(of enriched: EnrichedArticle) throws -> [ChildRows] {
        let tables = [
            ChildRows(
                table: "entities",
                columns: ["name", "name_key", "alias_keys", "type", "mention_count", "mentions", "aliases"],
                rows: try enriched.entities.map { entity in
                    [
                        .text(entity.name), .text(nameKey(entity.name)),
                        .text(try StorageJSON.string(entity.aliases.map(nameKey))),
                        .text(entity.type.rawValue), .int(Int64(entity.count)),
                        .text(try StorageJSON.string(entity.mentions)), .text(try StorageJSON.string(entity.aliases)),
                    ]
                },
                jsonColumns: ["alias_keys"]),
            ChildRows(
                table: "places",
                columns: ["name", "geoname_id", "country_code", "latitude", "longitude", "feature_class", "mentions"],
                rows: enriched.places.map { place in
                    [
                        .text(place.name), .int(place.geonameID.map(Int64.init)), .text(place.countryCode),
                        .double(place.latitude), .double(place.longitude), .text(place.featureClass),
                        .int(Int64(place.mentions)),
                    ]
                }),
            ChildRows(
                table: "quotes", columns: ["text", "speaker", "speaker_role", "start_offset", "end_offset"],
                rows: enriched.quotes.map { quote in
                    [
                        .text(quote.text), .text(quote.speaker), .text(quote.speakerRole), .int(Int64(quote.start)),
                        .int(Int64(quote.end)),
                    ]
                }),
            ChildRows(
                table: "amounts",
                columns: ["text", "start_offset", "end_offset", "value", "qualifier", "unit", "object"],
                rows: enriched.amounts.map { amount in
                    [
                        .text(amount.text), .int(Int64(amount.start)), .int(Int64(amount.end)), .double(amount.value),
                        .text(amount.qualifier), .text(amount.unit), .text(amount.object),
                    ]
                }),
            ChildRows(
                table: "date_mentions", columns: ["text", "start_offset", "end_offset", "resolved", "granularity"],
                rows: enriched.dates.map { date in
                    [
                        .text(date.text), .int(Int64(date.start)), .int(Int64(date.end)), .text(date.resolved),
                        .text(date.granularity),
                    ]
                }),
        ]
        return tables.filter { !$0.rows.isEmpty }
    }

    /// How entity names are matched: case-insensitively.
    static func nameKey(_ name: String) -> String { name.lowercased() }
}
