import Foundation
import Observability
import ServiceLifecycle
import Testing
import TestSupport

/// `/health` tells the truth: a stage answers 503 while it has no live link
/// to its broker and 200 while it has one; the broker answers 200 while its
/// loop runs and its store can be written. Real executables, real ZeroMQ
/// sockets, real HTTP GETs on 127.0.0.1.
@Suite(.serialized) struct HealthEndToEndTests {
    /// The status of one GET /health, nil while nothing listens.
    private static func health(_ port: Int) async -> Int? {
        try? await HTTPProbe.get(port: port, "/health").status
    }

    @Test func stageHealthFollowsItsLinkToTheBroker() async throws {
        let h = try ProcessHarness(name: "stage-health")
        let endpoint = ProcessHarness.endpoint()
        let port = ProcessHarness.freePort()
        // ProcessHarness brokers heartbeat every 0.5 s; the worker must use the same interval.
        let stage = try h.start(
            "newswire-parser", ["run", "--broker", endpoint, "--heartbeat", "0.5", "--metrics-port", "\(port)", "--log-level", "warning"],
            log: "parser.log")

        // No broker: the endpoint is up and says 503, and keeps saying it.
        #expect(await eventually(timeout: 30) { await Self.health(port) == 503 }, "parser log: \(h.log("parser.log"))")
        try await Task.sleep(for: .seconds(2))
        #expect(await Self.health(port) == 503)

        // A broker starts on the stage's endpoint: 200 once it has answered.
        let broker = try h.startBroker(endpoint: endpoint)
        #expect(await eventually(timeout: 30) { await Self.health(port) == 200 }, "parser log: \(h.log("parser.log"))")

        // The broker dies: 503 once its heartbeats are missing for interval * liveness (1.5 s).
        ProcessHarness.kill9(broker)
        #expect(await eventually(timeout: 15) { await Self.health(port) == 503 })

        // It comes back (same store): the link recovers by itself, and so does the answer.
        let restarted = try h.startBroker(endpoint: endpoint)
        #expect(await eventually(timeout: 30) { await Self.health(port) == 200 }, "parser log: \(h.log("parser.log"))")

        #expect(ProcessHarness.terminate(stage) == 0)
        #expect(ProcessHarness.terminate(restarted) == 0)
    }

    @Test func brokerHealthFollowsItsStore() async throws {
        let h = try ProcessHarness(name: "broker-health")
        let port = ProcessHarness.freePort()
        let broker = try h.startBroker(endpoint: ProcessHarness.endpoint(), data: "store", extra: ["--metrics-port", "\(port)"])
        #expect(await eventually(timeout: 30) { await Self.health(port) == 200 }, "broker log: \(h.log("broker.log"))")

        // The store's folder vanishes under the running broker (tests run as
        // root, so a chmod would prove nothing): nothing it commits from now on
        // would survive a restart.
        try FileManager.default.removeItem(at: h.directory.appendingPathComponent("store"))
        #expect(await eventually(timeout: 10) { await Self.health(port) == 503 })
        ProcessHarness.kill9(broker)
    }
}

/// The pieces /health is made of, without processes.
@Suite struct HealthPartsTests {
    @Test func writableStoreNeedsAWritableFolderAndRoom() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("newswire-writable-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data().write(to: folder.appendingPathComponent("store.sqlite"))

        #expect(WritableStore(directory: folder.path, files: ["store.sqlite", "store.sqlite-wal"]).isWritable())
        #expect(!WritableStore(directory: folder.path, minimumFreeBytes: .max).isWritable())
        #expect(!WritableStore(directory: folder.appendingPathComponent("missing").path).isWritable())
    }

    private struct Waits: Service {
        let release: AsyncStream<Void>
        func run() async throws { for await _ in release { return } }
    }

    private struct Fails: Service {
        struct Failure: Error {}
        func run() async throws { throw Failure() }
    }

    @Test func trackedServiceRunsOnlyWhileItsRunDoes() async throws {
        let (release, go) = AsyncStream.makeStream(of: Void.self)
        let tracked = TrackedService(Waits(release: release))
        #expect(!tracked.isRunning)
        let task = Task { try await tracked.run() }
        #expect(await eventually(timeout: 10) { tracked.isRunning })
        go.yield()
        try await task.value
        #expect(!tracked.isRunning)

        let failing = TrackedService(Fails())
        await #expect(throws: Fails.Failure.self) { try await failing.run() }
        #expect(!failing.isRunning)
    }
}
