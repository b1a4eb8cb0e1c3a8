import Foundation

/// A connected worker as the broker sees it: its queue, its credit and the
/// jobs it holds.
final class WorkerState {
    let identity: Data
    var name: String
    var queue: String
    var credit: Int
    var inFlight: [String: Job] = [:]
    var lastSeen: Double
    var draining = false

    init(identity: Data, name: String, queue: String, credit: Int, now: Double) {
        self.identity = identity
        self.name = name
        self.queue = queue
        self.credit = credit
        self.lastSeen = now
    }

    var hasCredit: Bool { !draining && inFlight.count < credit }
}
