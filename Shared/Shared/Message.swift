import Foundation

/// A message as it crosses the wire: the envelope plus raw body frames.
///
/// On the wire it is one JSON header frame (the `Envelope`) followed by the
/// body frames. Typed payloads put their JSON in body frame 0 and, when they
/// carry bulk bytes (a fetched page's HTML), those bytes in body frame 1, so
/// HTML never gets escaped inside JSON.
public struct Message: Sendable, Equatable {
    public var envelope: Envelope
    public var frames: [Data]

    public init(envelope: Envelope, frames: [Data]) {
        self.envelope = envelope
        self.frames = frames
    }

    /// Largest header frame accepted; envelopes are a few hundred bytes.
    public static let maxHeaderBytes = 64 * 1024

    /// The wire frames: header JSON, then the body frames.
    public func wireFrames() throws -> [Data] {
        [try WireJSON.encoder.encode(envelope)] + frames
    }

    /// Parses wire frames, rejecting what this build cannot read.
    public init(wireFrames: [Data]) throws {
        guard let header = wireFrames.first else { throw MessageError.malformed("no header frame") }
        self.envelope = try Envelope.decodeHeader(header)
        self.frames = Array(wireFrames.dropFirst())
    }
}

extension Envelope {
    /// Decodes and validates a header frame.
    public static func decodeHeader(_ header: Data) throws -> Envelope {
        guard header.count <= Message.maxHeaderBytes else {
            throw MessageError.malformed("header frame of \(header.count) bytes exceeds \(Message.maxHeaderBytes)")
        }
        // Fast path: one decode. Only on failure look at the version, so a future
        // envelope fails as "unsupported", not as garbage.
        if let envelope = try? WireJSON.decoder.decode(Envelope.self, from: header),
           envelope.schemaVersion == Envelope.currentSchemaVersion {
            guard !envelope.id.isEmpty, envelope.id.utf8.count <= 256 else {
                throw MessageError.malformed("envelope id is empty or longer than 256 bytes")
            }
            return envelope
        }
        struct VersionProbe: Decodable { var schemaVersion: Int? }
        let probe: VersionProbe
        do {
            probe = try WireJSON.decoder.decode(VersionProbe.self, from: header)
        } catch {
            throw MessageError.malformed("header frame is not a JSON object")
        }
        guard let version = probe.schemaVersion else {
            throw MessageError.malformed("header frame has no schemaVersion")
        }
        guard version == Envelope.currentSchemaVersion else {
            throw MessageError.unsupportedSchemaVersion(version)
        }
        do {
            _ = try WireJSON.decoder.decode(Envelope.self, from: header)
        } catch {
            throw MessageError.malformed("header frame is not a valid envelope: \(WireJSON.describe(error))")
        }
        throw MessageError.malformed("header frame is not a valid envelope")
    }
}

/// Why a message could not be read. Carried into error replies and dead letters.
public enum MessageError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case unsupportedSchemaVersion(Int)
    case wrongKind(expected: PayloadKind, got: PayloadKind)
    case missingFrame(String)

    public var description: String {
        switch self {
        case .malformed(let why): "malformed message: \(why)"
        case .unsupportedSchemaVersion(let v):
            "unsupported schema version \(v) (this build reads \(Envelope.currentSchemaVersion))"
        case .wrongKind(let expected, let got): "expected a \(expected) payload, got \(got)"
        case .missingFrame(let what): "missing frame: \(what)"
        }
    }
}

/// A typed payload that travels in body frame 0 as JSON.
public protocol Payload: Codable, Sendable {
    static var kind: PayloadKind { get }
    /// Bulk bytes sent raw in body frame 1 instead of inside the JSON.
    var attachment: Data? { get }
    mutating func attach(_ data: Data)
}

extension Payload {
    public var attachment: Data? { nil }
    public mutating func attach(_ data: Data) {}
}

extension Message {
    /// A message carrying `payload`; the envelope's kind is set from the payload.
    public init<P: Payload>(envelope: Envelope, payload: P) throws {
        var envelope = envelope
        envelope.kind = P.kind
        var frames = [try WireJSON.encoder.encode(payload)]
        if let attachment = payload.attachment { frames.append(attachment) }
        self.init(envelope: envelope, frames: frames)
    }

    /// Decodes the payload, checking the kind.
    public func payload<P: Payload>(as type: P.Type = P.self) throws -> P {
        guard envelope.kind == P.kind else { throw MessageError.wrongKind(expected: P.kind, got: envelope.kind) }
        guard let json = frames.first else { throw MessageError.missingFrame("payload JSON (body frame 0)") }
        var payload: P
        do {
            payload = try WireJSON.decoder.decode(P.self, from: json)
        } catch {
            throw MessageError.malformed("\(P.kind) payload does not decode: \(WireJSON.describe(error))")
        }
        if frames.count > 1 { payload.attach(frames[1]) }
        return payload
    }
}
