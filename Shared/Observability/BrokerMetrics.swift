import CoreMetrics
import Synchronization

/// The broker's queues as Prometheus sees them, labelled by queue.
///
/// The broker already keeps its own counts (they feed `newswire status`);
/// once a second it hands them here as samples, and this type turns them into
/// gauges and into counters that only ever move up. Metrics for a queue are
/// created the first time it is sampled and reused after that.
public final class BrokerMetrics: Sendable {
    /// The metric names, shared with the docs and the tests.
    public enum Name {
        public static let depth = "newswire_broker_queue_depth"
        public static let delayed = "newswire_broker_delayed"
        public static let inFlight = "newswire_broker_in_flight"
        public static let workers = "newswire_broker_workers"
        public static let published = "newswire_broker_published_total"
        public static let completed = "newswire_broker_completed_total"
        public static let failed = "newswire_broker_failed_attempts_total"
        public static let deadLetters = "newswire_broker_dead_letters_total"
        public static let deadLettersEvicted = "newswire_broker_dead_letters_evicted_total"
        public static let refused = "newswire_broker_refused_total"
    }

    /// Why the broker refused a client's command (a bounded label set).
    public enum Refusal: String, Sendable, CaseIterable {
        /// An admin command from a peer that may not give it.
        case forbidden
        /// DONE or FAIL for a job the sender does not hold.
        case notHolder = "not-holder"
        /// More frames or bytes than one command may have.
        case overLimit = "over-limit"
        /// A queue the broker was not configured with.
        case unknownQueue = "unknown-queue"
    }

    /// Counts a refused command.
    public func refused(_ reason: Refusal) {
        refusals[reason]?.increment()
    }

    /// Counts dead letters dropped to keep the dead-letter store within its bound.
    public func deadLettersEvicted(_ count: Int) {
        evicted.increment(by: count)
    }

    /// One queue's numbers at one moment; the counts are totals since the broker started.
    public struct QueueSample: Sendable, Equatable {
        public var queue: String
        public var depth: Int
        public var delayed: Int
        public var inFlight: Int
        public var workers: Int
        public var published: Int
        public var completed: Int
        public var failed: Int
        public var deadLettered: Int

        public init(queue: String, depth: Int, delayed: Int = 0, inFlight: Int, workers: Int,
                    published: Int, completed: Int, failed: Int = 0, deadLettered: Int) {
            self.queue = queue
            self.depth = depth
            self.delayed = delayed
            self.inFlight = inFlight
            self.workers = workers
            self.published = published
            self.completed = completed
            self.failed = failed
            self.deadLettered = deadLettered
        }
    }

    /// Queue names come from publishers; past this many the label set stops
    /// growing, so a client inventing names cannot blow up the scrape.
    public static let maxQueues = 256

    private final class QueueMetrics: Sendable {
        let depth, delayed, inFlight, workers: Gauge
        let published, completed, failed, deadLetters: Counter

        init(queue: String, factory: any MetricsFactory) {
            let label = [("queue", queue)]
            depth = Gauge(label: Name.depth, dimensions: label, factory: factory)
            delayed = Gauge(label: Name.delayed, dimensions: label, factory: factory)
            inFlight = Gauge(label: Name.inFlight, dimensions: label, factory: factory)
            workers = Gauge(label: Name.workers, dimensions: label, factory: factory)
            published = Counter(label: Name.published, dimensions: label, factory: factory)
            completed = Counter(label: Name.completed, dimensions: label, factory: factory)
            failed = Counter(label: Name.failed, dimensions: label, factory: factory)
            deadLetters = Counter(label: Name.deadLetters, dimensions: label, factory: factory)
        }
    }

    private struct State {
        var metrics: [String: QueueMetrics] = [:]
        var last: [String: QueueSample] = [:]
    }

    private let factory: any MetricsFactory
    private let state = Mutex(State())

    private let refusals: [Refusal: Counter]
    private let evicted: Counter

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        refusals = Dictionary(uniqueKeysWithValues: Refusal.allCases.map {
            ($0, Counter(label: Name.refused, dimensions: [("reason", $0.rawValue)], factory: factory))
        })
        evicted = Counter(label: Name.deadLettersEvicted, factory: factory)
    }

    /// Sets the gauges and advances the counters by what changed since the last sample.
    public func record(_ samples: [QueueSample]) {
        state.withLock { state in
            for sample in samples {
                let metrics: QueueMetrics
                if let existing = state.metrics[sample.queue] {
                    metrics = existing
                } else {
                    guard state.metrics.count < Self.maxQueues else { continue }
                    metrics = QueueMetrics(queue: sample.queue, factory: factory)
                    state.metrics[sample.queue] = metrics
                }
                metrics.depth.record(sample.depth)
                metrics.delayed.record(sample.delayed)
                metrics.inFlight.record(sample.inFlight)
                metrics.workers.record(sample.workers)
                let last = state.last[sample.queue]
                Self.advance(metrics.published, from: last?.published, to: sample.published)
                Self.advance(metrics.completed, from: last?.completed, to: sample.completed)
                Self.advance(metrics.failed, from: last?.failed, to: sample.failed)
                Self.advance(metrics.deadLetters, from: last?.deadLettered, to: sample.deadLettered)
                state.last[sample.queue] = sample
            }
        }
    }

    /// A counter only moves up: a count that went down (it never should) is
    /// taken as the new baseline.
    private static func advance(_ counter: Counter, from previous: Int?, to current: Int) {
        let delta = current - (previous ?? 0)
        if delta > 0 { counter.increment(by: delta) }
    }
}
