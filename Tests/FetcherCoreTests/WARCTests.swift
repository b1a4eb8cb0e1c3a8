import Foundation
import Shared
import Testing
@testable import FetcherCore

@Suite struct WARCTests {
    /// Builds a WARC file the way crawlers write one: warcinfo, then request
    /// and response records with CRLF framing.
    static func record(type: String, uri: String?, contentType: String, block: Data) -> Data {
        var header = "WARC/1.1\r\nWARC-Type: \(type)\r\nWARC-Record-ID: <urn:uuid:\(UUID().uuidString)>\r\n"
            + "WARC-Date: 2025-03-07T18:00:00Z\r\n"
        if let uri { header += "WARC-Target-URI: \(uri)\r\n" }
        header += "Content-Type: \(contentType)\r\nContent-Length: \(block.count)\r\n\r\n"
        return Data(header.utf8) + block + Data("\r\n\r\n".utf8)
    }

    static func http(status: String, headers: [String], body: Data) -> Data {
        Data(("HTTP/1.1 \(status)\r\n" + headers.map { $0 + "\r\n" }.joined() + "\r\n").utf8) + body
    }

    static var archive: (data: Data, ru: String, en: String) {
        let en = html("Archived story")
        let ru = html("Новости", body: "<p>\(PageFetcherTests.russian)</p>")
        let ruBytes = encode(ru, as: "WINDOWS-1251")
        let enBody = Data(en.utf8)
        let chunked = Data(String(enBody.count, radix: 16).utf8) + Data("\r\n".utf8) + enBody + Data("\r\n0\r\n\r\n".utf8)
        var warc = record(type: "warcinfo", uri: nil, contentType: "application/warc-fields",
                          block: Data("software: test\r\n".utf8))
        warc += record(type: "request", uri: "https://news.example/a", contentType: "application/http;msgtype=request",
                       block: Data("GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n".utf8))
        warc += record(type: "response", uri: "<https://news.example/a>", contentType: "application/http;msgtype=response",
                       block: http(status: "200 OK", headers: ["Content-Type: text/html", "Transfer-Encoding: chunked"],
                                   body: chunked))
        warc += record(type: "response", uri: "https://vestnik.example/b", contentType: "application/http; msgtype=response",
                       block: http(status: "200 OK", headers: ["Content-Type: text/html; charset=windows-1251"], body: ruBytes))
        warc += record(type: "response", uri: "https://news.example/logo.png", contentType: "application/http;msgtype=response",
                       block: http(status: "200 OK", headers: ["Content-Type: image/png"], body: Data([0x89, 0x50])))
        warc += record(type: "response", uri: "https://news.example/gone", contentType: "application/http;msgtype=response",
                       block: http(status: "404 Not Found", headers: ["Content-Type: text/html"], body: Data("no".utf8)))
        return (warc, ru, en)
    }

    @Test func readsResponseRecords() throws {
        let responses = try WARCReader.responses(in: Self.archive.data)
        #expect(responses.map(\.targetURI) == [
            "https://news.example/a", "https://vestnik.example/b", "https://news.example/logo.png",
            "https://news.example/gone",
        ])
        #expect(responses[0].body == Data(Self.archive.en.utf8))
        #expect(responses[0].headers["transfer-encoding"] == nil)
        #expect(responses.map(\.status) == [200, 200, 200, 404])
    }

    @Test func rejectsTruncatedArchives() {
        let data = Self.archive.data
        #expect(throws: WARCReader.WARCError.self) { try WARCReader.responses(in: data.prefix(data.count - 200)) }
    }

    @Test func fileWARCBecomesPagesForTheParser() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nw-warc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("crawl.warc")
        let archive = Self.archive
        try archive.data.write(to: file)

        let fetcher = PageFetcher(configuration: FetcherConfiguration(fileRoot: directory.path))
        let stage = FetchStage(fetcher: fetcher, producer: "test")
        let input = try fetchMessage(FetchRequest(url: file.absoluteString, target: .auto, source: "archive"))
        let outputs = try await stage.process(input)
        try await fetcher.shutdown()

        #expect(outputs.allSatisfy { $0.queue == QueueName.parse })
        let pages = try outputs.map { try $0.message.payload(as: FetchedPage.self) }
        #expect(pages.map(\.finalURL) == ["https://news.example/a", "https://vestnik.example/b"])
        #expect(String(decoding: pages[0].body, as: UTF8.self) == archive.en)
        #expect(pages[1].sourceCharset == "windows-1251")
        #expect(String(decoding: pages[1].body, as: UTF8.self) == archive.ru)
        #expect(pages.allSatisfy { $0.source == "archive" })
        #expect(pages[0].fetchedAt == WireJSON.parseDate("2025-03-07T18:00:00Z"))
        #expect(Set(outputs.map(\.message.envelope.id)).count == 2)
        #expect(outputs.allSatisfy { $0.message.envelope.traceID == input.envelope.traceID })
    }
}
