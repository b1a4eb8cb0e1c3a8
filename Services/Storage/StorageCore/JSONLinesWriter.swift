import Foundation

/// Buffers export lines into large writes to a file handle (stdout for
/// `export --jsonl`), so a big export is neither held in memory nor written
/// a syscall per article.
public final class JSONLinesWriter: @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()
    private var buffer = Data()
    private let flushThreshold: Int

    public init(handle: FileHandle, flushThreshold: Int = 256 * 1024) {
        self.handle = handle
        self.flushThreshold = flushThreshold
    }

    public func write(_ line: Data) throws {
        try lock.withLock {
            buffer.append(line)
            if buffer.count >= flushThreshold { try flushLocked() }
        }
    }

    public func flush() throws {
        try lock.withLock { try flushLocked() }
    }

    private func flushLocked() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
