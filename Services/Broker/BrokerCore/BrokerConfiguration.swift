import Foundation
import Shared

/// Everything the broker can be told from flags and environment.
public struct BrokerConfiguration: Sendable {
    /// The ROUTER endpoint every worker and client connects to.
    public var endpoint: String
    /// Folder of the durable store (`broker.sqlite`).
    public var dataDirectory: String
    /// Policy of queues not configured explicitly.
    public var defaultPolicy: QueuePolicy
    /// Per-queue overrides (`fetch` gets per-key politeness, for instance).
    public var policies: [String: QueuePolicy]
    /// How often each side sends HEARTBEAT, and how many may be missed.
    public var heartbeatInterval: Double
    public var heartbeatLiveness: Int
    /// Messages larger than this (all frames) are refused and dead-lettered without body.
    public var maxMessageBytes: Int
    /// How many message ids are remembered for duplicate detection, and for how long.
    public var dedupCapacity: Int
    public var dedupWindowSeconds: Double
    /// Commands handled before one group commit.
    public var maxBatch: Int
    /// CURVE secret key (Z85); when set the endpoint accepts only CURVE clients.
    public var curveSecretKey: String?
    /// Client public keys (Z85) allowed to connect when CURVE is on; empty = any key.
    public var allowedClientKeys: [String]
    /// CURVE client keys (Z85) allowed admin commands (DLQ-RETRY) from other
    /// hosts; loopback peers always are.
    public var adminKeys: [String]
    /// Whether loopback, ipc and inproc peers may give admin commands; off on a
    /// host whose loopback is shared with processes that are not trusted.
    public var adminFromLoopback: Bool
    /// Queue names beyond the pipeline's and those with a policy: nothing
    /// else is created, so a client cannot make the broker grow by inventing names.
    public var extraQueues: [String]
    /// The largest credit a READY may ask for; larger asks are lowered to it.
    public var maxCredit: Int
    /// Bytes waiting across every queue before publishers get FULL and stages
    /// that produce outputs pause: one budget for the whole broker.
    public var maxTotalBytes: Int
    /// Frames and bytes of one received message (a DONE with its outputs);
    /// frames past either are dropped unread and the command refused.
    public var maxFrames: Int
    public var maxCommandBytes: Int
    /// Dead letters kept; past this the oldest are evicted (logged and counted).
    public var maxDeadLetters: Int
    /// Allows binding a non-loopback address without CURVE (a private network).
    public var insecure: Bool

    public init(
        endpoint: String = "tcp://127.0.0.1:5555", dataDirectory: String = "./data/broker",
        defaultPolicy: QueuePolicy = QueuePolicy(), policies: [String: QueuePolicy] = [:],
        heartbeatInterval: Double = 1.0, heartbeatLiveness: Int = 3, maxMessageBytes: Int = 32 << 20,
        dedupCapacity: Int = 1_000_000, dedupWindowSeconds: Double = 7 * 24 * 3600, maxBatch: Int = 2000,
        curveSecretKey: String? = nil, allowedClientKeys: [String] = [], adminKeys: [String] = [],
        extraQueues: [String] = [], maxCredit: Int = 1000, maxTotalBytes: Int = 1 << 30, maxFrames: Int = 100_000,
        maxCommandBytes: Int = 256 << 20, maxDeadLetters: Int = 100_000, insecure: Bool = false,
        adminFromLoopback: Bool = true
    ) {
        self.endpoint = endpoint
        self.dataDirectory = dataDirectory
        self.defaultPolicy = defaultPolicy
        self.policies = policies
        self.heartbeatInterval = heartbeatInterval
        self.heartbeatLiveness = heartbeatLiveness
        self.maxMessageBytes = maxMessageBytes
        self.dedupCapacity = dedupCapacity
        self.dedupWindowSeconds = dedupWindowSeconds
        self.maxBatch = maxBatch
        self.curveSecretKey = curveSecretKey
        self.allowedClientKeys = allowedClientKeys
        self.adminKeys = adminKeys
        self.extraQueues = extraQueues
        self.maxCredit = maxCredit
        self.maxTotalBytes = maxTotalBytes
        self.maxFrames = maxFrames
        self.maxCommandBytes = maxCommandBytes
        self.maxDeadLetters = maxDeadLetters
        self.insecure = insecure
        self.adminFromLoopback = adminFromLoopback
    }

    public func policy(for queue: String) -> QueuePolicy { policies[queue] ?? defaultPolicy }

    /// The queues the broker will create: the pipeline's, those given a
    /// policy with `--queue`, and those listed with `--queues`.
    public var configuredQueues: Set<String> {
        Set(QueueName.pipeline).union(policies.keys).union(extraQueues)
    }

    /// Refuses settings that would expose the broker: a non-loopback endpoint
    /// without CURVE needs `insecure`.
    public func validate() throws {
        if curveSecretKey == nil && !insecure && !Self.isLoopbackEndpoint(endpoint) {
            throw BrokerConfigurationError(
                "refusing to bind \(endpoint) without CURVE: anyone who reaches it could publish, take jobs and retry dead letters; "
                    + "give --curve-secret, bind 127.0.0.1, or pass --insecure on a network you trust")
        }
        for name in extraQueues where !BrokerMachine.isValidQueueName(name) {
            throw BrokerConfigurationError("not a queue name: '\(name)' (a-z, 0-9, '-', '_', '.', at most 64 bytes)")
        }
    }

    /// Whether a peer may give admin commands: one on this host (loopback
    /// address, or none for ipc and inproc) unless that is turned off, or one
    /// whose CURVE key is listed.
    public func allowsAdmin(peerAddress: String?, curveKey: String?) -> Bool {
        if adminFromLoopback && (peerAddress.map { $0.isEmpty || Self.isLoopbackAddress($0) } ?? true) { return true }
        if let curveKey, adminKeys.contains(curveKey) { return true }
        return false
    }

    /// ipc and inproc endpoints, and tcp on 127.0.0.0/8, ::1 or localhost.
    public static func isLoopbackEndpoint(_ endpoint: String) -> Bool {
        if endpoint.hasPrefix("ipc://") || endpoint.hasPrefix("inproc://") { return true }
        guard endpoint.hasPrefix("tcp://") else { return false }
        var host = endpoint.dropFirst("tcp://".count)
        if let semicolon = host.lastIndex(of: ";") { host = host[host.index(after: semicolon)...] }  // tcp://source;dest
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            return isLoopbackAddress(String(host[host.index(after: host.startIndex)..<close]))
        }
        guard let colon = host.lastIndex(of: ":") else { return false }
        let name = String(host[..<colon])
        return name == "localhost" || isLoopbackAddress(name)
    }

    /// 127.0.0.0/8, ::1 and IPv4-mapped loopback, as libzmq prints peer addresses.
    public static func isLoopbackAddress(_ address: String) -> Bool {
        address == "::1" || address.hasPrefix("127.") || address.hasPrefix("::ffff:127.")
    }
}

/// How one queue behaves: bounds, retries and per-key politeness.
public struct QueuePolicy: Sendable, Equatable {
    /// Publishers get FULL (push-back) at this many waiting messages or bytes.
    public var maxDepth: Int
    public var maxBytes: Int
    /// Attempts before a job is dead-lettered (a lost worker counts as an attempt).
    public var maxAttempts: Int
    /// Backoff after a failed attempt: base * 2^(attempt-1), capped.
    public var backoffBase: Double
    public var backoffMax: Double
    /// A job in flight longer than this counts as a failed attempt.
    public var jobTimeout: Double
    /// At most this many jobs with the same key in flight (0 = unlimited).
    public var keyConcurrency: Int
    /// At least this many seconds between two dispatches of the same key.
    public var keyInterval: Double

    public init(
        maxDepth: Int = 100_000, maxBytes: Int = 512 << 20, maxAttempts: Int = 5, backoffBase: Double = 1,
        backoffMax: Double = 300, jobTimeout: Double = 300, keyConcurrency: Int = 0, keyInterval: Double = 0
    ) {
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
        self.maxAttempts = maxAttempts
        self.backoffBase = backoffBase
        self.backoffMax = backoffMax
        self.jobTimeout = jobTimeout
        self.keyConcurrency = keyConcurrency
        self.keyInterval = keyInterval
    }

    public func backoff(afterAttempt attempt: Int) -> Double {
        min(backoffMax, backoffBase * pow(2, Double(max(0, attempt - 1))))
    }

    /// Parses `key=value` pairs: `depth=1000,bytes=64M,attempts=3,backoff=0.5,backoff-max=60,timeout=30,key-concurrency=1,key-interval=0.2`.
    public func applying(_ spec: String) throws -> QueuePolicy {
        var policy = self
        for pair in spec.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { throw BrokerConfigurationError("expected key=value, got '\(pair)'") }
            let (name, value) = (parts[0], parts[1])
            func number() throws -> Double {
                var text = value.uppercased()
                var scale = 1.0
                if text.hasSuffix("K") { scale = 1024; text.removeLast() }
                else if text.hasSuffix("M") { scale = 1024 * 1024; text.removeLast() }
                else if text.hasSuffix("G") { scale = 1024 * 1024 * 1024; text.removeLast() }
                else if text.hasSuffix("MS") { scale = 0.001; text.removeLast(2) }
                else if text.hasSuffix("S") { text.removeLast() }
                guard let v = Double(text), v >= 0 else {
                    throw BrokerConfigurationError("'\(name)' needs a non-negative number, got '\(value)'")
                }
                return v * scale
            }
            switch name {
            case "depth": policy.maxDepth = Int(try number())
            case "bytes": policy.maxBytes = Int(try number())
            case "attempts": policy.maxAttempts = max(1, Int(try number()))
            case "backoff": policy.backoffBase = try number()
            case "backoff-max": policy.backoffMax = try number()
            case "timeout": policy.jobTimeout = try number()
            case "key-concurrency": policy.keyConcurrency = Int(try number())
            case "key-interval": policy.keyInterval = try number()
            default: throw BrokerConfigurationError("unknown queue setting '\(name)'")
            }
        }
        return policy
    }
}

public struct BrokerConfigurationError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
