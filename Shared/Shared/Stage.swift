import Foundation

/// A pipeline stage: one job in, zero or more outputs out.
///
/// Stages know nothing of sockets; `PipelineRuntime` connects them to the
/// broker. Zero outputs means the job is done and filtered. Throwing fails the
/// attempt: the broker retries with backoff, then dead-letters the job with
/// the error's description. Throw `StageError.permanent` for input that can
/// never succeed (garbage, unsupported content), so it is dead-lettered at once.
public protocol Stage: Sendable {
    /// The queue this stage consumes.
    var inputQueue: String { get }
    func process(_ message: Message) async throws -> [StageOutput]
}

/// One output of a job: a message for a named queue.
public struct StageOutput: Sendable, Equatable {
    public var queue: String
    public var message: Message
    public init(queue: String, message: Message) {
        self.queue = queue
        self.message = message
    }
}

/// Errors a stage throws to tell the runtime how to treat a failure.
public enum StageError: Error, CustomStringConvertible {
    /// Retrying will not help (malformed input, unsupported content).
    case permanent(String)
    /// Worth retrying later (network timeout, 503).
    case transient(String)

    public var description: String {
        switch self {
        case .permanent(let why): "permanent: \(why)"
        case .transient(let why): "transient: \(why)"
        }
    }

    public var isPermanent: Bool {
        if case .permanent = self { return true }
        return false
    }
}
