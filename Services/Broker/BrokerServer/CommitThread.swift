import BrokerCore
import Foundation
import ZeroMQ

/// Writes the broker's group commits on a thread of its own, one batch at a
/// time, so that the reactor goes on reading and handling commands while a
/// batch's fsyncs run (measured: a synchronous commit kept the reactor off
/// its socket for about half of its time, docs/OPERATIONS.md). The reactor
/// polls `wakeup` to learn that a batch is done.
final class CommitThread: @unchecked Sendable {
    private let condition = NSCondition()
    private var waiting: CommitBatch?
    private var finished: Result<CommitBatch, any Error>?
    private var stopping = false
    /// Readable once a batch is finished.
    let wakeup: WakeupPipe

    init() throws {
        wakeup = try WakeupPipe()
        let thread = Thread { [self] in loop() }
        thread.name = "newswire-commit"
        thread.start()
    }

    /// True from `start` until `takeFinished` returned the batch.
    private(set) var isBusy = false

    /// Hands a batch over; only when not busy (one batch at a time keeps
    /// commits, and so acknowledgements, in order).
    func start(_ batch: CommitBatch) {
        precondition(!isBusy, "one group commit at a time")
        isBusy = true
        condition.withLock {
            waiting = batch
            condition.signal()
        }
    }

    /// The batch written, or the write's error; nil while it runs.
    func takeFinished() -> Result<CommitBatch, any Error>? {
        let result = condition.withLock { () -> Result<CommitBatch, any Error>? in
            defer { finished = nil }
            return finished
        }
        if result != nil { isBusy = false }
        return result
    }

    /// Blocks until the batch in flight is finished.
    func waitFinished() -> Result<CommitBatch, any Error>? {
        guard isBusy else { return nil }
        condition.withLock {
            while finished == nil { condition.wait() }
        }
        return takeFinished()
    }

    /// Ends the thread once the batch in flight (if any) is written.
    func stop() {
        condition.withLock {
            stopping = true
            condition.broadcast()
        }
    }

    private func loop() {
        while true {
            let batch = condition.withLock { () -> CommitBatch? in
                while waiting == nil && !stopping { condition.wait() }
                defer { waiting = nil }
                return waiting
            }
            guard let batch else { return }
            let result = Result<CommitBatch, any Error> { try batch.write(); return batch }
            condition.withLock {
                finished = result
                condition.broadcast()
            }
            wakeup.signal()
        }
    }
}
