import ArgumentParser
import FetcherCore
import Foundation
import PipelineRuntime
import Shared

/// `newswire ingest PATH|URL...`: submits web archives (.warc, .warc.gz) as
/// archive jobs and follows them through the pipeline with a progress line.
/// The fetcher reads each archive in bounded chunks (see FetchStage's
/// archive chunks), so ingest only submits and watches.
struct Ingest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ingest WARC archives (files, folders, lists of them, or http(s) URLs) through the pipeline.",
        discussion: """
            A folder is searched for *.warc and *.warc.gz files; a .txt file lists archives, one per line. \
            Local archives must lie under the fetcher's --file-root; remote ones need its \
            --allow-remote-archives. Progress: records read, pages/s, MB/s and ETA (MB/s and ETA are \
            estimated from the bytes per record of the first records of each local archive).
            """)

    @OptionGroup var broker: BrokerOptions

    @Option(help: "Source name stored with the articles.")
    var source: String?

    @Flag(help: "Submit and exit without waiting for the pipeline to finish.")
    var noWait = false

    @Option(help: "Seconds between progress lines.")
    var interval: Double = 1

    @Argument(help: "Archives: files, folders, .txt lists, or http(s) URLs.")
    var inputs: [String]

    func run() async throws {
        _ = CLILogging.bootstrap()
        let archives = try ArchiveList.expand(inputs)
        guard !archives.isEmpty else { throw ValidationError("no .warc or .warc.gz archive found in \(inputs)") }
        let estimate = ArchiveEstimate(archives)
        let client = try broker.client()
        let baseline = try await client.status()
        let summary = try await client.publish(try archives.map(Self.job(source: source)), to: QueueName.fetch)
        print("submitted \(summary.stored) archive(s), already queued \(summary.duplicates), "
              + "refused \(summary.rejected.count); about \(estimate.records) records, "
              + String(format: "%.1f MB", Double(estimate.bytes) / 1e6))
        for r in summary.rejected { writeStandardError("refused \(r.id): \(r.code) \(r.reason)") }
        if !noWait {
            try await IngestProgress(baseline: baseline, estimate: estimate, interval: interval).follow(client)
        }
        await client.close()
        if !summary.rejected.isEmpty { throw ExitCode(2) }
    }

    /// One archive job; the key keeps one archive's chunks in order while
    /// different archives run side by side.
    static func job(source: String?) -> (String) throws -> Message {
        { url in
            let request = FetchRequest(url: url, target: .archive, source: source)
            let envelope = Envelope.new(
                kind: .fetchRequest, producer: "newswire ingest", key: "archive:" + url,
                id: MessageID.stable("ingest:" + url + ":\(Int(Date().timeIntervalSince1970 / 60))"))
            return try Message(envelope: envelope, payload: request)
        }
    }
}

/// Follows the pipeline queues until every archive job and page is through,
/// printing records, pages/s, MB/s and ETA.
struct IngestProgress {
    let baseline: BrokerStatus
    let estimate: ArchiveEstimate
    let interval: Double

    func follow(_ client: BrokerClient) async throws {
        let started = Date()
        var idlePolls = 0
        while true {
            try await Task.sleep(nanoseconds: UInt64(interval * 1e9))
            let status = try await client.status()
            // Pages the fetchers handed on: the parse queue's jobs done, dead,
            // waiting or in flight (`published` counts only client publishes,
            // not the outputs of the fetchers' jobs).
            let parsed = [\.completed, \.deadLettered, \.depth, \.inFlight]
                .reduce(0) { $0 + delta(status, QueueName.parse, $1) }
            let stored = delta(status, QueueName.store, \.completed)
            let elapsed = max(0.001, Date().timeIntervalSince(started))
            let pagesPerSecond = Double(stored) / elapsed
            let fraction = estimate.records > 0 ? min(1, Double(parsed) / Double(estimate.records)) : 0
            let megabytesPerSecond = Double(estimate.bytes) * fraction / elapsed / 1e6
            let recordsPerSecond = Double(parsed) / elapsed
            let eta = recordsPerSecond > 0 ? Double(max(0, estimate.records - parsed)) / recordsPerSecond : 0
            print(String(format: "records %d  stored %d  %.1f pages/s  %.1f MB/s  ETA %@  dead %d",
                         parsed, stored, pagesPerSecond, megabytesPerSecond, Self.duration(eta), status.deadLetters - baseline.deadLetters))
            let busy = status.queues.filter { QueueName.pipeline.contains($0.name) }
                .reduce(0) { $0 + $1.depth + $1.delayed + $1.inFlight }
            idlePolls = busy == 0 ? idlePolls + 1 : 0
            if idlePolls >= 2 { return }
        }
    }

    private func delta(_ status: BrokerStatus, _ queue: String, _ field: KeyPath<BrokerStatus.QueueStatus, Int>) -> Int {
        let now = status.queues.first { $0.name == queue }?[keyPath: field] ?? 0
        let before = baseline.queues.first { $0.name == queue }?[keyPath: field] ?? 0
        return max(0, now - before)
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\((s % 3600) / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }
}
