import ArgumentParser
import FetcherCore
import Foundation
import PipelineRuntime
import SampleSiteCore
import Shared
import StorageCore

/// `newswire pipeline`: the whole pipeline on one machine (what `make run`
/// starts): broker, fetcher, parser, enricher and storage processes, the
/// web app (`newswire serve`), the sample site, the sample feeds submitted, live progress, a summary, and a
/// clean drain of every process on Ctrl-C.
struct Pipeline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run broker + every stage (+ the sample site) locally, ingest, show progress; Ctrl-C drains and stops.",
        discussion: """
            file:// URLs (pages, or .warc / .warc.gz archives) are read by the fetchers this command starts: \
            their --file-root is NEWSWIRE_FETCHER_FILE_ROOT when set, else the deepest folder holding every \
            file:// URL given here (e.g. newswire pipeline --no-sample --once file:///data/news.warc).
            """)

    @Option(help: "Data folder: broker store, SQLite database, logs (env NEWSWIRE_DATA_DIR).")
    var data: String = ProcessInfo.processInfo.environment["NEWSWIRE_DATA_DIR"] ?? "./data"

    @Option(help: "Broker port on 127.0.0.1.")
    var brokerPort = 5555

    @Option(help: "Sample site port (0 = any).")
    var sitePort = 0

    @Flag(help: "Do not serve and submit the bundled sample site.")
    var noSample = false

    @Option(help: "Port of the web app and API (newswire serve) on 127.0.0.1.")
    var webPort = 8080

    @Flag(help: "Do not start the web app.")
    var noWeb = false

    @Option(help: "Processes per stage, e.g. --scale parser=2 (repeatable).")
    var scale: [String] = []

    @Option(help: "Re-poll the submitted feeds every this many seconds (0 = once).")
    var poll: Double = 0

    @Flag(help: "Exit (draining everything) once the submitted work is done, instead of waiting for Ctrl-C.")
    var once = false

    @Option(help: "With --once: give up after this many seconds.")
    var timeout: Double = 600

    @Argument(help: "More URLs to submit (feeds, sitemaps, articles, file:// .warc/.warc.gz archives).")
    var urls: [String] = []

    func run() async throws {
        _ = CLILogging.bootstrap(level: "error")
        let bin = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let dataURL = URL(fileURLWithPath: data)
        let logs = dataURL.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let database = dataURL.appendingPathComponent("newswire.sqlite").path
        let endpoint = "tcp://127.0.0.1:\(brokerPort)"
        var counts = ["fetcher": 1, "parser": 1, "enricher": 1, "storage": 1]
        for spec in scale {
            let parts = spec.split(separator: "=")
            guard parts.count == 2, counts[String(parts[0])] != nil, let n = Int(parts[1]), n >= 1 else {
                throw ValidationError("--scale expects STAGE=N with STAGE one of fetcher, parser, enricher, storage")
            }
            counts[String(parts[0])] = n
        }

        var site: SampleSiteServer? = nil
        var submissions = urls
        if !noSample {
            guard let root = SampleSiteServer.bundledSite else { throw ValidationError("bundled sample site missing") }
            let server = try SampleSiteServer(root: root)
            let port = try await server.start(host: "127.0.0.1", port: sitePort)
            site = server
            submissions += try Self.sampleEntrypoints(root: root, baseURL: "http://127.0.0.1:\(port)")
            print("sample site: http://127.0.0.1:\(port)/")
        }

        let children = ChildProcesses(bin: bin, logs: logs)
        try children.spawn("broker", "newswire-broker", ["--bind", endpoint, "--data", dataURL.appendingPathComponent("broker").path,
                                                        "--queue", "fetch:key-concurrency=2,key-interval=0.02"])
        let common = ["--broker", endpoint, "--log-level", "warning"]
        for i in 0..<counts["storage"]! { try children.spawn("storage-\(i)", "newswire-storage", ["run", "--database", database] + common) }
        for i in 0..<counts["enricher"]! { try children.spawn("enricher-\(i)", "newswire-enricher", ["run"] + common) }
        for i in 0..<counts["parser"]! { try children.spawn("parser-\(i)", "newswire-parser", ["run"] + common) }
        let fetcherArguments = ["run", "--allow-private-addresses", "--concurrency", "8"] + Self.fileRootArguments(urls) + common
        for i in 0..<counts["fetcher"]! { try children.spawn("fetcher-\(i)", "newswire-fetcher", fetcherArguments) }
        print("broker \(endpoint), data in \(dataURL.path), logs in \(logs.path)")
        if !noWeb {
            // The server opens the archive read-only, so it must exist first.
            _ = try SQLiteArticleRepository(path: database)
            try children.spawn(
                "web", "newswire", ["serve", "--database", database, "--broker", endpoint, "--port", "\(webPort)"])
            print("web app: http://127.0.0.1:\(webPort)/  (log: \(logs.path)/web.log)")
        }

        let client = try BrokerClient(endpoint: endpoint)
        var messages: [Message] = []
        for url in submissions {
            let target: FetchRequest.Target = url.hasSuffix(".xml") ? (url.contains("sitemap") ? .sitemap : .feed) : .auto
            let request = FetchRequest(url: url, target: target, source: "sample", pollIntervalSeconds: poll > 0 ? poll : nil)
            let host = URL(string: url)?.host ?? "file"
            let envelope = Envelope.new(kind: .fetchRequest, producer: "newswire pipeline", key: host,
                                        id: MessageID.stable("pipeline:\(url):\(Int(Date().timeIntervalSince1970))"))
            messages.append(try Message(envelope: envelope, payload: request))
        }
        let summary = try await client.publish(messages, to: QueueName.fetch)
        print("submitted \(summary.stored) sources")

        let stop = StopFlag()
        let signals = Task { await SignalWaiter.wait(); stop.set() }
        let started = Date()
        var idleSince: Date? = nil
        var summarised = false
        var lastLine = ""
        while !stop.isSet {
            try await Task.sleep(for: .seconds(1))
            guard let status = try? await client.status() else { continue }
            // Print when something moved, not once a second while idle.
            let line = Self.progressLine(status, elapsed: nil)
            if line != lastLine {
                lastLine = line
                print(Self.progressLine(status, elapsed: Date().timeIntervalSince(started)))
            }
            let busy = status.queues.contains { $0.depth - $0.delayed > 0 || $0.inFlight > 0 }
            if busy { idleSince = nil; summarised = false } else if idleSince == nil { idleSince = Date() }
            if let idle = idleSince, Date().timeIntervalSince(idle) >= 2, !summarised {
                summarised = true
                if let repository = try? await ArticleRepositories.open(database, mustExist: true),
                   let stats = try? await repository.stats(top: 8) {
                    print("\n" + StorageFormatting.stats(stats))
                }
                print("dead letters: \(status.deadLetters)  (newswire dlq list --broker \(endpoint))")
                print(once ? "done; draining" : "idle; Ctrl-C drains and stops every process")
                if once { break }
            }
            if once && Date().timeIntervalSince(started) > timeout {
                writeStandardError("timed out after \(Int(timeout)) s")
                break
            }
        }
        signals.cancel()
        await client.close()
        print("stopping: stages first, then the broker")
        let codes = children.stopAll(order: ["web", "fetcher", "parser", "enricher", "storage", "broker"])
        try? await site?.stop()
        for (name, code) in codes.sorted(by: { $0.key < $1.key }) where code != 0 {
            writeStandardError("\(name) exited with status \(code) (see \(logs.path)/\(name).log)")
        }
        print("stopped")
    }

    /// `--file-root` for the fetchers: none when NEWSWIRE_FETCHER_FILE_ROOT is
    /// set (they inherit it), else the folder covering the file:// URLs given.
    static func fileRootArguments(_ urls: [String],
                                  environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        guard environment["NEWSWIRE_FETCHER_FILE_ROOT"] == nil, let root = FileRoot.covering(urls) else { return [] }
        return ["--file-root", root.path]
    }

    static func sampleEntrypoints(root: URL, baseURL: String) throws -> [String] {
        struct Manifest: Decodable { struct Entry: Decodable { var url: String }; var entrypoints: [Entry] }
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: root.appendingPathComponent("manifest.json")))
        return manifest.entrypoints.map { $0.url.replacingOccurrences(of: "{{BASE_URL}}", with: baseURL) }
    }

    static func progressLine(_ status: BrokerStatus, elapsed: Double?) -> String {
        let parts = QueueName.pipeline.map { name -> String in
            guard let q = status.queues.first(where: { $0.name == name }) else { return "\(name) -" }
            return "\(name) \(q.completed) done, \(q.depth) waiting, \(q.inFlight) busy, \(String(format: "%.1f", q.rate))/s"
        }
        return (elapsed.map { String(format: "[%4.0fs] ", $0) } ?? "") + parts.joined(separator: " | ") + (status.deadLetters > 0 ? " | dead \(status.deadLetters)" : "")
    }
}

/// Set once, read from the progress loop.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

/// The child processes of `newswire pipeline`, each logging to its own file.
final class ChildProcesses: @unchecked Sendable {
    private let bin: URL
    private let logs: URL
    private var children: [(name: String, process: Process)] = []

    init(bin: URL, logs: URL) {
        self.bin = bin
        self.logs = logs
    }

    func spawn(_ name: String, _ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = bin.appendingPathComponent(executable)
        process.arguments = arguments
        let log = logs.appendingPathComponent("\(name).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        children.append((name, process))
    }

    /// The process started as `name` (for its pid: memory readings).
    func process(named name: String) -> Process? {
        children.first { $0.name == name }?.process
    }

    /// SIGTERM by group in `order` (a prefix of the name), waiting for each group to drain.
    func stopAll(order: [String]) -> [String: Int32] {
        var codes: [String: Int32] = [:]
        for prefix in order {
            let group = children.filter { $0.name.hasPrefix(prefix) }
            for child in group where child.process.isRunning { kill(child.process.processIdentifier, SIGTERM) }
            for child in group {
                let deadline = Date().addingTimeInterval(40)
                while child.process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
                if child.process.isRunning { kill(child.process.processIdentifier, SIGKILL) }
                child.process.waitUntilExit()
                codes[child.name] = child.process.terminationStatus
            }
        }
        return codes
    }
}
