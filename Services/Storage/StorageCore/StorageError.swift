/// Why storage refused a write or could not open, with what the caller should
/// do about it: `invalidInput` never succeeds on retry, the others may.
public enum StorageError: Error, Equatable, CustomStringConvertible {
    /// The article cannot be stored as given (no URL, ...).
    case invalidInput(String)
    /// The database location names a backend this build does not have.
    case unsupportedBackend(String)
    /// A read-only command was pointed at a database that does not exist.
    case databaseMissing(String)
    /// The database server could not be reached or refused the session.
    case databaseUnavailable(String)

    public var description: String {
        switch self {
        case .invalidInput(let why): "invalid article: \(why)"
        case .unsupportedBackend(let location): "unsupported database location: \(location)"
        case .databaseMissing(let path): "no database at \(path) (run the pipeline first, or pass --database)"
        case .databaseUnavailable(let why): "database unavailable: \(why)"
        }
    }
}
