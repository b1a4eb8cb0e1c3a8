import MetricsTestKit
import Observability
import Testing

/// The broker hands its own running totals over once a second: gauges take
/// the last value, counters must advance by the difference only.
@Suite struct BrokerMetricsTests {
    private func sample(_ queue: String, depth: Int = 0, inFlight: Int = 0, workers: Int = 0,
                        published: Int = 0, completed: Int = 0, failed: Int = 0, dead: Int = 0) -> BrokerMetrics.QueueSample {
        .init(queue: queue, depth: depth, delayed: depth / 2, inFlight: inFlight, workers: workers,
              published: published, completed: completed, failed: failed, deadLettered: dead)
    }

    @Test func gaugesTakeTheLastValueAndCountersTheDifference() throws {
        let factory = TestMetrics()
        let metrics = BrokerMetrics(factory: factory)
        metrics.record([sample("parse", depth: 10, inFlight: 4, workers: 2, published: 14, completed: 0),
                        sample("fetch", depth: 1, published: 1)])
        metrics.record([sample("parse", depth: 3, inFlight: 4, workers: 2, published: 14, completed: 7, failed: 2, dead: 1)])
        metrics.record([sample("parse", depth: 0, inFlight: 1, workers: 1, published: 20, completed: 19, failed: 2, dead: 1)])

        let parse = [("queue", "parse")]
        #expect(try factory.expectGauge(BrokerMetrics.Name.depth, parse).lastValue == 0)
        #expect(try factory.expectGauge(BrokerMetrics.Name.depth, parse).values == [10, 3, 0])
        #expect(try factory.expectGauge(BrokerMetrics.Name.delayed, parse).values == [5, 1, 0])
        #expect(try factory.expectGauge(BrokerMetrics.Name.inFlight, parse).lastValue == 1)
        #expect(try factory.expectGauge(BrokerMetrics.Name.workers, parse).lastValue == 1)
        let published = try factory.expectCounter(BrokerMetrics.Name.published, parse)
        #expect(published.totalValue == 20)
        #expect(published.values == [14, 6])  // nothing added while the total stood still
        #expect(try factory.expectCounter(BrokerMetrics.Name.completed, parse).totalValue == 19)
        #expect(try factory.expectCounter(BrokerMetrics.Name.failed, parse).totalValue == 2)
        #expect(try factory.expectCounter(BrokerMetrics.Name.deadLetters, parse).totalValue == 1)
        #expect(try factory.expectGauge(BrokerMetrics.Name.depth, [("queue", "fetch")]).lastValue == 1)
        #expect(try factory.expectCounter(BrokerMetrics.Name.published, [("queue", "fetch")]).totalValue == 1)
    }

    @Test func aCountThatGoesDownNeverMovesACounterBack() throws {
        let factory = TestMetrics()
        let metrics = BrokerMetrics(factory: factory)
        metrics.record([sample("store", completed: 5)])
        metrics.record([sample("store", completed: 2)])
        metrics.record([sample("store", completed: 4)])
        let completed = try factory.expectCounter(BrokerMetrics.Name.completed, [("queue", "store")])
        #expect(completed.values == [5, 2])
        #expect(completed.totalValue == 7)
    }

    @Test func queueLabelsAreBounded() {
        let factory = TestMetrics()
        let metrics = BrokerMetrics(factory: factory)
        metrics.record((0..<(BrokerMetrics.maxQueues + 50)).map { sample("q\($0)", depth: 1) })
        #expect(factory.recorders(label: BrokerMetrics.Name.depth).count == BrokerMetrics.maxQueues)
        // Queues already known keep being updated.
        metrics.record([sample("q0", depth: 9)])
        #expect(factory.recorders(label: BrokerMetrics.Name.depth, dimensions: [("queue", "q0")]).first?.lastValue == 9)
    }
}
