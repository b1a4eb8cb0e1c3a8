import Foundation
import Shared
import StorageCore
import TestSupport
import Testing

/// Archived article pages, fed to `newswire pipeline` as one WARC file, all
/// come out stored as articles: fetcher (archive expansion), parser (text and
/// article detection), enricher and storage, each a real process.
@Suite(.serialized) struct ArchiveIngestEndToEndTests {
    /// The development pages of the extraction benchmark (`../shared/bench/extract`
    /// beside the package, or NEWSWIRE_BENCH_DIR): real article pages, read and
    /// gunzipped at test time, never copied into the repository.
    static func benchDirectory() -> URL {
        if let dir = ProcessInfo.processInfo.environment["NEWSWIRE_BENCH_DIR"] { return URL(fileURLWithPath: dir) }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/bench/extract")
    }

    /// The first `count` pages of the set (ids in sorted order): URL and HTML.
    static func pages(_ count: Int) throws -> [(url: String, html: Data)] {
        let dir = benchDirectory()
        let truthData = try Data(contentsOf: dir.appendingPathComponent("ground-truth.json"))
        let truth = try #require(try JSONSerialization.jsonObject(with: truthData) as? [String: [String: Any]])
        return try truth.keys.sorted().prefix(count).map { id in
            let url = try #require(truth[id]?["url"] as? String)
            return (url, try gunzip(dir.appendingPathComponent("html/\(id).html.gz")))
        }
    }

    static func gunzip(_ file: URL) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "gzip -dc \(file.path) failed")
        return data
    }

    @Test func everyArchivedArticlePageIsStoredAsAnArticle() async throws {
        let h = try ProcessHarness(name: "archive-ingest")
        let pages = try Self.pages(6)
        var writer = WARCArchiveWriter()
        for page in pages { writer.appendResponse(url: page.url, body: page.html) }
        let archive = h.directory.appendingPathComponent("pages.warc")
        try writer.data.write(to: archive)

        let data = h.directory.appendingPathComponent("data")
        let run = try h.run("newswire", ["pipeline", "--no-sample", "--once", "--timeout", "300",
                                         "--broker-port", String(ProcessHarness.freePort()), "--data", data.path,
                                         archive.absoluteString])
        #expect(run.status == 0, "newswire pipeline failed:\n\(run.output.suffix(3000))")

        let repository = try await ArticleRepositories.open(data.appendingPathComponent("newswire.sqlite").path, mustExist: true)
        let lines = Lines()
        _ = try await repository.exportJSONLines { lines.append($0) }
        let stored = try lines.all.map { try WireJSON.decoder.decode(StoredArticle.self, from: $0) }
        let storedURLs = Set(stored.map { $0.article.article.url })
        let missing = pages.map(\.url).filter { !storedURLs.contains($0) }
        #expect(missing.isEmpty, "not stored as articles: \(missing)\n\(run.output.suffix(2000))")
        #expect(stored.count == pages.count)
        #expect(stored.allSatisfy { !$0.article.article.paragraphs.isEmpty && $0.isEnriched })
        let stats = try await repository.stats(top: 5)
        #expect(stats.outcomes.filter { $0.key != "article" }.values.reduce(0, +) == 0, "typed outcomes: \(stats.outcomes)")
    }
}
