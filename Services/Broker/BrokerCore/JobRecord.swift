import Foundation

/// A job's fields as one store write records them, copied when the write is
/// queued: the write may run on the commit thread while the broker's thread
/// goes on changing the `Job` (a retry raises its attempt), so the store
/// never reads a `Job` itself.
struct JobRecord {
    var handle: String
    var id: String
    var seq: Int64
    var queue: String
    var key: String?
    var kind: String
    var attempt: Int
    var notBefore: Double
    var header: Data
    var bodies: [Data]
    var lastError: String?

    init(_ job: Job) {
        handle = job.handle
        id = job.id
        seq = job.seq
        queue = job.queue
        key = job.envelope.key
        kind = job.envelope.kind.rawValue
        attempt = job.attempt
        notBefore = job.notBefore
        header = job.header
        bodies = job.bodies
        lastError = job.lastError
    }
}
