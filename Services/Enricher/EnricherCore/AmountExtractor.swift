import Shared

/// Finds numbers with their qualifier, unit and what they count
/// ("fewer than 2,000 ISIS-K fighters" -> value 2000, qualifier "<",
/// object "ISIS-K fighters"). Numbers inside dates are left to the dates.
struct AmountExtractor: Sendable {
    static let qualifiers: [(words: [String], symbol: String)] = [
        (["fewer", "than"], "<"), (["less", "than"], "<"), (["under"], "<"), (["below"], "<"), (["up", "to"], "<"),
        (["more", "than"], ">"), (["over"], ">"), (["above"], ">"), (["at", "least"], ">"), (["exceeding"], ">"),
        (["about"], "~"), (["around"], "~"), (["nearly"], "~"), (["almost"], "~"), (["approximately"], "~"),
        (["roughly"], "~"), (["some"], "~"), (["estimated"], "~"), (["an", "estimated"], "~"),
    ]
    static let scales: [String: Double] = [
        "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1e12,
        "m": 1_000_000, "bn": 1_000_000_000,
    ]
    static let units: Set<String> = [
        "%", "percent", "per", "dollars", "euros", "pounds", "yen", "yuan", "rupees", "km", "kilometres",
        "kilometers", "miles", "metres", "meters", "feet", "kg", "kilograms", "tonnes", "tons", "years", "months",
        "weeks", "days", "hours", "minutes", "seconds", "people", "points", "votes", "degrees", "acres", "hectares",
        "barrels", "gallons", "litres", "liters",
    ]
    static let currencies: [String: String] = ["$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"]
    static let numberWords: [String: Double] = [
        "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
        "hundreds": 100, "thousands": 1000, "dozens": 12, "dozen": 12,
    ]

    func extract(tokens: [Token], lowers: [String], scalars: [Unicode.Scalar], taken: Set<Int>) -> [Amount] {
        var out: [Amount] = []
        let n = tokens.count
        var i = 0
        while i < n {
            guard !taken.contains(tokens[i].start) else { i += 1; continue }
            var value: Double? = nil
            if tokens[i].kind == .number {
                value = Double(tokens[i].text.replacingOccurrences(of: ",", with: ""))
            } else if tokens[i].kind == .word, WordFlags.table.get(tokens[i].key) & WordFlags.numberWord.rawValue != 0,
                      let w = Self.numberWords[lowers[i]], i + 1 < n, tokens[i + 1].kind == .word,
                      !Lexicon.stopwords.contains(lowers[i + 1]) || Self.scales[lowers[i + 1]] != nil {
                value = w
            }
            guard var v = value else { i += 1; continue }
            var s = i
            var e = i
            var unit: String? = nil
            if i > 0, let cur = Self.currencies[tokens[i - 1].text] { unit = cur; s = i - 1 }
            var qualifier = "="
            for q in Self.qualifiers {
                let len = q.words.count
                guard s - len >= 0 else { continue }
                var match = true
                for (k, w) in q.words.enumerated() where lowers[s - len + k] != w { match = false }
                if match { qualifier = q.symbol; s -= len; break }
            }
            if e + 1 < n, let scale = Self.scales[lowers[e + 1]] { v *= scale; e += 1 }
            if e + 1 < n {
                let u = lowers[e + 1]
                if Self.units.contains(u) {
                    unit = unit ?? (u == "%" ? "percent" : u)
                    e += 1
                    if u == "per" && e + 1 < n && lowers[e + 1] == "cent" { unit = "percent"; e += 1 }
                }
            }
            // What is counted: up to three following words, stopping at function words.
            var objectEnd = e
            var k = e + 1
            while k < n && k <= e + 3 {
                let l = lowers[k]
                if tokens[k].kind != .word || Lexicon.stopwords.contains(l) || l.hasSuffix("ed") && k > e + 1 { break }
                objectEnd = k
                k += 1
                // A plural noun ends what is counted ("2,000 ISIS-K fighters in ...").
                if l.hasSuffix("s") && !l.hasSuffix("ss") && l.utf8.count > 3 { break }
            }
            // Keep the object a noun phrase ending in a plural or a name, not a verb.
            var object: String? = nil
            if objectEnd > e {
                var v2 = String.UnicodeScalarView()
                v2.append(contentsOf: scalars[tokens[e + 1].start..<tokens[objectEnd].end])
                object = String(v2)
                e = objectEnd
            }
            var tv = String.UnicodeScalarView()
            tv.append(contentsOf: scalars[tokens[s].start..<tokens[e].end])
            out.append(Amount(text: String(tv), start: tokens[s].start, end: tokens[e].end, value: v,
                              qualifier: qualifier, unit: unit, object: object))
            i = e + 1
        }
        return out
    }
}

import Foundation
