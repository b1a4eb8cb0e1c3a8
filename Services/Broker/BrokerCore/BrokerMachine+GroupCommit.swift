import Foundation

// The pipelined group commit: the broker's thread seals what it has handled
// into a batch, a commit thread makes the batch durable while the broker goes
// on reading, and the batch's replies leave once it is (PROTOCOL.md §9.1).
extension BrokerMachine {
    /// Queues a write of `job` (new, or its attempt changed) in the open
    /// batch; the job is not dispatched before that batch is durable.
    func save(_ job: Job) {
        job.savedIn = openBatch
        store.add(.put(JobRecord(job)))
    }

    /// Closes the open batch: its store operations and the replies that
    /// acknowledge them, to be written by `CommitBatch.write` (on any thread)
    /// and then passed to `committed`. Nil when there is nothing to send or
    /// write. Call it only when no earlier batch is still being written, so
    /// that replies never overtake the writes they acknowledge.
    public func sealBatch() -> CommitBatch? {
        let pending = store.takePending()
        let replies = outbox.replies
        outbox.replies = []
        guard pending != nil || !replies.isEmpty else { return nil }
        let batch = CommitBatch(number: openBatch, store: store, pending: pending, replies: replies)
        openBatch += 1
        return batch
    }

    /// A sealed batch is durable: its jobs may be dispatched. The caller sends
    /// `batch.replies` now.
    public func committed(_ batch: CommitBatch) {
        committedBatch = max(committedBatch, batch.number)
        noteEvicted(batch.evicted)
    }

    /// Takes what may be sent at any time (heartbeats, JOBs), leaving the
    /// replies for the batch that acknowledges them.
    public func takeImmediateSends() -> Outbox {
        var immediate = Outbox()
        swap(&immediate.sends, &outbox.sends)
        swap(&immediate.dispatches, &outbox.dispatches)
        return immediate
    }
}

/// One group commit in flight: store operations and the replies that may be
/// sent once they are durable. Created and finished on the broker's thread,
/// written on the commit thread; `@unchecked Sendable` because it is handed
/// over whole (its operations are values, and the store serializes writes).
public final class CommitBatch: @unchecked Sendable {
    public let number: Int64
    /// ACK, NACK, ACKJOB, REPLY...: send only after `write()` returned.
    public let replies: [[Data]]
    private let pending: BrokerStore.PendingWrite?
    private let store: BrokerStore
    /// Oldest dead letters evicted by the write, to keep the bound.
    private(set) var evicted = 0

    init(number: Int64, store: BrokerStore, pending: BrokerStore.PendingWrite?, replies: [[Data]]) {
        self.number = number
        self.store = store
        self.pending = pending
        self.replies = replies
    }

    /// Nothing to write: the replies may go as soon as earlier batches are durable.
    public var writesNothing: Bool { pending == nil }

    /// Appends and fsyncs the bodies, then commits the job changes, after any
    /// batch sealed earlier. Blocking.
    public func write() throws {
        guard let pending else { return }
        evicted = try store.write(pending)
    }
}
