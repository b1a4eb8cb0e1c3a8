import PostgresNIO

/// PostgreSQL's errors in storage's terms: what the PostgreSQL driver throws
/// instead of PostgresNIO's `PSQLError`.
enum PostgresErrors {
    /// Runs `body`, turning a `PSQLError` into a `StorageError`: data,
    /// constraint and schema errors (SQLSTATE classes 22, 23, 42) will not
    /// clear up; a lost connection or a busy server may.
    static func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PSQLError {
            // PSQLError's description hides everything; its reflection says
            // what went wrong (and holds no password).
            let state = error.serverInfo?[.sqlState] ?? ""
            if ["22", "23", "42"].contains(String(state.prefix(2))) {
                throw StorageError.rejected(String(reflecting: error))
            }
            throw StorageError.databaseUnavailable(String(reflecting: error))
        }
    }
}
