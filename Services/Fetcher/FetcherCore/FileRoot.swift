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

    /// The narrowest root covering the `file://` URLs among `urls` (the
    /// deepest folder holding each of their files), nil when there is none:
    /// what a command that starts its own fetchers passes as their
    /// `--file-root`, so the files it was given, and only their folders, are
    /// readable.
    public static func covering(_ urls: [String]) -> FileRoot? {
        let folders = urls.compactMap { url -> [String]? in
            guard let parsed = URL(string: url), parsed.isFileURL, !parsed.path.isEmpty else { return nil }
            return FileRoot(parsed.deletingLastPathComponent().path).path.split(separator: "/").map(String.init)
        }
        guard var common = folders.first else { return nil }
        for folder in folders.dropFirst() {
            common = Array(zip(common, folder).prefix { $0.0 == $0.1 }.map(\.0))
        }
        return FileRoot("/" + common.joined(separator: "/"))
    }

    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
