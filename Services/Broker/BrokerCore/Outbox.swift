import Foundation

/// What the state machine asks its reactor to send, kept apart by when it
/// may leave: replies acknowledge stored work, so they wait for the commit;
/// heartbeats and JOBs go at once.
public struct Outbox {
    /// ACK, NACK, ACKJOB, REPLY, ERROR, RECONNECT, DRAINING: after `commit()`.
    public var replies: [[Data]] = []
    /// Heartbeats to workers: any time.
    public var sends: [[Data]] = []
    /// JOBs handed to workers; one that cannot be sent goes back through `undeliverable`.
    public var dispatches: [Dispatch] = []

    public init() {}
}

/// One JOB message for one worker (frames start with its routing id).
public struct Dispatch {
    public var job: String
    public var worker: Data
    public var frames: [Data]
}

/// One message from a peer as the reactor received it, with what the
/// transport knows of the sender (for admin authorisation).
public struct InboundCommand {
    /// The routing id, then the NWP frames; only the first frames when `overLimit`.
    public var frames: [Data]
    /// Frames and bytes of the whole message, kept or not.
    public var frameCount: Int
    public var byteCount: Int
    public var overLimit: Bool
    /// The sender's IP address (TCP); nil for ipc and inproc.
    public var peerAddress: String?
    /// The sender's CURVE public key (Z85) as the ZAP handler named it.
    public var curveKey: String?

    public init(frames: [Data], frameCount: Int? = nil, byteCount: Int? = nil, overLimit: Bool = false,
                peerAddress: String? = nil, curveKey: String? = nil) {
        self.frames = frames
        self.frameCount = frameCount ?? frames.count
        self.byteCount = byteCount ?? frames.reduce(0) { $0 + $1.count }
        self.overLimit = overLimit
        self.peerAddress = peerAddress
        self.curveKey = curveKey
    }
}
