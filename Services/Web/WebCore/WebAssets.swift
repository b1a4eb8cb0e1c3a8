import Foundation

/// The web app's files (HTML, CSS, JavaScript, the world outline), kept in
/// the repository under `Public/` and shipped as this module's resources: no
/// build step, nothing loaded from elsewhere.
public enum WebAssets {
    static let contentTypes = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml", "json": "application/json",
        "png": "image/png", "ico": "image/x-icon",
    ]

    /// The folder the files are in.
    static var folder: URL? { Bundle.module.url(forResource: "Public", withExtension: nil) }

    /// The file for `path` (`/` is `index.html`), or nil. Only plain file
    /// names directly in the folder are served: no `..`, no subfolders.
    public static func response(path: String) -> APIResponse? {
        let name = path == "/" ? "index.html" : String(path.drop { $0 == "/" })
        guard !name.isEmpty, !name.hasPrefix("."),
            name.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0) }),
            let type = contentTypes[(name as NSString).pathExtension.lowercased()],
            let url = folder?.appendingPathComponent(name), let data = try? Data(contentsOf: url)
        else { return nil }
        return APIResponse(status: 200, contentType: type, body: data)
    }
}
