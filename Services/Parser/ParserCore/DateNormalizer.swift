import Foundation

/// Reads the many ways pages write dates and returns ISO 8601 strings that
/// keep the page's own UTC offset.
///
/// Accepts ISO 8601 and its near variants (`2019-03-02 09:14:00 +0430`,
/// `2019/03/02`), RFC 822 (`Sat, 02 Mar 2019 09:14:00 GMT`), English month
/// names in the languages of `DateMonthNames` (`March 2, 2019`, `31. Mai 2012`)
/// and the forms `TextDateScanner` reads (`2019年8月2日`). Plausibility is
/// checked by `PublicationDatePicker`.
enum DateNormalizer {
    struct Parsed {
        var year: Int, month: Int, day: Int
        var hour: Int?, minute: Int?, second: Int?
        /// Offset from UTC in minutes, when the text gave one.
        var offsetMinutes: Int?
        var offsetWasZ = false

        var iso: String {
            let date = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
            guard let hour, let minute else { return date }
            var s = "\(date)T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second ?? 0, 2))"
            if let offset = offsetMinutes {
                if offset == 0 && offsetWasZ {
                    s += "Z"
                } else {
                    let sign = offset < 0 ? "-" : "+"
                    s += "\(sign)\(pad(abs(offset) / 60, 2)):\(pad(abs(offset) % 60, 2))"
                }
            }
            return s
        }

        /// The instant, taking a missing offset as UTC and a missing time as midnight.
        var date: Date? {
            var c = DateComponents()
            c.year = year; c.month = month; c.day = day
            c.hour = hour ?? 0; c.minute = minute ?? 0; c.second = second ?? 0
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(secondsFromGMT: (offsetMinutes ?? 0) * 60) ?? TimeZone(identifier: "UTC")!
            return calendar.date(from: c)
        }

        private func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
    }

    static let months: [String: Int] = [
        "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
        "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
        "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    ]

    /// Parses a date string; nil when it is not a recognisable calendar date.
    static func parse(_ raw: String) -> Parsed? {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count < 80 else { return nil }
        if let iso = parseNumeric(text) { return iso }
        return parseWords(text) ?? TextDateScanner.dates(in: text, order: .dayFirst).first?.date
    }

    /// `YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][Z|±HH[:]MM]`, also with `/` or `.` separators.
    private static func parseNumeric(_ text: String) -> Parsed? {
        let chars = Array(text.unicodeScalars)
        var i = 0
        func number(_ maxDigits: Int) -> (Int, Int)? {
            var value = 0
            var digits = 0
            while i < chars.count, digits < maxDigits, let d = digit(chars[i]) {
                value = value * 10 + d
                digits += 1
                i += 1
            }
            return digits == 0 ? nil : (value, digits)
        }
        guard let (year, yd) = number(4), yd == 4 else { return nil }
        guard i < chars.count, "-/.".unicodeScalars.contains(chars[i]) else {
            return nil
        }
        let sep = chars[i]
        i += 1
        guard let (month, _) = number(2), i < chars.count, chars[i] == sep else { return nil }
        i += 1
        guard let (day, _) = number(2) else { return nil }
        guard valid(year: year, month: month, day: day) else { return nil }
        var result = Parsed(year: year, month: month, day: day)
        guard i < chars.count, chars[i] == "T" || chars[i] == " " else { return result }
        i += 1
        guard let (hour, _) = number(2), i < chars.count, chars[i] == ":" else { return result }
        i += 1
        guard let (minute, _) = number(2), hour < 24, minute < 60 else { return result }
        result.hour = hour
        result.minute = minute
        result.second = 0
        if i < chars.count, chars[i] == ":" {
            i += 1
            if let (second, _) = number(2), second < 61 { result.second = min(second, 59) }
        }
        if i < chars.count, chars[i] == "." || chars[i] == "," {
            i += 1
            _ = number(9)
        }
        while i < chars.count, chars[i] == " " { i += 1 }
        guard i < chars.count else { return result }
        if chars[i] == "Z" || chars[i] == "z" {
            result.offsetMinutes = 0
            result.offsetWasZ = true
        } else if chars[i] == "+" || chars[i] == "-" {
            let negative = chars[i] == "-"
            i += 1
            guard let (h, hd) = number(2) else { return result }
            var m = 0
            if hd == 2, i < chars.count, chars[i] == ":" { i += 1 }
            if let (mm, _) = number(2) { m = mm }
            if h <= 14, m < 60 { result.offsetMinutes = (negative ? -1 : 1) * (h * 60 + m) }
        } else {
            let rest = String(String.UnicodeScalarView(chars[i...])).uppercased()
            if rest.hasPrefix("GMT") || rest.hasPrefix("UTC") {
                result.offsetMinutes = 0
            }
        }
        return result
    }

    /// Dates written with month names, with an optional time and zone.
    private static func parseWords(_ text: String) -> Parsed? {
        var tokens: [String] = []
        var current = ""
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber || ch == ":" || ch == "+" {
                current.append(ch)
            } else {
                if !current.isEmpty { tokens.append(current) }
                current = ""
            }
        }
        if !current.isEmpty { tokens.append(current) }
        var month: Int?
        var numbers: [Int] = []
        var year: Int?
        var day: Int?
        var time: (Int, Int, Int)?
        var offset: Int?
        for (index, token) in tokens.enumerated() {
            if month == nil, token.count >= 3, token.allSatisfy({ $0.isLetter }),
                let m = DateMonthNames.month(token[...]) ?? (token.count <= 9 ? months[String(token.prefix(3))] : nil)
            {
                month = m
                continue
            }
            if token.contains(":") {
                let parts = token.split(separator: ":").compactMap { Int($0) }
                if parts.count >= 2, parts[0] < 24, parts[1] < 60 {
                    var hour = parts[0]
                    if index + 1 < tokens.count {
                        if tokens[index + 1] == "pm" && hour < 12 { hour += 12 }
                        if tokens[index + 1] == "am" && hour == 12 { hour = 0 }
                    }
                    time = (hour, parts[1], parts.count > 2 ? parts[2] : 0)
                }
                continue
            }
            if token == "gmt" || token == "utc" || token == "z" { offset = 0; continue }
            if token.hasPrefix("+"), let v = Int(token.dropFirst()), token.count == 5 {
                offset = (v / 100) * 60 + v % 100
                continue
            }
            var digits = token
            for suffix in ["st", "nd", "rd", "th"] where digits.hasSuffix(suffix) && digits.count > 2 {
                digits = String(digits.dropLast(2))
            }
            if let v = Int(digits) { numbers.append(v) }
        }
        guard let month else { return nil }
        for n in numbers {
            if n >= 1000, year == nil { year = n } else if n >= 1, n <= 31, day == nil { day = n }
        }
        guard let year, let day, valid(year: year, month: month, day: day) else { return nil }
        var result = Parsed(year: year, month: month, day: day)
        if let time {
            result.hour = time.0
            result.minute = time.1
            result.second = time.2
            result.offsetMinutes = offset
        }
        return result
    }

    /// A date in a URL path (see `URLDate`).
    static func fromURL(_ url: String) -> Parsed? { URLDate.find(url) }

    private static func valid(year: Int, month: Int, day: Int) -> Bool {
        year >= 1800 && year <= 2200 && (1...12).contains(month) && (1...31).contains(day)
    }

    @inline(__always)
    private static func digit(_ s: Unicode.Scalar) -> Int? {
        s.value >= 0x30 && s.value <= 0x39 ? Int(s.value - 0x30) : nil
    }
}
