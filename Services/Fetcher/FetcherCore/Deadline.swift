import Foundation

/// Time limits that hold even when the awaited work ignores cancellation
/// (a body iterator blocked on a trickling server, a shared robots.txt
/// download): the caller gets its error on time and the work is cancelled.
enum Deadline {
    /// Runs `operation`, throwing `timeoutError` once `seconds` have passed
    /// (the operation is then cancelled and not waited for).
    static func run<T: Sendable>(
        seconds: Double, timeoutError: @escaping @Sendable () -> any Error,
        _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let work = Task { try await operation() }
        defer { work.cancel() }
        return try await value(of: work, timeout: seconds, timeoutError: timeoutError)
    }

    /// The task's value, or `CancellationError` as soon as the waiting task
    /// is cancelled (`Task.value` alone waits for the task however long).
    /// A cancelled waiter does not cancel `task`: others may share it.
    /// With a timeout, `timeoutError` is thrown once `timeout` seconds pass.
    static func value<T: Sendable>(
        of task: Task<T, any Error>, timeout: Double? = nil,
        timeoutError: @escaping @Sendable () -> any Error = { CancellationError() }
    ) async throws -> T {
        let once = ResumeOnce<T>()
        let timer = timeout.map { seconds in
            Task {
                try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1e9))
                once.resume(with: .failure(timeoutError()))
            }
        }
        defer { timer?.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                once.install(continuation)
                Task { once.resume(with: await task.result) }
            }
        } onCancel: {
            once.resume(with: .failure(CancellationError()))
        }
    }
}

/// A continuation resumed by whichever of two racers comes first.
private final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?
    private var early: Result<T, any Error>?
    private var done = false

    func install(_ continuation: CheckedContinuation<T, any Error>) {
        lock.lock()
        if let early {
            done = true
            lock.unlock()
            continuation.resume(with: early)
            return
        }
        self.continuation = continuation
        lock.unlock()
    }

    func resume(with result: Result<T, any Error>) {
        lock.lock()
        guard !done else { lock.unlock(); return }
        guard let continuation else {
            if early == nil { early = result }
            lock.unlock()
            return
        }
        done = true
        self.continuation = nil
        lock.unlock()
        continuation.resume(with: result)
    }
}
