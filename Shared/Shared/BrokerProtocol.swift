import Foundation

/// NWP/1, the broker's wire protocol, as frame layouts both sides share.
/// `docs/PROTOCOL.md` is the specification; this file is its vocabulary.
///
/// Every message (after the ROUTER's identity frame on the broker side) is
/// `["NWP1", COMMAND, ...arguments]`. Numbers travel as decimal ASCII.
public enum BrokerProtocol {
    public static let signature = Data("NWP1".utf8)

    /// Commands a client (worker, publisher, tool) sends to the broker.
    public enum ClientCommand: String, Sendable {
        /// `READY queue credit name`: register as a worker of `queue` taking up to `credit` jobs at once.
        case ready = "READY"
        /// `PUBLISH corr queue header body...`: store a message; answered by ACK or NACK.
        case publish = "PUBLISH"
        /// `DONE job-id count {queue frame-count header body...}*`: the job's outputs; answered by ACKJOB.
        case done = "DONE"
        /// `FAIL job-id permanent(0|1) reason`: the attempt failed; answered by ACKJOB.
        case fail = "FAIL"
        /// `HEARTBEAT`: I am alive.
        case heartbeat = "HEARTBEAT"
        /// `DRAIN`: send me no more jobs; answered by DRAINING.
        case drain = "DRAIN"
        /// `BYE`: I am leaving; give my unfinished jobs to others now.
        case bye = "BYE"
        /// `STATUS corr`: answered by `REPLY corr json`.
        case status = "STATUS"
        /// `DLQ-LIST corr limit`: answered by `REPLY corr json`.
        case dlqList = "DLQ-LIST"
        /// `DLQ-RETRY corr id|*`: answered by `REPLY corr json`.
        case dlqRetry = "DLQ-RETRY"
    }

    /// Commands the broker sends.
    public enum BrokerCommand: String, Sendable {
        /// `JOB job-id header body...`
        case job = "JOB"
        /// `ACK corr stored|duplicate`: the published message is on disk (or was already).
        case ack = "ACK"
        /// `NACK corr code reason`: not stored; `code` says whether to retry.
        case nack = "NACK"
        /// `ACKJOB job-id`: the DONE or FAIL is on disk.
        case ackJob = "ACKJOB"
        /// `HEARTBEAT`
        case heartbeat = "HEARTBEAT"
        /// `DRAINING`: no more jobs will follow this message.
        case draining = "DRAINING"
        /// `RECONNECT`: the broker does not know you (it restarted): send READY again.
        case reconnect = "RECONNECT"
        /// `REPLY corr json`
        case reply = "REPLY"
        /// `ERROR code reason`: a command that could not be read.
        case error = "ERROR"
    }

    /// NACK and ERROR codes.
    public enum ErrorCode: String, Sendable, Codable {
        /// The queue is at its limit: retry later (push-back).
        case full = "FULL"
        /// The message can never be accepted as sent (malformed, unsupported version); it was dead-lettered.
        case invalid = "INVALID"
        /// Over the broker's size limit; dead-lettered without its body.
        case tooLarge = "TOO_LARGE"
        /// Not a command this broker knows, or missing frames.
        case badCommand = "BAD_COMMAND"
        /// A queue the broker was not configured with (`--queues`).
        case unknownQueue = "UNKNOWN_QUEUE"
        /// An admin command from a peer that may not give it (not loopback, key not listed).
        case forbidden = "FORBIDDEN"

        /// Whether a publisher should try the same message again later.
        public var isRetryable: Bool { self == .full }
    }

    public static func frame(_ text: String) -> Data { Data(text.utf8) }
    public static func frame(_ number: Int) -> Data { Data(String(number).utf8) }

    public static func string(_ frame: Data) -> String? { String(data: frame, encoding: .utf8) }
    public static func int(_ frame: Data) -> Int? { string(frame).flatMap { Int($0) } }

    /// Encodes the outputs of a DONE after its `job-id`.
    public static func encodeOutputs(_ outputs: [(queue: String, frames: [Data])]) -> [Data] {
        var frames = [frame(outputs.count)]
        for output in outputs {
            frames.append(frame(output.queue))
            frames.append(frame(output.frames.count))
            frames.append(contentsOf: output.frames)
        }
        return frames
    }

    /// Decodes DONE outputs; nil when the frame counts do not add up.
    ///
    /// Every count is checked against the frames actually present before it
    /// is used, so a count near Int.max is a malformed DONE, not a trap.
    public static func decodeOutputs(_ frames: ArraySlice<Data>) -> [(queue: String, frames: [Data])]? {
        var index = frames.startIndex
        guard index < frames.endIndex, let count = int(frames[index]), count >= 0 else { return nil }
        index += 1
        // Each output takes at least three frames: queue, frame count, header.
        guard count <= (frames.endIndex - index) / 3 else { return nil }
        var outputs: [(queue: String, frames: [Data])] = []
        outputs.reserveCapacity(count)
        for _ in 0..<count {
            guard frames.endIndex - index >= 3, let queue = string(frames[index]),
                  let n = int(frames[index + 1]), n >= 1, n <= frames.endIndex - index - 2
            else { return nil }
            outputs.append((queue, Array(frames[(index + 2)..<(index + 2 + n)])))
            index += 2 + n
        }
        return index == frames.endIndex ? outputs : nil
    }
}

/// What `newswire status` shows: the broker's view of queues and workers.
public struct BrokerStatus: Codable, Sendable {
    public struct QueueStatus: Codable, Sendable {
        public var name: String
        /// Messages waiting (ready or delayed), not counting in flight.
        public var depth: Int
        public var delayed: Int
        public var inFlight: Int
        public var bytes: Int
        public var workers: Int
        public var published: Int
        public var completed: Int
        public var failed: Int
        public var deadLettered: Int
        /// Completions per second over the last few seconds.
        public var rate: Double
        public init(
            name: String, depth: Int, delayed: Int, inFlight: Int, bytes: Int, workers: Int, published: Int,
            completed: Int, failed: Int, deadLettered: Int, rate: Double
        ) {
            self.name = name
            self.depth = depth
            self.delayed = delayed
            self.inFlight = inFlight
            self.bytes = bytes
            self.workers = workers
            self.published = published
            self.completed = completed
            self.failed = failed
            self.deadLettered = deadLettered
            self.rate = rate
        }
    }
    public struct WorkerStatus: Codable, Sendable {
        public var name: String
        public var queue: String
        public var credit: Int
        public var inFlight: Int
        public var draining: Bool
        public init(name: String, queue: String, credit: Int, inFlight: Int, draining: Bool) {
            self.name = name
            self.queue = queue
            self.credit = credit
            self.inFlight = inFlight
            self.draining = draining
        }
    }
    public var queues: [QueueStatus]
    public var workers: [WorkerStatus]
    public var deadLetters: Int
    public var uptimeSeconds: Double
    public init(queues: [QueueStatus], workers: [WorkerStatus], deadLetters: Int, uptimeSeconds: Double) {
        self.queues = queues
        self.workers = workers
        self.deadLetters = deadLetters
        self.uptimeSeconds = uptimeSeconds
    }
}

/// One entry of `newswire dlq list`.
public struct DeadLetter: Codable, Sendable {
    public var id: String
    public var originQueue: String
    public var kind: String?
    public var key: String?
    public var attempts: Int
    public var error: String
    public var deadAt: Date
    public init(id: String, originQueue: String, kind: String?, key: String?, attempts: Int, error: String, deadAt: Date) {
        self.id = id
        self.originQueue = originQueue
        self.kind = kind
        self.key = key
        self.attempts = attempts
        self.error = error
        self.deadAt = deadAt
    }
}
