import ArgumentParser
import Foundation
import Logging
import PipelineRuntime
import ServiceLifecycle
import Shared

/// `newswire record`: consumes a queue into a JSON Lines recording.
struct Record: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Consume a queue's messages into a JSON Lines recording (they leave the queue).")

    @OptionGroup var broker: BrokerOptions
    @Option(help: "Queue to record.") var queue: String
    @Option(help: "Recording file (appended to).") var out: String
    @Option(help: "Stop after this many messages (0 = until Ctrl-C or idle).") var count = 0
    @Option(help: "Stop after this many seconds without a message (0 = never).") var idle: Double = 0

    func run() async throws {
        let logger = CLILogging.bootstrap()
        let progress = ProgressBox()
        let stage = try RecordStage(queue: queue, path: out) { n in progress.record(n) }
        let worker = Worker(
            stage: stage,
            configuration: .init(link: broker.linkOptions(), concurrency: 1, name: "newswire-record@\(ProcessInfo.processInfo.processIdentifier)"),
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [worker], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        let target = count
        let idleLimit = idle
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: .milliseconds(50))
                    let (n, last) = progress.snapshot()
                    if (target > 0 && n >= target) || (idleLimit > 0 && Date().timeIntervalSince1970 - last > idleLimit) {
                        await group.triggerGracefulShutdown()
                        return
                    }
                }
            }
            try await tasks.next()
            tasks.cancelAll()
        }
        stage.close()
        writeStandardError("recorded \(progress.snapshot().0) messages from \(queue) into \(out)")
    }
}

/// Thread-safe progress of a recording.
final class ProgressBox: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var last = Date().timeIntervalSince1970
    func record(_ n: Int) { lock.withLock { count = n; last = Date().timeIntervalSince1970 } }
    func snapshot() -> (Int, Double) { lock.withLock { (count, last) } }
}

/// `newswire replay`: publishes a recording's messages.
struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Publish the messages of a JSON Lines recording (to --queue, or each to the queue it was recorded from).")

    @OptionGroup var broker: BrokerOptions
    @Option(help: "Queue to publish into (default: each message's recorded queue).") var queue: String?
    @Argument(help: "Recording file.") var file: String

    func run() async throws {
        _ = CLILogging.bootstrap()
        let records = try Recording.read(from: URL(fileURLWithPath: file))
        let client = try broker.client()
        var byQueue: [String: [Message]] = [:]
        var order: [String] = []
        for record in records {
            let q = queue ?? record.queue
            if byQueue[q] == nil { order.append(q) }
            byQueue[q, default: []].append(record.message)
        }
        var stored = 0, duplicates = 0, rejected = 0
        for q in order {
            let summary = try await client.publish(byQueue[q]!, to: q)
            stored += summary.stored
            duplicates += summary.duplicates
            rejected += summary.rejected.count
        }
        await client.close()
        print("replayed \(records.count) messages: stored \(stored), duplicates \(duplicates), refused \(rejected)")
    }
}

/// `newswire relay`: a pass-through worker, for diagnostics, tests and benchmarks.
struct Relay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a pass-through worker from one queue to another (diagnostics, tests, benchmarks).")

    @OptionGroup var broker: BrokerOptions
    @Option(help: "Queue to consume.") var from: String
    @Option(help: "Queue to publish outputs to.") var to: String
    @Option(help: "pass, fail (transient error) or reject (permanent error).") var mode = "pass"
    @Option(help: "Simulated work per job, in milliseconds.") var workMs = 0
    @Option(help: "Jobs at once.") var concurrency = 8
    @Option(help: "Worker name.") var name: String?

    func run() async throws {
        guard let mode = RelayStage.Mode(rawValue: mode) else { throw ValidationError("--mode must be pass, fail or reject") }
        let logger = CLILogging.bootstrap()
        let name = name ?? "relay-\(from)@\(ProcessInfo.processInfo.processIdentifier)"
        let stage = RelayStage(inputQueue: from, outputQueue: to, mode: mode, workMilliseconds: workMs, producer: name)
        let worker = Worker(stage: stage, configuration: .init(link: broker.linkOptions(), concurrency: concurrency, name: name), logger: logger)
        let group = ServiceGroup(configuration: .init(services: [worker], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
