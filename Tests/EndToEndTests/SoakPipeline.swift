import Foundation
import PipelineRuntime
import TestSupport

/// The pipeline's five processes (parts) for the kill soak, each restartable after
/// a SIGKILL on the same endpoint, data folder and database.
final class SoakPipeline: @unchecked Sendable {
    enum Part: String, CaseIterable { case broker, storage, enricher, parser, fetcher }

    let harness: ProcessHarness
    let endpoint: String
    let database: String
    private var running: [Part: Process] = [:]

    init(harness: ProcessHarness, endpoint: String) {
        self.harness = harness
        self.endpoint = endpoint
        self.database = harness.directory.appendingPathComponent("newswire.sqlite").path
    }

    func startAll() throws {
        for part in Part.allCases { try start(part) }
    }

    private func start(_ part: Part) throws {
        let common = ["--broker", endpoint, "--heartbeat", "0.5"]
        switch part {
        case .broker:
            running[part] = try harness.startBroker(
                endpoint: endpoint, extra: ["--queue", "fetch:key-concurrency=2,key-interval=0.01"])
        case .storage:
            running[part] = try harness.start("newswire-storage", ["run", "--database", database] + common, log: "storage.log")
        case .enricher:
            running[part] = try harness.start("newswire-enricher", ["run"] + common, log: "enricher.log")
        case .parser:
            running[part] = try harness.start("newswire-parser", ["run"] + common, log: "parser.log")
        case .fetcher:
            running[part] = try harness.start(
                "newswire-fetcher", ["run", "--allow-private-addresses", "--concurrency", "8"] + common, log: "fetcher.log")
        }
    }

    func kill9AndRestart(_ part: Part) throws {
        if let p = running[part] { ProcessHarness.kill9(p) }
        try start(part)
    }

    /// SIGKILL for all: the test has what it needs from them by then.
    func stopAll() {
        for p in running.values where p.isRunning { ProcessHarness.kill9(p) }
        running = [:]
    }

    /// `count` victims in random order: every process at least once, the
    /// broker twice, the rest drawn at random.
    static func victims(count: Int) -> [Part] {
        var list = Part.allCases + [.broker]
        while list.count < count { list.append(Part.allCases.randomElement()!) }
        return list.shuffled()
    }

    /// Waits until no queue has ready, delayed (a retry) or in-flight work
    /// four polls in a row.
    func waitIdle(_ client: BrokerClient, timeout: Double = 120) async throws -> Bool {
        var quietChecks = 0
        return try await eventually(timeout: timeout, interval: 0.25) {
            guard let s = try? await client.status() else { quietChecks = 0; return false }
            let busy = s.queues.contains { $0.depth > 0 || $0.inFlight > 0 }
            quietChecks = busy ? 0 : quietChecks + 1
            return quietChecks >= 4
        }
    }
}
