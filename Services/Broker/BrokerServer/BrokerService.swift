import Foundation
import BrokerCore
import Logging
import ServiceLifecycle
import ZeroMQ

/// Runs a `Broker` as a swift-service-lifecycle `Service`: the broker loop on
/// a thread of its own (blocking libzmq calls stay off the cooperative pool),
/// stopped on graceful shutdown after a final commit.
public struct BrokerService: Service {
    public let broker: BrokerReactor
    private let logger: Logger

    public init(configuration: BrokerConfiguration, logger: Logger) {
        self.broker = BrokerReactor(configuration: configuration, logger: logger)
        self.logger = logger
    }

    public func run() async throws {
        let broker = self.broker
        try await withGracefulShutdownHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let thread = Thread {
                    do {
                        let context = try Context()
                        defer { context.terminate() }
                        try broker.run(context: context)
                        continuation.resume()
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
                thread.name = "newswire-broker"
                thread.start()
            }
        } onGracefulShutdown: {
            broker.stop()
        }
    }
}
