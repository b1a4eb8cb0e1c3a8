import ArgumentParser
import Foundation
import Logging
import Observability
import ServiceLifecycle
import Shared

/// The flags every stage's `run` command shares, each with its `NEWSWIRE_*`
/// environment variable, so all stages are configured the same way.
public struct WorkerOptions: ParsableArguments {
    private static let env = ProcessInfo.processInfo.environment

    @Option(name: .customLong("broker"), help: "Broker endpoint (env NEWSWIRE_BROKER).")
    public var endpoint: String = env["NEWSWIRE_BROKER"] ?? "tcp://127.0.0.1:5555"

    @Option(help: "Jobs processed at once (env NEWSWIRE_CONCURRENCY).")
    public var concurrency: Int = env["NEWSWIRE_CONCURRENCY"].flatMap(Int.init) ?? 4

    @Option(help: "Worker name shown by `newswire status` (default: stage@host:pid).")
    public var name: String?

    @Option(help: "Heartbeat interval in seconds (must match the broker's).")
    public var heartbeat: Double = 1.0

    @OptionGroup public var curve: CurveOptions

    @OptionGroup public var metrics: MetricsOptions

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (env NEWSWIRE_LOG_LEVEL).")
    public var logLevel: String = env["NEWSWIRE_LOG_LEVEL"] ?? "info"

    public init() {}

    public func workerName(stage: String) -> String {
        name ?? "\(stage)@\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Bootstraps logging once for the process (executables only; tests never do).
    public func makeLogger(label: String) -> Logger {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: label)
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        return logger
    }

    /// Runs `stage` against the broker until SIGTERM or SIGINT, then drains.
    /// The metrics endpoint's /health is 200 only while the worker's link to
    /// the broker is live (`WorkerHealth`).
    public func runStage(_ stage: any Stage, label: String, logger: Logger, extraServices: [any Service] = []) async throws {
        let health = WorkerHealth()
        // First: the worker's metrics bind to the factory this bootstraps.
        let metricsServer = metrics.makeServer(logger: logger) { health.isHealthy }
        let worker = Worker(
            stage: stage,
            configuration: .init(
                link: curve.apply(to: .init(endpoint: endpoint, heartbeatInterval: heartbeat)), concurrency: max(1, concurrency),
                name: workerName(stage: label)),
            logger: logger, health: health)
        let group = ServiceGroup(configuration: .init(
            services: (metricsServer.map { [$0] } ?? []) + [worker] + extraServices, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// CURVE keys of a client or worker (all three or none), for brokers on other hosts.
public struct CurveOptions: ParsableArguments {
    private static let env = ProcessInfo.processInfo.environment

    @Option(help: "The broker's CURVE public key, Z85 (env NEWSWIRE_CURVE_SERVER_KEY).")
    public var curveServerKey: String? = env["NEWSWIRE_CURVE_SERVER_KEY"]

    @Option(help: "This client's CURVE public key, Z85 (env NEWSWIRE_CURVE_PUBLIC_KEY).")
    public var curvePublicKey: String? = env["NEWSWIRE_CURVE_PUBLIC_KEY"]

    @Option(help: "This client's CURVE secret key, Z85 (env NEWSWIRE_CURVE_SECRET_KEY).")
    public var curveSecretKey: String? = env["NEWSWIRE_CURVE_SECRET_KEY"]

    public init() {}

    public func validate() throws {
        let given = [curveServerKey, curvePublicKey, curveSecretKey].compactMap { $0 }
        guard given.isEmpty || given.count == 3 else {
            throw ValidationError("CURVE needs --curve-server-key, --curve-public-key and --curve-secret-key together")
        }
        guard given.allSatisfy({ $0.count == 40 }) else { throw ValidationError("CURVE keys are 40 Z85 characters") }
    }

    public var keys: (server: String, publicKey: String, secretKey: String)? {
        guard let s = curveServerKey, let p = curvePublicKey, let k = curveSecretKey else { return nil }
        return (s, p, k)
    }

    public func apply(to options: BrokerLink.Options) -> BrokerLink.Options {
        var options = options
        if let keys {
            options.curveServerKey = keys.server
            options.curvePublicKey = keys.publicKey
            options.curveSecretKey = keys.secretKey
        }
        return options
    }
}
