import Foundation
import Shared

/// A message held by the broker: waiting, delayed or in flight.
///
/// A reference type so the queue structures, the worker's in-flight set and
/// the id index share one record; retired jobs are skipped lazily by the
/// structures that still point at them.
final class Job {
    enum State: Equatable {
        case ready
        case delayed
        case inFlight(worker: Data)
        case retired
    }

    /// The message id (the envelope's).
    let id: String
    /// What the broker and workers call the job: `queue/id`. The same message
    /// id may live in several queues (a recording replayed into two stages).
    let handle: String
    let seq: Int64
    var queue: String
    var envelope: Envelope
    private var cachedHeader: Data?
    var bodies: [Data]
    var attempt: Int
    /// Seconds since 1970; 0 = deliver now.
    var notBefore: Double
    var state: State = .ready
    var leaseDeadline: Double = 0
    /// The group commit that holds this job's latest write: it is dispatched
    /// only once that commit is durable (0: loaded from disk).
    var savedIn: Int64 = 0
    var lastError: String?

    var key: String { envelope.key ?? "" }
    var bytes: Int { bodies.reduce(0) { $0 + $1.count } + 256 }

    init(id: String, seq: Int64, queue: String, envelope: Envelope, header: Data?, bodies: [Data]) {
        self.id = id
        self.handle = queue + "/" + id
        self.seq = seq
        self.queue = queue
        self.envelope = envelope
        self.cachedHeader = header
        self.bodies = bodies
        self.attempt = max(1, envelope.attempt)
        self.notBefore = envelope.notBefore?.timeIntervalSince1970 ?? 0
    }

    /// The header as sent to workers, re-encoded only after `attempt` changed.
    var header: Data {
        if let cachedHeader, envelope.attempt == attempt { return cachedHeader }
        envelope.attempt = attempt
        let encoded = (try? WireJSON.encoder.encode(envelope)) ?? Data()
        cachedHeader = encoded
        return encoded
    }
}
