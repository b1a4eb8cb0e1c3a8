import Foundation

/// Reads WARC 1.0/1.1 files (ISO 28500), the web archive format crawls are
/// kept in, so archived pages can be fed through the pipeline offline.
///
/// Streaming: records are read one at a time from an `ArchiveInput` (a
/// `.warc`, or a `.warc.gz` inflated member by member), so memory stays
/// bounded by the largest record kept (`maxBlockBytes`; longer blocks are
/// read past, not held). Each record carries the `ArchivePosition` it can be
/// re-read from. Lengths come from the input, so every one is checked
/// against what actually arrives, never added to an offset unchecked.
public final class WARCReader {
    /// One record: its header fields (lower-cased names) and its block,
    /// nil when the block was longer than `maxBlockBytes`.
    public struct Record {
        public var fields: [String: String]
        public var block: [UInt8]?
        public var position: ArchivePosition
    }

    /// One `response` record's HTTP exchange.
    public struct Response: Sendable, Equatable {
        public var targetURI: String
        public var date: String?
        public var status: Int
        /// Lower-cased names.
        public var headers: [String: String]
        public var body: Data
        public var position: ArchivePosition = .start
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

    private let input: ArchiveInput
    private let maxBlockBytes: Int
    private static let maxHeaderBytes = 64 * 1024
    /// The last resumable offset passed and the records read since.
    private var anchor: ArchivePosition

    /// Starts at `position`, reading past its `skip` records.
    init(input: ArchiveInput, position: ArchivePosition = .start, maxBlockBytes: Int = 16 * 1024 * 1024) throws {
        self.input = input
        self.maxBlockBytes = maxBlockBytes
        self.anchor = ArchivePosition(offset: position.offset)
        for _ in 0..<position.skip {
            guard try next(keepingBlock: false) != nil else { break }
        }
    }

    /// A local `.warc` or `.warc.gz` (told by its first bytes), from `position`.
    public convenience init(path: String, position: ArchivePosition = .start, maxBlockBytes: Int = 16 * 1024 * 1024)
        throws {
        let gzip = try Self.fileIsGzip(path)
        try self.init(input: .file(path, offset: position.offset, gzip: gzip), position: position,
                      maxBlockBytes: maxBlockBytes)
    }

    static func fileIsGzip(_ path: String) throws -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw FetchError.fileNotFound(path) }
        defer { try? handle.close() }
        return Inflater.isGzip(try handle.read(upToCount: 2) ?? Data())
    }

    /// Where the next unread record starts (the record after the last one
    /// read, even when what follows turns out to be damaged).
    public var position: ArchivePosition { anchor }

    /// Where the next record starts, or nil at the end of the archive.
    public func nextPosition() throws -> ArchivePosition? {
        // Records end with CRLF CRLF; tolerate any number of blank lines. A
        // gzip member boundary is only visible before the next member is
        // inflated, so it is looked for each time the input runs dry.
        var boundary: Int?
        while true {
            while input.available > 0, input.peek(0) == 0x0D || input.peek(0) == 0x0A { input.consume(1) }
            if input.available > 0 { break }
            if let offset = input.resumableOffset { boundary = offset }
            guard try input.more() else { return nil }
        }
        if let offset = input.resumableOffset { boundary = offset }
        if let boundary, boundary != anchor.offset {
            anchor = ArchivePosition(offset: boundary)
        }
        return anchor
    }

    /// The next record, or nil at the end.
    public func next() throws -> Record? { try next(keepingBlock: true) }

    private func next(keepingBlock: Bool) throws -> Record? {
        guard let position = try nextPosition() else { return nil }
        let fields = try readHeader(at: position)
        guard let lengthText = fields["content-length"], let length = Int(lengthText), length >= 0 else {
            throw malformed(position, "record without a valid Content-Length")
        }
        let block = try readBlock(length: length, keep: keepingBlock && length <= maxBlockBytes, at: position)
        anchor.skip += 1
        return Record(fields: fields, block: block, position: position)
    }

    /// The next `response` record with an HTTP payload, skipping other
    /// record types (warcinfo, request, metadata, revisit), responses whose
    /// recorded body is content-encoded and blocks over the size cap.
    public func nextResponse() throws -> Response? {
        while let record = try next() {
            guard record.fields["warc-type"]?.lowercased() == "response", let uri = record.fields["warc-target-uri"],
                  (record.fields["content-type"] ?? "").lowercased().hasPrefix("application/http"),
                  let block = record.block,
                  var response = Self.parseHTTP(block, targetURI: Self.cleanURI(uri), date: record.fields["warc-date"])
            else { continue }
            response.position = record.position
            return response
        }
        return nil
    }

    /// Every response record of an archive held in memory (a remote
    /// archive, already capped in size), at most `maxRecords`.
    public static func responses(in data: Data, maxRecords: Int = .max) throws -> [Response] {
        let reader = try WARCReader(input: .memory(data, gzip: Inflater.isGzip(data)))
        var responses: [Response] = []
        while let response = try reader.nextResponse() {
            guard responses.count < maxRecords else { throw WARCError.tooManyRecords(limit: maxRecords) }
            responses.append(response)
        }
        return responses
    }

    /// True when `data` starts like a WARC file.
    public static func looksLikeWARC(_ data: Data) -> Bool {
        data.starts(with: Data("WARC/1.".utf8))
    }

    // MARK: - Record parts

    private func readHeader(at position: ArchivePosition) throws -> [String: String] {
        guard let end = try input.find([0x0D, 0x0A, 0x0D, 0x0A], within: Self.maxHeaderBytes) else {
            throw malformed(position, input.available < Self.maxHeaderBytes
                ? "archive ends inside a record header" : "record header longer than \(Self.maxHeaderBytes) bytes")
        }
        let text = String(decoding: input.take(end), as: UTF8.self)
        input.consume(4)
        var lines = text.components(separatedBy: "\r\n")
        guard let version = lines.first, version.hasPrefix("WARC/") else {
            throw malformed(position, "no WARC version line")
        }
        lines.removeFirst()
        return Self.parseFields(lines)
    }

    /// Reads `length` bytes, keeping them only when asked; a block that is
    /// not kept is read past piece by piece, never held whole.
    private func readBlock(length: Int, keep: Bool, at position: ArchivePosition) throws -> [UInt8]? {
        if keep {
            guard try input.ensure(length) else { throw malformed(position, "archive ends inside a record block") }
            return Array(input.take(length))
        }
        var remaining = length
        while remaining > 0 {
            guard try input.ensure(1) else { throw malformed(position, "archive ends inside a record block") }
            let count = min(input.available, remaining)
            input.consume(count)
            remaining -= count
        }
        return nil
    }

    private func malformed(_ position: ArchivePosition, _ reason: String) -> WARCError {
        .malformed(offset: position.offset,
                   reason: position.skip == 0 ? reason : "\(reason) (record \(position.skip) after that offset)")
    }

    // MARK: - HTTP payloads

    /// WARC 1.0 writers sometimes wrap the URI in angle brackets.
    static func cleanURI(_ uri: String) -> String {
        uri.hasPrefix("<") && uri.hasSuffix(">") ? String(uri.dropFirst().dropLast()) : uri
    }

    static func parseFields(_ lines: [String]) -> [String: String] {
        var fields: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields[name] = fields[name].map { $0 + ", " + value } ?? value
        }
        return fields
    }

    static func parseHTTP(_ block: [UInt8], targetURI: String, date: String?) -> Response? {
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

    static func dechunk(_ bytes: [UInt8]) -> [UInt8]? {
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

    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
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
