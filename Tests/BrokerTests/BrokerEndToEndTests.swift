import Foundation
import PipelineRuntime
import Shared
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The delivery contract of DESIGN.md, checked with the real broker and
/// worker executables over real sockets.
@Suite(.serialized) struct BrokerEndToEndTests {
    @Test func killedWorkersLoseNothing() async throws {
        let h = try ProcessHarness(name: "kill-workers")
        let endpoint = ProcessHarness.endpoint()
        let broker = try h.startBroker(endpoint: endpoint)
        defer { ProcessHarness.kill9(broker) }
        let total = 10_000
        var workers = try (0..<3).map { i in
            try h.startRelay(endpoint: endpoint, from: "in", to: "out", extra: ["--concurrency", "16", "--name", "relay-\(i)"], log: "relay-\(i).log")
        }
        let collector = Collector(queue: "out")
        let sink = InProcessWorker(stage: collector, endpoint: endpoint)
        let client = try BrokerClient(endpoint: endpoint)
        let messages = try rawMessages(total, size: 256)
        let publishing = Task { try await client.publish(messages, to: "in") }
        // One worker killed with SIGKILL and replaced every half second while the stream runs.
        var kills = 0
        while collector.uniqueIDs.count < total && kills < 200 {
            try await Task.sleep(for: .milliseconds(500))
            let victim = kills % workers.count
            ProcessHarness.kill9(workers[victim])
            workers[victim] = try h.startRelay(endpoint: endpoint, from: "in", to: "out", extra: ["--concurrency", "16"], log: "relay-\(victim).log")
            kills += 1
        }
        let summary = try await publishing.value
        #expect(summary.stored == total)
        #expect(await eventually(timeout: 60) { collector.uniqueIDs.count >= total })
        await sink.stop()
        for w in workers { ProcessHarness.kill9(w) }
        await client.close()
        let expected = Set(messages.map { $0.envelope.derived(kind: .raw, index: 0, producer: "").id })
        #expect(collector.uniqueIDs.symmetricDifference(expected).isEmpty, "every output arrives (\(collector.uniqueIDs.count) of \(expected.count))")
        #expect(kills >= 4, "workers were killed mid-stream")
        // The broker dedups outputs by id: even with redelivered jobs each output was delivered once.
        #expect(collector.received.count == total, "after dedup by id, exactly once")
    }

    @Test func brokerKilledMidStreamLosesNoAcknowledgedMessage() async throws {
        let h = try ProcessHarness(name: "kill-broker")
        let endpoint = ProcessHarness.endpoint()
        var broker = try h.startBroker(endpoint: endpoint)
        let relay = try h.startRelay(endpoint: endpoint, from: "in", to: "out", extra: ["--work-ms", "1"])
        defer { ProcessHarness.kill9(relay) }
        let collector = Collector(queue: "out")
        let sink = InProcessWorker(stage: collector, endpoint: endpoint)
        let client = try BrokerClient(endpoint: endpoint, requestTimeout: 2)
        let total = 3000
        let messages = try rawMessages(total, size: 2048)
        let publishing = Task { try await client.publish(messages, to: "in", window: 200) }
        #expect(await eventually(timeout: 30, interval: 0.01) { collector.received.count >= 300 })
        ProcessHarness.kill9(broker)
        // The broker stays down a moment (its clients see timeouts and resend), then comes back on the same store.
        try await Task.sleep(for: .milliseconds(300))
        broker = try h.startBroker(endpoint: endpoint)
        defer { ProcessHarness.kill9(broker) }
        // The publisher resends what was not acknowledged; workers re-register by themselves.
        let summary = try await publishing.value
        #expect(summary.stored + summary.duplicates == total)
        #expect(await eventually(timeout: 60) { collector.uniqueIDs.count >= total })
        let expected = Set(messages.map { $0.envelope.derived(kind: .raw, index: 0, producer: "").id })
        #expect(collector.uniqueIDs.symmetricDifference(expected).isEmpty, "\(collector.uniqueIDs.count) of \(expected.count) arrived")
        await sink.stop()
        await client.close()
    }

    @Test func failingJobGoesToDeadLettersAndCanBeRetried() async throws {
        let h = try ProcessHarness(name: "dlq")
        let endpoint = ProcessHarness.endpoint()
        let broker = try h.startBroker(endpoint: endpoint, extra: ["--queue", "bad:attempts=3,backoff=0.05"])
        defer { ProcessHarness.kill9(broker) }
        var failing = try h.startRelay(endpoint: endpoint, from: "bad", to: "out", extra: ["--mode", "fail"], log: "failing.log")
        let good = try h.startRelay(endpoint: endpoint, from: "in", to: "out", log: "good.log")
        defer { ProcessHarness.kill9(good) }
        let collector = Collector(queue: "out")
        let sink = InProcessWorker(stage: collector, endpoint: endpoint)
        let client = try BrokerClient(endpoint: endpoint)
        let poison = try rawMessages(1, prefix: "poison")
        _ = try await client.publish(poison, to: "bad")
        _ = try await client.publish(try rawMessages(200), to: "in")
        #expect(try await eventually(timeout: 20) { try await client.deadLetters().contains { $0.id == "poison-0" } })
        let letter = try #require(try await client.deadLetters().first { $0.id == "poison-0" })
        #expect(letter.attempts == 3)
        #expect(letter.originQueue == "bad")
        #expect(letter.error.contains("relay configured to fail"))
        // The rest of the stream is unaffected.
        #expect(await eventually(timeout: 20) { collector.uniqueIDs.count == 200 })
        // dlq retry re-queues it; with a working stage it now goes through.
        ProcessHarness.kill9(failing)
        failing = try h.startRelay(endpoint: endpoint, from: "bad", to: "out", log: "fixed.log")
        defer { ProcessHarness.kill9(failing) }
        let cli = try h.run("newswire", ["dlq", "retry", "--broker", endpoint, "poison-0"])
        #expect(cli.status == 0, "\(cli.output)")
        #expect(cli.output.contains("requeued 1"))
        let poisonOutput = poison[0].envelope.derived(kind: .raw, index: 0, producer: "").id
        #expect(await eventually(timeout: 20) { collector.uniqueIDs.contains(poisonOutput) })
        #expect(try await client.deadLetters().isEmpty)
        let list = try h.run("newswire", ["dlq", "list", "--broker", endpoint])
        #expect(list.output.contains("no dead letters"))
        await sink.stop()
        await client.close()
    }

    @Test func garbageIsRefusedClearlyAndTheBrokerStaysUp() async throws {
        let h = try ProcessHarness(name: "garbage")
        let endpoint = ProcessHarness.endpoint()
        let broker = try h.startBroker(endpoint: endpoint, extra: ["--max-message-bytes", "100000"])
        defer { ProcessHarness.kill9(broker) }
        let client = try BrokerClient(endpoint: endpoint)
        func command(_ reply: [Data]) -> String { BrokerProtocol.string(reply.first ?? Data()) ?? "" }
        // A lone frame, no signature.
        var reply = try await client.rawExchange([Data("hello".utf8)])
        #expect(command(reply) == "ERROR")
        // Right signature, unknown command.
        reply = try await client.rawExchange([Data("FROB".utf8)])
        #expect(command(reply) == "ERROR")
        // Truncated PUBLISH: no header frame.
        reply = try await client.rawExchange([Data("PUBLISH".utf8), Data("c1".utf8), Data("in".utf8)])
        #expect(command(reply) == "ERROR")
        // Garbage header.
        reply = try await client.rawExchange([Data("PUBLISH".utf8), Data("c2".utf8), Data("in".utf8), Data([0xFF, 0xFE, 0x00])])
        #expect(command(reply) == "NACK" && BrokerProtocol.string(reply[2]) == "INVALID")
        // Unknown schema version.
        var envelope = Envelope.new(kind: .raw, producer: "test", id: "future")
        envelope.schemaVersion = 42
        reply = try await client.rawExchange([Data("PUBLISH".utf8), Data("c3".utf8), Data("in".utf8), try WireJSON.encoder.encode(envelope)])
        #expect(command(reply) == "NACK" && BrokerProtocol.string(reply[2]) == "INVALID")
        #expect(BrokerProtocol.string(reply[3])?.contains("unsupported schema version 42") == true)
        // Oversized body.
        let big = try Message(envelope: .new(kind: .raw, producer: "test", id: "big"), payload: RawPayload(body: Data(count: 300_000)))
        reply = try await client.rawExchange([Data("PUBLISH".utf8), Data("c4".utf8), Data("in".utf8)] + (try big.wireFrames()))
        #expect(command(reply) == "NACK" && BrokerProtocol.string(reply[2]) == "TOO_LARGE")
        // DONE for an unknown job with garbage outputs: acknowledged, nothing stored.
        reply = try await client.rawExchange([Data("DONE".utf8), Data("nope".utf8), Data("x".utf8)], expecting: "ACKJOB")
        #expect(command(reply) == "ACKJOB")
        // A worker whose DONE carries a malformed output: the job is dead-lettered, not stored half.
        _ = try await client.publish(try rawMessages(1, prefix: "job"), to: "in")
        let worker = try BrokerClient(endpoint: endpoint)
        reply = try await worker.rawExchange([Data("READY".utf8), Data("in".utf8), Data("1".utf8), Data("bad-worker".utf8)])
        #expect(command(reply) == "JOB")
        #expect(BrokerProtocol.string(reply[1]) == "in/job-0", "jobs are named queue/id")
        reply = try await worker.rawExchange([Data("DONE".utf8), reply[1], Data("1".utf8), Data("out".utf8), Data("1".utf8), Data("not json".utf8)], expecting: "ACKJOB")
        #expect(command(reply) == "ACKJOB")
        await worker.close()
        // Still up, and everything refused that concerned a job is a dead letter.
        let status = try await client.status()
        #expect(status.queues.first { $0.name == "out" }?.depth ?? 0 == 0)
        let letters = try await client.deadLetters()
        #expect(letters.count == 4, "\(letters.map(\.error))")
        #expect(letters.contains { $0.id == "job-0" && $0.error.contains("invalid output") })
        #expect(letters.contains { $0.id == "big" && $0.error.contains("exceeds") })
        #expect(broker.isRunning)
        await client.close()
    }

    @Test func perKeyLimitsHoldWithFourWorkers() async throws {
        let h = try ProcessHarness(name: "per-key")
        let endpoint = ProcessHarness.endpoint()
        let interval = 0.15
        let broker = try h.startBroker(endpoint: endpoint, extra: ["--queue", "polite:key-concurrency=1,key-interval=\(interval)"])
        defer { ProcessHarness.kill9(broker) }
        let workers = try (0..<4).map { i in
            try h.startRelay(endpoint: endpoint, from: "polite", to: "out", extra: ["--work-ms", "40", "--name", "w\(i)"], log: "w\(i).log")
        }
        defer { workers.forEach(ProcessHarness.kill9) }
        let collector = Collector(queue: "out")
        let sink = InProcessWorker(stage: collector, endpoint: endpoint)
        let client = try BrokerClient(endpoint: endpoint)
        let hosts = ["a.example", "b.example", "c.example"]
        _ = try await client.publish(try rawMessages(36, key: { hosts[$0 % 3] }), to: "polite")
        #expect(await eventually(timeout: 30) { collector.uniqueIDs.count == 36 })
        await sink.stop()
        await client.close()
        let notes = try collector.received.map { try WireJSON.decoder.decode(RelayStage.RunNote.self, from: $0.frames.last!) }
        #expect(Set(notes.map(\.worker)).count > 1, "several workers took part")
        for host in hosts {
            let runs = notes.filter { $0.key == host }.sorted { $0.started < $1.started }
            #expect(runs.count == 12)
            for (a, b) in zip(runs, runs.dropFirst()) {
                #expect(b.started >= a.finished, "jobs of \(host) overlapped")
                // Dispatch times are spaced by the broker; the workers see them a few ms later,
                // so allow a small delivery jitter.
                #expect(b.started - a.started >= interval - 0.02, "jobs of \(host) closer than \(interval) s")
            }
        }
        // Different keys do run in parallel.
        let sorted = notes.sorted { $0.started < $1.started }
        let overlapping = zip(sorted, sorted.dropFirst()).contains { $0.key != $1.key && $1.started < $0.finished }
        #expect(overlapping)
    }

    @Test func fullQueuePushesBackAndMemoryStaysBounded() async throws {
        let h = try ProcessHarness(name: "full")
        let endpoint = ProcessHarness.endpoint()
        let broker = try h.startBroker(endpoint: endpoint, extra: ["--queue", "bulk:depth=500"])
        defer { ProcessHarness.kill9(broker) }
        let client = try BrokerClient(endpoint: endpoint)
        // 4,000 messages of 10 KB with nobody consuming: only 500 fit.
        let messages = try rawMessages(4000, size: 10_000)
        let finished = Flag()
        let publishing = Task {
            defer { finished.set() }
            return try await client.publish(messages, to: "bulk", window: 1000)
        }
        let observer = try BrokerClient(endpoint: endpoint)
        func depth() async throws -> Int { try await observer.status().queues.first { $0.name == "bulk" }?.depth ?? 0 }
        #expect(try await eventually(timeout: 30) { try await depth() == 500 }, "the queue fills up to its bound")
        // Then, for a second of offered load, it grows no further and the broker's memory stays bounded.
        var maxDepth = 0
        var maxRSS = 0
        let window = Date().addingTimeInterval(1)
        while Date() < window {
            maxDepth = max(maxDepth, try await depth())
            maxRSS = max(maxRSS, ProcessHarness.residentBytes(broker.processIdentifier))
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(maxDepth == 500, "the queue filled up to its bound and no further")
        #expect(!finished.isSet, "the publisher is pushed back, not finished, while the queue is full")
        // Bounded: 500 x 10 KB held, far below the 40 MB offered.
        #expect(maxRSS > 0 && maxRSS < 120 << 20, "broker RSS \(maxRSS >> 20) MB")
        // A consumer drains the queue; the pushed-back publisher then completes.
        let collector = Collector(queue: "bulk")
        let sink = InProcessWorker(stage: collector, endpoint: endpoint)
        let summary = try await publishing.value
        #expect(summary.stored == 4000)
        #expect(await eventually(timeout: 60) { collector.uniqueIDs.count == 4000 })
        await sink.stop()
        await observer.close()
        await client.close()
    }

    @Test func recordedQueueReplaysToTheSameOutputs() async throws {
        let h = try ProcessHarness(name: "replay")
        let endpoint = ProcessHarness.endpoint()
        let broker = try h.startBroker(endpoint: endpoint)
        defer { ProcessHarness.kill9(broker) }
        let client = try BrokerClient(endpoint: endpoint)
        _ = try await client.publish(try rawMessages(50, key: { "k\($0 % 5)" }), to: "src")
        let recording = h.directory.appendingPathComponent("src.jsonl").path
        let rec = try h.run("newswire", ["record", "--broker", endpoint, "--queue", "src", "--out", recording, "--count", "50"])
        #expect(rec.status == 0, "\(rec.output)")
        #expect(try Recording.read(from: URL(fileURLWithPath: recording)).count == 50)
        // Replay into two independent copies of the same stage.
        let a = try h.startRelay(endpoint: endpoint, from: "stage-a", to: "out-a", extra: ["--name", "relay"], log: "a.log")
        let b = try h.startRelay(endpoint: endpoint, from: "stage-b", to: "out-b", extra: ["--name", "relay"], log: "b.log")
        defer { ProcessHarness.kill9(a); ProcessHarness.kill9(b) }
        for queue in ["stage-a", "stage-b"] {
            let replay = try h.run("newswire", ["replay", "--broker", endpoint, "--queue", queue, recording])
            #expect(replay.status == 0 && replay.output.contains("stored 50"), "\(replay.output)")
        }
        // Replaying again into the same queue is idempotent.
        let again = try h.run("newswire", ["replay", "--broker", endpoint, "--queue", "stage-a", recording])
        #expect(again.output.contains("duplicates 50"), "\(again.output)")
        let outA = Collector(queue: "out-a"), outB = Collector(queue: "out-b")
        let sinkA = InProcessWorker(stage: outA, endpoint: endpoint), sinkB = InProcessWorker(stage: outB, endpoint: endpoint)
        #expect(await eventually(timeout: 20) { outA.received.count == 50 && outB.received.count == 50 })
        // Nothing more can arrive once both output queues hold nothing waiting or in flight.
        #expect(try await eventually(timeout: 20) {
            let queues = try await client.status().queues.filter { $0.name == "out-a" || $0.name == "out-b" }
            return queues.count == 2 && queues.allSatisfy { $0.depth == 0 && $0.inFlight == 0 }
        })
        await sinkA.stop()
        await sinkB.stop()
        await client.close()
        func normalised(_ messages: [Message]) -> [String: [Data]] {
            Dictionary(uniqueKeysWithValues: messages.map { ($0.envelope.id + "|" + ($0.envelope.key ?? ""), Array($0.frames.dropLast())) })
        }
        #expect(outA.received.count == 50)
        #expect(normalised(outA.received) == normalised(outB.received), "\(outA.received.count) vs \(outB.received.count)")
    }

    @Test func sigtermDrainsInFlightJobsAndExitsZero() async throws {
        let h = try ProcessHarness(name: "drain")
        let endpoint = ProcessHarness.endpoint()
        let broker = try h.startBroker(endpoint: endpoint)
        defer { ProcessHarness.kill9(broker) }
        let worker = try h.startRelay(endpoint: endpoint, from: "in", to: "out", extra: ["--work-ms", "1500", "--concurrency", "6"])
        let client = try BrokerClient(endpoint: endpoint)
        _ = try await client.publish(try rawMessages(10), to: "in")
        #expect(try await eventually(timeout: 10) { try await client.status().queues.first { $0.name == "in" }?.inFlight == 6 })
        let status = ProcessHarness.terminate(worker)
        #expect(status == 0, "worker exit status \(status)\n\(h.log("relay.log"))")
        // The six in flight were finished and reported before exit; the other four were never taken.
        let after = try await client.status()
        #expect(after.queues.first { $0.name == "in" }?.completed == 6)
        #expect(after.queues.first { $0.name == "in" }?.depth == 4)
        #expect(after.queues.first { $0.name == "in" }?.inFlight == 0)
        #expect(after.queues.first { $0.name == "out" }?.depth == 6)
        let collector = Collector(queue: "out")
        let sink = InProcessWorker(stage: collector, endpoint: endpoint)
        #expect(await eventually(timeout: 10) { collector.received.count == 6 })
        await sink.stop()
        let notes = try collector.received.map { try WireJSON.decoder.decode(RelayStage.RunNote.self, from: $0.frames.last!) }
        #expect(notes.allSatisfy { $0.attempt == 1 }, "nothing was redelivered")
        await client.close()
    }
}
