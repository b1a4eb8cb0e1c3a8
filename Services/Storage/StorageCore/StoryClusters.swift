import Foundation
import GRDB
import Shared

/// Story clusters: an article joins the cluster of the most similar stored
/// article whose estimated text similarity (`StoryFingerprint`) reaches the
/// limit, else it starts a cluster of its own.
///
/// Candidates come from the `story_buckets` index (one row per article and
/// band), so a look-up reads only articles that share a band, never the whole
/// table. Clusters are never merged: an article that is near two clusters
/// joins the nearer one.
public enum StoryClusters {
    /// Articles whose estimated Jaccard similarity reaches this share a story
    /// unless the repository is opened with another limit. Syndicated copies
    /// measure 0.8 to 1.0, different stories under 0.05.
    public static let defaultSimilarity = 0.5

    /// A limit within 0...1 (a non-number gives the default).
    static func clamped(_ similarity: Double) -> Double {
        similarity.isNaN ? defaultSimilarity : max(0, min(similarity, 1))
    }

    /// The cluster for an article with `fingerprint`, created if needed.
    /// `excluding` is the article itself when it is being updated, and
    /// `currentCluster` its cluster, kept when nothing nearer exists and the
    /// article is alone in it.
    static func assign(
        _ fingerprint: StoryFingerprint?, excluding articleID: Int64?, currentCluster: Int64?,
        minimumSimilarity: Double, now: String, in db: Database
    ) throws -> Int64 {
        if let fingerprint,
            let match = try nearest(
                to: fingerprint, excluding: articleID, minimumSimilarity: minimumSimilarity, in: db)
        {
            return match
        }
        if let currentCluster, let articleID {
            let others = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM articles WHERE cluster_id = ? AND id != ?",
                arguments: [currentCluster, articleID]) ?? 0
            if others == 0 { return currentCluster }
        }
        try db.execute(sql: "INSERT INTO story_clusters (created_at) VALUES (?)", arguments: [now])
        return db.lastInsertedRowID
    }

    static func nearest(
        to fingerprint: StoryFingerprint, excluding articleID: Int64?, minimumSimilarity: Double, in db: Database
    ) throws -> Int64? {
        let buckets = fingerprint.buckets
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT a.id, a.minhash, a.cluster_id FROM articles a
                WHERE a.id IN (
                    SELECT DISTINCT article_id FROM story_buckets
                    WHERE bucket IN (\(buckets.map { _ in "?" }.joined(separator: ", ")))
                ) AND a.id != ?
                """,
            arguments: StatementArguments(buckets + [articleID ?? -1]))
        var candidates = StoryCandidates(fingerprint, minimumSimilarity: minimumSimilarity)
        while let row = try rows.next() {
            candidates.consider(id: row["id"], signature: row["minhash"], cluster: row["cluster_id"])
        }
        return candidates.bestCluster
    }

    /// Writes the article's bucket rows, replacing any earlier ones (its
    /// signature is a column of the article row, `storedSignature`).
    static func index(_ fingerprint: StoryFingerprint?, articleID: Int64, in db: Database) throws {
        try db.execute(sql: "DELETE FROM story_buckets WHERE article_id = ?", arguments: [articleID])
        guard let fingerprint else { return }
        let buckets = Set(fingerprint.buckets)
        try db.execute(
            sql: "INSERT INTO story_buckets (bucket, article_id) VALUES \(buckets.map { _ in "(?, ?)" }.joined(separator: ", "))",
            arguments: StatementArguments(buckets.flatMap { [$0, articleID] }))
    }

    /// The `minhash` column's value: the signature's bytes, or empty for an
    /// article without one (NULL means not computed yet).
    static func storedSignature(_ fingerprint: StoryFingerprint?) -> Data {
        Data(fingerprint?.bytes ?? [])
    }

    static func deleteIfEmpty(_ clusterID: Int64, in db: Database) throws {
        try db.execute(
            sql: "DELETE FROM story_clusters WHERE id = ? AND NOT EXISTS (SELECT 1 FROM articles WHERE cluster_id = ?)",
            arguments: [clusterID, clusterID])
    }
}

/// The best match among bucket candidates, the same for both backends:
/// highest similarity at or above the limit, ties to the oldest article.
struct StoryCandidates {
    let fingerprint: StoryFingerprint
    let minimumSimilarity: Double
    private var best: (similarity: Double, id: Int64, cluster: Int64)?

    init(_ fingerprint: StoryFingerprint, minimumSimilarity: Double) {
        self.fingerprint = fingerprint
        self.minimumSimilarity = minimumSimilarity
    }

    mutating func consider(id: Int64, signature: Data?, cluster: Int64) {
        guard let signature, let other = StoryFingerprint(bytes: Array(signature)) else { return }
        let similarity = fingerprint.similarity(to: other)
        guard similarity >= minimumSimilarity else { return }
        if let current = best, similarity < current.similarity || (similarity == current.similarity && id > current.id) {
            return
        }
        best = (similarity, id, cluster)
    }

    var bestCluster: Int64? { best?.cluster }
}
