import CZMQ
import Foundation

/// A multipart message received under limits, with what libzmq knows of its sender.
///
/// A server socket cannot refuse a message before libzmq has queued it, but it
/// can refuse to copy it: frames past the limits are read and dropped, so a
/// peer sending a million empty frames costs a counter, not a million `Data`.
public struct BoundedMessage {
    /// The frames kept (all of them unless `overLimit`).
    public var frames: [Data]
    /// Frames and bytes the whole message had, kept or not.
    public var frameCount: Int
    public var byteCount: Int
    /// Whether frames were dropped because the message passed `maxFrames` or `maxBytes`.
    public var overLimit: Bool
    /// The sender's IP address for TCP connections (libzmq's `Peer-Address`); nil for ipc and inproc.
    public var peerAddress: String?
    /// What the ZAP handler returned as User-Id for the sender's connection (the CURVE key here); nil without ZAP.
    public var userID: String?
}

extension Socket {
    /// Receives one multipart message, keeping at most `keepFrames` frames
    /// (the routing identity counts) and `maxBytes` bytes of them; the rest is
    /// drained and counted. Nil when `dontWait` and nothing is waiting.
    public func receive(dontWait: Bool = false, keepFrames: Int, maxBytes: Int) throws -> BoundedMessage? {
        var result = BoundedMessage(frames: [], frameCount: 0, byteCount: 0, overLimit: false)
        let flags: Int32 = dontWait ? ZMQ_DONTWAIT : 0
        while true {
            zmq_msg_init(message)
            defer { zmq_msg_close(message) }
            var rc: Int32
            repeat {
                rc = zmq_msg_recv(message, handle, result.frameCount == 0 ? flags : 0)
            } while rc < 0 && zmq_errno() == EINTR
            if rc < 0 {
                let error = ZMQError.last("zmq_msg_recv", endpoint: endpoint)
                if error.isWouldBlock && result.frameCount == 0 { return nil }
                throw error
            }
            let size = zmq_msg_size(message)
            // A ROUTER's identity frame may or may not carry the connection's
            // metadata depending on the libzmq version; the first data frame does.
            if result.frameCount < 2 {
                result.peerAddress = result.peerAddress ?? property("Peer-Address")
                result.userID = result.userID ?? property("User-Id")
            }
            result.frameCount += 1
            let (total, overflow) = result.byteCount.addingReportingOverflow(size)
            result.byteCount = overflow ? Int.max : total
            if result.overLimit || result.frames.count >= keepFrames || result.byteCount > maxBytes {
                result.overLimit = true
            } else {
                result.frames.append(size == 0 ? Data() : Data(bytes: zmq_msg_data(message), count: size))
            }
            if zmq_msg_more(message) == 0 { return result }
        }
    }

    /// A metadata property of the message just received, if libzmq has it.
    private func property(_ name: String) -> String? {
        guard let value = zmq_msg_gets(message, name) else { return nil }
        return String(cString: value)
    }
}
