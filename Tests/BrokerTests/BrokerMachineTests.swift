@testable import BrokerCore
import Foundation
import Logging
import Shared
import TestSupport
import Testing

/// The broker's state machine without sockets: commands in, effects out.
/// Each test drives it with frames as the reactor would and reads the outbox.
@Suite struct BrokerMachineTests {
    private final class Fixture {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("broker-machine-\(UUID().uuidString)")
        var machine: BrokerMachine
        var now = 1_000_000.0

        init(_ configure: (inout BrokerConfiguration) -> Void = { _ in }) throws {
            var configuration = BrokerConfiguration(dataDirectory: directory.path, heartbeatInterval: 1, heartbeatLiveness: 3, extraQueues: ["in", "out"])
            configure(&configuration)
            machine = try BrokerMachine(configuration: configuration, logger: Logger(label: "machine-test"))
        }

        deinit { try? FileManager.default.removeItem(at: directory) }

        func reopen() throws {
            machine = try BrokerMachine(configuration: machine.configuration, logger: Logger(label: "machine-test"))
        }

        func send(_ peer: String, _ frames: [Data]) {
            machine.handle(InboundCommand(frames: [Data(peer.utf8), BrokerProtocol.signature] + frames), now: now)
        }

        func send(_ peer: String, _ words: String...) { send(peer, words.map { Data($0.utf8) }) }

        /// Commits, then returns the outbox: what the reactor would send.
        func flush() throws -> Outbox {
            try machine.commit()
            return machine.takeOutbox()
        }

        func publish(_ messages: [Message], to queue: String) throws {
            for message in messages { send("publisher", [Data("PUBLISH".utf8), Data(message.envelope.id.utf8), Data(queue.utf8)] + (try message.wireFrames())) }
        }

        func status() throws -> BrokerStatus {
            send("tool", "STATUS", "s")
            let reply = try #require(try flush().replies.last { $0.count > 2 && $0[2] == Data("REPLY".utf8) })
            return try WireJSON.decoder.decode(BrokerStatus.self, from: reply[4])
        }
    }

    private func words(_ frames: [Data]) -> [String] { frames.map { String(decoding: $0, as: UTF8.self) } }

    @Test func aJobGoesFromPublishToAWorkerAndIsRetiredByItsDone() throws {
        let f = try Fixture()
        try f.publish(try rawMessages(1, prefix: "a"), to: "in")
        let acks = try f.flush().replies
        #expect(acks.count == 1 && words(acks[0]).prefix(5) == ["publisher", "NWP1", "ACK", "a-0", "stored"])
        f.send("w1", "READY", "in", "4", "w1")
        f.machine.dispatch(now: f.now)
        let jobs = try f.flush().dispatches
        #expect(jobs.count == 1 && jobs[0].job == "in/a-0" && jobs[0].worker == Data("w1".utf8))
        let output = try WireJSON.encoder.encode(Envelope.new(kind: .raw, producer: "test", id: "a-out"))
        f.send("w1", [Data("DONE".utf8), Data("in/a-0".utf8)] + BrokerProtocol.encodeOutputs([("out", [output])]))
        #expect(words(try f.flush().replies[0]) == ["w1", "NWP1", "ACKJOB", "in/a-0"])
        let status = try f.status()
        #expect(status.queues.first { $0.name == "in" }?.completed == 1)
        #expect(status.queues.first { $0.name == "out" }?.depth == 1)
    }

    /// The ids seen are on disk (the `seen_log` table): after a restart a
    /// message published again, even one already retired, is a duplicate.
    @Test func idsSeenSurviveARestart() throws {
        let f = try Fixture()
        let messages = try rawMessages(3, prefix: "r")
        try f.publish(messages, to: "in")
        _ = try f.flush()
        f.send("w1", "READY", "in", "1", "w1")
        f.machine.dispatch(now: f.now)
        let job = try #require(try f.flush().dispatches.first?.job)
        f.send("w1", [Data("DONE".utf8), Data(job.utf8)] + BrokerProtocol.encodeOutputs([]))
        _ = try f.flush()
        try f.reopen()
        try f.publish(messages, to: "in")
        let acks = try f.flush().replies.map(words)
        #expect(acks.count == 3 && acks.allSatisfy { $0.count >= 5 && $0[2] == "ACK" && $0[4] == "duplicate" }, "\(acks)")
        try f.publish(try rawMessages(1, prefix: "new"), to: "in")
        #expect(words(try f.flush().replies[0]).prefix(5) == ["publisher", "NWP1", "ACK", "new-0", "stored"])
    }

    @Test func aSilentWorkersJobGoesToTheNextWorkerWithAnAttemptCounted() throws {
        let f = try Fixture()
        try f.publish(try rawMessages(1, prefix: "s"), to: "in")
        _ = try f.flush()  // a job is dispatched once its commit is durable
        f.send("w1", "READY", "in", "1", "w1")
        f.machine.dispatch(now: f.now)
        #expect(try f.flush().dispatches.count == 1)
        // Three intervals of silence: w1 is forgotten and its job goes back.
        f.now += 3.5
        f.machine.tick(now: f.now)
        _ = try f.flush()
        f.send("w2", "READY", "in", "1", "w2")
        f.machine.dispatch(now: f.now)
        let jobs = try f.flush().dispatches
        #expect(jobs.count == 1 && jobs[0].worker == Data("w2".utf8))
        let envelope = try Envelope.decodeHeader(jobs[0].frames[4])
        #expect(envelope.attempt == 2)
    }

    @Test func anUndeliverableJobGoesBackWithoutAnAttempt() throws {
        let f = try Fixture()
        try f.publish(try rawMessages(1, prefix: "u"), to: "in")
        _ = try f.flush()  // a job is dispatched once its commit is durable
        f.send("w1", "READY", "in", "1", "w1")
        f.machine.dispatch(now: f.now)
        let dispatch = try #require(try f.flush().dispatches.first)
        f.machine.undeliverable(dispatch, now: f.now)
        var status = try f.status()
        #expect(status.queues.first { $0.name == "in" }?.depth == 1)
        #expect(status.queues.first { $0.name == "in" }?.inFlight == 0)
        f.machine.dispatch(now: f.now)
        let again = try #require(try f.flush().dispatches.first)
        #expect(try Envelope.decodeHeader(again.frames[4]).attempt == 1)
        status = try f.status()
        #expect(status.queues.first { $0.name == "in" }?.inFlight == 1)
    }

    /// The reactor pipelines the group commit: it handles more commands while
    /// a sealed batch is written. Nothing of a batch leaves before its write:
    /// not its ACKs, not a JOB for a job it stores, not a retry it records.
    @Test func aSealedBatchIsAcknowledgedAndDispatchedOnlyOnceWritten() throws {
        let f = try Fixture { $0.defaultPolicy.backoffBase = 0 }
        try f.publish(try rawMessages(1, prefix: "p"), to: "in")
        f.send("w1", "READY", "in", "1", "w1")
        f.machine.dispatch(now: f.now)
        #expect(f.machine.takeImmediateSends().dispatches.isEmpty, "not dispatched before it is on disk")
        let batch = try #require(f.machine.sealBatch())
        #expect(batch.replies.map(words).map { Array($0.prefix(5)) } == [["publisher", "NWP1", "ACK", "p-0", "stored"]])
        // More commands arrive while the batch is written.
        try f.publish(try rawMessages(1, prefix: "q"), to: "in")
        f.machine.dispatch(now: f.now)
        #expect(f.machine.takeImmediateSends().dispatches.isEmpty)
        try batch.write()
        f.machine.committed(batch)
        f.machine.dispatch(now: f.now)
        let first = f.machine.takeImmediateSends().dispatches
        #expect(first.map(\.job) == ["in/p-0"], "the written job goes; the one still open waits")
        // A retry (no backoff) waits for the commit that records its attempt,
        // so its JOB cannot overtake the ACKJOB of the FAIL.
        f.send("w1", "READY", "in", "2", "w1")
        f.send("w1", "FAIL", "in/p-0", "0", "try again")
        f.machine.dispatch(now: f.now)
        #expect(f.machine.takeImmediateSends().dispatches.isEmpty, "q-0 and the retry of p-0 wait for their batch")
        let second = try #require(f.machine.sealBatch())
        #expect(second.replies.map(words).contains(["w1", "NWP1", "ACKJOB", "in/p-0"]))
        try second.write()
        f.machine.committed(second)
        f.machine.dispatch(now: f.now)
        let again = f.machine.takeImmediateSends().dispatches
        #expect(again.map(\.job).sorted() == ["in/p-0", "in/q-0"])
        #expect(try again.first { $0.job == "in/p-0" }.map { try Envelope.decodeHeader($0.frames[4]).attempt } == 2)
    }

    @Test func onlyCommittedWorkSurvivesARestart() throws {
        let f = try Fixture()
        try f.publish(try rawMessages(2, prefix: "c"), to: "in")
        _ = try f.flush()
        try f.publish(try rawMessages(1, prefix: "lost"), to: "in")
        // No commit: the broker never acknowledged it, and a restart does not find it.
        let acks = f.machine.takeOutbox().replies
        #expect(acks.count == 1, "an ACK is produced but the reactor sends it only after commit")
        try f.reopen()
        #expect(f.machine.jobCount == 2)
    }

    @Test func aStrangersDoneOrFailChangesNothing() throws {
        let f = try Fixture()
        try f.publish(try rawMessages(1, prefix: "h"), to: "in")
        _ = try f.flush()  // a job is dispatched once its commit is durable
        f.send("w1", "READY", "in", "1", "w1")
        f.machine.dispatch(now: f.now)
        _ = try f.flush()
        f.send("intruder", "FAIL", "in/h-0", "1", "forged")
        f.send("intruder", "DONE", "in/h-0", "0")
        let replies = try f.flush().replies.map(words)
        #expect(replies.contains(["intruder", "NWP1", "ACKJOB", "in/h-0"]))
        let status = try f.status()
        #expect(status.queues.first { $0.name == "in" }?.inFlight == 1)
        #expect(status.deadLetters == 0)
    }

    @Test func anOversizedCommandIsRefusedFromItsFirstFrames() throws {
        let f = try Fixture { $0.maxFrames = 10 }
        f.machine.handle(InboundCommand(
            frames: [Data("p".utf8), BrokerProtocol.signature, Data("PUBLISH".utf8), Data("c9".utf8)],
            frameCount: 5000, byteCount: 5000, overLimit: true), now: f.now)
        let reply = try #require(try f.flush().replies.first)
        #expect(words(reply).prefix(5) == ["p", "NWP1", "NACK", "c9", "TOO_LARGE"])
    }
}
