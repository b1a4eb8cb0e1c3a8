import BrokerCore
import Foundation
import PipelineRuntime
import Shared
import TestSupport
import Testing
import ZeroMQ

/// Issue 12's broker findings, each with its trigger: a client that lies about
/// counts, finishes jobs it does not hold, asks for everything, invents queues
/// or floods frames must get a clear refusal while the broker stays up.
@Suite(.serialized) struct HostileClientTests {
    private func command(_ reply: [Data]) -> String { BrokerProtocol.string(reply.first ?? Data()) ?? "" }
    private func text(_ frame: Data) -> String { BrokerProtocol.string(frame) ?? "" }

    /// READY on `queue` with credit 1 and return the first job's handle.
    private func takeJob(_ worker: BrokerClient, queue: String = "in") async throws -> Data {
        let reply = try await worker.rawExchange([Data("READY".utf8), Data(queue.utf8), Data("1".utf8), Data("w".utf8)], expecting: "JOB")
        return reply[1]
    }

    private func outputFrames(id: String, to queue: String, count: String = "1") throws -> [Data] {
        let header = try WireJSON.encoder.encode(Envelope.new(kind: .raw, producer: "test", id: id))
        return [Data(count.utf8), Data(queue.utf8), Data("1".utf8), header]
    }

    @Test func outputCountsAreCheckedAgainstTheFramesPresent() throws {
        let header = Data("{}".utf8)
        let huge = String(Int.max)
        // A count near Int.max used to reserve that much and trap.
        #expect(BrokerProtocol.decodeOutputs([Data(huge.utf8), Data("out".utf8), Data("1".utf8), header][...]) == nil)
        // A frame count near Int.max used to overflow index arithmetic.
        #expect(BrokerProtocol.decodeOutputs([Data("1".utf8), Data("out".utf8), Data(huge.utf8), header][...]) == nil)
        #expect(BrokerProtocol.decodeOutputs([Data("1".utf8), Data("out".utf8), Data(String(Int.max - 1).utf8), header][...]) == nil)
        let good = BrokerProtocol.decodeOutputs([Data("1".utf8), Data("out".utf8), Data("1".utf8), header][...])
        #expect(good?.count == 1 && good?.first?.queue == "out")
    }

    @Test func doneWithAHugeOutputCountIsDeadLetteredAndTheBrokerStaysUp() async throws {
        let h = try ProcessHarness(name: "done-count")
        let endpoint = ProcessHarness.endpoint()
        let broker = try h.startBroker(endpoint: endpoint)
        defer { ProcessHarness.kill9(broker) }
        let client = try BrokerClient(endpoint: endpoint)
        _ = try await client.publish(try rawMessages(1, prefix: "job"), to: "in")
        let worker = try BrokerClient(endpoint: endpoint)
        let job = try await takeJob(worker)
        let reply = try await worker.rawExchange([Data("DONE".utf8), job] + (try outputFrames(id: "o", to: "out", count: String(Int.max))), expecting: "ACKJOB")
        #expect(command(reply) == "ACKJOB")
        #expect(broker.isRunning)
        let letters = try await client.deadLetters()
        #expect(letters.contains { $0.id == "job-0" && $0.error.contains("malformed") }, "\(letters.map(\.error))")
        await worker.close()
        await client.close()
    }

    @Test func onlyTheWorkerHoldingAJobMayFinishOrFailIt() async throws {
        let h = try ProcessHarness(name: "holder")
        let endpoint = ProcessHarness.endpoint()
        let broker = try h.startBroker(endpoint: endpoint)
        defer { ProcessHarness.kill9(broker) }
        let client = try BrokerClient(endpoint: endpoint)
        _ = try await client.publish(try rawMessages(1, prefix: "job"), to: "in")
        let holder = try BrokerClient(endpoint: endpoint)
        let job = try await takeJob(holder)
        #expect(text(job) == "in/job-0")
        // Another client names the job: acknowledged (so it stops), but nothing changes.
        let stranger = try BrokerClient(endpoint: endpoint)
        var reply = try await stranger.rawExchange([Data("DONE".utf8), job] + (try outputFrames(id: "forged", to: "out")), expecting: "ACKJOB")
        #expect(command(reply) == "ACKJOB")
        reply = try await stranger.rawExchange([Data("FAIL".utf8), job, Data("1".utf8), Data("forged failure".utf8)], expecting: "ACKJOB")
        #expect(command(reply) == "ACKJOB")
        var status = try await client.status()
        #expect(status.queues.first { $0.name == "in" }?.inFlight == 1, "the job is still held")
        #expect(status.queues.first { $0.name == "out" }?.depth ?? 0 == 0, "the forged output was not stored")
        #expect(try await client.deadLetters().isEmpty, "the forged FAIL dead-lettered nothing")
        // The holder's DONE goes through.
        reply = try await holder.rawExchange([Data("DONE".utf8), job] + (try outputFrames(id: "real", to: "out")), expecting: "ACKJOB")
        #expect(command(reply) == "ACKJOB")
        status = try await client.status()
        #expect(status.queues.first { $0.name == "in" }?.completed == 1)
        #expect(status.queues.first { $0.name == "out" }?.depth == 1)
        #expect(h.log("broker.log").contains("broker.job.not-held"))
        for c in [holder, stranger, client] { await c.close() }
    }

    @Test func adminCommandsNeedLoopbackOrAListedKey() async throws {
        // Without loopback trust (a shared host), only the listed key may retry dead letters.
        let h = try ProcessHarness(name: "admin")
        let endpoint = ProcessHarness.endpoint()
        let server = try Context.curveKeyPair()
        let admin = try Context.curveKeyPair()
        let worker = try Context.curveKeyPair()
        let broker = try h.startBroker(endpoint: endpoint, extra: [
            "--curve-secret", server.secretKey, "--admin-key", admin.publicKey, "--no-loopback-admin", "--max-message-bytes", "1000",
        ])
        defer { ProcessHarness.kill9(broker) }
        let plain = try BrokerClient(endpoint: endpoint, curve: (server.publicKey, worker.publicKey, worker.secretKey))
        let big = try rawMessages(1, size: 5000, prefix: "big")
        _ = try? await plain.publish(big, to: "in", giveUpAfter: 1)
        let lettered = try await h.explainingFailure(log: "broker.log") {
            try await eventually(timeout: 10) { try await plain.deadLetters().count == 1 }
        }
        #expect(lettered)
        await #expect(throws: BrokerClientError.self) { _ = try await plain.retryDeadLetters(id: nil) }
        #expect(try await plain.deadLetters().count == 1, "the refused retry changed nothing")
        let trusted = try BrokerClient(endpoint: endpoint, curve: (server.publicKey, admin.publicKey, admin.secretKey))
        #expect(try await trusted.retryDeadLetters(id: nil).requeued == 1)
        #expect(h.log("broker.log").contains("broker.admin.refused"))
        await plain.close()
        await trusted.close()
    }

    @Test func adminPolicyTrustsThisHostAndListedKeysOnly() {
        let config = BrokerConfiguration(adminKeys: ["K"])
        #expect(config.allowsAdmin(peerAddress: "127.0.0.1", curveKey: nil))
        #expect(config.allowsAdmin(peerAddress: "::1", curveKey: nil))
        #expect(config.allowsAdmin(peerAddress: nil, curveKey: nil), "ipc and inproc peers are on this host")
        #expect(!config.allowsAdmin(peerAddress: "10.1.2.3", curveKey: nil))
        #expect(!config.allowsAdmin(peerAddress: "10.1.2.3", curveKey: "other"))
        #expect(config.allowsAdmin(peerAddress: "10.1.2.3", curveKey: "K"))
        var shared = config
        shared.adminFromLoopback = false
        #expect(!shared.allowsAdmin(peerAddress: "127.0.0.1", curveKey: nil))
    }

    @Test func readyCreditIsCapped() async throws {
        let h = try ProcessHarness(name: "credit")
        let endpoint = ProcessHarness.endpoint()
        let broker = try h.startBroker(endpoint: endpoint, extra: ["--max-credit", "8"])
        defer { ProcessHarness.kill9(broker) }
        let client = try BrokerClient(endpoint: endpoint)
        _ = try await client.publish(try rawMessages(30), to: "in")
        let greedy = try BrokerClient(endpoint: endpoint)
        _ = try await greedy.rawExchange([Data("READY".utf8), Data("in".utf8), Data("1000000000".utf8), Data("greedy".utf8)], expecting: "JOB")
        #expect(try await eventually(timeout: 10) { try await client.status().queues.first { $0.name == "in" }?.inFlight == 8 })
        let status = try await client.status()
        #expect(status.workers.first { $0.name == "greedy" }?.credit == 8)
        #expect(status.queues.first { $0.name == "in" }?.depth == 22)
        await greedy.close()
        await client.close()
    }

    @Test func oneByteBudgetBoundsEveryQueueTogether() async throws {
        let h = try ProcessHarness(name: "budget")
        let endpoint = ProcessHarness.endpoint()
        let broker = try h.startBroker(endpoint: endpoint, extra: ["--max-total-bytes", "64K"])
        defer { ProcessHarness.kill9(broker) }
        let client = try BrokerClient(endpoint: endpoint)
        func publish(_ message: Message, to queue: String) async throws -> [Data] {
            try await client.rawExchange([Data("PUBLISH".utf8), Data(message.envelope.id.utf8), Data(queue.utf8)] + (try message.wireFrames()))
        }
        // Each queue alone is far below its own 512 MB; together they hit the 64 KB budget.
        var stored = 0
        var refused: [Data] = []
        for (i, message) in try rawMessages(20, size: 10_000).enumerated() {
            let reply = try await publish(message, to: i % 2 == 0 ? "in" : "bulk")
            if command(reply) == "ACK" { stored += 1 } else { refused = reply; break }
        }
        #expect(stored >= 5 && stored <= 7, "\(stored) stored")
        #expect(command(refused) == "NACK" && text(refused[2]) == "FULL")
        #expect(text(refused[3]).contains("budget"))
        let status = try await client.status()
        #expect((status.queues.first { $0.name == "in" }?.depth ?? 0) > 0 && (status.queues.first { $0.name == "bulk" }?.depth ?? 0) > 0)
        await client.close()
    }

    @Test func aMessageWithTooManyFramesIsRefusedUnbuffered() async throws {
        let h = try ProcessHarness(name: "frames")
        let endpoint = ProcessHarness.endpoint()
        let broker = try h.startBroker(endpoint: endpoint, extra: ["--max-frames", "100"])
        defer { ProcessHarness.kill9(broker) }
        let client = try BrokerClient(endpoint: endpoint)
        let message = try rawMessages(1, prefix: "wide")[0]
        let wide = [Data("PUBLISH".utf8), Data("c1".utf8), Data("in".utf8)] + (try message.wireFrames()) + Array(repeating: Data(), count: 50_000)
        var reply = try await client.rawExchange(wide)
        #expect(command(reply) == "NACK" && text(reply[2]) == "TOO_LARGE", "\(reply.map(text))")
        #expect(text(reply[3]).contains("50"))
        // Anything else that wide gets an ERROR.
        reply = try await client.rawExchange([Data("HEARTBEAT".utf8)] + Array(repeating: Data("x".utf8), count: 500))
        #expect(command(reply) == "ERROR" && text(reply[1]) == "TOO_LARGE")
        // A DONE that wide from the holder ends the job with that reason.
        _ = try await client.publish(try rawMessages(1, prefix: "job"), to: "in")
        let worker = try BrokerClient(endpoint: endpoint)
        let job = try await takeJob(worker)
        var outputs: [(queue: String, frames: [Data])] = []
        for i in 0..<40 {
            outputs.append(("out", [try WireJSON.encoder.encode(Envelope.new(kind: .raw, producer: "test", id: "o\(i)")), Data("b".utf8)]))
        }
        reply = try await worker.rawExchange([Data("DONE".utf8), job] + BrokerProtocol.encodeOutputs(outputs), expecting: "ACKJOB")
        #expect(command(reply) == "ACKJOB")
        let letters = try await client.deadLetters()
        #expect(letters.contains { $0.id == "job-0" && $0.error.contains("exceeds the broker limit") }, "\(letters.map(\.error))")
        let status = try await client.status()
        #expect(status.queues.first { $0.name == "in" }?.depth ?? 0 == 0)
        #expect(status.queues.first { $0.name == "out" }?.depth ?? 0 == 0)
        #expect(broker.isRunning)
        await worker.close()
        await client.close()
    }

    @Test func queuesAreCreatedOnlyFromTheConfiguredList() async throws {
        let h = try ProcessHarness(name: "queues")
        let endpoint = ProcessHarness.endpoint()
        let broker = try h.startBroker(endpoint: endpoint, queues: ["in", "out"])
        defer { ProcessHarness.kill9(broker) }
        let client = try BrokerClient(endpoint: endpoint)
        let message = try rawMessages(1, prefix: "x")[0]
        var reply = try await client.rawExchange([Data("PUBLISH".utf8), Data("c1".utf8), Data("invented".utf8)] + (try message.wireFrames()))
        #expect(command(reply) == "NACK" && text(reply[2]) == "UNKNOWN_QUEUE")
        reply = try await client.rawExchange([Data("READY".utf8), Data("invented-too".utf8), Data("1".utf8)])
        #expect(command(reply) == "ERROR" && text(reply[1]) == "UNKNOWN_QUEUE")
        // A job whose output names an unknown queue fails as a whole.
        _ = try await client.publish(try rawMessages(1, prefix: "job"), to: "in")
        let worker = try BrokerClient(endpoint: endpoint)
        let job = try await takeJob(worker)
        reply = try await worker.rawExchange([Data("DONE".utf8), job] + (try outputFrames(id: "o", to: "made-up")), expecting: "ACKJOB")
        #expect(command(reply) == "ACKJOB")
        let status = try await client.status()
        #expect(Set(status.queues.map(\.name)).isSubset(of: Set(QueueName.pipeline + ["in", "out"])), "\(status.queues.map(\.name))")
        #expect(try await client.deadLetters().contains { $0.id == "job-0" && $0.error.contains("unknown queue") })
        // The pipeline's queues exist without being listed.
        #expect(try await client.publish(try rawMessages(1, prefix: "f"), to: QueueName.fetch).stored == 1)
        await worker.close()
        await client.close()
    }

    @Test func theDeadLetterStoreKeepsTheNewest() async throws {
        let h = try ProcessHarness(name: "dlq-bound")
        let endpoint = ProcessHarness.endpoint()
        let broker = try h.startBroker(endpoint: endpoint, extra: ["--max-dead-letters", "5", "--max-message-bytes", "1000"])
        defer { ProcessHarness.kill9(broker) }
        let client = try BrokerClient(endpoint: endpoint)
        for message in try rawMessages(12, size: 2000, prefix: "big") {
            let reply = try await client.rawExchange([Data("PUBLISH".utf8), Data(message.envelope.id.utf8), Data("in".utf8)] + (try message.wireFrames()))
            #expect(text(reply[2]) == "TOO_LARGE")
        }
        let letters = try await client.deadLetters(limit: 100)
        #expect(Set(letters.map(\.id)) == Set((7..<12).map { "big-\($0)" }), "\(letters.map(\.id))")
        #expect(try await client.status().deadLetters == 5)
        #expect(h.log("broker.log").contains("broker.dead-letters.evicted"))
        await client.close()
    }

    @Test func aPublicBindNeedsCurveOrInsecure() throws {
        let h = try ProcessHarness(name: "bind")
        let port = ProcessHarness.freePort()
        let refused = try h.run("newswire-broker", ["--bind", "tcp://0.0.0.0:\(port)", "--data", h.directory.appendingPathComponent("d").path])
        #expect(refused.status != 0)
        #expect(refused.output.contains("--insecure"), "\(refused.output)")
        #expect(throws: BrokerConfigurationError.self) { try BrokerConfiguration(endpoint: "tcp://*:5555").validate() }
        #expect(throws: BrokerConfigurationError.self) { try BrokerConfiguration(endpoint: "tcp://192.168.1.5:5555").validate() }
        try BrokerConfiguration(endpoint: "tcp://*:5555", insecure: true).validate()
        try BrokerConfiguration(endpoint: "tcp://*:5555", curveSecretKey: "secret").validate()
        for endpoint in ["tcp://127.0.0.1:5555", "tcp://[::1]:5555", "tcp://localhost:5555", "ipc:///tmp/nw", "inproc://nw"] {
            try BrokerConfiguration(endpoint: endpoint).validate()
        }
    }
}
