import Foundation

/// One line of a recording: a message and the queue it was taken from.
///
/// Recordings are JSON Lines files (`newswire record`, `newswire replay`, and
/// the golden files under Tests/). Body frames are base64 so a line is
/// self-contained; envelopes stay readable.
public struct RecordedMessage: Codable, Sendable, Equatable {
    public var queue: String
    public var envelope: Envelope
    public var frames: [Data]

    public init(queue: String, message: Message) {
        self.queue = queue
        self.envelope = message.envelope
        self.frames = message.frames
    }

    public var message: Message { Message(envelope: envelope, frames: frames) }
}

/// Reads and writes JSON Lines recordings.
public enum Recording {
    public static func encodeLine(_ record: RecordedMessage) throws -> Data {
        var data = try WireJSON.encoder.encode(record)
        data.append(0x0A)
        return data
    }

    /// Parses a whole recording; a bad line fails with its line number.
    public static func decode(_ data: Data) throws -> [RecordedMessage] {
        var records: [RecordedMessage] = []
        let decoder = WireJSON.decoder
        var lineNumber = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            do {
                let record = try decoder.decode(RecordedMessage.self, from: Data(line))
                guard record.envelope.schemaVersion == Envelope.currentSchemaVersion else {
                    throw MessageError.unsupportedSchemaVersion(record.envelope.schemaVersion)
                }
                records.append(record)
            } catch {
                throw RecordingError(line: lineNumber, reason: WireJSON.describe(error))
            }
        }
        return records
    }

    public static func read(from url: URL) throws -> [RecordedMessage] {
        try decode(try Data(contentsOf: url))
    }
}

public struct RecordingError: Error, CustomStringConvertible {
    public var line: Int
    public var reason: String
    public var description: String { "recording line \(line): \(reason)" }
}
