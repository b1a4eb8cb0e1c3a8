import Foundation

/// Opens the repository a database location names, so every executable
/// accepts the same `--database` values: a file path (SQLite, the embedded
/// default) or, once that backend exists, a `postgres://` URL.
public enum ArticleRepositories {
    public static let defaultLocation = "./data/newswire.sqlite"
    public static let environmentVariable = "NEWSWIRE_DATABASE"

    /// `NEWSWIRE_DATABASE` if set, else `./data/newswire.sqlite`.
    public static func defaultLocation(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 } ?? defaultLocation
    }

    /// - Parameter mustExist: for read-only commands: fail rather than create
    ///   an empty database at a mistyped path.
    public static func open(
        _ location: String, clusterDistance: Int = 3, durability: SQLiteArticleRepository.Durability = .full,
        mustExist: Bool = false
    ) throws -> any ArticleRepository {
        let lowered = location.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            throw StorageError.unsupportedBackend("PostgreSQL is not built into this version (\(redacted(location)))")
        }
        var path = location
        if lowered.hasPrefix("sqlite://") { path = String(location.dropFirst("sqlite://".count)) }
        if lowered.hasPrefix("file://") { path = URL(string: location)?.path ?? String(location.dropFirst(7)) }
        if mustExist, !FileManager.default.fileExists(atPath: path) {
            throw StorageError.databaseMissing(path)
        }
        return try SQLiteArticleRepository(path: path, clusterDistance: clusterDistance, durability: durability)
    }

    /// A URL with its password hidden, for messages and logs.
    static func redacted(_ location: String) -> String {
        guard var components = URLComponents(string: location), components.password != nil else { return location }
        components.password = "***"
        return components.string ?? location
    }
}
