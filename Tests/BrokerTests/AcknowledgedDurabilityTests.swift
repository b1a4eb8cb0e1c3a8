import Foundation
import PipelineRuntime
import Shared
import Testing
import TestSupport
import ZeroMQ

/// ACK means on disk, now that the broker writes each group commit on a
/// thread of its own while it goes on reading: a publisher streaming without
/// waiting is acknowledged batch by batch, and every message acknowledged
/// before a `kill -9` of the broker is delivered after its restart.
@Suite(.serialized) struct AcknowledgedDurabilityTests {
    @Test func everyAcknowledgedPublishSurvivesKillNineOfTheBroker() async throws {
        let h = try ProcessHarness(name: "ack-durable")
        let endpoint = ProcessHarness.endpoint()
        var broker = try h.startBroker(endpoint: endpoint)
        let messages = try rawMessages(6000, size: 4096, prefix: "durable")
        let killAfter = 1500
        let acknowledged = try publishUntilKilled(messages, endpoint: endpoint, killAfter: killAfter) { ProcessHarness.kill9(broker) }
        #expect(acknowledged.count >= killAfter)
        broker = try h.startBroker(endpoint: endpoint)
        defer { ProcessHarness.kill9(broker) }
        let collector = Collector(queue: "in")
        let sink = InProcessWorker(stage: collector, endpoint: endpoint)
        let survived = await eventually(timeout: 60) { collector.uniqueIDs.isSuperset(of: acknowledged) }
        #expect(survived, "\(acknowledged.subtracting(collector.uniqueIDs).count) of \(acknowledged.count) acknowledged messages lost")
        await sink.stop()
    }

    /// Streams PUBLISHes on a raw DEALER, 100 at a time without waiting for
    /// answers, and kills the broker as soon as `killAfter` are acknowledged;
    /// returns the ids of every `ACK stored` received (also those already on
    /// their way when it died).
    private func publishUntilKilled(_ messages: [Message], endpoint: String, killAfter: Int, kill: () -> Void) throws -> Set<String> {
        let context = try Context()
        defer { context.terminate() }
        let socket = try context.makeSocket(.dealer)
        defer { socket.close() }
        try socket.setLinger(milliseconds: 0)
        try socket.connect(endpoint)
        var acknowledged = Set<String>()
        var next = 0
        while acknowledged.count < killAfter && next < messages.count {
            for message in messages[next..<min(next + 100, messages.count)] {
                let frames = [BrokerProtocol.signature, Data("PUBLISH".utf8), Data(message.envelope.id.utf8), Data("in".utf8)]
                _ = try socket.send(frames + (try message.wireFrames()))
            }
            next = min(next + 100, messages.count)
            try collectAcks(socket, into: &acknowledged, waitMs: next == messages.count ? 5000 : 0, until: killAfter)
        }
        kill()
        // ACKs sent before the kill may still be in the socket's buffers.
        try collectAcks(socket, into: &acknowledged, waitMs: 300, until: .max)
        return acknowledged
    }

    /// Reads answers until none came for `waitMs` or `until` ids are acknowledged.
    private func collectAcks(_ socket: Socket, into acknowledged: inout Set<String>, waitMs: Int, until limit: Int) throws {
        var poller = Poller(capacity: 1)
        poller.add(socket)
        while acknowledged.count < limit, try poller.poll(timeoutMs: waitMs) > 0 {
            while let reply = try socket.receive(dontWait: true) {
                let words = reply.map { String(decoding: $0, as: UTF8.self) }
                if words.count >= 4 && words[1] == "ACK" && words[3] == "stored" { acknowledged.insert(words[2]) }
            }
        }
    }
}
