import ArgumentParser
import BrokerCore
import BrokerServer
import Foundation
import Logging
import Observability
import ServiceLifecycle

/// `newswire-broker`: the durable ZeroMQ broker every stage connects to.
@main
struct NewswireBroker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newswire-broker",
        abstract: "The durable broker every Newswire stage connects to (NWP/1 over ZeroMQ, docs/PROTOCOL.md).",
        discussion: """
            Queue settings: --queue NAME:SETTINGS, SETTINGS a comma list of depth=N, bytes=64M, attempts=N, \
            backoff=SECONDS, backoff-max=SECONDS, timeout=SECONDS, key-concurrency=N, key-interval=SECONDS. \
            Example: --queue fetch:key-concurrency=1,key-interval=1 (one request per host at a time, 1 s apart).
            Security: binding anything but loopback (127.0.0.1, ::1, localhost, ipc://) needs --curve-secret, or --insecure \
            on a network you trust. Admin commands (dlq retry) are taken only from loopback peers or --admin-key keys; \
            DONE and FAIL only from the worker holding the job; queues other than fetch, parse, enrich, store, --queue \
            and --queues names are refused.
            Environment: NEWSWIRE_BROKER_BIND, NEWSWIRE_DATA_DIR, NEWSWIRE_BROKER_QUEUES, NEWSWIRE_ADMIN_KEYS, NEWSWIRE_CURVE_SECRET, \
            NEWSWIRE_CURVE_ALLOW, NEWSWIRE_LOG_LEVEL.
            """)

    @Option(help: "ROUTER endpoint to bind (env NEWSWIRE_BROKER_BIND).")
    var bind: String = ProcessInfo.processInfo.environment["NEWSWIRE_BROKER_BIND"] ?? "tcp://127.0.0.1:5555"

    @Option(name: .customLong("data"), help: "Folder of the durable store (env NEWSWIRE_DATA_DIR + /broker).")
    var dataDirectory: String = (ProcessInfo.processInfo.environment["NEWSWIRE_DATA_DIR"] ?? "./data") + "/broker"

    @Option(name: .customLong("queue"), help: "Per-queue settings NAME:key=value,... (repeatable).")
    var queueSpecs: [String] = []

    @Option(help: "Settings for every queue not named by --queue (same key=value list).")
    var defaults: String?

    @Option(help: "Heartbeat interval in seconds.")
    var heartbeat: Double = 1.0

    @Option(help: "Missed heartbeats before a worker's jobs go back to the queue.")
    var liveness: Int = 3

    @Option(help: "Largest message accepted, in bytes.")
    var maxMessageBytes: Int = 32 << 20

    @Option(help: "CURVE secret key (Z85) of the broker: only CURVE clients may connect (env NEWSWIRE_CURVE_SECRET).")
    var curveSecret: String? = ProcessInfo.processInfo.environment["NEWSWIRE_CURVE_SECRET"]

    @Option(name: .customLong("curve-allow"), help: "Client public key (Z85) allowed to connect when CURVE is on (repeatable; env NEWSWIRE_CURVE_ALLOW, comma-separated). None = any CURVE client.")
    var curveAllow: [String] = (ProcessInfo.processInfo.environment["NEWSWIRE_CURVE_ALLOW"] ?? "").split(separator: ",").map(String.init)

    @Option(name: .customLong("admin-key"), help: "CURVE client key (Z85) allowed admin commands (dlq retry) from another host (repeatable; env NEWSWIRE_ADMIN_KEYS, comma-separated). Loopback peers always are.")
    var adminKeys: [String] = (ProcessInfo.processInfo.environment["NEWSWIRE_ADMIN_KEYS"] ?? "").split(separator: ",").map(String.init)

    @Option(help: "Queues to create beyond fetch, parse, enrich, store and those named by --queue (comma-separated; env NEWSWIRE_BROKER_QUEUES). Other names are refused.")
    var queues: String = ProcessInfo.processInfo.environment["NEWSWIRE_BROKER_QUEUES"] ?? ""

    @Option(help: "Largest credit a worker's READY may ask for (larger asks are lowered).")
    var maxCredit: Int = 1000

    @Option(help: "Bytes waiting across all queues before publishers get FULL and stages with outputs pause (K, M, G suffixes).")
    var maxTotalBytes: String = "1G"

    @Option(help: "Most frames one message (a DONE with its outputs) may have.")
    var maxFrames: Int = 100_000

    @Option(help: "Most bytes one message (a DONE with its outputs) may have (K, M, G suffixes).")
    var maxCommandBytes: String = "256M"

    @Option(help: "Dead letters kept; past this the oldest are evicted (logged, counted in newswire_broker_dead_letters_evicted_total).")
    var maxDeadLetters: Int = 100_000

    @Flag(name: .customLong("no-loopback-admin"), help: "Refuse admin commands from loopback peers too (a host whose loopback untrusted processes share); only --admin-key keys may give them.")
    var noLoopbackAdmin = false

    @Flag(help: "Allow binding a non-loopback address without CURVE (only on a network you trust).")
    var insecure = false

    @OptionGroup var metrics: MetricsOptions

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = ProcessInfo.processInfo.environment["NEWSWIRE_LOG_LEVEL"] ?? "info"

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: "newswire-broker")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        var configuration = BrokerConfiguration(
            endpoint: bind, dataDirectory: dataDirectory, heartbeatInterval: heartbeat, heartbeatLiveness: liveness,
            maxMessageBytes: maxMessageBytes, curveSecretKey: curveSecret, allowedClientKeys: curveAllow, adminKeys: adminKeys,
            extraQueues: queues.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
            maxCredit: maxCredit, maxTotalBytes: try byteCount(maxTotalBytes), maxFrames: maxFrames,
            maxCommandBytes: try byteCount(maxCommandBytes), maxDeadLetters: maxDeadLetters, insecure: insecure,
            adminFromLoopback: !noLoopbackAdmin)
        if let defaults { configuration.defaultPolicy = try configuration.defaultPolicy.applying(defaults) }
        for spec in queueSpecs {
            guard let colon = spec.firstIndex(of: ":") else {
                throw ValidationError("--queue expects NAME:key=value,..., got '\(spec)'")
            }
            let name = String(spec[..<colon])
            configuration.policies[name] = try configuration.policy(for: name).applying(String(spec[spec.index(after: colon)...]))
        }
        do {
            try configuration.validate()
        } catch {
            throw ValidationError("\(error)")
        }
        metrics.bootstrap()  // before the broker creates its metrics
        let brokerService = BrokerService(configuration: configuration, logger: logger)
        let service = TrackedService(brokerService)
        // /health: 200 while the broker loop runs (store loaded, socket bound, not
        // returned or failed, went round in the last 30 s) and its store can still be written.
        let store = WritableStore(directory: dataDirectory, files: ["broker.sqlite", "broker.sqlite-wal", "broker.sqlite-shm"])
        let metricsServer = metrics.makeServer(logger: logger) { [broker = brokerService.broker] in
            service.isRunning && broker.endpoint != nil && (broker.secondsSinceLoop ?? .infinity) < 30
                && store.isWritable()
        }
        let group = ServiceGroup(
            configuration: .init(services: (metricsServer.map { [$0] } ?? []) + [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// `64M` and the like, with the suffixes queue settings take.
private func byteCount(_ text: String) throws -> Int {
    guard let value = try? QueuePolicy().applying("bytes=\(text)").maxBytes, value > 0 else {
        throw ValidationError("expected a byte count such as 512M or 2G, got '\(text)'")
    }
    return value
}
