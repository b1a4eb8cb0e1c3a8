import Foundation

/// Where the next page of a result list starts, handed to clients as an
/// opaque string (`next`) they send back as `cursor`. Today it is the number
/// of results already returned, base64url-encoded with a version prefix, so
/// its form can change without breaking clients that treat it as opaque.
public struct PageCursor: Sendable, Equatable {
    public var offset: Int

    public init(offset: Int) { self.offset = offset }

    /// Reads a cursor a client sent back.
    public init(_ token: String) throws(APIError) {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
            text.hasPrefix("o1:"), let offset = Int(text.dropFirst(3)), offset >= 0
        else { throw .badRequest("cursor: not a cursor this server handed out") }
        self.offset = offset
    }

    public var token: String {
        Data("o1:\(offset)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
