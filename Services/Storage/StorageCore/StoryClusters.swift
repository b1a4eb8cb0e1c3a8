import GRDB
import Shared

/// Story clusters: an article joins the cluster of the nearest stored article
/// whose SimHash is within the distance limit, else it starts a cluster.
///
/// Candidates come from the four indexed band columns (see
/// `SimHashFingerprint`), which find every match up to distance 3; a larger
/// limit falls back to comparing against every fingerprint, which is correct
/// but linear. Clusters are never merged: an article that is near two
/// clusters joins the nearer one.
enum StoryClusters {
    /// The cluster for an article with `fingerprint`, created if needed.
    /// `excluding` is the article itself when it is being updated, and
    /// `currentCluster` its cluster, kept when nothing nearer exists and the
    /// article is alone in it.
    static func assign(
        _ fingerprint: SimHashFingerprint?, excluding articleID: Int64?, currentCluster: Int64?, maxDistance: Int,
        now: String, in db: Database
    ) throws -> Int64 {
        if let fingerprint, let match = try nearest(to: fingerprint, excluding: articleID, maxDistance: maxDistance, in: db) {
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
        to fingerprint: SimHashFingerprint, excluding articleID: Int64?, maxDistance: Int, in db: Database
    ) throws -> Int64? {
        let rows: RowCursor
        if maxDistance <= SimHashFingerprint.exactBandDistance {
            let bands = fingerprint.bands
            rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT id, simhash, cluster_id FROM articles
                    WHERE (simhash_band0 = ? OR simhash_band1 = ? OR simhash_band2 = ? OR simhash_band3 = ?)
                      AND id != ?
                    """,
                arguments: [bands[0], bands[1], bands[2], bands[3], articleID ?? -1])
        } else {
            rows = try Row.fetchCursor(
                db, sql: "SELECT id, simhash, cluster_id FROM articles WHERE simhash IS NOT NULL AND id != ?",
                arguments: [articleID ?? -1])
        }
        var best: (distance: Int, id: Int64, cluster: Int64)?
        while let row = try rows.next() {
            guard let hex: String = row["simhash"], let other = SimHashFingerprint(hex: hex) else { continue }
            let distance = fingerprint.distance(to: other)
            guard distance <= maxDistance else { continue }
            let id: Int64 = row["id"]
            if best == nil || (distance, id) < (best!.distance, best!.id) {
                best = (distance, id, row["cluster_id"])
            }
        }
        return best?.cluster
    }

    static func deleteIfEmpty(_ clusterID: Int64, in db: Database) throws {
        try db.execute(
            sql: "DELETE FROM story_clusters WHERE id = ? AND NOT EXISTS (SELECT 1 FROM articles WHERE cluster_id = ?)",
            arguments: [clusterID, clusterID])
    }
}
