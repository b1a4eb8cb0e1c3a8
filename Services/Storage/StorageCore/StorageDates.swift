import Foundation
import Shared

/// Reads the dates pages give (full ISO 8601 with any offset, or a bare day)
/// into instants, so `--since` compares articles from different time zones
/// correctly.
enum StorageDates {
    static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = WireJSON.parseDate(trimmed) { return date }
        return try? Date(trimmed, strategy: .iso8601.year().month().day())
    }
}
