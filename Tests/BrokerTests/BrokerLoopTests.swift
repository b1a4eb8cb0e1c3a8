import BrokerCore
import BrokerServer
import Foundation
import Logging
import Testing
import ZeroMQ

/// The broker loop's own liveness signal, which `/health` reads: a loop that
/// runs goes round every 0.25 s at most, even with nothing to do.
@Suite struct BrokerLoopTests {
    @Test func theLoopReportsWhenItLastWentRound() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("broker-loop-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let broker = BrokerReactor(
            configuration: BrokerConfiguration(endpoint: "tcp://127.0.0.1:*", dataDirectory: directory.path),
            logger: Logger(label: "broker-loop-test"))
        #expect(broker.secondsSinceLoop == nil)
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            defer { finished.signal() }
            do {
                let context = try Context()
                defer { context.terminate() }
                try broker.run(context: context)
            } catch {
                Issue.record("broker loop failed: \(error)")
            }
        }
        thread.start()
        var waited = 0
        while broker.endpoint == nil && waited < 500 {
            try await Task.sleep(for: .milliseconds(10))
            waited += 1
        }
        #expect(broker.endpoint != nil)
        // Idle for a second: the loop still goes round.
        try await Task.sleep(for: .seconds(1))
        let idle = try #require(broker.secondsSinceLoop)
        #expect(idle >= 0 && idle < 0.5)
        broker.stop()
        finished.wait()
        // Stopped: the last round recedes into the past.
        try await Task.sleep(for: .milliseconds(600))
        #expect(try #require(broker.secondsSinceLoop) >= 0.5)
    }
}
