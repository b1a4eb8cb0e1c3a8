import Foundation

/// Opens the repository a database location names, so every executable
/// accepts the same `--database` values: a file path (SQLite, the embedded
/// default) or a `postgres://user:password@host:port/database` URL.
public enum ArticleRepositories {
    public static let defaultLocation = "./data/newswire.sqlite"
    public static let environmentVariable = "NEWSWIRE_DATABASE"

    /// `NEWSWIRE_DATABASE` if set, else `./data/newswire.sqlite`.
    public static func defaultLocation(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 } ?? defaultLocation
    }

    /// - Parameter mustExist: for read-only commands: fail rather than create
    ///   an empty database at a mistyped path (a PostgreSQL database is never
    ///   created here: it must exist on the server).
    /// - Returns: a repository to `close()` when done (PostgreSQL holds a
    ///   connection pool).
    /// - Parameter readOnly: for the web server: an SQLite file is opened
    ///   read-only and must exist; a PostgreSQL database is not migrated and
    ///   its sessions refuse writes.
    public static func open(
        _ location: String, clusterSimilarity: Double = StoryClusters.defaultSimilarity,
        durability: SQLiteArticleRepository.Durability = .full, mustExist: Bool = false, readOnly: Bool = false
    ) async throws -> any ArticleRepository {
        let lowered = location.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            return try await PostgresArticleRepository.open(
                url: location, clusterSimilarity: clusterSimilarity, readOnly: readOnly)
        }
        var path = location
        if lowered.hasPrefix("sqlite://") { path = String(location.dropFirst("sqlite://".count)) }
        if lowered.hasPrefix("file://") { path = URL(string: location)?.path ?? String(location.dropFirst(7)) }
        if readOnly { return try SQLiteArticleRepository(readingOnly: path) }
        if mustExist, !FileManager.default.fileExists(atPath: path) {
            throw StorageError.databaseMissing(path)
        }
        return try SQLiteArticleRepository(path: path, clusterSimilarity: clusterSimilarity, durability: durability)
    }

    /// A URL with its password hidden, for messages and logs.
    static func redacted(_ location: String) -> String {
        guard var components = URLComponents(string: location), components.password != nil else { return location }
        components.password = "***"
        return components.string ?? location
    }
}
