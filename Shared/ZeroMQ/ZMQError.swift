import CZMQ

/// A failed libzmq call: the errno it left, what we were doing, and where.
///
/// Kept as a struct (not an enum of codes) so logs and error replies always
/// say which operation on which endpoint failed.
public struct ZMQError: Error, Equatable, CustomStringConvertible {
    public var code: Int32
    public var operation: String
    public var endpoint: String?

    public init(code: Int32, operation: String, endpoint: String? = nil) {
        self.code = code
        self.operation = operation
        self.endpoint = endpoint
    }

    /// Captures the calling thread's `zmq_errno()`.
    static func last(_ operation: String, endpoint: String? = nil) -> ZMQError {
        ZMQError(code: zmq_errno(), operation: operation, endpoint: endpoint)
    }

    public var message: String { String(cString: zmq_strerror(code)) }

    public var description: String {
        if let endpoint { return "\(operation) \(endpoint): \(message) (errno \(code))" }
        return "\(operation): \(message) (errno \(code))"
    }

    /// The call would have blocked (non-blocking send/receive).
    public var isWouldBlock: Bool { code == EAGAIN }
    /// The context was terminated under us: the owner should close and return.
    public var isTerminated: Bool { code == ETERM }
    public var isInterrupted: Bool { code == EINTR }
}
