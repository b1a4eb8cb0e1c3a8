import Foundation
import StorageCore

/// The query string of `/api/search`, `/api/facets` and `/api/stories` read
/// into a `SearchQuery`, refusing what it cannot mean (400) and capping page
/// sizes, so the same parameters mean the same filters everywhere.
public struct SearchParameters: Sendable, Equatable {
    /// Results on a page when the client does not say.
    public static let defaultLimit = 20
    /// The largest page the server returns, whatever the client asks.
    public static let maximumLimit = 100

    public var query: SearchQuery

    /// Names the API reads; anything else is refused, so a typo is not
    /// silently ignored.
    static let known: Set<String> = [
        "q", "entity", "place", "language", "source", "from", "to", "one_per_story", "limit", "cursor", "top",
    ]

    public init(_ items: [String: String]) throws(APIError) {
        if let unknown = items.keys.sorted().first(where: { !Self.known.contains($0) }) {
            throw .badRequest("unknown parameter '\(unknown)' (known: \(Self.known.sorted().joined(separator: ", ")))")
        }
        var query = SearchQuery(
            text: items["q"], entity: items["entity"], place: items["place"], language: items["language"],
            source: items["source"])
        query.since = try Self.date(items["from"], name: "from")
        query.until = try Self.date(items["to"], name: "to")
        if let since = query.since, let until = query.until, until <= since {
            throw .badRequest("to: must be later than from")
        }
        query.onePerStory = try Self.flag(items["one_per_story"], name: "one_per_story")
        query.limit = min(try Self.positive(items["limit"], name: "limit") ?? Self.defaultLimit, Self.maximumLimit)
        if let token = items["cursor"] { query.offset = try PageCursor(token).offset }
        self.query = query
    }

    /// The cursor of the page after one that returned `count` results, or
    /// nil when that page was the last.
    public func next(after count: Int) -> String? {
        count < query.limit ? nil : PageCursor(offset: query.offset + count).token
    }

    static func date(_ text: String?, name: String) throws(APIError) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        guard let date = StorageDates.parse(text) else {
            throw .badRequest("\(name): expected a day (2026-11-01) or an ISO 8601 time, got '\(text)'")
        }
        return date
    }

    static func flag(_ text: String?, name: String) throws(APIError) -> Bool {
        switch text?.lowercased() {
        case nil, "", "0", "false": return false
        case "1", "true": return true
        case let other?: throw .badRequest("\(name): expected true or false, got '\(other)'")
        }
    }

    static func positive(_ text: String?, name: String) throws(APIError) -> Int? {
        guard let text, !text.isEmpty else { return nil }
        guard let value = Int(text), value >= 1 else {
            throw .badRequest("\(name): expected a whole number of at least 1, got '\(text)'")
        }
        return value
    }
}
