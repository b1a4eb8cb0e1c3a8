import Foundation
import Shared

/// Keeps every fetched response in rotating `.warc.gz` files (one gzip
/// member per record), so a crawl can be parsed again later, by a better
/// parser, with `newswire ingest DIR`. A file being written is named
/// `*.warc.gz.open` and renamed when it is full or the fetcher stops, so
/// ingest never reads a half-written file.
public final class WARCWriter: @unchecked Sendable {
    private let directory: URL
    private let rotateBytes: Int
    private let lock = NSLock()
    private var handle: FileHandle?
    private var openPath: URL?
    private var written = 0
    private var sequence = 0

    public init(directory: String, rotateBytes: Int = 1024 * 1024 * 1024) throws {
        self.directory = URL(fileURLWithPath: directory)
        self.rotateBytes = max(1, rotateBytes)
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
    }

    /// Appends `response` as a WARC response record.
    public func write(_ response: FetchResponse) throws {
        let member = GzipWriter.member(Self.responseRecord(response))
        try lock.withLock {
            if handle == nil || written >= rotateBytes { try rotate() }
            try handle?.write(contentsOf: member)
            written += member.count
        }
    }

    /// Closes the current file and gives it its final name.
    public func close() throws {
        try lock.withLock { try finishCurrent() }
    }

    private func rotate() throws {
        try finishCurrent()
        sequence += 1
        let stamp = Self.stamp.string(from: Date())
        let name = "newswire-\(stamp)-\(ProcessInfo.processInfo.processIdentifier)-\(sequence).warc.gz.open"
        let path = directory.appendingPathComponent(name)
        FileManager.default.createFile(atPath: path.path, contents: nil)
        handle = try FileHandle(forWritingTo: path)
        openPath = path
        written = 0
    }

    private func finishCurrent() throws {
        guard let handle, let openPath else { return }
        try handle.close()
        self.handle = nil
        self.openPath = nil
        try FileManager.default.moveItem(at: openPath, to: openPath.deletingPathExtension())
    }

    private static let stamp: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMddHHmmss"
        return formatter
    }()

    /// The record: the response as HTTP (decoded body, so framing headers
    /// are rewritten to match it), wrapped in a WARC 1.1 header.
    public static func responseRecord(_ response: FetchResponse) -> Data {
        var head = "HTTP/1.1 \(response.status) \(response.status == 200 ? "OK" : "Status")\r\n"
        for (name, value) in response.headers.sorted(by: { $0.key < $1.key })
        where !["content-encoding", "transfer-encoding", "content-length"].contains(name) {
            head += "\(name): \(value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " "))\r\n"
        }
        head += "content-length: \(response.body.count)\r\n\r\n"
        let block = Data(head.utf8) + response.body
        let header = "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:\(UUID().uuidString.lowercased())>\r\n"
            + "WARC-Date: \(WireJSON.formatDate(response.fetchedAt))\r\n"
            + "WARC-Target-URI: \(response.finalURL)\r\n"
            + "Content-Type: application/http;msgtype=response\r\nContent-Length: \(block.count)\r\n\r\n"
        return Data(header.utf8) + block + Data("\r\n\r\n".utf8)
    }
}
