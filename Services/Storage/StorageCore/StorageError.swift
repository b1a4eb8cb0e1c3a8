/// Why storage refused a write or could not open, with what the caller should
/// do about it: `invalidInput` and `rejected` never succeed on retry, the
/// others may. Each backend maps its own database errors to these, so callers
/// (the storage stage, the web server) import neither database library.
public enum StorageError: Error, Equatable, CustomStringConvertible {
    /// The article cannot be stored as given (no URL, ...).
    case invalidInput(String)
    /// The database location names a backend this build does not have.
    case unsupportedBackend(String)
    /// A read-only command was pointed at a database that does not exist.
    case databaseMissing(String)
    /// The database server could not be reached or refused the session, or
    /// the database failed in a way that may clear up (busy, full disk, I/O).
    case databaseUnavailable(String)
    /// The database refused the data itself (a value it cannot hold, a
    /// constraint, a schema mismatch): the same write fails again.
    case rejected(String)

    /// Whether retrying the same operation cannot help.
    public var isPermanent: Bool {
        switch self {
        case .invalidInput, .rejected: true
        case .unsupportedBackend, .databaseMissing, .databaseUnavailable: false
        }
    }

    public var description: String {
        switch self {
        case .invalidInput(let why): "invalid article: \(why)"
        case .unsupportedBackend(let location): "unsupported database location: \(location)"
        case .databaseMissing(let path): "no database at \(path) (run the pipeline first, or pass --database)"
        case .databaseUnavailable(let why): "database unavailable: \(why)"
        case .rejected(let why): "database refused the article: \(why)"
        }
    }
}
