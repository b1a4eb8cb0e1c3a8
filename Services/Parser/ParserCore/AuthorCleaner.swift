/// Turns byline strings into clean person (or desk) names.
///
/// Bylines carry "By", roles ("Staff Writer"), dates, e-mail addresses,
/// several names in one string and sometimes a whole bio; only names survive.
enum AuthorCleaner {
    static let prefixes = ["by ", "von ", "par ", "por ", "di ", "door ", "av ", "written by ", "posted by ",
                           "reported by ", "words by ", "story by "]
    static let roleWords: Set<String> = [
        "staff", "writer", "reporter", "correspondent", "editor", "contributor", "columnist", "senior",
        "associate", "contributing", "special", "chief", "political", "reporters", "writers",
        "editors", "freelance", "published", "updated", "photographer",
        // The same roles in other languages and scripts ("신현주 기자", "张三 记者").
        "redakteur", "redakteurin", "korrespondent", "korrespondentin", "journalist", "journalistin",
        "journaliste", "periodista", "giornalista", "redactor", "redactora", "muhabir", "기자", "특파원",
        "記者", "记者", "特派員", "特派员", "編集委員", "编辑",
    ]

    /// Labels of a picture credit ("Foto: Jane Doe"): the photographer, not the writer.
    static let creditLabels = ["foto:", "fotos:", "photo:", "photos:", "bild:", "image:", "illustration:",
                               "photo credit:", "credit:", "grafik:"]

    static let credentials: Set<String> = [
        "phd", "md", "ms", "rd", "mph", "rn", "mba", "jd", "dds", "cpa", "msc", "bsc", "ma", "ba", "do", "np",
        "ldn", "cdn", "cde", "facs", "esq", "jr", "sr", "cfp", "lcsw", "lpc", "cnm", "dvm", "pharmd", "ii", "iii",
    ]

    static func clean(_ raw: [String]) -> [String] {
        var out: [String] = []
        var seen = Set<String>()
        for value in raw {
            for name in split(value) {
                guard let n = cleanOne(name), seen.insert(n.lowercased()).inserted else { continue }
                out.append(n)
            }
        }
        return Array(out.prefix(10))
    }

    private static func split(_ value: String) -> [String] {
        var parts = [TextNormalizer.collapse(value)]
        // "and" in the languages of the bylines seen, and list commas of CJK text.
        var separators = [" and ", " & ", ", ", " y ", " und ", " et ", "; ", " | ", " og ", " och ", " e ", " ve ",
                          " и ", " i ", "、", "，"]
        // "A Writer/B Writer", unless the value is a web address.
        if !value.contains("://"), !value.lowercased().contains("www.") { separators.append("/") }
        for sep in separators {
            parts = parts.flatMap { $0.components(separatedBy: sep) }
        }
        return parts
    }

    private static func cleanOne(_ raw: String) -> String? {
        var name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.hasPrefix("http://") || name.hasPrefix("https://") || name.contains("@") || name.contains("/") {
            return nil
        }
        var lowered = name.lowercased()
        if creditLabels.contains(where: { lowered.hasPrefix($0) }) { return nil }
        // A bare "By" or "Von" left alone by a byline split into elements.
        if prefixes.contains(lowered + " ") { return nil }
        var changed = true
        while changed {
            changed = false
            for p in prefixes where lowered.hasPrefix(p) {
                name = String(name.dropFirst(p.count))
                lowered = name.lowercased()
                changed = true
            }
        }
        // Initials, desk codes or the site in brackets after the name: "Jane Doe (jd)", "Desk (www.example.com)".
        if let bracket = name.firstIndex(where: { $0 == "(" || $0 == "[" }) {
            name = String(name[..<bracket])
        }
        // Cut at a date or a role: "Jane Doe, Staff Writer", "Jane Doe Published 3 March".
        var words: [Substring] = []
        let all = name.split(separator: " ")
        // A piece that is a date ("Updated March 3, 2019") holds no name at all.
        let hasDigit = name.contains { $0.isNumber }
        if hasDigit && all.contains(where: { DateNormalizer.months[$0.lowercased().trimmingCharacters(in: .punctuationCharacters)] != nil }) {
            return nil
        }
        var roleAfterName = false
        for word in all {
            let w = word.lowercased().trimmingCharacters(in: .punctuationCharacters)
            if w.isEmpty { continue }
            if w.contains(where: { $0.isNumber }) { break }
            if roleWords.contains(w) {
                if words.isEmpty { continue }
                roleAfterName = true
                break
            }
            words.append(word)
        }
        // A publication's initials before a role ("XY Correspondent", "XY Staff") credit the
        // newsroom's desk, not a person; a bare acronym stays (it names an agency).
        if roleAfterName, words.count == 1, isAcronym(words[0]) { return nil }
        while let last = words.last, roleWords.contains(last.lowercased()) { words.removeLast() }
        while let first = words.first, roleWords.contains(first.lowercased()) && words.count > 1 { words.removeFirst() }
        name = words.joined(separator: " ").trimmingCharacters(in: CharacterSet.punctuationAndSpace)
        guard !name.isEmpty, words.count <= 5, name.count <= 60 else { return nil }
        if roleWords.contains(name.lowercased()) { return nil }
        // Degrees and credentials split off by the comma ("Jane Doe, MS, RD"); a
        // short capitalised word not among them is an agency (AFP, DPA, SDA).
        if credentials.contains(name.lowercased().replacingOccurrences(of: ".", with: "")) { return nil }
        guard name.first?.isLetter == true else { return nil }
        return name
    }

    /// Two to five capital letters, dots allowed ("AP", "A.F.P.").
    private static func isAcronym(_ word: Substring) -> Bool {
        let letters = word.filter { $0 != "." }
        return (2...5).contains(letters.count) && letters.allSatisfy { $0.isUppercase && $0.isLetter }
    }
}

import Foundation

extension CharacterSet {
    static let punctuationAndSpace = CharacterSet.punctuationCharacters.union(.whitespaces)
        .subtracting(CharacterSet(charactersIn: ".'’"))
}
