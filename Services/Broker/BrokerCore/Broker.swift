// Binds a ROUTER socket (default tcp://127.0.0.1:5555) that every worker,
// publisher and tool connects to with a DEALER. Speaks NWP/1 (docs/PROTOCOL.md).
import Foundation
import Logging
import Observability
import Shared
import Synchronization
import ZeroMQ

/// The durable broker: queues, acknowledged delivery, retries, dead letters,
/// per-key politeness and flow control (the delivery contract in DESIGN.md).
///
/// All state is owned by the one thread that calls `run()`; only the stop
/// flag is touched from elsewhere, hence `@unchecked Sendable`.
public final class Broker: @unchecked Sendable {
    public let configuration: BrokerConfiguration
    private let logger: Logger
    private let stopFlag = Atomic<Bool>(false)
    private let boundEndpoint = Mutex<String?>(nil)
    /// When the loop last went round (Unix time as Double bits); 0 before it starts.
    private let loopClock = Atomic<UInt64>(0)

    private var store: BrokerStore!
    private var router: Socket!
    private var queues: [String: QueueState] = [:]
    private var jobs: [String: Job] = [:]
    private var workers: [Data: WorkerState] = [:]
    private var workersByQueue: [String: [Data]] = [:]
    private var dedup: DedupIndex
    private let configuredQueues: Set<String>
    private var nextSeq: Int64 = 1
    /// Queues each queue's jobs have produced outputs for: dispatch from a
    /// queue pauses while one of them is full, so back-pressure travels upstream.
    private var feeds: [String: Set<String>] = [:]
    private var pendingReplies: [[Data]] = []
    private var deadLetters = 0
    private let startedAt = Date()
    private var lastHeartbeat = 0.0
    private var lastHousekeeping = 0.0
    private let metrics = BrokerMetrics()  // the process factory: Prometheus in newswire-broker, no-op in tests

    public init(configuration: BrokerConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.dedup = DedupIndex(capacity: configuration.dedupCapacity)
        self.configuredQueues = configuration.configuredQueues
    }

    /// Asks `run()` to commit, close and return. Thread-safe.
    public func stop() { stopFlag.store(true, ordering: .relaxed) }

    /// The endpoint actually bound (with the real port when bound to `:*` or `:0`).
    public var endpoint: String? { boundEndpoint.withLock { $0 } }

    /// Seconds since the loop last went round (it wakes at least every
    /// 0.25 s), or nil before it starts: a loop stuck in a call shows here.
    public var secondsSinceLoop: Double? {
        let bits = loopClock.load(ordering: .relaxed)
        guard bits != 0 else { return nil }
        return Date().timeIntervalSince1970 - Double(bitPattern: bits)
    }

    /// Loads the store, binds, and serves until `stop()`. Blocking: run it on
    /// a thread of its own, never on the cooperative pool.
    public func run(context: Context, onBound: (String) -> Void = { _ in }) throws {
        try configuration.validate()
        store = try BrokerStore(directory: configuration.dataDirectory, maxDeadLetters: configuration.maxDeadLetters)
        try recover()
        let router = try context.makeSocket(.router)
        self.router = router
        defer { router.close() }
        try router.setRouterMandatory(true)
        try router.setLinger(milliseconds: 0)
        try router.setSendHighWaterMark(100_000)
        try router.setReceiveHighWaterMark(100_000)
        // libzmq drops a peer that sends a frame over this hard cap; below it the
        // broker answers TOO_LARGE itself, which is the clear error clients need.
        try router.setMaxMessageSize(Int64(max(configuration.maxMessageBytes * 4, 64 << 20)))
        // With CURVE on, libzmq asks the ZAP handler (RFC 27) about every new
        // client; it must be bound before the first handshake.
        var zap: Socket? = nil
        if let secret = configuration.curveSecretKey {
            let handler = try context.makeSocket(.rep)
            try handler.bind("inproc://zeromq.zap.01")
            zap = handler
            try router.setCurveServer(secretKey: secret)
            try router.setZAPDomain("newswire")
        }
        defer { zap?.close() }
        try router.bind(configuration.endpoint)
        let bound = try router.lastEndpoint()
        boundEndpoint.withLock { $0 = bound }
        logger.info("broker.listening", metadata: [
            "endpoint": "\(bound)", "jobs": "\(jobs.count)", "dead": "\(deadLetters)",
        ])
        onBound(bound)

        var poller = Poller(capacity: 2)
        poller.add(router)
        if let zap { poller.add(zap) }
        while !stopFlag.load(ordering: .relaxed) {
            let now = Date().timeIntervalSince1970
            loopClock.store(now.bitPattern, ordering: .relaxed)
            try poller.poll(timeoutMs: pollTimeout(now: now))
            if let zap { while let request = try zap.receive(dontWait: true) { try zap.send(authenticate(request)) } }
            var handled = 0
            // One more frame than a command may have, so going over shows.
            while handled < configuration.maxBatch,
                  let message = try router.receive(dontWait: true, keepFrames: configuration.maxFrames + 2, maxBytes: configuration.maxCommandBytes) {
                handle(message)
                handled += 1
            }
            try commitAndReply()
            let later = Date().timeIntervalSince1970
            runTimers(now: later)
            try commitAndReply()
            dispatch(now: later)
        }
        try commitAndReply()
        logger.info("broker.stopped", metadata: ["jobs": "\(jobs.count)"])
    }

    private func pollTimeout(now: Double) -> Int {
        var wake = now + min(configuration.heartbeatInterval / 2, 0.25)
        for queue in queues.values {
            if let next = queue.nextWakeup { wake = min(wake, next) }
        }
        return max(0, Int(((wake - now) * 1000).rounded(.up)))
    }

    private func commitAndReply() throws {
        if store.hasPending {
            do {
                noteEvicted(try store.commit())
            } catch {
                // Without a durable write nothing may be acknowledged: stop and let
                // the supervisor restart us from what is on disk.
                logger.critical("broker.commit-failed", metadata: ["error": "\(error)"])
                throw error
            }
        }
        for reply in pendingReplies { _ = send(reply) }
        pendingReplies.removeAll(keepingCapacity: true)
    }

    /// The dead-letter store is bounded: the oldest letters make room for new ones.
    private func noteEvicted(_ evicted: Int) {
        guard evicted > 0 else { return }
        deadLetters -= evicted
        metrics.deadLettersEvicted(evicted)
        logger.warning("broker.dead-letters.evicted", metadata: ["evicted": "\(evicted)", "limit": "\(configuration.maxDeadLetters)"])
    }

    // MARK: Authentication

    /// Answers a ZAP request: CURVE clients whose public key is listed (or any
    /// CURVE client when the list is empty) are let in; everything else is refused.
    private func authenticate(_ request: [Data]) -> [Data] {
        let version = Data("1.0".utf8)
        guard request.count >= 6 else {
            return [version, request.count > 1 ? request[1] : Data(), Data("400".utf8), Data("malformed ZAP request".utf8), Data(), Data()]
        }
        let requestID = request[1]
        let mechanism = String(decoding: request[5], as: UTF8.self)
        var allowed = false
        var user = ""
        if mechanism == "CURVE", request.count >= 7, let key = Z85.encode(Array(request[6])) {
            user = key
            allowed = configuration.allowedClientKeys.isEmpty || configuration.allowedClientKeys.contains(key)
        }
        let address = String(decoding: request[3], as: UTF8.self)
        if allowed {
            logger.debug("broker.zap.allowed", metadata: ["key": "\(user)", "address": "\(address)"])
        } else {
            logger.warning("broker.zap.denied", metadata: ["mechanism": "\(mechanism)", "key": "\(user)", "address": "\(address)"])
        }
        return [version, requestID, Data((allowed ? "200" : "400").utf8), Data((allowed ? "OK" : "key not allowed").utf8),
                Data(user.utf8), Data()]
    }

    // MARK: Recovery

    private func recover() throws {
        let now = Date().timeIntervalSince1970
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
        }
        for (hash, at) in try store.loadSeen(limit: configuration.dedupCapacity) {
            dedup.insert(hash, at: at)
        }
        deadLetters = try store.deadLetterCount()
    }

    private func queue(named name: String) -> QueueState {
        if let queue = queues[name] { return queue }
        let queue = QueueState(name: name, policy: configuration.policy(for: name))
        queues[name] = queue
        return queue
    }

    // MARK: Commands

    private func handle(_ message: BoundedMessage) {
        let frames = message.frames
        if message.overLimit {
            return handleOverLimit(message)
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
        let now = Date().timeIntervalSince1970
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
    private func isAdmin(_ message: BoundedMessage) -> Bool {
        configuration.allowsAdmin(peerAddress: message.peerAddress, curveKey: message.userID)
    }

    private func refuseAdmin(_ identity: Data, _ command: BrokerProtocol.ClientCommand, _ message: BoundedMessage) {
        metrics.refused(.forbidden)
        logger.warning("broker.admin.refused", metadata: [
            "command": "\(command.rawValue)", "address": "\(message.peerAddress ?? "")", "key": "\(message.userID ?? "")",
        ])
        replyError(identity, .forbidden, "\(command.rawValue) is an admin command: only from loopback or a key given with --admin-key")
    }

    /// A message with more frames or bytes than a command may have: only its
    /// first frames were kept. A DONE of the job's holder ends the job (it
    /// would fail the same way again); anything else gets a clear refusal.
    private func handleOverLimit(_ message: BoundedMessage) {
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
            pendingReplies.append([identity, BrokerProtocol.signature, frame(.nack), frames[3],
                                   BrokerProtocol.frame(BrokerProtocol.ErrorCode.tooLarge.rawValue), BrokerProtocol.frame(reason)])
        case .done:
            if let jobID = BrokerProtocol.string(frames[3]), let job = heldJob(jobID, by: identity) {
                fail(job, permanent: true, reason: "DONE " + reason, now: Date().timeIntervalSince1970)
            }
            pendingReplies.append([identity, BrokerProtocol.signature, frame(.ackJob), frames[3]])
        default:
            replyError(identity, .tooLarge, reason)
        }
    }

    /// The job `jobID` if `identity` holds it: only the worker a job was
    /// dispatched to may finish or fail it.
    private func heldJob(_ jobID: String, by identity: Data) -> Job? {
        guard let job = jobs[jobID], case .inFlight(let holder) = job.state, holder == identity else { return nil }
        return job
    }

    /// A DONE or FAIL for a job the sender does not hold (a stale copy after
    /// the job was requeued, or a client guessing ids) changes nothing; it is
    /// acknowledged so an honest worker forgets the job.
    private func ignoreNotHeld(_ identity: Data, _ command: String, _ jobFrame: Data) {
        metrics.refused(.notHolder)
        logger.warning("broker.job.not-held", metadata: ["command": "\(command)", "job": "\(BrokerProtocol.string(jobFrame)?.prefix(200) ?? "")"])
        pendingReplies.append([identity, BrokerProtocol.signature, frame(.ackJob), jobFrame])
    }

    private func handleReady(_ identity: Data, _ args: ArraySlice<Data>, now: Double) {
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

    private func handlePublish(_ identity: Data, _ args: ArraySlice<Data>, now: Double) {
        guard args.count >= 3, let corr = BrokerProtocol.string(args[args.startIndex]),
              let queueName = BrokerProtocol.string(args[args.startIndex + 1])
        else {
            replyError(identity, .badCommand, "PUBLISH needs corr, queue and a header frame")
            return
        }
        let corrFrame = args[args.startIndex]
        guard isKnownQueue(queueName) else {
            metrics.refused(.unknownQueue)
            pendingReplies.append([identity, BrokerProtocol.signature, frame(.nack), corrFrame,
                                   BrokerProtocol.frame(BrokerProtocol.ErrorCode.unknownQueue.rawValue),
                                   BrokerProtocol.frame("no queue \(queueName.prefix(80)) on this broker (see --queues)")])
            return
        }
        let header = args[args.startIndex + 2]
        let bodies = Array(args[(args.startIndex + 3)...])
        switch admit(queueName: queueName, header: header, bodies: bodies, now: now, origin: "publish") {
        case .stored:
            queue(named: queueName).published += 1
            pendingReplies.append([identity, BrokerProtocol.signature, frame(.ack), corrFrame, BrokerProtocol.frame("stored")])
        case .duplicate:
            pendingReplies.append([identity, BrokerProtocol.signature, frame(.ack), corrFrame, BrokerProtocol.frame("duplicate")])
        case .rejected(let code, let reason):
            logger.warning("broker.publish.rejected", metadata: ["corr": "\(corr)", "code": "\(code.rawValue)", "reason": "\(reason)"])
            pendingReplies.append([identity, BrokerProtocol.signature, frame(.nack), corrFrame,
                                   BrokerProtocol.frame(code.rawValue), BrokerProtocol.frame(reason)])
        }
    }

    private enum Admission {
        case stored(Job)
        case duplicate
        case rejected(BrokerProtocol.ErrorCode, String)
    }

    /// Validates and stores one message for `queueName` (publish, or a DONE output).
    /// Unreadable or oversized messages are dead-lettered so nothing is lost.
    private func admit(queueName: String, header: Data, bodies: [Data], now: Double, origin: String, enforceLimit: Bool = true, decoded: Envelope? = nil) -> Admission {
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
        store.add(.put(job))
        store.add(.seen(hash, now))
        return .stored(job)
    }

    private func handleDone(_ identity: Data, _ args: ArraySlice<Data>, now: Double) {
        guard let first = args.first, let jobID = BrokerProtocol.string(first) else {
            replyError(identity, .badCommand, "DONE needs a job id")
            return
        }
        let ackJob = [identity, BrokerProtocol.signature, frame(.ackJob), first]
        if workers[identity] == nil { reply(identity, .reconnect) }
        guard jobs[jobID] != nil else {
            // Already retired (a redelivered copy finished first): outputs are duplicates.
            pendingReplies.append(ackJob)
            return
        }
        guard let job = heldJob(jobID, by: identity) else { return ignoreNotHeld(identity, "DONE", first) }
        guard let outputs = BrokerProtocol.decodeOutputs(args.dropFirst()) else {
            fail(job, permanent: true, reason: "DONE with malformed output frames", now: now)
            pendingReplies.append(ackJob)
            return
        }
        // Validate every output before admitting any: completion is all or nothing.
        var envelopes: [Envelope] = []
        envelopes.reserveCapacity(outputs.count)
        for output in outputs {
            guard isKnownQueue(output.queue) else {
                fail(job, permanent: true, reason: "output for unknown queue '\(output.queue.prefix(80))'", now: now)
                pendingReplies.append(ackJob)
                return
            }
            do {
                envelopes.append(try Envelope.decodeHeader(output.frames[0]))
            } catch {
                fail(job, permanent: true, reason: "invalid output: \(error)", now: now)
                pendingReplies.append(ackJob)
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
        pendingReplies.append(ackJob)
    }

    private func handleFail(_ identity: Data, _ args: ArraySlice<Data>, now: Double) {
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
        pendingReplies.append([identity, BrokerProtocol.signature, frame(.ackJob), args[args.startIndex]])
    }

    // MARK: Job life cycle

    /// Takes a job out of every structure (in flight or waiting) without persisting anything.
    private func retire(_ job: Job, now: Double) {
        let queue = queue(named: job.queue)
        switch job.state {
        case .inFlight(let identity):
            workers[identity]?.inFlight[job.handle] = nil
            queue.leftFlight(job, now: now)
        case .ready, .delayed:
            queue.removeWaiting(job)
        case .retired:
            break
        }
        job.state = .retired
        jobs[job.handle] = nil
    }

    /// A failed attempt: retry later with backoff, or dead-letter.
    private func fail(_ job: Job, permanent: Bool, reason: String, now: Double) {
        let queue = queue(named: job.queue)
        queue.failed += 1
        job.lastError = reason
        if permanent || job.attempt >= queue.policy.maxAttempts {
            deadLetter(job, reason: permanent ? reason : "after \(job.attempt) attempts: \(reason)", now: now)
            return
        }
        retire(job, now: now)
        job.attempt += 1
        job.notBefore = now + queue.policy.backoff(afterAttempt: job.attempt - 1)
        jobs[job.handle] = job
        queue.enqueue(job, now: now)
        store.add(.put(job))
        logger.info("broker.job.retry", metadata: [
            "id": "\(job.id)", "attempt": "\(job.attempt)", "reason": "\(reason.prefix(200))",
        ])
    }

    /// A job whose worker vanished goes back to the front of its queue.
    private func requeue(_ job: Job, countAttempt: Bool, reason: String, now: Double) {
        let queue = queue(named: job.queue)
        if countAttempt && job.attempt >= queue.policy.maxAttempts {
            deadLetter(job, reason: "after \(job.attempt) attempts: \(reason)", now: now)
            return
        }
        retire(job, now: now)
        if countAttempt { job.attempt += 1 }
        job.lastError = reason
        jobs[job.handle] = job
        queue.enqueue(job, now: now, front: true)
        if countAttempt { store.add(.put(job)) }
    }

    private func deadLetter(_ job: Job, reason: String, now: Double) {
        retire(job, now: now)
        store.add(.delete(job.handle))
        queue(named: job.queue).deadLettered += 1
        deadLetters += 1
        store.add(.putDead(
            handle: QueueName.deadLetter + "/" + job.handle, id: job.id, originQueue: job.queue, header: job.header, bodies: job.bodies, attempts: job.attempt,
            error: reason, key: job.envelope.key, kind: job.envelope.kind.rawValue))
        logger.warning("broker.job.dead", metadata: ["id": "\(job.id)", "queue": "\(job.queue)", "reason": "\(reason.prefix(300))"])
    }

    private func deadLetterRaw(originQueue: String, header: Data, bodies: [Data], error: String, id: String? = nil, envelope: Envelope? = nil) {
        deadLetters += 1
        queue(named: originQueue).deadLettered += 1
        // An unreadable message has no id of its own: name it by its bytes, so a
        // publisher resending it does not fill the dead-letter queue with copies.
        let messageID = id ?? "invalid-" + MessageID.stable(header.base64EncodedString() + "\(bodies.map(\.count))")
        store.add(.putDead(
            handle: QueueName.deadLetter + "/" + originQueue + "/" + messageID, id: messageID, originQueue: originQueue, header: header, bodies: bodies,
            attempts: 0, error: error, key: envelope?.key, kind: envelope?.kind.rawValue))
    }

    private func removeWorker(_ identity: Data, now: Double, countAttempt: Bool, reason: String) {
        guard let worker = workers.removeValue(forKey: identity) else { return }
        workersByQueue[worker.queue]?.removeAll { $0 == identity }
        for job in worker.inFlight.values.sorted(by: { $0.seq > $1.seq }) {
            requeue(job, countAttempt: countAttempt, reason: reason, now: now)
        }
        logger.info("broker.worker.gone", metadata: [
            "worker": "\(worker.name)", "queue": "\(worker.queue)", "reason": "\(reason)", "requeued": "\(worker.inFlight.count)",
        ])
    }

    // MARK: Timers

    private func runTimers(now: Double) {
        for queue in queues.values {
            queue.promote(now: now)
            queue.rate.decayIfIdle(now: now)
        }
        let deadline = configuration.heartbeatInterval * Double(configuration.heartbeatLiveness)
        if now - lastHeartbeat >= configuration.heartbeatInterval {
            lastHeartbeat = now
            metrics.record(queues.values.map { BrokerMetrics.QueueSample(queue: $0.name, depth: $0.depth, delayed: $0.delayedCount, inFlight: $0.inFlight,
                workers: workersByQueue[$0.name]?.count ?? 0, published: $0.published, completed: $0.completed, failed: $0.failed, deadLettered: $0.deadLettered) })
            for (identity, worker) in workers {
                if now - worker.lastSeen > deadline {
                    removeWorker(identity, now: now, countAttempt: true, reason: "worker \(worker.name) stopped heartbeating")
                } else {
                    _ = send([identity, BrokerProtocol.signature, frame(.heartbeat)])
                }
            }
            // Jobs held too long count as failed attempts.
            for worker in workers.values {
                for job in worker.inFlight.values where job.leaseDeadline < now {
                    fail(job, permanent: false, reason: "timed out after \(Int(queue(named: job.queue).policy.jobTimeout)) s", now: now)
                }
            }
        }
        if now - lastHousekeeping >= 60 {
            lastHousekeeping = now
            let horizon = now - configuration.dedupWindowSeconds
            dedup.evict(before: horizon)
            store.add(.forgetSeen(before: horizon))
        }
    }

    // MARK: Dispatch

    private func dispatch(now: Double) {
        queueLoop: for (queueName, identities) in workersByQueue where !identities.isEmpty {
            guard let queue = queues[queueName], queue.hasActiveKeys, !isPaused(queue) else { continue }
            var progress = true
            while progress {
                progress = false
                for identity in identities {
                    guard let worker = workers[identity], worker.hasCredit else { continue }
                    guard let job = queue.dequeue(now: now) else { continue queueLoop }
                    job.state = .inFlight(worker: identity)
                    job.leaseDeadline = now + queue.policy.jobTimeout
                    worker.inFlight[job.handle] = job
                    var frames = [identity, BrokerProtocol.signature, frame(.job), BrokerProtocol.frame(job.handle), job.header]
                    frames.append(contentsOf: job.bodies)
                    if !send(frames) {
                        // Unreachable or saturated worker: the job goes back at once.
                        requeue(job, countAttempt: false, reason: "worker unreachable", now: now)
                        continue
                    }
                    progress = true
                }
            }
        }
    }

    private func isPaused(_ queue: QueueState) -> Bool {
        guard let targets = feeds[queue.name] else { return false }
        // Over the global budget only stages that end a chain (no outputs) run, which frees bytes.
        if !targets.isEmpty && isOverByteBudget { return true }
        for target in targets where queues[target]?.isFull == true { return true }
        return false
    }

    // MARK: Status and dead letters

    private func handleStatus(_ identity: Data, _ args: ArraySlice<Data>, now: Double) {
        guard let corr = args.first else { return replyError(identity, .badCommand, "STATUS needs corr") }
        if let evicted = try? store.commit(), let count = try? store.deadLetterCount() { deadLetters = count }
        let status = BrokerStatus(
            queues: queues.values.sorted { $0.name < $1.name }.map { queue in
                BrokerStatus.QueueStatus(
                    name: queue.name, depth: queue.depth, delayed: queue.delayedCount, inFlight: queue.inFlight,
                    bytes: queue.bytes, workers: workersByQueue[queue.name]?.count ?? 0, published: queue.published,
                    completed: queue.completed, failed: queue.failed, deadLettered: queue.deadLettered,
                    rate: queue.rate.perSecond)
            },
            workers: workers.values.sorted { $0.name < $1.name }.map {
                BrokerStatus.WorkerStatus(name: $0.name, queue: $0.queue, credit: $0.credit, inFlight: $0.inFlight.count, draining: $0.draining)
            },
            deadLetters: deadLetters, uptimeSeconds: Date().timeIntervalSince(startedAt))
        replyJSON(identity, corr, status)
    }

    private func handleDLQList(_ identity: Data, _ args: ArraySlice<Data>) {
        guard let corr = args.first else { return replyError(identity, .badCommand, "DLQ-LIST needs corr") }
        let limit = args.count > 1 ? BrokerProtocol.int(args[args.startIndex + 1]) ?? 100 : 100
        do {
            noteEvicted(try store.commit())
            replyJSON(identity, corr, try store.listDeadLetters(limit: max(1, min(limit, 10_000))))
        } catch {
            replyError(identity, .badCommand, "cannot read dead letters: \(error)")
        }
    }

    private struct RetryResult: Codable {
        var requeued: Int
        var skipped: [String]
    }

    private func handleDLQRetry(_ identity: Data, _ args: ArraySlice<Data>, now: Double) {
        guard args.count >= 2, let selector = BrokerProtocol.string(args[args.startIndex + 1]) else {
            return replyError(identity, .badCommand, "DLQ-RETRY needs corr and an id or *")
        }
        var result = RetryResult(requeued: 0, skipped: [])
        do {
            noteEvicted(try store.commit())
            for dead in try store.loadDeadLetters(id: selector == "*" ? nil : selector) {
                guard Self.isValidQueueName(dead.originQueue), var envelope = try? Envelope.decodeHeader(dead.header) else {
                    result.skipped.append(dead.id)
                    continue
                }
                envelope.attempt = 1
                envelope.notBefore = nil
                let job = Job(id: dead.id, seq: nextSeq, queue: dead.originQueue, envelope: envelope, header: nil, bodies: dead.bodies)
                nextSeq += 1
                if let live = jobs[job.handle] { retire(live, now: now) }
                jobs[job.handle] = job
                queue(named: job.queue).enqueue(job, now: now)
                store.add(.delete(dead.handle))
                store.add(.put(job))
                deadLetters -= 1
                result.requeued += 1
            }
        } catch {
            return replyError(identity, .badCommand, "cannot read dead letters: \(error)")
        }
        replyJSON(identity, args[args.startIndex], result)
    }

    // MARK: Sending

    private func frame(_ command: BrokerProtocol.BrokerCommand) -> Data { BrokerProtocol.frame(command.rawValue) }

    private func reply(_ identity: Data, _ command: BrokerProtocol.BrokerCommand) {
        pendingReplies.append([identity, BrokerProtocol.signature, frame(command)])
    }

    private func replyError(_ identity: Data, _ code: BrokerProtocol.ErrorCode, _ reason: String) {
        pendingReplies.append([identity, BrokerProtocol.signature, frame(.error), BrokerProtocol.frame(code.rawValue), BrokerProtocol.frame(reason)])
    }

    private func replyJSON<T: Encodable>(_ identity: Data, _ corr: Data, _ value: T) {
        let json = (try? WireJSON.encoder.encode(value)) ?? Data("{}".utf8)
        pendingReplies.append([identity, BrokerProtocol.signature, frame(.reply), corr, json])
    }

    /// Sends without blocking; false when the peer is gone or saturated.
    private func send(_ frames: [Data]) -> Bool {
        do {
            return try router.send(frames, dontWait: true)
        } catch {
            return false
        }
    }

    /// Bytes waiting across every queue, against the broker-wide budget.
    private var waitingBytes: Int { queues.values.reduce(0) { $0 + $1.bytes } }
    private var isOverByteBudget: Bool { waitingBytes >= configuration.maxTotalBytes }

    /// A configured queue (or one recovered from the store); never the dead-letter queue.
    private func isKnownQueue(_ name: String) -> Bool {
        Self.isValidQueueName(name) && name != QueueName.deadLetter
            && (configuredQueues.contains(name) || queues[name] != nil)
    }

    static func isValidQueueName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 95 || $0 == 46 }
    }
}
