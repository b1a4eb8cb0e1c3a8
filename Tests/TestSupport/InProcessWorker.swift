import Foundation
import Logging
import PipelineRuntime
import ServiceLifecycle
import Shared

/// Runs an in-process worker (a `Collector`, or any stage) until stopped.
public final class InProcessWorker: @unchecked Sendable {
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    public init(stage: any Stage, endpoint: String, concurrency: Int = 16, name: String = "collector") {
        var logger = Logger(label: "test-worker")
        logger.logLevel = .error
        let worker = Worker(
            stage: stage,
            configuration: .init(link: .init(endpoint: endpoint, heartbeatInterval: 0.5, heartbeatLiveness: 4), concurrency: concurrency, name: name),
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [worker], logger: logger))
        self.group = group
        task = Task { try await group.run() }
    }

    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}
