import ArgumentParser
import Foundation
import Logging
import PipelineRuntime
import SampleSiteCore
import ServiceLifecycle
import Shared
import ZeroMQ

/// `newswire bench broker`: durable broker throughput against a raw libzmq
/// PUSH -> proxy -> PULL hop measured in the same run, then the broker's
/// latency at half the throughput it just reached (at full load latency only
/// measures how long the queue grew).
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Benchmarks.", subcommands: [BrokerBench.self, PipelineBench.self, ArchiveBench.self])
}

struct BrokerBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Publisher -> durable broker -> relay workers -> sink, against PUSH -> zmq_proxy -> PULL; then latency at half load.")

    @Option(help: "Messages per run.") var messages = 20_000
    @Option(help: "Body size in bytes.") var size = 10_240
    @Option(help: "Runs (the median is reported).") var runs = 3
    @Option(help: "Relay workers.") var workers = 2
    @Option(help: "Seconds of paced publishing at half the measured throughput, for latency.") var latencySeconds = 5.0
    @Option(help: "Pace the latency phase at this many msg/s instead of half the measured throughput (to compare builds at one load).")
    var latencyRate: Double?

    func run() async throws {
        _ = CLILogging.bootstrap(level: "error")
        let bin = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        var rawRates: [Double] = [], brokerRates: [Double] = [], ratios: [Double] = [], p50s: [Double] = [], p99s: [Double] = []
        for run in 1...runs {
            let raw = try RawHop.measure(messages: messages, size: size)
            let result = try await BrokerBenchRun(bin: bin, messages: messages, size: size, workers: workers,
                                                  latencySeconds: latencySeconds, latencyRate: latencyRate).measure()
            rawRates.append(raw)
            brokerRates.append(result.rate)
            ratios.append(result.rate / raw)
            p50s.append(result.p50)
            p99s.append(result.p99)
            print(String(format: "run %d: raw hop %.0f msg/s, broker %.0f msg/s (ratio %.2f); at %.0f msg/s p50 %.2f ms, p99 %.2f ms",
                         run, raw, result.rate, result.rate / raw, result.halfLoadRate, result.p50, result.p99))
        }
        func median(_ v: [Double]) -> Double { let s = v.sorted(); return s[s.count / 2] }
        print(String(format: "median of %d runs, %d messages of %d bytes:", runs, messages, size))
        print(String(format: "  raw libzmq PUSH -> proxy -> PULL : %8.0f msg/s", median(rawRates)))
        print(String(format: "  durable broker, %d relay workers : %8.0f msg/s  (ratio to the raw hop in the same run %.2f)",
                     workers, median(brokerRates), median(ratios)))
        print(String(format: "  latency publish -> sink at half load : p50 %.2f ms, p99 %.2f ms", median(p50s), median(p99s)))
    }
}

/// One broker measurement: a broker and relay workers in child processes,
/// a publisher and a sink in this one. First as fast as it goes (throughput),
/// then paced at half that rate (latency).
struct BrokerBenchRun {
    let bin: URL
    let messages: Int
    let size: Int
    let workers: Int
    let latencySeconds: Double
    /// Paced rate of the latency phase; nil: half the measured throughput.
    var latencyRate: Double? = nil

    struct Result {
        var rate: Double
        var halfLoadRate: Double
        var p50: Double
        var p99: Double
    }

    func measure() async throws -> Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("newswire-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let endpoint = "tcp://127.0.0.1:\(Int.random(in: 20_000...40_000))"
        var processes: [Process] = []
        func spawn(_ name: String, _ args: [String]) throws {
            let p = Process()
            p.executableURL = bin.appendingPathComponent(name)
            p.arguments = args
            p.standardError = FileHandle.nullDevice
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            processes.append(p)
        }
        defer {
            for p in processes.reversed() {
                p.terminate()
                while p.isRunning { usleep(10_000) }  // Process.waitUntilExit spins a core here
            }
        }
        try spawn("newswire-broker", ["--bind", endpoint, "--data", dir.path, "--log-level", "error",
                                      "--defaults", "depth=1000000,bytes=4G", "--queues", "bench-in,bench-out"])
        for i in 0..<workers {
            try spawn("newswire", ["relay", "--broker", endpoint, "--from", "bench-in", "--to", "bench-out",
                                   "--concurrency", "64", "--name", "relay-\(i)"])
        }
        let sink = LatencySink(queue: "bench-out", expected: messages)
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let worker = Worker(stage: sink, configuration: .init(link: .init(endpoint: endpoint), concurrency: 256, name: "bench-sink"), logger: logger)
        let group = ServiceGroupRunner(worker: worker, logger: logger)
        let client = try BrokerClient(endpoint: endpoint)
        // Warm up connections before the clock starts.
        _ = try await client.status()
        let body = Data(repeating: 0x61, count: size)

        let start = Date().timeIntervalSince1970
        var index = 0
        while index < messages {
            let n = min(2000, messages - index)
            _ = try await client.publish(try benchMessages(index..<(index + n), body: body, run: "t\(start)"), to: "bench-in", window: 1000)
            index += n
        }
        while !sink.isComplete { try await Task.sleep(for: .milliseconds(5)) }
        let rate = Double(messages) / (sink.last - start)

        // Half load: small batches on a fixed schedule, each published message timed to the sink.
        let halfRate = latencyRate ?? rate / 2
        let paced = max(200, Int(halfRate * latencySeconds))
        sink.reset(expected: paced)
        let batch = max(1, Int(halfRate / 200))  // about 200 batches a second
        let pacedStart = Date().timeIntervalSince1970
        index = 0
        while index < paced {
            let due = pacedStart + Double(index) / halfRate
            let wait = due - Date().timeIntervalSince1970
            if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
            let n = min(batch, paced - index)
            _ = try await client.publish(try benchMessages(index..<(index + n), body: body, run: "h\(start)"), to: "bench-in")
            index += n
        }
        while !sink.isComplete { try await Task.sleep(for: .milliseconds(5)) }
        let achieved = Double(paced) / (sink.last - pacedStart)
        await client.close()
        await group.stop()
        let latencies = sink.latencies.sorted()
        return Result(rate: rate, halfLoadRate: achieved, p50: latencies[latencies.count / 2] * 1000,
                      p99: latencies[latencies.count * 99 / 100] * 1000)
    }

    /// Raw messages carrying their creation time in the note, for the sink.
    private func benchMessages(_ range: Range<Int>, body: Data, run: String) throws -> [Message] {
        try range.map { i in
            let note = String(Date().timeIntervalSince1970)
            return try Message(envelope: .new(kind: .raw, producer: "bench", id: "b\(i)-\(run)"), payload: RawPayload(note: note, body: body))
        }
    }
}

/// Counts arrivals and the time each message took from publish to sink.
final class LatencySink: Stage, @unchecked Sendable {
    let inputQueue: String
    private let lock = NSLock()
    private var expected: Int
    private var seen = Set<String>()
    private var arrivals: [Double] = []
    private var lastArrival = 0.0

    init(queue: String, expected: Int) {
        inputQueue = queue
        self.expected = expected
    }

    var isComplete: Bool { lock.withLock { seen.count >= expected } }
    var latencies: [Double] { lock.withLock { arrivals } }
    var last: Double { lock.withLock { lastArrival } }

    /// Starts counting again, for the next phase.
    func reset(expected: Int) {
        lock.withLock {
            self.expected = expected
            seen.removeAll()
            arrivals.removeAll()
        }
    }

    func process(_ message: Message) async throws -> [StageOutput] {
        let now = Date().timeIntervalSince1970
        struct Note: Decodable { var note: String? }
        let sent = (try? WireJSON.decoder.decode(Note.self, from: message.frames[0]))?.note.flatMap(Double.init) ?? now
        lock.withLock {
            if seen.insert(message.envelope.id).inserted {
                arrivals.append(now - sent)
                lastArrival = now
            }
        }
        return []
    }
}

/// Runs one worker in a ServiceGroup until `stop()`.
final class ServiceGroupRunner: Sendable {
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    init(worker: Worker, logger: Logger) {
        let group = ServiceGroup(configuration: .init(services: [worker], logger: logger))
        self.group = group
        task = Task { try await group.run() }
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}

/// Hands two sockets to the proxy thread, which then owns them until the
/// context shuts down (only then does this side close them).
final class SocketPair: @unchecked Sendable {
    let a: Socket, b: Socket
    init(_ a: Socket, _ b: Socket) { self.a = a; self.b = b }
}

/// The reference: PUSH -> zmq_proxy -> PULL over tcp on loopback, no durability.
enum RawHop {
    static func measure(messages: Int, size: Int) throws -> Double {
        let context = try Context()
        let portA = Int.random(in: 40_001...50_000), portB = portA + 1
        let front = try context.makeSocket(.pull)
        let back = try context.makeSocket(.push)
        try front.bind("tcp://127.0.0.1:\(portA)")
        try back.bind("tcp://127.0.0.1:\(portB)")
        let pair = SocketPair(front, back)
        let proxy = Thread { Proxy.run(frontend: pair.a, backend: pair.b) }
        proxy.start()
        let sink = try context.makeSocket(.pull)
        try sink.connect("tcp://127.0.0.1:\(portB)")
        let body = Data(repeating: 0x61, count: size)
        let done = DispatchSemaphore(value: 0)
        let sender = Thread {
            guard let push = try? context.makeSocket(.push) else { return }
            try? push.connect("tcp://127.0.0.1:\(portA)")
            for _ in 0..<messages { _ = try? push.send([body]) }
            done.wait()
            push.close()
        }
        let start = Date()
        sender.start()
        for _ in 0..<messages { _ = try sink.receive() }
        let elapsed = Date().timeIntervalSince(start)
        done.signal()
        sink.close()
        Thread.sleep(forTimeInterval: 0.05)
        context.shutdown()
        Thread.sleep(forTimeInterval: 0.05)
        front.close()
        back.close()
        context.terminate()
        return Double(messages) / elapsed
    }
}

/// `newswire bench pipeline`: articles/s from submit to stored, over the sample
/// site's pages repeated under distinct URLs, with one process per stage.
struct PipelineBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline", abstract: "End-to-end pages/s: sample-site pages repeated to --pages, one process per stage.")

    @Option(help: "Pages submitted per run.") var pages = 2000
    @Option(help: "Runs (the median is reported).") var runs = 3

    func run() async throws {
        _ = CLILogging.bootstrap(level: "error")
        let bin = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        guard let site = SampleSiteServer.bundledSite else { throw ValidationError("bundled sample site missing") }
        var rates: [Double] = []
        for run in 1...runs {
            let rate = try await measure(bin: bin, site: site)
            rates.append(rate.total)
            print(String(format: "run %d: %.1f pages/s end to end (%@)", run, rate.total, rate.stages))
        }
        print(String(format: "median of %d runs, %d pages: %.1f pages/s from submit to stored", runs, pages, rates.sorted()[rates.count / 2]))
    }

    private func measure(bin: URL, site: URL) async throws -> (total: Double, stages: String) {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("newswire-pbench-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: work) }
        // The sample site's HTML pages, linked under /copy-K/ as many times as needed.
        let manifest = try JSONDecoder().decode(BenchManifest.self, from: Data(contentsOf: site.appendingPathComponent("manifest.json")))
        let htmlPages = manifest.pages.filter { $0.path.hasSuffix(".html") }.map(\.path)
        var paths: [String] = []
        var copy = 0
        while paths.count < pages {
            for page in htmlPages where paths.count < pages {
                let target = work.appendingPathComponent("copy-\(copy)/\(page)")
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                // Copies, not links: the site server serves no links, by design.
                try FileManager.default.copyItem(at: site.appendingPathComponent(page), to: target)
                paths.append("copy-\(copy)/\(page)")
            }
            copy += 1
        }
        let server = try SampleSiteServer(root: work)
        let port = try await server.start(host: "127.0.0.1", port: 0)
        let brokerPort = Int.random(in: 20_000...40_000)
        let endpoint = "tcp://127.0.0.1:\(brokerPort)"
        let data = work.appendingPathComponent("data")
        let children = ChildProcesses(bin: bin, logs: work)
        try children.spawn("broker", "newswire-broker", ["--bind", endpoint, "--data", data.appendingPathComponent("broker").path, "--log-level", "error"])
        let common = ["--broker", endpoint, "--log-level", "error"]
        try children.spawn("storage", "newswire-storage", ["run", "--database", data.appendingPathComponent("db.sqlite").path, "--concurrency", "8"] + common)
        try children.spawn("enricher", "newswire-enricher", ["run", "--concurrency", "2"] + common)
        try children.spawn("parser", "newswire-parser", ["run", "--concurrency", "2"] + common)
        try children.spawn("fetcher", "newswire-fetcher", ["run", "--allow-private-addresses", "--ignore-robots", "--concurrency", "16"] + common)
        do {
            return try await drive(endpoint: endpoint, port: port, paths: paths, children: children, server: server)
        } catch {
            _ = children.stopAll(order: ["fetcher", "parser", "enricher", "storage", "broker"])
            try? await server.stop()
            throw error
        }
    }

    private func drive(endpoint: String, port: Int, paths: [String], children: ChildProcesses, server: SampleSiteServer) async throws -> (total: Double, stages: String) {
        let client = try BrokerClient(endpoint: endpoint)
        _ = try await client.status()
        let start = Date()
        let messages = try paths.map { path -> Message in
            try Message(envelope: .new(kind: .fetchRequest, producer: "bench", key: "bench-\(path.hashValue % 64)"),
                        payload: FetchRequest(url: "http://127.0.0.1:\(port)/\(path)", target: .article))
        }
        let published = try await client.publish(messages, to: QueueName.fetch)
        if let refused = published.rejected.first { throw ValidationError("broker refused the bench jobs: \(refused.code) \(refused.reason)") }
        var status = try await client.status()
        var lastReport = Date()
        while true {
            status = try await client.status()
            if Date().timeIntervalSince(lastReport) > 5 {
                lastReport = Date()
                writeStandardError(Pipeline.progressLine(status, elapsed: Date().timeIntervalSince(start)))
            }
            let busy = status.queues.contains { $0.depth > 0 || $0.inFlight > 0 }
            let fetched = status.queues.first { $0.name == "fetch" }?.completed ?? 0
            if !busy && fetched >= pages { break }
            if status.deadLetters > 0, let letter = try await client.deadLetters(limit: 1).first {
                throw ValidationError("a bench job was dead-lettered: \(letter.originQueue): \(letter.error)")
            }
            if Date().timeIntervalSince(start) > 900 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let elapsed = Date().timeIntervalSince(start)
        await client.close()
        _ = children.stopAll(order: ["fetcher", "parser", "enricher", "storage", "broker"])
        try? await server.stop()
        let stages = QueueName.pipeline.map { q in
            "\(q) \(status.queues.first { $0.name == q }?.completed ?? 0)"
        }.joined(separator: ", ")
        return (Double(pages) / elapsed, stages + String(format: " jobs in %.1f s", elapsed))
    }
}

private struct BenchManifest: Decodable {
    struct Page: Decodable { var path: String }
    var pages: [Page]
}
