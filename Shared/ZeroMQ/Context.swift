import CZMQ

/// A libzmq context: owns the I/O threads. Thread-safe, unlike sockets.
///
/// Close every socket (with a short LINGER) before `terminate()`: terminate
/// blocks until all sockets are closed. Not closed in `deinit`, so the owner
/// decides when blocking is acceptable.
public final class Context: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer
    private var terminated = false

    public init(ioThreads: Int32 = 1) throws {
        guard let handle = zmq_ctx_new() else { throw ZMQError.last("zmq_ctx_new") }
        self.handle = handle
        if zmq_ctx_set(handle, ZMQ_IO_THREADS, ioThreads) != 0 {
            zmq_ctx_term(handle)
            throw ZMQError.last("zmq_ctx_set(ZMQ_IO_THREADS)")
        }
    }

    public func makeSocket(_ type: SocketType) throws -> Socket {
        try Socket(context: self, type: type)
    }

    /// Waits for every socket of this context to be closed, then frees it.
    public func terminate() {
        guard !terminated else { return }
        terminated = true
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }

    /// Makes blocking calls in other threads fail with ETERM so their owners
    /// close their sockets; `terminate()` still has to be called.
    public func shutdown() {
        zmq_ctx_shutdown(handle)
    }

    /// CURVE keypair (Z85 text, 40 characters each) for `newswire keygen`.
    public static func curveKeyPair() throws -> (publicKey: String, secretKey: String) {
        var pub = [CChar](repeating: 0, count: 41)
        var sec = [CChar](repeating: 0, count: 41)
        guard zmq_curve_keypair(&pub, &sec) == 0 else { throw ZMQError.last("zmq_curve_keypair") }
        return (String(cString: pub), String(cString: sec))
    }

    public static var version: (major: Int32, minor: Int32, patch: Int32) {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return (major, minor, patch)
    }
}

/// The classic socket types (draft types are not in Debian's libzmq).
public enum SocketType: Sendable {
    case pair, pub, sub, req, rep, dealer, router, pull, push, xpub, xsub

    var raw: Int32 {
        switch self {
        case .pair: ZMQ_PAIR
        case .pub: ZMQ_PUB
        case .sub: ZMQ_SUB
        case .req: ZMQ_REQ
        case .rep: ZMQ_REP
        case .dealer: ZMQ_DEALER
        case .router: ZMQ_ROUTER
        case .pull: ZMQ_PULL
        case .push: ZMQ_PUSH
        case .xpub: ZMQ_XPUB
        case .xsub: ZMQ_XSUB
        }
    }
}

/// libzmq's built-in forwarder, for benchmarks that compare the broker with a
/// plain proxy hop. Blocks until the context is shut down.
public enum Proxy {
    public static func run(frontend: Socket, backend: Socket) {
        _ = zmq_proxy(frontend.handle, backend.handle, nil)
    }
}

/// Z85, the text form of CURVE keys (ZeroMQ RFC 32).
public enum Z85 {
    /// Encodes bytes whose count is a multiple of 4 (a 32-byte key gives 40 characters).
    public static func encode(_ bytes: [UInt8]) -> String? {
        guard bytes.count % 4 == 0 else { return nil }
        var text = [CChar](repeating: 0, count: bytes.count * 5 / 4 + 1)
        guard zmq_z85_encode(&text, bytes, bytes.count) != nil else { return nil }
        return String(cString: text)
    }
}
