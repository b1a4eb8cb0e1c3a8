// The broker's logic without sockets (zguide mdbroker's broker, service and
// worker operations): commands in, effects out. The reactor (BrokerServer)
// feeds it what the ROUTER receives and sends what it leaves in `outbox`.
import Foundation
import Logging
import Observability
import Shared

/// The durable broker's state machine: queues, acknowledged delivery,
/// retries, dead letters, per-key politeness and flow control (the delivery
/// contract in DESIGN.md).
///
/// It knows nothing of ZeroMQ, so it is tested command by command. Its
/// effects: store operations batched in `BrokerStore` (persists), and an
/// `Outbox` of replies (released only after the batch that holds them is
/// durable: `commit()`, or `sealBatch` and `committed`), heartbeats and
/// dispatched JOBs. Not thread-safe: one owner.
public final class BrokerMachine {
    public let configuration: BrokerConfiguration
    let logger: Logger
    let store: BrokerStore
    var queues: [String: QueueState] = [:]
    var jobs: [String: Job] = [:]
    var workers: [Data: WorkerState] = [:]
    var workersByQueue: [String: [Data]] = [:]
    var dedup: DedupIndex
    let configuredQueues: Set<String>
    var nextSeq: Int64 = 1
    /// The group commit that store operations added now belong to, and the
    /// last one known durable (every earlier one is too).
    var openBatch: Int64 = 1
    var committedBatch: Int64 = 0
    /// Queues each queue's jobs have produced outputs for: dispatch from a
    /// queue pauses while one of them is full, so back-pressure travels upstream.
    var feeds: [String: Set<String>] = [:]
    var outbox = Outbox()
    var deadLetters = 0
    let startedAt = Date()
    var lastHeartbeat = 0.0
    var lastHousekeeping = 0.0
    let metrics: BrokerMetrics

    /// Opens the store in `configuration.dataDirectory` and loads what it holds.
    public convenience init(configuration: BrokerConfiguration, logger: Logger, metrics: BrokerMetrics = BrokerMetrics()) throws {
        try configuration.validate()
        let store = try BrokerStore(directory: configuration.dataDirectory, maxDeadLetters: configuration.maxDeadLetters)
        try self.init(configuration: configuration, logger: logger, store: store, metrics: metrics)
    }

    init(configuration: BrokerConfiguration, logger: Logger, store: BrokerStore, metrics: BrokerMetrics) throws {
        self.configuration = configuration
        self.logger = logger
        self.store = store
        self.metrics = metrics
        self.dedup = DedupIndex(capacity: configuration.dedupCapacity)
        self.configuredQueues = configuration.configuredQueues
        try recover()
    }

    /// Jobs held (waiting, delayed or in flight) and dead letters, for logs.
    public var jobCount: Int { jobs.count }
    public var deadLetterCount: Int { deadLetters }

    /// The earliest time a delayed job or a spaced key comes due.
    public var nextWakeup: Double? { queues.values.compactMap(\.nextWakeup).min() }

    /// Makes every pending store operation durable now, on this thread (one
    /// transaction, one fsync: the group commit). Replies in the outbox may be
    /// sent only after it. The reactor pipelines this instead (`sealBatch`).
    public func commit() throws {
        guard store.hasPending else { return }
        let number = openBatch
        openBatch += 1
        do {
            noteEvicted(try store.commit())
            committedBatch = max(committedBatch, number)
        } catch {
            // Without a durable write nothing may be acknowledged: the owner stops
            // and the supervisor restarts us from what is on disk.
            logger.critical("broker.commit-failed", metadata: ["error": "\(error)"])
            throw error
        }
    }

    /// Takes the effects produced since the last call.
    public func takeOutbox() -> Outbox {
        defer { outbox = Outbox() }
        return outbox
    }

    /// A dispatched JOB could not be sent (peer gone or saturated): the job
    /// goes back at once, without an attempt counted.
    public func undeliverable(_ dispatch: Dispatch, now: Double) {
        guard let job = jobs[dispatch.job], case .inFlight(let holder) = job.state, holder == dispatch.worker else { return }
        requeue(job, countAttempt: false, reason: "worker unreachable", now: now)
    }

    /// The dead-letter store is bounded: the oldest letters make room for new ones.
    func noteEvicted(_ evicted: Int) {
        guard evicted > 0 else { return }
        deadLetters -= evicted
        metrics.deadLettersEvicted(evicted)
        logger.warning("broker.dead-letters.evicted", metadata: ["evicted": "\(evicted)", "limit": "\(configuration.maxDeadLetters)"])
    }

    // MARK: Recovery

    func recover() throws {
        let now = Date().timeIntervalSince1970
        var unreadable: [(Job, String)] = []
        for stored in try store.loadLiveJobs() {
            guard let envelope = try? Envelope.decodeHeader(stored.header) else {
                logger.error("broker.recover.bad-header", metadata: ["id": "\(stored.id)"])
                continue
            }
            let job = Job(id: stored.id, seq: stored.seq, queue: stored.queue, envelope: envelope, header: stored.header, bodies: stored.bodies)
            job.attempt = stored.attempt
            job.notBefore = stored.notBefore
            job.lastError = stored.error
            jobs[job.handle] = job
            queue(named: stored.queue).enqueue(job, now: now)
            nextSeq = max(nextSeq, stored.seq + 1)
            if let damaged = stored.damaged { unreadable.append((job, damaged)) }
        }
        for (hash, at) in try store.loadSeen(limit: configuration.dedupCapacity) {
            dedup.insert(hash, at: at)
        }
        deadLetters = try store.deadLetterCount()
        // A job whose body cannot be read back is not delivered: a dead letter says why.
        for (job, damage) in unreadable { deadLetter(job, reason: "stored body unreadable: \(damage)", now: now) }
    }

    func queue(named name: String) -> QueueState {
        if let queue = queues[name] { return queue }
        let queue = QueueState(name: name, policy: configuration.policy(for: name))
        queues[name] = queue
        return queue
    }

    // MARK: Commands

    /// Handles one command from a peer: `frames` starts with the routing id.
    public func handle(_ message: InboundCommand, now: Double) {
        let frames = message.frames
        if message.overLimit {
            return handleOverLimit(message, now: now)
        }
        guard frames.count >= 3 else {
            if let identity = frames.first { replyError(identity, .badCommand, "expected [NWP1, command, ...]") }
            logger.warning("broker.bad-frames", metadata: ["frames": "\(frames.count)"])
            return
        }
        let identity = frames[0]
        guard frames[1] == BrokerProtocol.signature else {
            replyError(identity, .badCommand, "first frame must be NWP1")
            logger.warning("broker.bad-signature", metadata: ["bytes": "\(frames[1].count)"])
            return
        }
        guard let text = BrokerProtocol.string(frames[2]), let command = BrokerProtocol.ClientCommand(rawValue: text) else {
            replyError(identity, .badCommand, "unknown command")
            logger.warning("broker.unknown-command")
            return
        }
        let args = frames[3...]
        if let worker = workers[identity] { worker.lastSeen = now }
        switch command {
        case .ready: handleReady(identity, args, now: now)
        case .publish: handlePublish(identity, args, now: now)
        case .done: handleDone(identity, args, now: now)
        case .fail: handleFail(identity, args, now: now)
        case .heartbeat:
            if workers[identity] == nil { reply(identity, .reconnect) }
        case .drain:
            workers[identity]?.draining = true
            reply(identity, .draining)
        case .bye: removeWorker(identity, now: now, countAttempt: false, reason: "worker left")
        case .status: handleStatus(identity, args, now: now)
        case .dlqList: handleDLQList(identity, args)
        case .dlqRetry:
            guard isAdmin(message) else { return refuseAdmin(identity, command, message) }
            handleDLQRetry(identity, args, now: now)
        }
    }

    /// Admin commands change state the sender does not own: they come from
    /// this host (loopback, ipc, inproc) or from a CURVE key listed with `--admin-key`.
    func isAdmin(_ message: InboundCommand) -> Bool {
        configuration.allowsAdmin(peerAddress: message.peerAddress, curveKey: message.curveKey)
    }

    func refuseAdmin(_ identity: Data, _ command: BrokerProtocol.ClientCommand, _ message: InboundCommand) {
        metrics.refused(.forbidden)
        logger.warning("broker.admin.refused", metadata: [
            "command": "\(command.rawValue)", "address": "\(message.peerAddress ?? "")", "key": "\(message.curveKey ?? "")",
        ])
        replyError(identity, .forbidden, "\(command.rawValue) is an admin command: only from loopback or a key given with --admin-key")
    }

    /// A message with more frames or bytes than a command may have: only its
    /// first frames were kept. A DONE of the job's holder ends the job (it
    /// would fail the same way again); anything else gets a clear refusal.
    func handleOverLimit(_ message: InboundCommand, now: Double) {
        metrics.refused(.overLimit)
        let reason = "message of \(message.frameCount) frames, \(message.byteCount) bytes exceeds the broker limit of "
            + "\(configuration.maxFrames) frames, \(configuration.maxCommandBytes) bytes"
        logger.warning("broker.over-limit", metadata: ["frames": "\(message.frameCount)", "bytes": "\(message.byteCount)"])
        let frames = message.frames
        guard let identity = frames.first else { return }
        guard frames.count >= 4, frames[1] == BrokerProtocol.signature,
              let command = BrokerProtocol.string(frames[2]).flatMap(BrokerProtocol.ClientCommand.init(rawValue:))
        else { return replyError(identity, .tooLarge, reason) }
        switch command {
        case .publish:
            outbox.replies.append([identity, BrokerProtocol.signature, frame(.nack), frames[3],
                                   BrokerProtocol.frame(BrokerProtocol.ErrorCode.tooLarge.rawValue), BrokerProtocol.frame(reason)])
        case .done:
            if let jobID = BrokerProtocol.string(frames[3]), let job = heldJob(jobID, by: identity) {
                fail(job, permanent: true, reason: "DONE " + reason, now: now)
            }
            outbox.replies.append([identity, BrokerProtocol.signature, frame(.ackJob), frames[3]])
        default:
            replyError(identity, .tooLarge, reason)
        }
    }

    /// The job `jobID` if `identity` holds it: only the worker a job was
    /// dispatched to may finish or fail it.
    func heldJob(_ jobID: String, by identity: Data) -> Job? {
        guard let job = jobs[jobID], case .inFlight(let holder) = job.state, holder == identity else { return nil }
        return job
    }

    /// A DONE or FAIL for a job the sender does not hold (a stale copy after
    /// the job was requeued, or a client guessing ids) changes nothing; it is
    /// acknowledged so an honest worker forgets the job.
    func ignoreNotHeld(_ identity: Data, _ command: String, _ jobFrame: Data) {
        metrics.refused(.notHolder)
        logger.warning("broker.job.not-held", metadata: ["command": "\(command)", "job": "\(BrokerProtocol.string(jobFrame)?.prefix(200) ?? "")"])
        outbox.replies.append([identity, BrokerProtocol.signature, frame(.ackJob), jobFrame])
    }

    func handleReady(_ identity: Data, _ args: ArraySlice<Data>, now: Double) {
        guard args.count >= 2, let queueName = BrokerProtocol.string(args[args.startIndex]), Self.isValidQueueName(queueName),
              let asked = BrokerProtocol.int(args[args.startIndex + 1]), asked > 0
        else {
            replyError(identity, .badCommand, "READY needs a queue name and a positive credit")
            return
        }
        guard isKnownQueue(queueName) else {
            metrics.refused(.unknownQueue)
            replyError(identity, .unknownQueue, "no queue \(queueName) on this broker (see --queues)")
            return
        }
        // A worker cannot make the broker hand it the whole queue at once.
        let credit = min(asked, configuration.maxCredit)
        let name = args.count >= 3 ? BrokerProtocol.string(args[args.startIndex + 2]) ?? "worker" : "worker"
        if let existing = workers[identity] {
            if existing.queue != queueName {
                removeWorker(identity, now: now, countAttempt: false, reason: "worker changed queue")
            } else {
                existing.credit = credit
                existing.name = name
                existing.draining = false
                return
            }
        }
        workers[identity] = WorkerState(identity: identity, name: name, queue: queueName, credit: credit, now: now)
        workersByQueue[queueName, default: []].append(identity)
        _ = queue(named: queueName)
        logger.info("broker.worker.ready", metadata: ["worker": "\(name)", "queue": "\(queueName)", "credit": "\(credit)"])
    }

    func handlePublish(_ identity: Data, _ args: ArraySlice<Data>, now: Double) {
        guard args.count >= 3, let corr = BrokerProtocol.string(args[args.startIndex]),
              let queueName = BrokerProtocol.string(args[args.startIndex + 1])
        else {
            replyError(identity, .badCommand, "PUBLISH needs corr, queue and a header frame")
            return
        }
        let corrFrame = args[args.startIndex]
        guard isKnownQueue(queueName) else {
            metrics.refused(.unknownQueue)
            outbox.replies.append([identity, BrokerProtocol.signature, frame(.nack), corrFrame,
                                   BrokerProtocol.frame(BrokerProtocol.ErrorCode.unknownQueue.rawValue),
                                   BrokerProtocol.frame("no queue \(queueName.prefix(80)) on this broker (see --queues)")])
            return
        }
        let header = args[args.startIndex + 2]
        let bodies = Array(args[(args.startIndex + 3)...])
        switch admit(queueName: queueName, header: header, bodies: bodies, now: now, origin: "publish") {
        case .stored:
            queue(named: queueName).published += 1
            outbox.replies.append([identity, BrokerProtocol.signature, frame(.ack), corrFrame, BrokerProtocol.frame("stored")])
        case .duplicate:
            outbox.replies.append([identity, BrokerProtocol.signature, frame(.ack), corrFrame, BrokerProtocol.frame("duplicate")])
        case .rejected(let code, let reason):
            logger.warning("broker.publish.rejected", metadata: ["corr": "\(corr)", "code": "\(code.rawValue)", "reason": "\(reason)"])
            outbox.replies.append([identity, BrokerProtocol.signature, frame(.nack), corrFrame,
                                   BrokerProtocol.frame(code.rawValue), BrokerProtocol.frame(reason)])
        }
    }

    enum Admission {
        case stored(Job)
        case duplicate
        case rejected(BrokerProtocol.ErrorCode, String)
    }

    /// Validates and stores one message for `queueName` (publish, or a DONE output).
    /// Unreadable or oversized messages are dead-lettered so nothing is lost.
    func admit(queueName: String, header: Data, bodies: [Data], now: Double, origin: String, enforceLimit: Bool = true, decoded: Envelope? = nil) -> Admission {
        let size = header.count + bodies.reduce(0) { $0 + $1.count }
        if size > configuration.maxMessageBytes {
            // Over the limit: keep the header (if readable) as the dead letter, never the body.
            let reason = "message of \(size) bytes exceeds the broker limit of \(configuration.maxMessageBytes); body dropped"
            let envelope = try? Envelope.decodeHeader(header)
            deadLetterRaw(originQueue: queueName, header: header.prefix(Message.maxHeaderBytes), bodies: [], error: reason,
                          id: envelope?.id, envelope: envelope)
            return .rejected(.tooLarge, reason)
        }
        let envelope: Envelope
        do {
            envelope = try decoded ?? Envelope.decodeHeader(header)
        } catch {
            let reason = "\(error)"
            deadLetterRaw(originQueue: queueName, header: header, bodies: bodies, error: reason)
            return .rejected(.invalid, reason)
        }
        // Dedup is per queue: the same recording may be replayed into another queue.
        let hash = DedupIndex.hash(queueName + "\u{1F}" + envelope.id)
        if dedup.contains(hash) { return .duplicate }
        let queue = queue(named: queueName)
        if enforceLimit && queue.isFull {
            return .rejected(.full, "queue \(queueName) is full (\(queue.depth) messages, \(queue.bytes) bytes)")
        }
        if enforceLimit && isOverByteBudget {
            return .rejected(.full, "the broker holds \(waitingBytes) bytes, its budget is \(configuration.maxTotalBytes)")
        }
        let job = Job(id: envelope.id, seq: nextSeq, queue: queueName, envelope: envelope, header: header, bodies: bodies)
        nextSeq += 1
        jobs[job.handle] = job
        queue.enqueue(job, now: now)
        dedup.insert(hash, at: now)
        save(job)
        store.add(.seen(hash, now))
        return .stored(job)
    }

    func handleDone(_ identity: Data, _ args: ArraySlice<Data>, now: Double) {
        guard let first = args.first, let jobID = BrokerProtocol.string(first) else {
            replyError(identity, .badCommand, "DONE needs a job id")
            return
        }
        let ackJob = [identity, BrokerProtocol.signature, frame(.ackJob), first]
        if workers[identity] == nil { reply(identity, .reconnect) }
        guard jobs[jobID] != nil else {
            // Already retired (a redelivered copy finished first): outputs are duplicates.
            outbox.replies.append(ackJob)
            return
        }
        guard let job = heldJob(jobID, by: identity) else { return ignoreNotHeld(identity, "DONE", first) }
        guard let outputs = BrokerProtocol.decodeOutputs(args.dropFirst()) else {
            fail(job, permanent: true, reason: "DONE with malformed output frames", now: now)
            outbox.replies.append(ackJob)
            return
        }
        // Validate every output before admitting any: completion is all or nothing.
        var envelopes: [Envelope] = []
        envelopes.reserveCapacity(outputs.count)
        for output in outputs {
            guard isKnownQueue(output.queue) else {
                fail(job, permanent: true, reason: "output for unknown queue '\(output.queue.prefix(80))'", now: now)
                outbox.replies.append(ackJob)
                return
            }
            do {
                envelopes.append(try Envelope.decodeHeader(output.frames[0]))
            } catch {
                fail(job, permanent: true, reason: "invalid output: \(error)", now: now)
                outbox.replies.append(ackJob)
                return
            }
        }
        for (output, envelope) in zip(outputs, envelopes) {
            if case .rejected(let code, let reason) = admit(
                queueName: output.queue, header: output.frames[0], bodies: Array(output.frames.dropFirst()),
                now: now, origin: job.id, enforceLimit: false, decoded: envelope)
            {
                logger.warning("broker.output.rejected", metadata: ["job": "\(jobID)", "code": "\(code.rawValue)", "reason": "\(reason)"])
            }
            if output.queue != job.queue { feeds[job.queue, default: []].insert(output.queue) }
        }
        retire(job, now: now)
        let queue = queue(named: job.queue)
        queue.completed += 1
        queue.rate.record(now: now)
        store.add(.delete(job.handle))
        outbox.replies.append(ackJob)
    }

    func handleFail(_ identity: Data, _ args: ArraySlice<Data>, now: Double) {
        guard args.count >= 3, let jobID = BrokerProtocol.string(args[args.startIndex]) else {
            replyError(identity, .badCommand, "FAIL needs job id, permanent flag and reason")
            return
        }
        let permanent = BrokerProtocol.string(args[args.startIndex + 1]) == "1"
        let reason = BrokerProtocol.string(args[args.startIndex + 2]) ?? "unreadable reason"
        // Only the holder of a job in flight can fail it; anything else is stale news.
        if jobs[jobID] != nil {
            guard let job = heldJob(jobID, by: identity) else { return ignoreNotHeld(identity, "FAIL", args[args.startIndex]) }
            fail(job, permanent: permanent, reason: reason, now: now)
        }
        outbox.replies.append([identity, BrokerProtocol.signature, frame(.ackJob), args[args.startIndex]])
    }

    /// Bytes waiting across every queue, against the broker-wide budget.
    var waitingBytes: Int { queues.values.reduce(0) { $0 + $1.bytes } }

    var isOverByteBudget: Bool { waitingBytes >= configuration.maxTotalBytes }

    /// A configured queue (or one recovered from the store); never the dead-letter queue.
    func isKnownQueue(_ name: String) -> Bool {
        Self.isValidQueueName(name) && name != QueueName.deadLetter
            && (configuredQueues.contains(name) || queues[name] != nil)
    }

    static func isValidQueueName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 95 || $0 == 46 }
    }
}
