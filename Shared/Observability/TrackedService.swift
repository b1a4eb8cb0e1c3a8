import ServiceLifecycle
import Synchronization

/// Runs a service and records whether its `run()` is still going, for /health.
///
/// The metrics endpoint stops last (after the services it reports on have
/// drained), and a service whose `run()` threw leaves the process's other
/// services up until the group has shut them down: in both windows /health
/// must not keep saying 200 for a service that no longer runs.
public struct TrackedService: Service {
    public let base: any Service
    private let state = RunningState()

    public init(_ base: any Service) {
        self.base = base
    }

    /// True from the start of `run()` until it returns or throws.
    public var isRunning: Bool { state.running.load(ordering: .acquiring) }

    public func run() async throws {
        state.running.store(true, ordering: .releasing)
        defer { state.running.store(false, ordering: .releasing) }
        try await base.run()
    }

    private final class RunningState: Sendable {
        let running = Atomic<Bool>(false)
    }
}
