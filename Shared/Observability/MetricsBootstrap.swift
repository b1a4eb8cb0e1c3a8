import CoreMetrics
import Prometheus
import Synchronization

/// Points swift-metrics at one Prometheus registry for the whole process.
///
/// `MetricsSystem.bootstrap` may run once per process and metrics capture the
/// factory when they are created, so executables call `prometheus()` before
/// building their services; later calls return the same registry. Tests never
/// call it: they hand a factory over a registry of their own to the recording
/// types instead.
public enum MetricsBootstrap {
    private static let registry = Mutex<PrometheusCollectorRegistry?>(nil)

    /// Histogram buckets for job durations: a parse takes about a millisecond,
    /// a slow fetch tens of seconds, so the default 5 ms-10 s range is widened.
    public static let jobDurationBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
    ]

    /// A factory over `registry` with Newswire's histogram buckets.
    public static func factory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[WorkerMetrics.Name.duration] = jobDurationBuckets
        return factory
    }

    /// Bootstraps swift-metrics with Prometheus (first call only) and returns
    /// the registry the `/metrics` endpoint serves.
    public static func prometheus() -> PrometheusCollectorRegistry {
        registry.withLock { current in
            if let current { return current }
            let created = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(factory(registry: created))
            current = created
            return created
        }
    }
}
