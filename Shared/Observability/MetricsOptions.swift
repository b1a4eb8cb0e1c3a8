import ArgumentParser
import Foundation
import Logging

/// The `--metrics-port` and `--metrics-host` flags every service shares, so
/// the endpoint is configured the same way everywhere (compose sets the
/// environment; tools leave it off).
public struct MetricsOptions: ParsableArguments {
    private static let env = ProcessInfo.processInfo.environment

    @Option(name: .customLong("metrics-port"),
            help: "Port of the /metrics and /health HTTP endpoint; 0 = off (env NEWSWIRE_METRICS_PORT).")
    public var port: Int = env["NEWSWIRE_METRICS_PORT"].flatMap { Int($0) } ?? 0

    @Option(name: .customLong("metrics-host"),
            help: "Address the metrics endpoint binds; 0.0.0.0 in containers (env NEWSWIRE_METRICS_HOST).")
    public var host: String = env["NEWSWIRE_METRICS_HOST"] ?? "127.0.0.1"

    public init() {}

    public func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--metrics-port must be 0 (off) to 65535") }
    }

    /// Bootstraps Prometheus metrics for the process when the endpoint is on,
    /// for services that must create their metrics before the endpoint exists.
    public func bootstrap() {
        if port != 0 { _ = MetricsBootstrap.prometheus() }
    }

    /// Bootstraps Prometheus metrics for the process and returns the endpoint
    /// to run beside the service, or nil when the port is 0. Call it before
    /// creating anything that records metrics: they bind to the factory of
    /// their creation time.
    public func makeServer(logger: Logger, health: @escaping @Sendable () -> Bool = { true }) -> MetricsServer? {
        guard port != 0 else { return nil }
        return MetricsServer(
            configuration: .init(host: host, port: port), registry: MetricsBootstrap.prometheus(),
            health: health, logger: logger)
    }
}
