import GRDB

/// SQLite's errors in storage's terms: what the SQLite driver throws instead
/// of GRDB's `DatabaseError`.
enum SQLiteErrors {
    /// Runs `body`, turning a `DatabaseError` into a `StorageError`: a
    /// constraint or schema error will not clear up; a full disk, a lock held
    /// too long or an I/O error may.
    static func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_CONSTRAINT, .SQLITE_MISMATCH, .SQLITE_TOOBIG, .SQLITE_ERROR:
                throw StorageError.rejected("\(error)")
            default:
                throw StorageError.databaseUnavailable("\(error)")
            }
        }
    }
}
