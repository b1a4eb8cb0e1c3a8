/// Which quotation marks open a quote and which close it, across the
/// conventions of news languages: “…” and "…" (English, Spanish), „…“ and
/// »…« (German), « … » (French, Spanish). The German closing mark “ is the
/// English opening one, so a closer depends on the opener.
enum QuoteMarks {
    /// The marks that can close a quote, one class per opener style.
    enum Style: Int, CaseIterable {
        case english   // “ or " closed by ” or "
        case german    // „ closed by “ or ”
        case guillemet  // « closed by »
        case reversed  // » closed by «
    }

    /// The style of the quote a token opens, or nil. A straight quote opens
    /// only after a space or at a line start.
    static func opening(_ tokens: [Token], _ i: Int) -> Style? {
        guard tokens[i].kind == .punct else { return nil }
        switch tokens[i].text {
        case "\u{201C}": return .english
        case "\"": return tokens[i].spaceBefore || tokens[i].lineStart || i == 0 ? .english : nil
        case "\u{201E}": return .german
        case "\u{00AB}": return .guillemet
        case "\u{00BB}": return .reversed
        default: return nil
        }
    }

    static func closes(_ text: String, _ style: Style) -> Bool {
        switch style {
        case .english: return text == "\u{201D}" || text == "\""
        case .german: return text == "\u{201C}" || text == "\u{201D}"
        case .guillemet: return text == "\u{00BB}"
        case .reversed: return text == "\u{00AB}"
        }
    }

    /// For each style and token index k, the first index >= k that closes a
    /// quote of that style or starts a new line (n if none): one backward pass,
    /// so finding every quote's end is linear in the text however many
    /// opening marks are left unclosed.
    static func nextStops(_ tokens: [Token]) -> [[Int]] {
        let n = tokens.count
        var stops = [[Int]](repeating: [Int](repeating: n, count: n + 1), count: Style.allCases.count)
        var k = n - 1
        while k >= 0 {
            let punct = tokens[k].kind == .punct
            for style in Style.allCases {
                let stop = tokens[k].lineStart || punct && closes(tokens[k].text, style)
                stops[style.rawValue][k] = stop ? k : stops[style.rawValue][k + 1]
            }
            k -= 1
        }
        return stops
    }
}
