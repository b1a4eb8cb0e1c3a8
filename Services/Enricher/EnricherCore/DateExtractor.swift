import Shared

/// Finds dates ("September 2018", "July 21, 2017") and relative dates
/// ("Tuesday", "earlier this month", "last year") and resolves them against
/// the article's publication date. Weekdays resolve to the most recent such
/// day on or before publication, as news copy uses them.
struct DateExtractor: Sendable {
    struct Day: Equatable {
        var year: Int, month: Int, day: Int
    }

    static let months: [String: Int] = [
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
        "september": 9, "october": 10, "november": 11, "december": 12, "jan.": 1, "feb.": 2, "mar.": 3,
        "apr.": 4, "jun.": 6, "jul.": 7, "aug.": 8, "sep.": 9, "sept.": 9, "oct.": 10, "nov.": 11, "dec.": 12,
    ]
    static let weekdays: [String: Int] = [
        "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 0,
    ]

    static let deictic: [String: Int] = ["today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0]
    static let relativeStarts: Set<String> = ["last", "this", "next", "earlier", "later", "past"]
    static let relativeUnits: Set<String> = ["week", "month", "year"]
    static let yearPrepositions: Set<String> = ["in", "since", "by", "until", "of", "from"]

    /// The publication day from an ISO 8601 string (its own local date).
    static func day(fromISO text: String?) -> Day? {
        guard let text, text.count >= 10 else { return nil }
        let parts = text.prefix(10).split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        return Day(year: y, month: m, day: d)
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    static func ordinal(_ d: Day) -> Int {
        let y = d.month <= 2 ? d.year - 1 : d.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (d.month + 9) % 12
        let doy = (153 * mp + 2) / 5 + d.day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func fromOrdinal(_ z0: Int) -> Day {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return Day(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    static func iso(_ d: Day) -> String { "\(pad(d.year, 4))-\(pad(d.month, 2))-\(pad(d.day, 2))" }
    static func isoMonth(_ y: Int, _ m: Int) -> String { "\(pad(y, 4))-\(pad(m, 2))" }
    static func pad(_ v: Int, _ w: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, w - s.count)) + s
    }

    func extract(tokens: [Token], lowers: [String], scalars: [Unicode.Scalar], published: Day?) -> [DateMention] {
        var out: [DateMention] = []
        let n = tokens.count
        func text(_ s: Int, _ e: Int) -> String {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: scalars[tokens[s].start..<tokens[e].end])
            return String(v)
        }
        func year(_ k: Int) -> Int? {
            guard k < n, tokens[k].kind == .number, tokens[k].text.count == 4, let y = Int(tokens[k].text), y >= 1800, y <= 2200 else { return nil }
            return y
        }
        func dayNumber(_ k: Int) -> Int? {
            guard k < n, tokens[k].kind == .number, let d = Int(tokens[k].text), d >= 1, d <= 31 else { return nil }
            return d
        }
        var i = 0
        while i < n {
            let l = lowers[i]
            // Most tokens are neither date words nor years: skip them on one table probe.
            if tokens[i].kind == .punct || (tokens[i].kind == .word && WordFlags.table.get(tokens[i].key) & WordFlags.dateWord.rawValue == 0) {
                i += 1
                continue
            }
            // Month [day][, year] / Month year
            if let m = Self.months[l], tokens[i].isCapitalized, !(l == "may" && !(dayNumber(i + 1) != nil || year(i + 1) != nil)),
               !(l == "march" && dayNumber(i + 1) == nil && year(i + 1) == nil) {
                var e = i
                var d: Int? = nil
                var y: Int? = nil
                if let dn = dayNumber(i + 1) {
                    d = dn; e = i + 1
                    var k = i + 2
                    if k < n, tokens[k].text == "," { k += 1 }
                    if let yy = year(k) { y = yy; e = k }
                } else if let yy = year(i + 1) {
                    y = yy; e = i + 1
                }
                var s = i
                // "21 July 2017"
                if d == nil, i > 0, let dn = dayNumber(i - 1) { d = dn; s = i - 1 }
                let resolvedYear = y ?? published.map { p in
                    // A month without a year: the most recent one not after publication.
                    m > p.month + 1 ? p.year - 1 : p.year
                }
                var resolved: String? = nil
                var granularity = "month"
                if let ry = resolvedYear {
                    if let d { resolved = Self.iso(Day(year: ry, month: m, day: d)); granularity = "day" } else { resolved = Self.isoMonth(ry, m) }
                } else if d != nil { granularity = "day" }
                out.append(DateMention(text: text(s, e), start: tokens[s].start, end: tokens[e].end, resolved: resolved, granularity: granularity))
                i = e + 1
                continue
            }
            if let wd = Self.weekdays[l], tokens[i].isCapitalized {
                var resolved: String? = nil
                if let p = published {
                    let po = Self.ordinal(p)
                    let pw = ((po % 7) + 7 + 4) % 7  // 1970-01-01 was a Thursday
                    let back = (pw - wd + 7) % 7
                    resolved = Self.iso(Self.fromOrdinal(po - back))
                }
                out.append(DateMention(text: tokens[i].text, start: tokens[i].start, end: tokens[i].end, resolved: resolved, granularity: "day"))
                i += 1
                continue
            }
            // Relative expressions.
            if let delta = Self.deictic[l] {
                let resolved = published.map { Self.iso(Self.fromOrdinal(Self.ordinal($0) + delta)) }
                out.append(DateMention(text: tokens[i].text, start: tokens[i].start, end: tokens[i].end, resolved: resolved, granularity: "relative"))
                i += 1
                continue
            }
            if Self.relativeStarts.contains(l), i + 1 < n {
                var s = i
                var k = i
                if (l == "earlier" || l == "later") && i + 2 < n && lowers[i + 1] == "this" { k = i + 1 }
                let unit = lowers[k + 1]
                if Self.relativeUnits.contains(unit) {
                    let which = lowers[k]
                    var resolved: String? = nil
                    if let p = published {
                        let offset = which == "last" || which == "past" ? -1 : (which == "next" ? 1 : 0)
                        switch unit {
                        case "month":
                            var m = p.month + offset, y = p.year
                            if m < 1 { m += 12; y -= 1 }
                            if m > 12 { m -= 12; y += 1 }
                            resolved = Self.isoMonth(y, m)
                        case "year": resolved = String(p.year + offset)
                        default:
                            resolved = Self.iso(Self.fromOrdinal(Self.ordinal(p) + 7 * offset))
                        }
                    }
                    if s > 0 && lowers[s - 1] == "earlier" { s -= 1 }
                    out.append(DateMention(text: text(s, k + 1), start: tokens[s].start, end: tokens[k + 1].end, resolved: resolved, granularity: "relative"))
                    i = k + 2
                    continue
                }
            }
            // ISO dates: 2019-03-02.
            if tokens[i].kind == .number, tokens[i].text.utf8.count == 10 {
                let parts = tokens[i].text.split(separator: "-")
                if parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
                   (1...12).contains(m), (1...31).contains(d) {
                    out.append(DateMention(text: tokens[i].text, start: tokens[i].start, end: tokens[i].end,
                                           resolved: Self.iso(Day(year: y, month: m, day: d)), granularity: "day"))
                    i += 1
                    continue
                }
            }
            // A bare year after "in"/"since"/"by".
            if let y = year(i), i > 0, Self.yearPrepositions.contains(lowers[i - 1]) {
                out.append(DateMention(text: tokens[i].text, start: tokens[i].start, end: tokens[i].end, resolved: String(y), granularity: "year"))
            }
            i += 1
        }
        return out
    }
}
