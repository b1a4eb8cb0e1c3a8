#if canImport(Glibc)
import Glibc
#endif

/// A non-blocking pipe that other threads write to in order to wake a thread
/// blocked in `Poller.poll`, so a socket owner can be handed work without
/// spinning.
public final class WakeupPipe: @unchecked Sendable {
    /// Poll this end.
    public let fileDescriptor: Int32
    private let writeEnd: Int32

    public init() throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw ZMQError(code: errno, operation: "pipe") }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        fileDescriptor = fds[0]
        writeEnd = fds[1]
    }

    deinit {
        Glibc.close(fileDescriptor)
        Glibc.close(writeEnd)
    }

    /// Thread-safe: wakes the poller. A full pipe already means "wake up".
    public func signal() {
        var one: UInt8 = 1
        _ = Glibc.write(writeEnd, &one, 1)
    }

    /// Clears pending signals; call after the poller reports it readable.
    public func drain() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while Glibc.read(fileDescriptor, &buffer, buffer.count) > 0 {}
    }
}
