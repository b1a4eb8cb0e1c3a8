import Foundation

/// Writes uncompressed WARC/1.0 files of `response` records, the shape crawls
/// hand over, so end-to-end tests can feed archived pages through the pipeline.
struct WARCArchiveWriter {
    private(set) var data = Data()

    /// Appends one HTTP 200 response carrying `body` as UTF-8 HTML for `url`.
    mutating func appendResponse(url: String, body: Data, date: String = "2026-01-15T08:00:00Z") {
        var http = Data("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: \(body.count)\r\n\r\n".utf8)
        http.append(body)
        let header = [
            "WARC/1.0",
            "WARC-Type: response",
            "WARC-Record-ID: <urn:uuid:\(UUID().uuidString.lowercased())>",
            "WARC-Date: \(date)",
            "WARC-Target-URI: \(url)",
            "Content-Type: application/http; msgtype=response",
            "Content-Length: \(http.count)",
        ].joined(separator: "\r\n")
        data.append(Data((header + "\r\n\r\n").utf8))
        data.append(http)
        data.append(Data("\r\n\r\n".utf8))
    }
}
