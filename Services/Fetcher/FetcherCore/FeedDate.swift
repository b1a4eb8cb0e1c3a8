import Foundation
import Shared

/// Feed dates come as RFC 822 (RSS `pubDate`, `Tue, 10 Jun 2003 04:00:00
/// GMT`, with every zone spelling in use) or ISO 8601 / W3C datetime (Atom,
/// Dublin Core, sitemaps). Both become ISO 8601 UTC for the hints.
enum FeedDate {
    static func normalize(_ raw: String) -> String {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if let date = parseRFC822(text) ?? parseISO8601(text) { return WireJSON.formatDate(date) }
        return text
    }

    /// Full date-times with an offset or `Z`, with or without fractional
    /// seconds. A bare date (`2026-03-03`, common in sitemaps) stays as given.
    static func parseISO8601(_ text: String) -> Date? {
        (try? Date(text, strategy: Date.ISO8601FormatStyle()))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let zones: [String: Int] = [
        "gmt": 0, "ut": 0, "utc": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6,
        "pst": -8, "pdt": -7, "cet": 1, "cest": 2, "bst": 1, "ist": 5,
    ]

    static func parseRFC822(_ text: String) -> Date? {
        var parts = text.replacingOccurrences(of: ",", with: " ").split(separator: " ").map { String($0) }
        if let first = parts.first, first.count >= 3, Int(first) == nil, first.allSatisfy(\.isLetter) {
            parts.removeFirst()  // day name
        }
        guard parts.count >= 4, let day = Int(parts[0]),
              let month = months.firstIndex(of: String(parts[1].prefix(3)).lowercased()),
              var year = Int(parts[2]) else { return nil }
        if year < 100 { year += year < 50 ? 2000 : 1900 }
        let clock = parts[3].split(separator: ":").compactMap { Int($0) }
        guard clock.count >= 2 else { return nil }
        var offsetSeconds = 0
        if parts.count >= 5 {
            let zone = parts[4]
            if let hours = zones[zone.lowercased()] {
                offsetSeconds = hours * 3600
            } else if zone.count == 5, let sign = zone.first, sign == "+" || sign == "-",
                      let value = Int(zone.dropFirst()) {
                offsetSeconds = (value / 100 * 3600 + value % 100 * 60) * (sign == "-" ? -1 : 1)
            }
        }
        var components = DateComponents()
        components.year = year
        components.month = month + 1
        components.day = day
        components.hour = clock[0]
        components.minute = clock[1]
        components.second = clock.count > 2 ? clock[2] : 0
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let local = calendar.date(from: components) else { return nil }
        return local.addingTimeInterval(TimeInterval(-offsetSeconds))
    }
}
