import Foundation

/// The one folder `file://` URLs may read. Paths are compared after `..`
/// and symlinks are resolved, so neither `/root/../etc/passwd` nor a link
/// inside the root pointing out of it escapes.
public struct FileRoot: Sendable, Equatable {
    /// Canonical, without a trailing slash (except `/` itself).
    public let path: String

    public init(_ path: String) {
        self.path = Self.canonical(path)
    }

    /// The canonical path of `path` when it lies inside the root, else nil.
    public func contains(_ path: String) -> String? {
        let resolved = Self.canonical(path)
        if self.path == "/" || resolved == self.path || resolved.hasPrefix(self.path + "/") { return resolved }
        return nil
    }

    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
