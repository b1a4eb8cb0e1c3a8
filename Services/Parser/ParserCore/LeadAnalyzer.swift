/// Finds the dateline and the credit line in an article's paragraphs.
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
