import Foundation
import Logging
import Observability
import PipelineRuntime
import Prometheus
import ServiceLifecycle
import Shared
import Testing
import TestSupport

/// Passes every message except each fifth, which it rejects for good.
private struct EveryFifthFails: Stage {
    let inputQueue: String
    func process(_ message: Message) async throws -> [StageOutput] {
        let index = Int(message.envelope.id.split(separator: "-").last ?? "") ?? 0
        if index % 5 == 0 { throw StageError.permanent("message \(index) is every fifth") }
        return []
    }
}

/// The real `newswire-broker` with `--metrics-port`, fed over ZeroMQ and
/// scraped over HTTP, with a real worker whose metrics go to a private registry.
@Suite(.serialized) struct ServiceMetricsEndToEndTests {
    @Test func brokerAndWorkerMetricsMoveWhenWorkFlows() async throws {
        let h = try ProcessHarness(name: "metrics")
        let endpoint = ProcessHarness.endpoint()
        let metricsPort = ProcessHarness.freePort()
        let broker = try h.startBroker(endpoint: endpoint, extra: ["--metrics-port", "\(metricsPort)"])
        defer { if broker.isRunning { ProcessHarness.kill9(broker) } }
        let healthy = await eventually(timeout: 30) { (try? await HTTPProbe.get(port: metricsPort, "/health"))?.status == 200 }
        #expect(healthy, "broker log: \(h.log("broker.log"))")

        let queue = "obs-in"
        let client = try BrokerClient(endpoint: endpoint)
        let summary = try await client.publish(try rawMessages(25, prefix: "obs"), to: queue)
        #expect(summary.stored == 25)

        var text = ""
        #expect(await eventually(timeout: 15) {
            text = (try? await HTTPProbe.get(port: metricsPort, "/metrics").body) ?? ""
            return sample(text, #"newswire_broker_queue_depth{queue="obs-in"}"#) == 25
        }, "last scrape: \(text)")
        #expect(sample(text, #"newswire_broker_published_total{queue="obs-in"}"#) == 25)
        #expect(sample(text, #"newswire_broker_in_flight{queue="obs-in"}"#) == 0)
        #expect(sample(text, #"newswire_broker_workers{queue="obs-in"}"#) == 0)

        // A real worker drains the queue; its metrics go to a registry of the test's own.
        let registry = PrometheusCollectorRegistry()
        let workerMetrics = WorkerMetrics(stage: queue, factory: MetricsBootstrap.factory(registry: registry))
        var logger = Logger(label: "metrics-worker")
        logger.logLevel = .error
        let worker = Worker(
            stage: EveryFifthFails(inputQueue: queue),
            configuration: .init(link: .init(endpoint: endpoint, heartbeatInterval: 0.5), concurrency: 4, name: "obs-worker"),
            logger: logger, metrics: workerMetrics)
        let group = ServiceGroup(configuration: .init(services: [worker], logger: logger))
        let running = Task { try await group.run() }

        #expect(await eventually(timeout: 30) {
            text = (try? await HTTPProbe.get(port: metricsPort, "/metrics").body) ?? ""
            return sample(text, #"newswire_broker_completed_total{queue="obs-in"}"#) == 20
                && sample(text, #"newswire_broker_dead_letters_total{queue="obs-in"}"#) == 5
        }, "last scrape: \(text)")
        #expect(sample(text, #"newswire_broker_queue_depth{queue="obs-in"}"#) == 0)
        #expect(sample(text, #"newswire_broker_workers{queue="obs-in"}"#) == 1)

        let workerText = registry.emitToString()
        #expect(sample(workerText, #"newswire_jobs_processed_total{stage="obs-in"}"#) == 20)
        #expect(sample(workerText, #"newswire_jobs_failed_total{stage="obs-in",kind="permanent"}"#) == 5)
        #expect(sample(workerText, #"newswire_jobs_failed_total{stage="obs-in",kind="transient"}"#) == 0)
        #expect(sample(workerText, #"newswire_job_duration_seconds_count{stage="obs-in"}"#) == 25)
        #expect(sample(workerText, #"newswire_worker_in_flight{stage="obs-in"}"#) == 0)

        await group.triggerGracefulShutdown()
        try await running.value
        await client.close()
        #expect(ProcessHarness.terminate(broker) == 0)
        await #expect(throws: HTTPProbe.ProbeError.self) { try await HTTPProbe.connect(port: metricsPort) }
    }
}
