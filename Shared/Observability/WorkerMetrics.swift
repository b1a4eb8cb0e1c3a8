import CoreMetrics

/// What a stage worker exports per job, labelled by stage (its input queue,
/// a handful of values), created once per worker.
///
/// Records through whichever swift-metrics factory it is given: the
/// bootstrapped Prometheus one in executables, a private one in tests.
public struct WorkerMetrics: Sendable {
    /// The metric names, shared with the docs and the tests.
    public enum Name {
        public static let processed = "newswire_jobs_processed_total"
        public static let failed = "newswire_jobs_failed_total"
        public static let duration = "newswire_job_duration_seconds"
        public static let inFlight = "newswire_worker_in_flight"
    }

    public let stage: String
    private let processed: Counter
    private let failedPermanent: Counter
    private let failedTransient: Counter
    private let duration: Timer
    private let inFlight: Meter

    public init(stage: String, factory: any MetricsFactory = MetricsSystem.factory) {
        self.stage = stage
        let label = [("stage", stage)]
        processed = Counter(label: Name.processed, dimensions: label, factory: factory)
        failedPermanent = Counter(label: Name.failed, dimensions: label + [("kind", "permanent")], factory: factory)
        failedTransient = Counter(label: Name.failed, dimensions: label + [("kind", "transient")], factory: factory)
        duration = Timer(label: Name.duration, dimensions: label, factory: factory)
        inFlight = Meter(label: Name.inFlight, dimensions: label, factory: factory)
    }

    /// A job was handed to the stage.
    public func jobStarted() { inFlight.increment() }

    /// The stage produced its outputs and the worker reported them.
    public func jobSucceeded() { processed.increment() }

    /// The stage threw; permanent failures go straight to the dead-letter queue.
    public func jobFailed(permanent: Bool) { (permanent ? failedPermanent : failedTransient).increment() }

    /// The job left the worker, successful or not, after `elapsed`.
    public func jobFinished(after elapsed: Duration) {
        let (seconds, attoseconds) = elapsed.components
        duration.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        inFlight.decrement()
    }
}
