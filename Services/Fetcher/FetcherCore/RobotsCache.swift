import Foundation

/// robots.txt per origin, fetched once and kept for a while, so a feed of
/// 200 articles on one host costs one robots.txt request, not 200.
/// Concurrent lookups of the same origin share one download.
public actor RobotsCache {
    public typealias Loader = @Sendable (_ origin: String) async throws -> RobotsTxt

    private struct Entry {
        var task: Task<RobotsTxt, any Error>
        var expires: Date
    }

    private var entries: [String: Entry] = [:]
    private let ttl: Double
    private let loader: Loader

    public init(ttlSeconds: Double, loader: @escaping Loader) {
        self.ttl = ttlSeconds
        self.loader = loader
    }

    /// The robots.txt of `origin` (`https://host:port`). A failed download is
    /// not cached: the next lookup tries again.
    public func robots(for origin: String, now: Date = Date()) async throws -> RobotsTxt {
        if let entry = entries[origin], entry.expires > now {
            return try await entry.task.value
        }
        let loader = self.loader
        let task = Task { try await loader(origin) }
        entries[origin] = Entry(task: task, expires: now.addingTimeInterval(ttl))
        do {
            return try await task.value
        } catch {
            entries[origin] = nil
            throw error
        }
    }

    public var cachedOrigins: [String] { Array(entries.keys) }
}
