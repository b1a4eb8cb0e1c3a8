import Foundation
import Shared

/// A value of an article-row column, whichever database stores it; each
/// driver binds it its own way.
enum ColumnValue: Sendable {
    case text(String?)
    case int(Int64?)
    case double(Double?)
    case bool(Bool)
    case bytes(Data)
}

extension PreparedArticle {
    /// What an article row holds, written once for both backends: its
    /// columns apart from the story cluster and the bookkeeping (first seen,
    /// last updated, version count), which the upsert adds.
    func columns() throws -> [String: ColumnValue] {
        let a = enriched.article
        func json<T: Encodable>(_ value: T) throws -> ColumnValue { .text(try StorageJSON.string(value)) }
        return [
            "canonical_url": .text(key),
            "url": .text(a.url),
            "has_canonical": .bool(a.canonicalURL != nil),
            "title": .text(a.title),
            "site_name": .text(a.siteName),
            "section": .text(a.section),
            "breadcrumbs": try json(a.breadcrumbs),
            "authors": try json(a.authors),
            "published_at": .text(a.publishedAt),
            "published_utc": .text(a.publishedAt.flatMap(StorageDates.parse).map(WireJSON.formatDate)),
            "modified_at": .text(a.modifiedAt),
            "language": .text(a.language),
            "dateline": .text(a.dateline),
            "source_credit": .text(a.sourceCredit),
            "tags": try json(a.tags),
            "description": .text(a.description),
            "image_url": .text(a.imageURL),
            "paragraphs": try json(a.paragraphs),
            "text": .text(a.text),
            "related": try json(a.related),
            "provenance": try json(a.provenance),
            "fetched_at": .text(a.fetchedAt.map(WireJSON.formatDate)),
            "source": .text(a.source),
            "enriched": .bool(isEnriched),
            "detected_language": .text(enriched.language),
            "language_confidence": .double(enriched.languageConfidence),
            "keywords": try json(enriched.keywords),
            "tone": .double(enriched.tone),
            "summary": .text(enriched.summary),
            "content_hash": .text(contentHash),
            "enrichment_hash": .text(enrichmentHash),
            "simhash": .text(simhash?.hex),
            "minhash": .bytes(StoryClusters.storedSignature(fingerprint)),
        ]
    }
}
