import Foundation
import Logging
import Observability
import Prometheus
import ServiceLifecycle
import Synchronization
import Testing
import TestSupport

/// A `MetricsServer` on an ephemeral 127.0.0.1 port inside a ServiceGroup,
/// stopped the way a service is: graceful shutdown.
struct RunningServer {
    let server: MetricsServer
    let group: ServiceGroup
    let task: Task<Void, any Error>

    var port: Int { server.port ?? 0 }

    static func start(registry: PrometheusCollectorRegistry, health: @escaping @Sendable () -> Bool = { true }) async throws -> RunningServer {
        var logger = Logger(label: "metrics-test")
        logger.logLevel = .error
        let server = MetricsServer(configuration: .init(host: "127.0.0.1", port: 0), registry: registry, health: health, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [server], logger: logger))
        let task = Task { try await group.run() }
        guard await eventually(timeout: 10, { server.port != nil }) else {
            task.cancel()
            throw HTTPProbe.ProbeError(description: "metrics server did not bind")
        }
        return RunningServer(server: server, group: group, task: task)
    }

    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }
}

@Suite struct MetricsServerTests {
    @Test func metricsMoveWhenWorkIsRecorded() async throws {
        let registry = PrometheusCollectorRegistry()
        let metrics = WorkerMetrics(stage: "parse", factory: MetricsBootstrap.factory(registry: registry))
        let running = try await RunningServer.start(registry: registry)

        let before = try await HTTPProbe.get(port: running.port, "/metrics")
        #expect(before.status == 200)
        #expect(before.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(sample(before.body, #"newswire_jobs_processed_total{stage="parse"}"#) == 0)
        #expect(sample(before.body, #"newswire_worker_in_flight{stage="parse"}"#) == 0)

        for i in 0..<5 {
            metrics.jobStarted()
            if i == 4 { metrics.jobFailed(permanent: true) } else { metrics.jobSucceeded() }
            metrics.jobFinished(after: .milliseconds(3))
        }
        metrics.jobStarted()  // one still running
        metrics.jobStarted()
        metrics.jobFailed(permanent: false)
        metrics.jobFinished(after: .seconds(2))

        let after = try await HTTPProbe.get(port: running.port, "/metrics")
        #expect(sample(after.body, #"newswire_jobs_processed_total{stage="parse"}"#) == 4)
        #expect(sample(after.body, #"newswire_jobs_failed_total{stage="parse",kind="permanent"}"#) == 1)
        #expect(sample(after.body, #"newswire_jobs_failed_total{stage="parse",kind="transient"}"#) == 1)
        #expect(sample(after.body, #"newswire_worker_in_flight{stage="parse"}"#) == 1)
        #expect(sample(after.body, #"newswire_job_duration_seconds_count{stage="parse"}"#) == 6)
        // 3 ms jobs land in the 5 ms bucket, the 2 s one only from 2.5 s on.
        #expect(sample(after.body, #"newswire_job_duration_seconds_bucket{stage="parse",le="0.005"}"#) == 5)
        #expect(sample(after.body, #"newswire_job_duration_seconds_bucket{stage="parse",le="1.0"}"#) == 5)
        #expect(sample(after.body, #"newswire_job_duration_seconds_bucket{stage="parse",le="2.5"}"#) == 6)
        let sum = try #require(sample(after.body, #"newswire_job_duration_seconds_sum{stage="parse"}"#))
        #expect(abs(sum - 2.015) < 1e-6)
        try await running.stop()
    }

    @Test func healthFollowsItsClosure() async throws {
        let healthy = Atomic<Bool>(true)
        let running = try await RunningServer.start(registry: PrometheusCollectorRegistry()) { healthy.load(ordering: .relaxed) }
        let ok = try await HTTPProbe.get(port: running.port, "/health")
        #expect(ok.status == 200)
        #expect(ok.body == "ok\n")
        healthy.store(false, ordering: .relaxed)
        #expect(try await HTTPProbe.get(port: running.port, "/health").status == 503)
        healthy.store(true, ordering: .relaxed)
        #expect(try await HTTPProbe.get(port: running.port, "/health?probe=compose").status == 200)
        try await running.stop()
    }

    @Test func unknownPathsAndMethodsAreRefused() async throws {
        let running = try await RunningServer.start(registry: PrometheusCollectorRegistry())
        #expect(try await HTTPProbe.get(port: running.port, "/").status == 404)
        #expect(try await HTTPProbe.get(port: running.port, "/metricsx").status == 404)
        #expect(try await HTTPProbe.get(port: running.port, "/admin/../metrics").status == 404)
        let post = try await HTTPProbe.get(port: running.port, "/metrics", method: "POST")
        #expect(post.status == 405)
        #expect(post.headers["allow"] == "GET, HEAD")
        let head = try await HTTPProbe.get(port: running.port, "/health", method: "HEAD")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        try await running.stop()
    }

    @Test func keepAliveServesSeveralRequestsOnOneConnection() async throws {
        let registry = PrometheusCollectorRegistry()
        let metrics = WorkerMetrics(stage: "enrich", factory: MetricsBootstrap.factory(registry: registry))
        let running = try await RunningServer.start(registry: registry)
        let connection = try await HTTPProbe.connect(port: running.port)
        for expected in 0..<3 {
            let response = try await connection.request("/metrics", keepAlive: true)
            #expect(response.headers["connection"] == "keep-alive")
            #expect(sample(response.body, #"newswire_jobs_processed_total{stage="enrich"}"#) == Double(expected))
            metrics.jobSucceeded()
        }
        #expect(try await connection.request("/health", keepAlive: true).status == 200)
        try await running.stop()
    }

    @Test func stopsCleanlyWithAnIdleConnectionOpen() async throws {
        let running = try await RunningServer.start(registry: PrometheusCollectorRegistry())
        let port = running.port
        let idle = try await HTTPProbe.connect(port: port)
        #expect(try await idle.request("/health", keepAlive: true).status == 200)
        try await running.stop()  // returns although a scraper still holds a connection
        #expect(running.server.port == nil)
        #expect(await idle.isClosedByPeer())
        await #expect(throws: HTTPProbe.ProbeError.self) { try await HTTPProbe.connect(port: port) }
    }

    @Test func optionsAreOffUnlessAPortIsGiven() throws {
        var logger = Logger(label: "metrics-test")
        logger.logLevel = .error
        let off = try MetricsOptions.parse([])
        if ProcessInfo.processInfo.environment["NEWSWIRE_METRICS_PORT"] == nil {
            #expect(off.port == 0)
            #expect(off.makeServer(logger: logger) == nil)
        }
        let parsed = try MetricsOptions.parse(["--metrics-port", "9464", "--metrics-host", "0.0.0.0"])
        #expect(parsed.port == 9464)
        #expect(parsed.host == "0.0.0.0")
        #expect(throws: (any Error).self) { try MetricsOptions.parse(["--metrics-port", "70000"]) }
    }
}
