import Foundation
import SampleSiteCore
import Shared
@testable import FetcherCore
#if canImport(Glibc)
import Glibc
#endif

/// A real sample-site server on 127.0.0.1 over a temporary directory the
/// test writes, plus a fetcher allowed to reach it.
struct TestSite {
    let server: SampleSiteServer
    let fetcher: PageFetcher
    let directory: URL
    let base: String

    var stage: FetchStage { FetchStage(fetcher: fetcher, producer: "test") }

    func url(_ path: String) -> String { base + path }

    @discardableResult
    static func run<T>(
        files: [String: Data] = [:], routes: [String: SampleSiteServer.Route] = [:],
        configuration: FetcherConfiguration = .testing, _ body: (TestSite) async throws -> T
    ) async throws -> T {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("newswire-fetcher-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (path, data) in files {
            let file = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: file)
        }
        let server = try SampleSiteServer(root: directory, extraRoutes: routes)
        try await server.start()
        let fetcher = PageFetcher(configuration: configuration)
        let site = TestSite(server: server, fetcher: fetcher, directory: directory, base: server.baseURL)
        let result: Result<T, any Error>
        do { result = .success(try await body(site)) } catch { result = .failure(error) }
        try await fetcher.shutdown()
        try await server.stop()
        try? FileManager.default.removeItem(at: directory)
        return try result.get()
    }
}

extension SampleSiteResponse {
    /// 100 bytes sent one at a time, `seconds` apart: each byte comes well
    /// inside a read timeout, the whole takes far longer than a total one.
    static func trickling(contentType: String, every seconds: Double) -> SampleSiteResponse {
        SampleSiteResponse(
            headers: [("Content-Type", contentType)], body: .repeating(Data("#".utf8), totalBytes: 100),
            chunkDelaySeconds: seconds, chunkSize: 1)
    }
}

extension FetcherConfiguration {
    /// Loopback allowed (the test server is on 127.0.0.1), short timeouts.
    static var testing: FetcherConfiguration {
        var configuration = FetcherConfiguration(
            connectTimeout: 2, readTimeout: 5, totalTimeout: 20, allowPrivateAddresses: true)
        configuration.robotsCacheSeconds = 600
        return configuration
    }
}

/// Encodes `text` into `charset` with iconv, so fixtures are written as readable strings.
func encode(_ text: String, as charset: String) -> Data {
    let cd = iconv_open(charset, "UTF-8")
    precondition(Int(bitPattern: cd) != -1, "iconv cannot encode \(charset)")
    defer { iconv_close(cd) }
    var input = Array(text.utf8).map { CChar(bitPattern: $0) }
    var output = [CChar](repeating: 0, count: input.count * 4 + 16)
    var inLeft = input.count
    var outLeft = output.count
    let written: Int = input.withUnsafeMutableBufferPointer { inBuf in
        output.withUnsafeMutableBufferPointer { outBuf in
            var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress
            var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress
            let result = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
            precondition(result != -1, "iconv failed for \(charset)")
            return outBuf.count - outLeft
        }
    }
    return Data(output.prefix(written).map { UInt8(bitPattern: $0) })
}

/// Compresses with the system's gzip (what a web server's precompression does).
func gzipped(_ data: Data) throws -> Data {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("nw-gz-\(UUID().uuidString)")
    try data.write(to: file)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["gzip", "-9", "-n", file.path]
    try process.run()
    process.waitUntilExit()
    let gz = URL(fileURLWithPath: file.path + ".gz")
    defer { try? FileManager.default.removeItem(at: gz) }
    return try Data(contentsOf: gz)
}

func html(_ title: String, body: String = "<p>Body text.</p>", head: String = "") -> String {
    "<!DOCTYPE html><html><head>\(head)<title>\(title)</title></head><body><h1>\(title)</h1>\(body)</body></html>"
}

extension FetchResult {
    var response: FetchResponse? {
        switch self {
        case .fetched(let response), .notModified(let response): response
        case .disallowedByRobots: nil
        }
    }
    var isNotModified: Bool { if case .notModified = self { true } else { false } }
}

func fetchMessage(_ request: FetchRequest, id: String = MessageID.random(), notBefore: Date? = nil) throws -> Message {
    let envelope = Envelope(
        id: id, kind: .fetchRequest, traceID: "trace-" + id, producer: "test",
        key: URLNormalizer.hostKey(request.url), notBefore: notBefore)
    return try Message(envelope: envelope, payload: request)
}
