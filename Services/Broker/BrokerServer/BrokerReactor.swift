// Binds a ROUTER socket (default tcp://127.0.0.1:5555) that every worker,
// publisher and tool connects to with a DEALER. Speaks NWP/1 (docs/PROTOCOL.md).
import BrokerCore
import Foundation
import Logging
import Synchronization
import ZeroMQ

/// The thin ZeroMQ side of the broker: receives commands under the size
/// limits, feeds them to `BrokerMachine`, has each batch written by the
/// commit thread while it reads on, then sends the batch's replies; JOBs
/// and heartbeats go at once.
///
/// All state is owned by the one thread that calls `run()` (the commit
/// thread gets each sealed batch whole); only the stop flag, the bound
/// endpoint and the loop clock are touched from elsewhere, hence
/// `@unchecked Sendable`.
public final class BrokerReactor: @unchecked Sendable {
    public let configuration: BrokerConfiguration
    private let logger: Logger
    private let stopFlag = Atomic<Bool>(false)
    private let boundEndpoint = Mutex<String?>(nil)
    /// When the loop last went round (Unix time as Double bits); 0 before it starts.
    private let loopClock = Atomic<UInt64>(0)

    public init(configuration: BrokerConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
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
        let machine = try BrokerMachine(configuration: configuration, logger: logger)
        let router = try context.makeSocket(.router)
        defer { router.close() }
        try configure(router)
        // With CURVE on, libzmq asks the ZAP handler about every new client.
        var zap: ZAPHandler? = nil
        if let secret = configuration.curveSecretKey {
            zap = try ZAPHandler(context: context, allowedKeys: configuration.allowedClientKeys, logger: logger)
            try router.setCurveServer(secretKey: secret)
            try router.setZAPDomain("newswire")
        }
        defer { zap?.close() }
        try router.bind(configuration.endpoint)
        let bound = try router.lastEndpoint()
        boundEndpoint.withLock { $0 = bound }
        logger.info("broker.listening", metadata: [
            "endpoint": "\(bound)", "jobs": "\(machine.jobCount)", "dead": "\(machine.deadLetterCount)",
        ])
        onBound(bound)

        let committer = try CommitThread()
        defer { committer.stop() }
        var poller = Poller(capacity: 3)
        poller.add(router)
        let commitIndex = poller.add(fileDescriptor: committer.wakeup.fileDescriptor)
        if let zap { poller.add(zap.pollable) }
        while !stopFlag.load(ordering: .relaxed) {
            let now = Date().timeIntervalSince1970
            loopClock.store(now.bitPattern, ordering: .relaxed)
            try poller.poll(timeoutMs: pollTimeout(machine, now: now))
            if poller.isReadable(commitIndex) { committer.wakeup.drain() }
            try zap?.serve()
            var handled = 0
            // One more frame than a command may have, so going over shows.
            while handled < configuration.maxBatch,
                  let message = try router.receive(dontWait: true, keepFrames: configuration.maxFrames + 2, maxBytes: configuration.maxCommandBytes) {
                machine.handle(InboundCommand(
                    frames: message.frames, frameCount: message.frameCount, byteCount: message.byteCount,
                    overLimit: message.overLimit, peerAddress: message.peerAddress, curveKey: message.userID), now: Date().timeIntervalSince1970)
                handled += 1
            }
            if let finished = committer.takeFinished() { try release(finished, machine, router) }
            let later = Date().timeIntervalSince1970
            machine.tick(now: later)
            if !committer.isBusy { startCommit(machine, committer, router) }
            machine.dispatch(now: later) { self.send(router, $0.frames) }
            sendImmediate(machine, router)
        }
        if let finished = committer.waitFinished() { try release(finished, machine, router) }
        try flush(machine, router)
        logger.info("broker.stopped", metadata: ["jobs": "\(machine.jobCount)"])
    }

    /// Seals what was handled since the last commit and hands it to the
    /// commit thread; a batch with nothing to write (all earlier ones being
    /// durable) sends its replies at once.
    private func startCommit(_ machine: BrokerMachine, _ committer: CommitThread, _ router: Socket) {
        guard let batch = machine.sealBatch() else { return }
        if batch.writesNothing {
            deliver(batch, machine, router)
        } else {
            committer.start(batch)
        }
    }

    /// A group commit finished: its replies go out and its jobs become
    /// dispatchable. A failed commit stops the broker without a reply sent
    /// (the supervisor restarts it from disk; peers resend).
    private func release(_ finished: Result<CommitBatch, any Error>, _ machine: BrokerMachine, _ router: Socket) throws {
        let batch: CommitBatch
        do {
            batch = try finished.get()
        } catch {
            logger.critical("broker.commit-failed", metadata: ["error": "\(error)"])
            throw error
        }
        deliver(batch, machine, router)
    }

    /// A batch is durable (or wrote nothing): its jobs become dispatchable and
    /// its replies go out.
    private func deliver(_ batch: CommitBatch, _ machine: BrokerMachine, _ router: Socket) {
        machine.committed(batch)
        for frames in batch.replies { _ = send(router, frames) }
    }

    /// Heartbeats and JOBs: they acknowledge nothing, so they need no commit.
    private func sendImmediate(_ machine: BrokerMachine, _ router: Socket) {
        let outbox = machine.takeImmediateSends()
        for frames in outbox.sends { _ = send(router, frames) }
        guard !outbox.dispatches.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        for dispatch in outbox.dispatches where !send(router, dispatch.frames) {
            machine.undeliverable(dispatch, now: now)
        }
    }

    private func configure(_ router: Socket) throws {
        try router.setRouterMandatory(true)
        try router.setLinger(milliseconds: 0)
        try router.setSendHighWaterMark(100_000)
        try router.setReceiveHighWaterMark(100_000)
        // libzmq drops a peer that sends a frame over this hard cap; below it the
        // broker answers TOO_LARGE itself, which is the clear error clients need.
        try router.setMaxMessageSize(Int64(max(configuration.maxMessageBytes * 4, 64 << 20)))
    }

    private func pollTimeout(_ machine: BrokerMachine, now: Double) -> Int {
        var wake = now + min(configuration.heartbeatInterval / 2, 0.25)
        if let next = machine.nextWakeup { wake = min(wake, next) }
        return max(0, Int(((wake - now) * 1000).rounded(.up)))
    }

    /// Commits on this thread, then sends what the machine produced: replies
    /// only after the commit, so nothing is acknowledged before it is on disk.
    /// Used once the loop ends (the commit thread is idle by then).
    private func flush(_ machine: BrokerMachine, _ router: Socket) throws {
        try machine.commit()
        let outbox = machine.takeOutbox()
        for frames in outbox.replies { _ = send(router, frames) }
        for frames in outbox.sends { _ = send(router, frames) }
        guard !outbox.dispatches.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        for dispatch in outbox.dispatches where !send(router, dispatch.frames) {
            machine.undeliverable(dispatch, now: now)
        }
    }

    /// Sends without blocking; false when the peer is gone or saturated.
    private func send(_ router: Socket, _ frames: [Data]) -> Bool {
        (try? router.send(frames, dontWait: true)) ?? false
    }
}
