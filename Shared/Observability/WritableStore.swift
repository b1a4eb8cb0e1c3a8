#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a service can still write its durable state, for its /health.
///
/// A store that cannot be written makes every acknowledgement impossible, so
/// the service should report it before the next commit fails: the folder
/// must be writable (SQLite creates its journal files beside the database),
/// so must each named file that exists, and the file system must have room
/// left. Cheap system calls only (access, statvfs): health checks and
/// scrapes ask often, and a probe write would compete with the real ones.
public struct WritableStore: Sendable {
    public var directory: String
    /// Files in `directory` that must be writable when present.
    public var files: [String]
    /// Less free space than this counts as full.
    public var minimumFreeBytes: UInt64

    public init(directory: String, files: [String] = [], minimumFreeBytes: UInt64 = 8 << 20) {
        self.directory = directory
        self.files = files
        self.minimumFreeBytes = minimumFreeBytes
    }

    /// True when the folder and its present files are writable by this
    /// process and the file system has at least `minimumFreeBytes` free.
    public func isWritable() -> Bool {
        guard access(directory, W_OK | X_OK) == 0 else { return false }
        for name in files {
            let path = directory + "/" + name
            if access(path, F_OK) == 0, access(path, W_OK) != 0 { return false }
        }
        var stats = statvfs()
        guard statvfs(directory, &stats) == 0 else { return false }
        // A read-only mount can leave access() happy for root; statvfs knows.
        if stats.f_flag & UInt(ST_RDONLY) != 0 { return false }
        return UInt64(stats.f_bavail) * UInt64(stats.f_frsize) >= minimumFreeBytes
    }
}
