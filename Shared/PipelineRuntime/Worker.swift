// Connects to the broker (DEALER -> ROUTER), registers for one queue with a
// credit, runs the stage on each job and reports DONE with its outputs.
import Foundation
import Logging
import Observability
import ServiceLifecycle
import Shared
import Synchronization

/// Runs a `Stage` against the broker: the loop every stage executable shares.
///
/// Connect, READY with credit, heartbeats and reconnection are the link's and
/// this loop's business; the stage only maps a message to outputs. On
/// graceful shutdown (SIGTERM/SIGINT through the ServiceGroup) it asks the
/// broker for no more jobs, finishes the ones it holds, waits until the broker
/// has acknowledged their results, says BYE and returns.
public struct Worker: Service {
    public struct Configuration: Sendable {
        public var link: BrokerLink.Options
        /// Queue to consume; defaults to the stage's `inputQueue`.
        public var queue: String?
        /// Jobs processed at once.
        public var concurrency: Int
        /// Name shown by `newswire status`.
        public var name: String
        /// How long a drain may wait for the broker's acknowledgements.
        public var drainTimeout: Double

        public init(link: BrokerLink.Options, queue: String? = nil, concurrency: Int = 4, name: String, drainTimeout: Double = 30) {
            self.link = link
            self.queue = queue
            self.concurrency = concurrency
            self.name = name
            self.drainTimeout = drainTimeout
        }
    }

    public let stage: any Stage
    public let configuration: Configuration
    private let logger: Logger
    private let counters: WorkerCounters
    private let metrics: WorkerMetrics
    /// Healthy while `run()` has a live link to the broker (the stage's /health).
    public let health: WorkerHealth

    public init(stage: any Stage, configuration: Configuration, logger: Logger, counters: WorkerCounters = WorkerCounters(),
                metrics: WorkerMetrics? = nil, health: WorkerHealth = WorkerHealth()) {
        self.metrics = metrics ?? WorkerMetrics(stage: configuration.queue ?? stage.inputQueue)
        self.health = health
        self.stage = stage
        self.configuration = configuration
        self.logger = logger
        self.counters = counters
    }

    public func run() async throws {
        var linkOptions = configuration.link
        linkOptions.heartbeats = true
        let link = try BrokerLink(options: linkOptions)
        health.attach(link)
        defer { health.attach(nil) }
        let queue = configuration.queue ?? stage.inputQueue
        let shutdownRequested = Atomic<Bool>(false)
        let ready: @Sendable () -> Void = {
            link.send(.ready, [BrokerProtocol.frame(queue), BrokerProtocol.frame(configuration.concurrency),
                               BrokerProtocol.frame(configuration.name)])
        }
        ready()
        logger.info("worker.started", metadata: ["queue": "\(queue)", "endpoint": "\(configuration.link.endpoint)", "concurrency": "\(configuration.concurrency)"])

        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                var outstanding = Set<String>()  // received, not yet acknowledged by the broker
                var drainSent = false
                var drained = false
                var drainDeadline = Double.infinity
                for await event in link.events {
                    let now = Date().timeIntervalSince1970
                    if shutdownRequested.load(ordering: .relaxed) && !drainSent {
                        drainSent = true
                        drainDeadline = now + configuration.drainTimeout
                        link.send(.drain)
                        logger.info("worker.draining", metadata: ["outstanding": "\(outstanding.count)"])
                    }
                    switch event {
                    case .reconnected:
                        // A new connection: the broker will redeliver whatever it did not see acknowledged.
                        logger.warning("worker.reconnected", metadata: ["endpoint": "\(configuration.link.endpoint)"])
                        outstanding.removeAll()
                        if drainSent { link.send(.drain) } else { ready() }
                    case .tick:
                        break
                    case .message(let frames):
                        guard let command = frames.first.flatMap(BrokerProtocol.string) else { break }
                        switch BrokerProtocol.BrokerCommand(rawValue: command) {
                        case .job:
                            guard frames.count >= 3, let jobID = BrokerProtocol.string(frames[1]) else { break }
                            if outstanding.contains(jobID) { break }  // already working on it
                            outstanding.insert(jobID)
                            let wire = Array(frames[2...])
                            group.addTask { await self.process(jobID: jobID, wire: wire, link: link) }
                        case .ackJob:
                            if frames.count >= 2, let jobID = BrokerProtocol.string(frames[1]) { outstanding.remove(jobID) }
                        case .reconnect:
                            // The broker restarted and forgot us: it will redeliver what it has not retired.
                            outstanding.removeAll()
                            if drainSent { link.send(.drain) } else { ready() }
                        case .draining:
                            drained = true
                        case .heartbeat, .none, .ack, .nack, .reply:
                            break
                        case .error:
                            let reason = frames.count >= 3 ? BrokerProtocol.string(frames[2]) ?? "" : ""
                            logger.error("worker.broker-error", metadata: ["reason": "\(reason)"])
                        }
                    }
                    if drainSent && ((drained && outstanding.isEmpty) || now > drainDeadline) {
                        if !outstanding.isEmpty {
                            logger.warning("worker.drain-timeout", metadata: ["unacknowledged": "\(outstanding.count)"])
                        }
                        link.send(.bye)
                        break
                    }
                }
            }
        } onGracefulShutdown: {
            shutdownRequested.store(true, ordering: .relaxed)
        }
        await link.close()
        logger.info("worker.stopped", metadata: ["processed": "\(counters.processed.load(ordering: .relaxed))"])
    }

    private func process(jobID: String, wire: [Data], link: BrokerLink) async {
        let idFrame = BrokerProtocol.frame(jobID)
        let started = ContinuousClock.now
        metrics.jobStarted()
        do {
            let message = try Message(wireFrames: wire)
            let outputs = try await stage.process(message)
            var encoded: [(queue: String, frames: [Data])] = []
            for output in outputs { encoded.append((output.queue, try output.message.wireFrames())) }
            link.send([BrokerProtocol.frame(BrokerProtocol.ClientCommand.done.rawValue), idFrame]
                      + BrokerProtocol.encodeOutputs(encoded))
            counters.processed.add(1, ordering: .relaxed)
            metrics.jobSucceeded()
        } catch {
            let permanent = (error as? StageError)?.isPermanent ?? (error is MessageError)
            logger.warning("worker.job-failed", metadata: [
                "job": "\(jobID)", "permanent": "\(permanent)", "error": "\(String(describing: error).prefix(300))",
            ])
            link.send([BrokerProtocol.frame(BrokerProtocol.ClientCommand.fail.rawValue), idFrame,
                       BrokerProtocol.frame(permanent ? "1" : "0"), BrokerProtocol.frame(String(describing: error))])
            counters.failed.add(1, ordering: .relaxed)
            metrics.jobFailed(permanent: permanent)
        }
        let elapsed = ContinuousClock.now - started
        counters.recordLatency(elapsed)
        metrics.jobFinished(after: elapsed)
    }
}

/// Counts what a worker did, for logs and metrics.
public final class WorkerCounters: Sendable {
    public let processed = Atomic<Int>(0)
    public let failed = Atomic<Int>(0)
    private let latencyMicros = Atomic<Int>(0)

    public init() {}

    func recordLatency(_ duration: Duration) {
        let micros = Int(duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000)
        latencyMicros.add(micros, ordering: .relaxed)
    }

    /// Total time spent in the stage, in seconds.
    public var busySeconds: Double { Double(latencyMicros.load(ordering: .relaxed)) / 1_000_000 }
}
