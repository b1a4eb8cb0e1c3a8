import Foundation
import Shared

/// JSON for the columns that hold lists and maps (authors, tags, mentions):
/// WireJSON's encoder, so the bytes are stable and the same as on the wire.
enum StorageJSON {
    static func string<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try WireJSON.encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String?) throws -> T? {
        guard let text else { return nil }
        return try WireJSON.decoder.decode(T.self, from: Data(text.utf8))
    }
}
