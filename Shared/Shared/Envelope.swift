import Foundation

/// The header every Newswire message carries, whatever its payload.
///
/// The broker reads only this (never the payload), so it stays small: it
/// travels as a JSON frame ahead of the raw body frames (see `Message`).
public struct Envelope: Codable, Sendable, Equatable, Hashable {
    /// The schema version this build writes and understands.
    public static let currentSchemaVersion = 1

    /// Unique message id; outputs derive theirs from their input's (`derivedID`)
    /// so a job run twice produces the same ids and the broker drops the copy.
    public var id: String
    public var kind: PayloadKind
    public var schemaVersion: Int
    /// One trace id per article journey, from submit to storage.
    public var traceID: String
    /// The id of the message whose processing produced this one.
    public var causationID: String?
    public var createdAt: Date
    /// Delivery attempt, starting at 1; the broker raises it on redelivery.
    public var attempt: Int
    /// Who made the message (`newswire-fetcher@host:pid`, `newswire submit`, ...).
    public var producer: String
    /// Politeness key (the host for fetch jobs): the broker limits in-flight
    /// jobs and spacing per key.
    public var key: String?
    /// The broker does not deliver the message before this time.
    public var notBefore: Date?

    public init(
        id: String, kind: PayloadKind, schemaVersion: Int = Envelope.currentSchemaVersion,
        traceID: String, causationID: String? = nil, createdAt: Date = Date(),
        attempt: Int = 1, producer: String, key: String? = nil, notBefore: Date? = nil
    ) {
        self.id = id
        self.kind = kind
        self.schemaVersion = schemaVersion
        self.traceID = traceID
        self.causationID = causationID
        self.createdAt = createdAt.roundedToMilliseconds
        self.attempt = attempt
        self.producer = producer
        self.key = key
        self.notBefore = notBefore?.roundedToMilliseconds
    }
}

extension Date {
    /// Wire dates carry milliseconds; rounding on creation makes a decoded
    /// envelope equal to the one that was sent.
    public var roundedToMilliseconds: Date {
        Date(timeIntervalSince1970: (timeIntervalSince1970 * 1000).rounded() / 1000)
    }
}

/// What a message's payload is. `raw` is for tools and tests that move opaque
/// bytes (benchmarks, pass-through stages).
public struct PayloadKind: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let fetchRequest = PayloadKind("FetchRequest")
    public static let fetchedPage = PayloadKind("FetchedPage")
    public static let parsedArticle = PayloadKind("ParsedArticle")
    public static let enrichedArticle = PayloadKind("EnrichedArticle")
    public static let raw = PayloadKind("Raw")

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension Envelope {
    /// A fresh envelope for a message that starts a journey (submit, feed expansion root).
    public static func new(
        kind: PayloadKind, producer: String, key: String? = nil, notBefore: Date? = nil, id: String? = nil
    ) -> Envelope {
        let id = id ?? MessageID.random()
        return Envelope(
            id: id, kind: kind, traceID: id, causationID: nil, createdAt: Date(),
            attempt: 1, producer: producer, key: key, notBefore: notBefore)
    }

    /// The envelope of the `index`-th output of processing `self`: same trace,
    /// caused by `self`, id derived deterministically so reruns dedupe.
    public func derived(
        kind: PayloadKind, index: Int, producer: String, key: String? = nil, notBefore: Date? = nil
    ) -> Envelope {
        Envelope(
            id: MessageID.derived(from: id, discriminator: "\(kind.rawValue)#\(index)"),
            kind: kind, traceID: traceID, causationID: id, createdAt: Date(),
            attempt: 1, producer: producer, key: key, notBefore: notBefore)
    }
}
