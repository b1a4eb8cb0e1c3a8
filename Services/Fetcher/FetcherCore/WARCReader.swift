import Foundation

/// Reads WARC 1.0/1.1 files (ISO 28500), the web archive format crawls are
/// kept in, so archived pages can be fed through the pipeline offline.
/// A `.warc.gz` reaches it inflated (PageFetcher unwraps `.gz` documents).
public enum WARCReader {
    /// One `response` record's HTTP exchange.
    public struct Response: Sendable, Equatable {
        public var targetURI: String
        public var date: String?
        public var status: Int
        /// Lower-cased names.
        public var headers: [String: String]
        public var body: Data
    }

    public enum WARCError: Error, Equatable, CustomStringConvertible {
        case malformed(offset: Int, reason: String)
        case notWARC
        case tooManyRecords(limit: Int)
        public var description: String {
            switch self {
            case .malformed(let offset, let reason): "malformed WARC at byte \(offset): \(reason)"
            case .notWARC: "not a WARC file (no WARC/1.x version line)"
            case .tooManyRecords(let limit): "more than \(limit) response records"
            }
        }
    }

    /// True when `data` starts like a WARC file.
    public static func looksLikeWARC(_ data: Data) -> Bool {
        data.starts(with: Data("WARC/1.".utf8))
    }

    /// The `response` records with an HTTP payload, in file order. Other
    /// record types (warcinfo, request, metadata, revisit) are skipped;
    /// responses whose recorded body is content-encoded are skipped too.
    /// Lengths come from the input, so every one is checked against the
    /// bytes that remain before any arithmetic (no overflow, no over-read).
    public static func responses(in data: Data, maxRecords: Int = .max) throws -> [Response] {
        let bytes = [UInt8](data)
        var responses: [Response] = []
        var offset = 0
        while offset < bytes.count {
            // Tolerate stray blank lines between records.
            while offset < bytes.count, bytes[offset] == 0x0D || bytes[offset] == 0x0A { offset += 1 }
            guard offset < bytes.count else { break }
            guard let headerEnd = find([0x0D, 0x0A, 0x0D, 0x0A], in: bytes, from: offset) else {
                throw WARCError.malformed(offset: offset, reason: "record header does not end")
            }
            let headerText = String(decoding: bytes[offset..<headerEnd], as: UTF8.self)
            var lines = headerText.components(separatedBy: "\r\n")
            guard let version = lines.first, version.hasPrefix("WARC/") else {
                throw WARCError.malformed(offset: offset, reason: "no WARC version line")
            }
            lines.removeFirst()
            let fields = parseFields(lines)
            guard let length = fields["content-length"].flatMap(Int.init), length >= 0 else {
                throw WARCError.malformed(offset: offset, reason: "record without Content-Length")
            }
            let blockStart = headerEnd + 4
            guard length <= bytes.count - blockStart else {
                throw WARCError.malformed(offset: offset, reason: "record block runs past the end of the file")
            }
            let block = bytes[blockStart..<(blockStart + length)]
            offset = blockStart + length
            guard fields["warc-type"]?.lowercased() == "response", let uri = fields["warc-target-uri"],
                  (fields["content-type"] ?? "").lowercased().hasPrefix("application/http") else { continue }
            if let response = parseHTTP(Array(block), targetURI: cleanURI(uri), date: fields["warc-date"]) {
                guard responses.count < maxRecords else { throw WARCError.tooManyRecords(limit: maxRecords) }
                responses.append(response)
            }
        }
        return responses
    }

    /// WARC 1.0 writers sometimes wrap the URI in angle brackets.
    private static func cleanURI(_ uri: String) -> String {
        uri.hasPrefix("<") && uri.hasSuffix(">") ? String(uri.dropFirst().dropLast()) : uri
    }

    private static func parseFields(_ lines: [String]) -> [String: String] {
        var fields: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields[name] = fields[name].map { $0 + ", " + value } ?? value
        }
        return fields
    }

    private static func parseHTTP(_ block: [UInt8], targetURI: String, date: String?) -> Response? {
        guard let headEnd = find([0x0D, 0x0A, 0x0D, 0x0A], in: block, from: 0) else { return nil }
        var lines = String(decoding: block[0..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/"), let status = Int(statusLine[1]) else {
            return nil
        }
        var headers = parseFields(lines)
        var body = Array(block[(headEnd + 4)...])
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            guard let unchunked = dechunk(body) else { return nil }
            body = unchunked
            headers["transfer-encoding"] = nil
        }
        if let encoding = headers["content-encoding"]?.lowercased(), encoding != "identity" { return nil }
        return Response(targetURI: targetURI, date: date, status: status, headers: headers, body: Data(body))
    }

    private static func dechunk(_ bytes: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            guard let lineEnd = find([0x0D, 0x0A], in: bytes, from: i) else { return nil }
            let sizeText = String(decoding: bytes[i..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { return nil }
            i = lineEnd + 2
            if size == 0 { return out }
            guard size >= 0, size <= bytes.count - i else { return nil }
            out.append(contentsOf: bytes[i..<(i + size)])
            i += size
            i += min(2, bytes.count - i)
        }
        return out
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard needle.count <= bytes.count, start <= bytes.count - needle.count else { return nil }
        var i = start
        while i <= bytes.count - needle.count {
            if bytes[i] == needle[0] {
                var k = 1
                while k < needle.count, bytes[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
