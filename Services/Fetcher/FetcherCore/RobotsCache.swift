import Foundation

/// robots.txt per origin, fetched once and kept for a while, so a feed of
/// 200 articles on one host costs one robots.txt request, not 200.
/// Concurrent lookups of the same origin share one download; a waiter that
/// is cancelled (its fetch timed out) stops waiting at once.
///
/// Bounded: at most `capacity` origins, the least recently used dropped
/// first, so a crawl over millions of hosts does not grow it forever. An
/// unreachable robots.txt is remembered too, for `failureTTL`: RFC 9309
/// (2.3.1.4) reads it as "disallow all" for a while, and remembering it
/// keeps every job of a dead host from paying the timeout again.
public actor RobotsCache {
    public typealias Loader = @Sendable (_ origin: String) async throws -> RobotsTxt

    private struct Entry {
        var task: Task<RobotsTxt, any Error>
        var expires: Date
        var lastUsed: UInt64
        let generation: UInt64
    }

    private var entries: [String: Entry] = [:]
    private var clock: UInt64 = 0
    private let ttl: Double
    private let failureTTL: Double
    private let capacity: Int
    private let loader: Loader

    public init(ttlSeconds: Double, failureTTLSeconds: Double = 60, capacity: Int = 10_000, loader: @escaping Loader) {
        self.ttl = ttlSeconds
        self.failureTTL = failureTTLSeconds
        self.capacity = max(1, capacity)
        self.loader = loader
    }

    /// The robots.txt of `origin` (`https://host:port`). A failed download
    /// throws its error to every lookup until `failureTTL` has passed.
    public func robots(for origin: String, now: Date = Date()) async throws -> RobotsTxt {
        clock += 1
        if var entry = entries[origin], entry.expires > now {
            entry.lastUsed = clock
            entries[origin] = entry
            return try await Deadline.value(of: entry.task)
        }
        let loader = self.loader
        let generation = clock
        // The failure is recorded before the task ends, so no lookup that
        // sees the failure can find it remembered for the full TTL.
        let task = Task {
            do {
                return try await loader(origin)
            } catch {
                self.rememberFailure(origin, generation: generation)
                throw error
            }
        }
        entries[origin] = Entry(task: task, expires: now.addingTimeInterval(ttl), lastUsed: clock, generation: generation)
        evictIfFull(now: now)
        return try await Deadline.value(of: task)
    }

    public var cachedOrigins: [String] { Array(entries.keys) }

    /// A failed download is kept only for `failureTTL`, counted from when it failed.
    private func rememberFailure(_ origin: String, generation: UInt64) {
        guard let entry = entries[origin], entry.generation == generation else { return }
        entries[origin]?.expires = min(entry.expires, Date().addingTimeInterval(failureTTL))
    }

    /// Drops expired entries, then the least recently used, down to 90% of
    /// the capacity (so eviction is paid once per many insertions).
    private func evictIfFull(now: Date) {
        guard entries.count > capacity else { return }
        entries = entries.filter { $0.value.expires > now }
        let target = max(1, capacity * 9 / 10)
        guard entries.count > target else { return }
        let oldest = entries.sorted { $0.value.lastUsed < $1.value.lastUsed }.prefix(entries.count - target)
        for (origin, _) in oldest { entries[origin] = nil }
    }
}
