import ArgumentParser
import FetcherCore
import Foundation
import PipelineRuntime
import Shared

/// `newswire bench archive`: a generated .warc.gz of dev pages repeated
/// under distinct URLs, ingested end to end (broker, fetcher, parser,
/// enricher, storage processes), reporting per-stage rates, the busiest
/// stage and the fetcher's peak RSS. The archive lives in a temp folder and
/// is deleted afterwards; it is never committed.
struct ArchiveBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Ingest a generated ~1 GB .warc.gz end to end: per-stage rates, busiest stage, fetcher peak RSS.")

    @Option(help: "Size of the generated archive in MB (compressed).") var megabytes = 1024
    @Option(help: "Folder searched for dev pages (*.html, *.html.gz).") var pages = "../shared/bench"
    @Option(help: "Parser processes.") var parsers = 1
    @Option(help: "Give up after this many seconds.") var timeout: Double = 7200

    func run() async throws {
        _ = CLILogging.bootstrap(level: "error")
        let bin = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("newswire-abench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let archive = work.appendingPathComponent("archives/bench.warc.gz")
        let generated = try BenchArchiveWriter.write(to: archive, from: pages, megabytes: megabytes)
        print(String(format: "generated %d records, %.1f MB compressed, %.1f MB of pages", generated.records,
                     Double(generated.bytes) / 1e6, Double(generated.pageBytes) / 1e6))
        let endpoint = "tcp://127.0.0.1:\(Int.random(in: 20_000...40_000))"
        let data = work.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let children = ChildProcesses(bin: bin, logs: work)
        let common = ["--broker", endpoint, "--log-level", "error"]
        try children.spawn("broker", "newswire-broker", ["--bind", endpoint, "--data", data.appendingPathComponent("broker").path, "--log-level", "error"])
        try children.spawn("storage", "newswire-storage", ["run", "--database", data.appendingPathComponent("db.sqlite").path, "--concurrency", "8"] + common)
        try children.spawn("enricher", "newswire-enricher", ["run", "--concurrency", "2"] + common)
        for i in 0..<max(1, parsers) { try children.spawn("parser-\(i)", "newswire-parser", ["run", "--concurrency", "2"] + common) }
        try children.spawn("fetcher", "newswire-fetcher",
                           ["run", "--file-root", archive.deletingLastPathComponent().path, "--concurrency", "2"] + common)
        let order = ["fetcher", "parser", "enricher", "storage", "broker"]
        let report: String
        do {
            report = try await follow(endpoint: endpoint, archive: archive.absoluteString, records: generated.records,
                                      fetcherPID: children.process(named: "fetcher")?.processIdentifier ?? 0)
        } catch {
            _ = children.stopAll(order: order)
            throw error
        }
        _ = children.stopAll(order: order)
        print(report)
    }

    private func follow(endpoint: String, archive: String, records: Int, fetcherPID: Int32) async throws -> String {
        let client = try BrokerClient(endpoint: endpoint)
        _ = try await client.status()
        let start = Date()
        _ = try await client.publish([try Ingest.job(source: "bench")(archive)], to: QueueName.fetch)
        var backlog: [String: Int] = [:]
        var status = try await client.status()
        var lastReport = start
        while Date().timeIntervalSince(start) < timeout {
            try await Task.sleep(for: .milliseconds(500))
            status = try await client.status()
            for q in status.queues where QueueName.pipeline.contains(q.name) { backlog[q.name, default: 0] += q.depth + q.inFlight }
            if Date().timeIntervalSince(lastReport) > 10 {
                lastReport = Date()
                writeStandardError(Pipeline.progressLine(status, elapsed: Date().timeIntervalSince(start)))
            }
            let stored = status.queues.first { $0.name == QueueName.store }?.completed ?? 0
            let busy = status.queues.contains { QueueName.pipeline.contains($0.name) && ($0.depth > 0 || $0.inFlight > 0) }
            if !busy && stored + status.deadLetters >= records { break }
        }
        let elapsed = Date().timeIntervalSince(start)
        let peak = Self.peakResidentBytes(fetcherPID)
        await client.close()
        var lines = [String(format: "%d records in %.1f s", records, elapsed)]
        for name in QueueName.pipeline {
            let done = status.queues.first { $0.name == name }?.completed ?? 0
            lines.append(String(format: "  %-6@ %8d jobs  %8.1f /s", name as NSString, done, Double(done) / elapsed))
        }
        let busiest = backlog.filter { $0.key != QueueName.fetch }.max { $0.value < $1.value }?.key ?? "-"
        lines.append("  busiest stage (longest waiting input): \(busiest)")
        lines.append(String(format: "  fetcher peak RSS: %.1f MB (limit 300 MB)  dead letters: %d", Double(peak) / 1e6, status.deadLetters))
        return lines.joined(separator: "\n")
    }

    /// VmHWM: the most resident memory the process ever had.
    static func peakResidentBytes(_ pid: Int32) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return (line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0) * 1024
        }
        return 0
    }
}

/// Writes the bench archive: every dev page, again and again under a new
/// URL each time, one gzip member per record, until the file is big enough.
enum BenchArchiveWriter {
    static func write(to file: URL, from folder: String, megabytes: Int) throws
        -> (records: Int, bytes: Int, pageBytes: Int) {
        let pages = try devPages(in: folder)
        guard !pages.isEmpty else { throw ValidationError("no *.html or *.html.gz pages under \(folder)") }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        let target = max(1, megabytes) * 1_000_000
        var records = 0, bytes = 0, pageBytes = 0, copy = 0
        while bytes < target {
            for (index, page) in pages.enumerated() where bytes < target {
                let response = FetchResponse(
                    requestedURL: "", finalURL: "https://bench-\(copy).example/page/\(index).html", status: 200,
                    headers: ["content-type": "text/html; charset=utf-8"], body: page)
                let member = GzipWriter.member(WARCWriter.responseRecord(response))
                try handle.write(contentsOf: member)
                records += 1
                bytes += member.count
                pageBytes += page.count
            }
            copy += 1
        }
        return (records, bytes, pageBytes)
    }

    private static func devPages(in folder: String) throws -> [Data] {
        let root = URL(fileURLWithPath: folder)
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return try files.filter { $0.path.hasSuffix(".html") || $0.path.hasSuffix(".html.gz") }.sorted { $0.path < $1.path }
            .map { url in
                let data = try Data(contentsOf: url)
                return Inflater.isGzip(data) ? try Inflater.decompress(data, limit: 64 * 1024 * 1024) : data
            }
    }
}
