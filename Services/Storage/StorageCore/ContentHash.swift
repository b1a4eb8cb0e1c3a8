import Foundation
import Shared

/// Fingerprints of what an article says, so a redelivered or re-fetched copy
/// that says the same thing leaves the stored row alone.
///
/// Two hashes, because a plain `ParsedArticle` (enrichment skipped) arriving
/// after the enriched copy of the same page must not wipe the enrichment:
/// `content` covers the parsed article, `enrichment` what the enricher added.
/// The fetch time is left out: a re-fetch of an unchanged page is unchanged.
/// Hashes are over WireJSON's sorted-key encoding, so they are stable across
/// processes and runs.
enum ContentHash {
    static func content(of article: ParsedArticle) throws -> String {
        var article = article
        article.fetchedAt = nil
        return MessageID.stable(String(decoding: try WireJSON.encoder.encode(article), as: UTF8.self))
    }

    static func enrichment(of enriched: EnrichedArticle) throws -> String {
        var enriched = enriched
        enriched.article = ParsedArticle(url: "")
        return MessageID.stable(String(decoding: try WireJSON.encoder.encode(enriched), as: UTF8.self))
    }
}
