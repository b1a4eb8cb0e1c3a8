/// Finds the dateline and the credit line in an article's paragraphs, and
/// drops the label lines templates put above the story.
///
/// Wire copy opens with a place in capitals ("WASHINGTON –", "KABUL (Reuters) -")
/// and often ends with the agency in parentheses ("(Sahar News)"). The dateline
/// stays in the text (it is part of the first sentence); a credit paragraph of
/// its own is removed from the body.
enum LeadAnalyzer {
    struct Lead {
        var dateline: String?
        var credit: String?
    }

    static let dashes = [" – ", " — ", " - ", " -- ", ": ", " —", "—"]

    static func analyze(_ paragraphs: inout [String]) -> Lead {
        var lead = Lead()
        if let last = paragraphs.last, let credit = parenthesized(last) {
            lead.credit = credit
            paragraphs.removeLast()
        }
        guard let first = paragraphs.first else { return lead }
        let head = String(first.prefix(80))
        for dash in dashes {
            guard let range = head.range(of: dash) else { continue }
            var prefix = String(head[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
            if let open = prefix.firstIndex(of: "("), prefix.hasSuffix(")") {
                let inner = String(prefix[prefix.index(after: open)..<prefix.index(before: prefix.endIndex)])
                if lead.credit == nil, inner.count <= 30, !inner.isEmpty { lead.credit = inner }
                prefix = String(prefix[..<open]).trimmingCharacters(in: .whitespaces)
            }
            if !prefix.isEmpty, isPlaceInCapitals(prefix) { lead.dateline = prefix }
            break
        }
        return lead
    }

    /// Drops lines above the story that are not part of it: the page's title
    /// repeated, a section label or kicker ("Economy", the page's own section,
    /// breadcrumb or tag), and a date/byline line ("29.08.2025 | By A. Writer").
    /// Only the first few lines are looked at, and only short ones without a sentence.
    static func dropLeadingLabels(_ paragraphs: inout [String], title: String?, labels: [String]) {
        let known = Set(labels.map { TextNormalizer.collapse($0).lowercased() }.filter { !$0.isEmpty })
        let titleKey = title.map { normalizedKey($0) } ?? ""
        let titleBytes = title?.utf8.count ?? 0
        var index = 0
        var looked = 0
        while index < paragraphs.count, looked < 3, paragraphs.count - index > 1 {
            looked += 1
            let line = paragraphs[index]
            let bytes = line.utf8.count
            // Only a line about as long as the title can repeat it.
            if !titleKey.isEmpty, bytes <= titleBytes + 16, bytes * 2 >= titleBytes, normalizedKey(line) == titleKey {
                paragraphs.remove(at: index)
                continue
            }
            guard bytes <= 400, line.count <= 100, !PageClassifier.hasSentenceEnd(line) else { break }
            if known.contains(line.lowercased()) || isDateLine(line) {
                paragraphs.remove(at: index)
                continue
            }
            index += 1
        }
    }

    /// Case and punctuation folded away: "Headline." and "HEADLINE" are the same line.
    static func normalizedKey(_ text: String) -> String {
        String(String.UnicodeScalarView(text.lowercased().unicodeScalars.filter {
            $0.properties.isAlphabetic || $0.properties.numericType != nil
        }))
    }

    /// A short line that carries a calendar date, alone or beside an author or a
    /// time ("29.08.2025 | Author: ...", "Published 14 March 2024 · 10:15").
    static func isDateLine(_ line: String) -> Bool {
        guard line.count <= 100 else { return false }
        if DateNormalizer.parse(line) != nil { return true }
        for segment in line.split(whereSeparator: { "|·•,;".contains($0) }) where segment.count < 60 {
            let s = String(segment)
            if DateNormalizer.parse(s) != nil || hasNumericDate(s) || hasDayAndYear(s) { return true }
        }
        return false
    }

    /// A day and a year around a month name in any language: "15 октября 2024", "3. März 2024".
    static func hasDayAndYear(_ text: String) -> Bool {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "." })
        guard words.count >= 3, words.count <= 5 else { return false }
        let numbers = words.compactMap { Int($0) }
        let hasYear = numbers.contains { $0 >= 1900 && $0 <= 2100 }
        let hasDay = numbers.contains { $0 >= 1 && $0 <= 31 }
        let hasMonthWord = words.contains { $0.allSatisfy(\.isLetter) && $0.count >= 3 }
        return hasYear && hasDay && hasMonthWord
    }

    /// Day, month and year in digits in either order: "29.08.2025", "2025-08-29", "8/29/2025".
    static func hasNumericDate(_ text: String) -> Bool {
        var groups: [Int] = []
        var digits = 0
        var value = 0
        var lastWasSeparator = false
        func close() -> Bool {
            if digits > 0 {
                groups.append(digits == 4 ? value + 10_000 : (digits <= 2 ? value : -1))
            }
            digits = 0
            value = 0
            if groups.count == 3 {
                let years = groups.filter { $0 >= 11_900 && $0 <= 12_100 }.count
                let small = groups.filter { $0 >= 1 && $0 <= 31 }.count
                if years == 1 && small == 2 && (groups[0] >= 10_000 || groups[2] >= 10_000) { return true }
                groups.removeFirst()
            }
            return false
        }
        for c in text.unicodeScalars {
            if c.value >= 0x30 && c.value <= 0x39 {
                // Only runs of up to four digits count: longer ones must not overflow.
                if digits < 4 { value = value * 10 + Int(c.value - 0x30) }
                digits += 1
                lastWasSeparator = false
            } else if c == "." || c == "/" || c == "-", digits > 0, !lastWasSeparator {
                if close() { return true }
                lastWasSeparator = true
            } else {
                if close() { return true }
                groups.removeAll()
                lastWasSeparator = false
            }
        }
        return close()
    }

    /// "(Sahar News)", "(AP)": a short parenthesised name on its own.
    static func parenthesized(_ text: String) -> String? {
        guard text.hasPrefix("("), text.hasSuffix(")"), text.count <= 42 else { return nil }
        let inner = text.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
        guard !inner.isEmpty, inner.split(separator: " ").count <= 5, !inner.contains("(") else { return nil }
        guard inner.first?.isUppercase == true else { return nil }
        return inner
    }

    /// The first word is in capitals ("WASHINGTON", "NEW YORK", "KABUL, Afghanistan").
    static func isPlaceInCapitals(_ text: String) -> Bool {
        guard text.count <= 40 else { return false }
        let firstPart = text.split(separator: ",").first.map(String.init) ?? text
        let letters = firstPart.filter { $0.isLetter }
        guard letters.count >= 2 else { return false }
        guard letters.allSatisfy({ $0.isUppercase }) else { return false }
        return firstPart.allSatisfy { $0.isLetter || $0 == " " || $0 == "." || $0 == "'" || $0 == "-" }
    }
}
