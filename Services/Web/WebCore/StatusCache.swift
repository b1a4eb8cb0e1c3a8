import Foundation
import Shared

/// The broker's status for many browsers at once: one question to the broker
/// at a time (a broker client's calls must not overlap), and one answer,
/// good or bad, shared for `maximumAge` seconds, so a page of status strips
/// polling every second costs the broker one request a second.
public actor StatusCache {
    private let fetch: @Sendable () async throws -> BrokerStatus
    private let maximumAge: TimeInterval
    private var last: (at: Date, result: Result<BrokerStatus, any Error>)?
    private var inFlight: Task<Result<BrokerStatus, any Error>, Never>?

    public init(maximumAge: TimeInterval = 1, fetch: @escaping @Sendable () async throws -> BrokerStatus) {
        self.fetch = fetch
        self.maximumAge = maximumAge
    }

    public func status() async throws -> BrokerStatus {
        if let last, Date().timeIntervalSince(last.at) < maximumAge { return try last.result.get() }
        let task: Task<Result<BrokerStatus, any Error>, Never>
        if let inFlight {
            task = inFlight
        } else {
            let fetch = fetch
            task = Task { do { return .success(try await fetch()) } catch { return .failure(error) } }
            inFlight = task
        }
        let result = await task.value
        if inFlight == task {
            inFlight = nil
            last = (Date(), result)
        }
        return try result.get()
    }
}
