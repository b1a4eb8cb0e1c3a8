import Foundation
import Shared

/// Passes every message on to another queue, optionally failing or taking
/// time: the stage of broker tests, benchmarks and `newswire relay`.
///
/// Its output is the input's payload and bodies under a derived id, plus a
/// note recording when and where the job ran, so tests can check overlap
/// and spacing per key.
public struct RelayStage: Stage {
    public enum Mode: String, Sendable, CaseIterable {
        /// Forward everything.
        case pass
        /// Throw a transient error every time (dead-letter tests).
        case fail
        /// Throw a permanent error every time.
        case reject
    }

    public let inputQueue: String
    public let outputQueue: String
    public let mode: Mode
    public let workMilliseconds: Int
    public let producer: String

    public init(inputQueue: String, outputQueue: String, mode: Mode = .pass, workMilliseconds: Int = 0, producer: String) {
        self.inputQueue = inputQueue
        self.outputQueue = outputQueue
        self.mode = mode
        self.workMilliseconds = workMilliseconds
        self.producer = producer
    }

    /// What a relay adds to each output: where and when the job ran.
    public struct RunNote: Codable, Sendable {
        public var input: String
        public var key: String?
        public var worker: String
        public var started: Double
        public var finished: Double
        public var attempt: Int
    }

    public func process(_ message: Message) async throws -> [StageOutput] {
        let started = Date().timeIntervalSince1970
        switch mode {
        case .fail: throw StageError.transient("relay configured to fail")
        case .reject: throw StageError.permanent("relay configured to reject")
        case .pass: break
        }
        if workMilliseconds > 0 { try await Task.sleep(for: .milliseconds(workMilliseconds)) }
        var envelope = message.envelope.derived(kind: message.envelope.kind, index: 0, producer: producer, key: message.envelope.key)
        envelope.kind = message.envelope.kind
        let note = RunNote(
            input: message.envelope.id, key: message.envelope.key, worker: producer, started: started,
            finished: Date().timeIntervalSince1970, attempt: message.envelope.attempt)
        // The note rides as an extra trailing frame so payload frames stay byte-identical.
        let frames = message.frames + [try WireJSON.encoder.encode(note)]
        return [StageOutput(queue: outputQueue, message: Message(envelope: envelope, frames: frames))]
    }
}

/// Appends every message to a JSON Lines recording and produces nothing:
/// `newswire record`.
public final class RecordStage: Stage, @unchecked Sendable {
    public let inputQueue: String
    private let handle: FileHandle
    private let lock = NSLock()
    private var written = 0
    private let onWrite: @Sendable (Int) -> Void

    public init(queue: String, path: String, onWrite: @escaping @Sendable (Int) -> Void = { _ in }) throws {
        inputQueue = queue
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw StageError.permanent("cannot open \(path) for writing")
        }
        handle.seekToEndOfFile()
        self.handle = handle
        self.onWrite = onWrite
    }

    public func process(_ message: Message) async throws -> [StageOutput] {
        let line = try Recording.encodeLine(RecordedMessage(queue: inputQueue, message: message))
        let count = lock.withLock { () -> Int in
            handle.write(line)
            written += 1
            return written
        }
        onWrite(count)
        return []
    }

    public func close() { lock.withLock { try? handle.synchronize(); try? handle.close() } }
}
