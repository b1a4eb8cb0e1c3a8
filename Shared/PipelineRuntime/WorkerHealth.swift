// Answers a stage's GET /health (Observability's MetricsServer) from the
// state of its worker's link to the broker.
import Synchronization

/// Whether a worker can do its job: it runs and its broker answers.
///
/// A stage process that is up but cannot reach its broker does nothing, so
/// its health check says 503 rather than 200 and orchestrators and operators
/// see the broken link: 503 before the first message from the broker, while
/// the broker's heartbeats are missing for longer than `heartbeatInterval *
/// heartbeatLiveness`, and once the worker has stopped; 200 in between.
public final class WorkerHealth: Sendable {
    private let link = Mutex<BrokerLink?>(nil)

    public init() {}

    /// True while the worker runs with a live link (`BrokerLink.isLive`).
    public var isHealthy: Bool { link.withLock { $0?.isLive ?? false } }

    /// The worker's link while it runs, nil once it stopped.
    func attach(_ link: BrokerLink?) { self.link.withLock { $0 = link } }
}
