import CZMQ
import Foundation

/// One libzmq socket. Not thread-safe, so not `Sendable`: one owner (one
/// thread) uses it and closes it before the context terminates.
public final class Socket {
    let handle: UnsafeMutableRawPointer
    public let type: SocketType
    private var closed = false
    /// Reused receive buffer; a `zmq_msg_t` must never be copied bit for bit,
    /// so it lives on the heap for the socket's lifetime.
    let message: UnsafeMutablePointer<zmq_msg_t>
    /// The endpoint last bound or connected, for error messages.
    public private(set) var endpoint: String?

    init(context: Context, type: SocketType) throws {
        guard let handle = zmq_socket(context.handle, type.raw) else {
            throw ZMQError.last("zmq_socket")
        }
        self.handle = handle
        self.type = type
        self.message = .allocate(capacity: 1)
        // Never block context termination on unsent messages by default.
        try setOption(ZMQ_LINGER, Int32(0))
    }

    deinit {
        // The owner must have closed it; releasing our own buffer is all we do here.
        message.deallocate()
    }

    /// Closes the socket. Safe to call twice.
    public func close() {
        guard !closed else { return }
        closed = true
        zmq_close(handle)
    }

    public func bind(_ endpoint: String) throws {
        self.endpoint = endpoint
        guard zmq_bind(handle, endpoint) == 0 else { throw ZMQError.last("zmq_bind", endpoint: endpoint) }
    }

    public func connect(_ endpoint: String) throws {
        self.endpoint = endpoint
        guard zmq_connect(handle, endpoint) == 0 else { throw ZMQError.last("zmq_connect", endpoint: endpoint) }
    }

    public func disconnect(_ endpoint: String) throws {
        guard zmq_disconnect(handle, endpoint) == 0 else { throw ZMQError.last("zmq_disconnect", endpoint: endpoint) }
    }

    /// The endpoint actually bound (resolves `tcp://127.0.0.1:*` to its port).
    public func lastEndpoint() throws -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        var size = buffer.count
        guard zmq_getsockopt(handle, ZMQ_LAST_ENDPOINT, &buffer, &size) == 0 else {
            throw ZMQError.last("zmq_getsockopt(ZMQ_LAST_ENDPOINT)", endpoint: endpoint)
        }
        return String(cString: buffer)
    }

    // MARK: Sending

    /// Sends all frames as one multipart message. With `dontWait`, returns
    /// false instead of blocking when the peer's queue is full (HWM); libzmq
    /// sends multipart messages atomically, so only the first frame can say so.
    @discardableResult
    public func send(_ frames: [Data], dontWait: Bool = false) throws -> Bool {
        precondition(!frames.isEmpty, "a message has at least one frame")
        for (index, frame) in frames.enumerated() {
            var flags: Int32 = index < frames.count - 1 ? ZMQ_SNDMORE : 0
            if dontWait { flags |= ZMQ_DONTWAIT }
            while true {
                let rc = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
                if rc >= 0 { break }
                let error = ZMQError.last("zmq_send", endpoint: endpoint)
                if error.isInterrupted { continue }
                if error.isWouldBlock && index == 0 { return false }
                throw error
            }
        }
        return true
    }

    public func send(_ frames: [[UInt8]], dontWait: Bool = false) throws -> Bool {
        try send(frames.map { Data($0) }, dontWait: dontWait)
    }

    // MARK: Receiving

    /// Receives one whole multipart message; nil when `dontWait` and nothing
    /// is waiting, or when a receive timeout (ZMQ_RCVTIMEO) expires.
    public func receive(dontWait: Bool = false) throws -> [Data]? {
        try receive(dontWait: dontWait, keepFrames: .max, maxBytes: .max)?.frames
    }

    // MARK: Options

    func setOption(_ option: Int32, _ value: Int32) throws {
        var value = value
        guard zmq_setsockopt(handle, option, &value, MemoryLayout<Int32>.size) == 0 else {
            throw ZMQError.last("zmq_setsockopt(\(option))", endpoint: endpoint)
        }
    }

    func setOption(_ option: Int32, bytes: [UInt8]) throws {
        let rc = bytes.withUnsafeBytes { zmq_setsockopt(handle, option, $0.baseAddress, $0.count) }
        guard rc == 0 else { throw ZMQError.last("zmq_setsockopt(\(option))", endpoint: endpoint) }
    }

    func getOption(_ option: Int32) throws -> Int32 {
        var value: Int32 = 0
        var size = MemoryLayout<Int32>.size
        guard zmq_getsockopt(handle, option, &value, &size) == 0 else {
            throw ZMQError.last("zmq_getsockopt(\(option))", endpoint: endpoint)
        }
        return value
    }

    /// How long unsent messages may delay `close`, in milliseconds (-1 forever).
    public func setLinger(milliseconds: Int32) throws { try setOption(ZMQ_LINGER, milliseconds) }
    public func setSendHighWaterMark(_ messages: Int32) throws { try setOption(ZMQ_SNDHWM, messages) }
    public func setReceiveHighWaterMark(_ messages: Int32) throws { try setOption(ZMQ_RCVHWM, messages) }
    public func setReceiveTimeout(milliseconds: Int32) throws { try setOption(ZMQ_RCVTIMEO, milliseconds) }
    public func setSendTimeout(milliseconds: Int32) throws { try setOption(ZMQ_SNDTIMEO, milliseconds) }
    /// The identity a ROUTER peer sees for this socket.
    public func setRoutingID(_ id: [UInt8]) throws { try setOption(ZMQ_ROUTING_ID, bytes: id) }
    /// ROUTER: fail with EHOSTUNREACH instead of silently dropping messages to unknown peers.
    public func setRouterMandatory(_ on: Bool) throws { try setOption(ZMQ_ROUTER_MANDATORY, on ? 1 : 0) }
    /// Queue messages only to completed connections.
    public func setImmediate(_ on: Bool) throws { try setOption(ZMQ_IMMEDIATE, on ? 1 : 0) }
    /// Frames larger than this make libzmq drop the connection (-1 unlimited).
    public func setMaxMessageSize(_ bytes: Int64) throws {
        var value = bytes
        guard zmq_setsockopt(handle, ZMQ_MAXMSGSIZE, &value, MemoryLayout<Int64>.size) == 0 else {
            throw ZMQError.last("zmq_setsockopt(ZMQ_MAXMSGSIZE)", endpoint: endpoint)
        }
    }
    /// ZMTP-level heartbeats: detect dead TCP peers even when the app is idle.
    public func setHeartbeat(intervalMs: Int32, timeoutMs: Int32, ttlMs: Int32) throws {
        try setOption(ZMQ_HEARTBEAT_IVL, intervalMs)
        try setOption(ZMQ_HEARTBEAT_TIMEOUT, timeoutMs)
        try setOption(ZMQ_HEARTBEAT_TTL, ttlMs)
    }
    public func setReconnectInterval(milliseconds: Int32, max: Int32) throws {
        try setOption(ZMQ_RECONNECT_IVL, milliseconds)
        try setOption(ZMQ_RECONNECT_IVL_MAX, max)
    }
    public func subscribe(_ prefix: [UInt8]) throws { try setOption(ZMQ_SUBSCRIBE, bytes: prefix) }

    // MARK: CURVE

    /// Makes this socket a CURVE server with the given secret key (Z85).
    public func setCurveServer(secretKey: String) throws {
        try setOption(ZMQ_CURVE_SERVER, 1)
        try setOption(ZMQ_CURVE_SECRETKEY, bytes: Array(secretKey.utf8))
    }

    /// Makes this socket a CURVE client of `serverKey` (Z85) with its own keypair.
    public func setCurveClient(serverKey: String, publicKey: String, secretKey: String) throws {
        try setOption(ZMQ_CURVE_SERVERKEY, bytes: Array(serverKey.utf8))
        try setOption(ZMQ_CURVE_PUBLICKEY, bytes: Array(publicKey.utf8))
        try setOption(ZMQ_CURVE_SECRETKEY, bytes: Array(secretKey.utf8))
    }

    /// The ZAP domain sent to the authentication handler.
    public func setZAPDomain(_ domain: String) throws { try setOption(ZMQ_ZAP_DOMAIN, bytes: Array(domain.utf8)) }
}
