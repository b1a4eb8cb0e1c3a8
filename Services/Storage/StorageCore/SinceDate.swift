import Foundation
import Shared

/// Parses `--since` values: an ISO 8601 day or time (`2026-11-01`,
/// `2026-11-01T08:00:00Z`) or an age (`90m`, `36h`, `7d`, `2w`) counted back
/// from now. One parser so every CLI reads them alike.
public enum SinceDate {
    public static func parse(_ text: String, now: Date = Date()) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = StorageDates.parse(trimmed) { return date }
        guard let unit = trimmed.last, let amount = Double(trimmed.dropLast()), amount >= 0 else { return nil }
        let seconds: Double
        switch unit {
        case "m": seconds = 60
        case "h": seconds = 3600
        case "d": seconds = 86_400
        case "w": seconds = 7 * 86_400
        default: return nil
        }
        return now.addingTimeInterval(-amount * seconds)
    }
}
