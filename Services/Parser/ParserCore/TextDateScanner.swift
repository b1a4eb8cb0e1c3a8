/// Finds calendar dates written in running text: numeric forms
/// (`2019-08-02`, `02.08.2019`, `08/02/2019`, `2019. 8. 2.`), month names in
/// the languages of `DateMonthNames` (`31. Mai 2012`, `12 janvier 2019`,
/// `2 de agosto de 2019`, `August 2nd, 2019`) and the CJK forms
/// (`2019年8月2日`, `2019년 8월 2일`).
///
/// The text is cut into numbers, words and marks once, and the date shapes
/// are matched on that token list, so one pass finds every date in a block.
enum TextDateScanner {
    /// Which reading a date like `03/04/2019` gets when neither number is above 12.
    enum NumericOrder: Sendable {
        case dayFirst, monthFirst
    }

    /// A date found in the text and the words just before it (a label such as "Updated:").
    struct Found {
        var date: DateNormalizer.Parsed
        /// Up to three words before the date (after any earlier date), lower-cased.
        var precedingWords: [String]
    }

    enum Token: Equatable {
        case number(Int, digits: Int)
        case word(Substring)
        case mark(Character)
    }

    /// Characters that join a number to the next in CJK dates.
    static let yearMarks: Set<Character> = ["年", "년"]
    static let monthMarks: Set<Character> = ["月", "월"]
    static let dayMarks: Set<Character> = ["日", "일"]
    /// Suffixes of ordinal day numbers ("2nd", "1er", "1º"), dropped.
    static let ordinalSuffixes: Set<Substring> = ["st", "nd", "rd", "th", "er", "re", "e", "º", "ª", "o", "a"]
    /// Words that may stand between the parts of a date ("2 de agosto de 2019", "the 2nd of August").
    static let fillers: Set<Substring> = ["de", "del", "of", "di", "d"]

    /// Every date in `text`, in reading order.
    static func dates(in text: String, order: NumericOrder) -> [Found] {
        let tokens = tokenize(text)
        var out: [Found] = []
        var i = 0
        var previousEnd = 0
        while i < tokens.count {
            if let (date, length) = match(tokens, at: i, order: order) {
                var words: [String] = []
                var k = i - 1
                while k >= previousEnd, words.count < 3 {
                    if case .word(let w) = tokens[k] { words.append(w.lowercased()) }
                    k -= 1
                }
                out.append(Found(date: date, precedingWords: words))
                i += length
                previousEnd = i
            } else {
                i += 1
            }
        }
        return out
    }

    /// The order a page's own unambiguous numeric dates show (`13/04/2019`
    /// is day first, `04/13/2019` month first); nil when none decides or they disagree.
    static func orderEvidence<S: Sequence>(in texts: S) -> NumericOrder? where S.Element == String {
        var dayFirst = 0, monthFirst = 0
        for text in texts where text.contains("/") || text.contains("-") {
            let t = tokenize(text)
            for i in t.indices {
                guard let a = number(t, i, digits: 1...2), let sep = mark(t, i + 1), sep == "/" || sep == "-",
                    let b = number(t, i + 2, digits: 1...2), mark(t, i + 3) == sep, number(t, i + 4, digits: 4...4) != nil
                else { continue }
                if a > 12, b <= 12 { dayFirst += 1 }
                if b > 12, a <= 12 { monthFirst += 1 }
            }
        }
        if dayFirst > 0, monthFirst == 0 { return .dayFirst }
        if monthFirst > 0, dayFirst == 0 { return .monthFirst }
        return nil
    }

    /// The token list: numbers (ordinal suffixes dropped), words (lower-cased
    /// on lookup), and single marks; spaces only separate.
    static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var index = text.startIndex
        while index < text.endIndex {
            let ch = text[index]
            if let d = ch.wholeNumberValue, ch.isASCII {
                var value = d
                var digits = 1
                var next = text.index(after: index)
                while next < text.endIndex, let more = text[next].wholeNumberValue, text[next].isASCII {
                    if digits < 9 { value = value * 10 + more }
                    digits += 1
                    next = text.index(after: next)
                }
                tokens.append(.number(value, digits: digits))
                // An ordinal suffix glued to the number.
                var end = next
                while end < text.endIndex, text[end].isLetter, !isMark(text[end]) { end = text.index(after: end) }
                if end > next, ordinalSuffixes.contains(text[next..<end].lowercased()[...]) { next = end }
                index = next
            } else if ch.isLetter && !isMark(ch) {
                var next = text.index(after: index)
                while next < text.endIndex, text[next].isLetter, !isMark(text[next]) { next = text.index(after: next) }
                tokens.append(.word(text[index..<next]))
                index = next
            } else {
                if !ch.isWhitespace { tokens.append(.mark(ch)) }
                index = text.index(after: index)
            }
        }
        return tokens
    }

    private static func isMark(_ ch: Character) -> Bool {
        yearMarks.contains(ch) || monthMarks.contains(ch) || dayMarks.contains(ch)
    }

    /// A date starting at token `i`: the parsed date and how many tokens it used.
    static func match(_ t: [Token], at i: Int, order: NumericOrder) -> (DateNormalizer.Parsed, Int)? {
        yearFirst(t, i) ?? dayMonthYearNumeric(t, i, order: order) ?? dayMonthNameYear(t, i)
            ?? monthNameDayYear(t, i)
    }

    private static func number(_ t: [Token], _ i: Int, digits: ClosedRange<Int>) -> Int? {
        guard i < t.count, case .number(let v, let d) = t[i], digits.contains(d) else { return nil }
        return v
    }

    private static func mark(_ t: [Token], _ i: Int) -> Character? {
        guard i < t.count, case .mark(let c) = t[i] else { return nil }
        return c
    }

    private static func monthName(_ t: [Token], _ i: Int) -> Int? {
        guard i < t.count, case .word(let w) = t[i] else { return nil }
        return DateMonthNames.month(w)
    }

    private static func isFiller(_ t: [Token], _ i: Int) -> Bool {
        guard i < t.count, case .word(let w) = t[i] else { return false }
        return fillers.contains(w.lowercased()[...])
    }

    private static func make(_ y: Int, _ m: Int, _ d: Int) -> DateNormalizer.Parsed? {
        guard (1...12).contains(m), (1...daysIn(month: m, year: y)).contains(d), (1000...9999).contains(y) else {
            return nil
        }
        return DateNormalizer.Parsed(year: y, month: m, day: d)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `2019-08-02`, `2019/8/2`, `2019.08.02`, `2019. 8. 2.`, `2019年8月2日`, `2019년 8월 2일`.
    private static func yearFirst(_ t: [Token], _ i: Int) -> (DateNormalizer.Parsed, Int)? {
        guard let y = number(t, i, digits: 4...4), let sep = mark(t, i + 1),
            let m = number(t, i + 2, digits: 1...2), let sep2 = mark(t, i + 3), let d = number(t, i + 4, digits: 1...2)
        else { return nil }
        if yearMarks.contains(sep) {
            guard monthMarks.contains(sep2), let date = make(y, m, d) else { return nil }
            return (date, mark(t, i + 5).map { dayMarks.contains($0) } == true ? 6 : 5)
        }
        guard sep == sep2, "-/.".contains(sep), let date = make(y, m, d) else { return nil }
        return (date, 5)
    }

    /// `02.08.2019` (dots: always day first), `08/02/2019` and `08-02-2019` (by the page's order).
    private static func dayMonthYearNumeric(_ t: [Token], _ i: Int, order: NumericOrder) -> (DateNormalizer.Parsed, Int)? {
        guard let a = number(t, i, digits: 1...2), let sep = mark(t, i + 1), "./-".contains(sep),
            let b = number(t, i + 2, digits: 1...2), mark(t, i + 3) == sep, let y = number(t, i + 4, digits: 4...4)
        else { return nil }
        let dayFirst: Bool
        if a > 12 { dayFirst = true } else if b > 12 { dayFirst = false } else { dayFirst = sep == "." || order == .dayFirst }
        guard let date = dayFirst ? make(y, b, a) : make(y, a, b) else { return nil }
        return (date, 5)
    }

    /// `31. Mai 2012`, `12 janvier 2019`, `2 de agosto de 2019`, `2 августа 2019`, `2nd of August, 2019`.
    private static func dayMonthNameYear(_ t: [Token], _ i: Int) -> (DateNormalizer.Parsed, Int)? {
        guard let d = number(t, i, digits: 1...2) else { return nil }
        var j = i + 1
        if mark(t, j) == "." { j += 1 }
        if isFiller(t, j) { j += 1 }
        guard let m = monthName(t, j) else { return nil }
        j += 1
        j = skipPunctuationAndFillers(t, j)
        guard let y = number(t, j, digits: 4...4), let date = make(y, m, d) else { return nil }
        return (date, j + 1 - i)
    }

    /// `August 2, 2019`, `Aug. 2nd 2019`, `März 31, 2012`.
    private static func monthNameDayYear(_ t: [Token], _ i: Int) -> (DateNormalizer.Parsed, Int)? {
        guard let m = monthName(t, i) else { return nil }
        var j = i + 1
        if mark(t, j) == "." { j += 1 }
        guard let d = number(t, j, digits: 1...2) else { return nil }
        j += 1
        j = skipPunctuationAndFillers(t, j)
        guard let y = number(t, j, digits: 4...4), let date = make(y, m, d) else { return nil }
        return (date, j + 1 - i)
    }

    private static func skipPunctuationAndFillers(_ t: [Token], _ j: Int) -> Int {
        var j = j
        while j < t.count {
            if let c = mark(t, j), c == "," || c == "." { j += 1; continue }
            if isFiller(t, j) { j += 1; continue }
            break
        }
        return j
    }
}
