// Connects a DEALER to the broker's ROUTER endpoint for publishing and for
// the operator commands (status, dead letters).
import Foundation
import Shared

/// What publishers and tools use to talk to the broker: durable publish
/// (returns once the broker has the messages on disk), status and dead letters.
///
/// Publishing is at-least-once and idempotent: a message without an answer is
/// sent again (the broker drops the copy by id), and a FULL queue makes the
/// client wait and retry, which is the push-back the delivery contract wants.
public actor BrokerClient {
    private let link: BrokerLink
    private var iterator: AsyncStream<BrokerLink.Event>.AsyncIterator
    public var requestTimeout: Double

    public init(endpoint: String, requestTimeout: Double = 10, curve: (server: String, publicKey: String, secretKey: String)? = nil) throws {
        link = try BrokerLink(options: .init(
            endpoint: endpoint, curveServerKey: curve?.server, curvePublicKey: curve?.publicKey, curveSecretKey: curve?.secretKey))
        iterator = link.events.makeAsyncIterator()
        self.requestTimeout = requestTimeout
    }

    public func close() async { await link.close() }

    /// One consumer at a time: calls on one client must not overlap.
    private func nextEvent() async -> BrokerLink.Event? {
        var events = iterator
        let event = await events.next(isolation: self)
        iterator = events
        return event
    }

    /// The outcome of a publish call.
    public struct PublishSummary: Sendable, Equatable {
        public var stored = 0
        public var duplicates = 0
        /// Messages the broker refused for good (they are in its dead-letter queue).
        public var rejected: [(id: String, code: String, reason: String)] = []
        public static func == (a: Self, b: Self) -> Bool {
            a.stored == b.stored && a.duplicates == b.duplicates && a.rejected.count == b.rejected.count
        }
    }

    /// Publishes every message to `queue` and returns when each is acknowledged
    /// (stored or duplicate) or refused for good. `window` bounds messages in flight.
    public func publish(_ messages: [Message], to queue: String, window: Int = 500, giveUpAfter: Double = 600) async throws -> PublishSummary {
        var summary = PublishSummary()
        struct Pending { var index: Int; var sentAt: Double; var retryAt: Double? }
        var pending: [String: Pending] = [:]  // corr -> state
        var next = 0
        var backoff = 0.05
        let started = Date().timeIntervalSince1970
        let encoded = try messages.map { try $0.wireFrames() }
        var corrCounter = 0

        func send(_ index: Int, now: Double, corr existing: String? = nil) -> String {
            corrCounter += 1
            // A resend keeps its corr, so a late answer to the first copy still counts once.
            let corr = existing ?? "\(index).\(corrCounter)"
            link.send(.publish, [BrokerProtocol.frame(corr), BrokerProtocol.frame(queue)] + encoded[index])
            pending[corr] = Pending(index: index, sentAt: now, retryAt: nil)
            return corr
        }

        while next < messages.count || !pending.isEmpty {
            let now = Date().timeIntervalSince1970
            if now - started > giveUpAfter { throw BrokerClientError.timeout("publish to \(queue)") }
            // Fill the window, resend overdue and scheduled retries.
            while next < messages.count && pending.count < window {
                _ = send(next, now: now)
                next += 1
            }
            for (corr, state) in pending {
                if let retryAt = state.retryAt {
                    if now >= retryAt { _ = send(state.index, now: now, corr: corr) }
                } else if now - state.sentAt > requestTimeout {
                    _ = send(state.index, now: now, corr: corr)
                }
            }
            guard let event = await nextEvent() else { throw BrokerClientError.closed }
            guard case .message(let frames) = event, frames.count >= 2,
                  let command = BrokerProtocol.string(frames[0]), let corr = BrokerProtocol.string(frames[1]),
                  let state = pending[corr]
            else { continue }
            switch BrokerProtocol.BrokerCommand(rawValue: command) {
            case .ack:
                pending[corr] = nil
                if frames.count >= 3, BrokerProtocol.string(frames[2]) == "duplicate" {
                    summary.duplicates += 1
                } else {
                    summary.stored += 1
                }
                backoff = max(0.05, backoff / 2)
            case .nack:
                let code = frames.count >= 3 ? BrokerProtocol.string(frames[2]) ?? "" : ""
                let reason = frames.count >= 4 ? BrokerProtocol.string(frames[3]) ?? "" : ""
                if BrokerProtocol.ErrorCode(rawValue: code)?.isRetryable == true {
                    pending[corr]?.retryAt = Date().timeIntervalSince1970 + backoff
                    backoff = min(backoff * 2, 2)
                } else {
                    pending[corr] = nil
                    summary.rejected.append((messages[state.index].envelope.id, code, reason))
                }
            default:
                break
            }
        }
        return summary
    }

    public func status() async throws -> BrokerStatus {
        try await request(.status, []) { try WireJSON.decoder.decode(BrokerStatus.self, from: $0) }
    }

    public func deadLetters(limit: Int = 100) async throws -> [DeadLetter] {
        try await request(.dlqList, [BrokerProtocol.frame(limit)]) { try WireJSON.decoder.decode([DeadLetter].self, from: $0) }
    }

    public struct RetryResult: Codable, Sendable {
        public var requeued: Int
        public var skipped: [String]
    }

    /// Re-queues one dead letter by id, or all of them (`id == nil`).
    public func retryDeadLetters(id: String?) async throws -> RetryResult {
        try await request(.dlqRetry, [BrokerProtocol.frame(id ?? "*")]) { try WireJSON.decoder.decode(RetryResult.self, from: $0) }
    }

    /// Sends a raw command (for tests of the protocol's error paths) and returns
    /// the next reply, or the next one starting with `expecting` when given.
    public func rawExchange(_ frames: [Data], expecting: String? = nil, timeout: Double = 5) async throws -> [Data] {
        link.send(frames)
        let deadline = Date().timeIntervalSince1970 + timeout
        while Date().timeIntervalSince1970 < deadline {
            guard let event = await nextEvent() else { throw BrokerClientError.closed }
            if case .message(let reply) = event,
               expecting == nil || reply.first.flatMap(BrokerProtocol.string) == expecting { return reply }
        }
        throw BrokerClientError.timeout("raw exchange")
    }

    private func request<T>(_ command: BrokerProtocol.ClientCommand, _ arguments: [Data], decode: (Data) throws -> T) async throws -> T {
        let corr = MessageID.random()
        var sentAt = Date().timeIntervalSince1970
        let started = sentAt
        link.send(command, [BrokerProtocol.frame(corr)] + arguments)
        while true {
            let now = Date().timeIntervalSince1970
            if now - started > requestTimeout * 3 { throw BrokerClientError.timeout(command.rawValue) }
            if now - sentAt > requestTimeout {
                sentAt = now
                link.send(command, [BrokerProtocol.frame(corr)] + arguments)
            }
            guard let event = await nextEvent() else { throw BrokerClientError.closed }
            guard case .message(let frames) = event, frames.count >= 3,
                  BrokerProtocol.string(frames[0]) == BrokerProtocol.BrokerCommand.reply.rawValue,
                  BrokerProtocol.string(frames[1]) == corr
            else {
                if case .message(let frames) = event, frames.count >= 3,
                   BrokerProtocol.string(frames[0]) == BrokerProtocol.BrokerCommand.error.rawValue {
                    throw BrokerClientError.refused(BrokerProtocol.string(frames[2]) ?? "error")
                }
                continue
            }
            return try decode(frames[2])
        }
    }
}

public enum BrokerClientError: Error, CustomStringConvertible {
    case timeout(String)
    case closed
    case refused(String)

    public var description: String {
        switch self {
        case .timeout(let what): "no answer from the broker (\(what)); is newswire-broker running?"
        case .closed: "connection to the broker closed"
        case .refused(let why): "broker refused: \(why)"
        }
    }
}
