import Foundation
import Shared

/// Serves a directory the way a plain static web server does: content types
/// by extension, `index.html` for directories, precompressed `.gz` siblings,
/// validators and 304s. `{{BASE_URL}}` in text files becomes the server's
/// address, so the bundled site's absolute links point at whatever port it
/// was given.
struct SiteFiles: Sendable {
    let root: URL

    static let placeholder = Data("{{BASE_URL}}".utf8)

    static let contentTypes: [String: String] = [
        "html": "text/html", "htm": "text/html", "xml": "application/xml", "rss": "application/rss+xml",
        "atom": "application/atom+xml", "txt": "text/plain", "json": "application/json",
        "css": "text/css", "js": "text/javascript", "svg": "image/svg+xml", "png": "image/png",
        "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
        "ico": "image/x-icon", "pdf": "application/pdf", "warc": "application/warc",
        "gz": "application/gzip",
    ]

    static func contentType(forExtension ext: String) -> String {
        contentTypes[ext.lowercased()] ?? "application/octet-stream"
    }

    static func isText(_ contentType: String?) -> Bool {
        guard let type = contentType?.lowercased() else { return false }
        return type.hasPrefix("text/") || type.contains("xml") || type.contains("json") || type.contains("javascript")
    }

    /// Reads files synchronously on the event loop: the site is a few MB of
    /// small files on local disk, and a thread-pool hop would cost more.
    func respond(to request: SampleSiteRequest) -> SampleSiteResponse {
        guard let relative = Self.safeRelativePath(request.path) else { return .status(404) }
        var file = root.appendingPathComponent(relative)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), isDirectory.boolValue {
            // As static servers do: relative links in the index resolve against the slash-terminated path.
            guard request.path.hasSuffix("/") else {
                return .redirect(to: request.path + "/" + (request.query.map { "?" + $0 } ?? ""), status: 301)
            }
            file = file.appendingPathComponent("index.html")
        }
        let fileManager = FileManager.default
        let acceptsGzip = (request.header("accept-encoding") ?? "").lowercased().contains("gzip")
        let gzipped = file.appendingPathExtension("gz")
        let plainExists = fileManager.fileExists(atPath: file.path)
        let useGzip = fileManager.fileExists(atPath: gzipped.path) && (acceptsGzip || !plainExists)
        let served = useGzip ? gzipped : file
        guard let attributes = try? fileManager.attributesOfItem(atPath: served.path),
              (attributes[.type] as? FileAttributeType) == .typeRegular,
              var body = try? Data(contentsOf: served) else { return .status(404) }

        let contentType = Self.contentType(forExtension: file.pathExtension)
        // A gzipped file cannot be rewritten without inflating it; it is served as stored.
        if !useGzip, Self.isText(contentType) {
            body = Self.substitute(body, baseURL: request.baseURL)
        }
        let modified = (attributes[.modificationDate] as? Date) ?? Date(timeIntervalSince1970: 0)
        let etag = "\"\(Self.fnv1a(body))\(useGzip ? "-gz" : "")\""
        var headers: [(String, String)] = [
            ("Content-Type", contentType), ("ETag", etag), ("Last-Modified", HTTPDate.format(modified)),
        ]
        if useGzip { headers.append(("Content-Encoding", "gzip")) }
        if fileManager.fileExists(atPath: gzipped.path) { headers.append(("Vary", "Accept-Encoding")) }

        if Self.notModified(request, etag: etag, modified: modified) {
            return SampleSiteResponse(status: 304, headers: headers.filter { $0.0 != "Content-Type" })
        }
        return SampleSiteResponse(status: 200, headers: headers, body: .bytes(body), substitutesBaseURL: false)
    }

    /// If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2).
    static func notModified(_ request: SampleSiteRequest, etag: String, modified: Date) -> Bool {
        if let ifNoneMatch = request.header("if-none-match") {
            let tags = ifNoneMatch.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            return tags.contains("*") || tags.contains { $0 == etag || $0 == "W/" + etag }
        }
        if let since = request.header("if-modified-since").flatMap(HTTPDate.parse) {
            return modified.timeIntervalSince1970.rounded(.down) <= since.timeIntervalSince1970
        }
        return false
    }

    /// The request path as a relative file path, or nil if it tries to leave the root.
    static func safeRelativePath(_ path: String) -> String? {
        let decoded = path.removingPercentEncoding ?? path
        var parts: [Substring] = []
        for part in decoded.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == ".." || part.contains("\0") { return nil }
            parts.append(part)
        }
        return parts.joined(separator: "/")
    }

    static func substitute(_ body: Data, baseURL: String) -> Data {
        guard body.range(of: placeholder) != nil else { return body }
        let replacement = Data(baseURL.utf8)
        var out = Data()
        out.reserveCapacity(body.count + 256)
        var rest = body[...]
        while let range = rest.range(of: placeholder) {
            out.append(rest[rest.startIndex..<range.lowerBound])
            out.append(replacement)
            rest = rest[range.upperBound...]
        }
        out.append(rest)
        return out
    }

    static func fnv1a(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return String(hash, radix: 16)
    }
}
