/// Splits text into word, number and punctuation tokens and marks sentence
/// starts, knowing the abbreviations of news copy (Gen., U.S., Sen., Inc.)
/// so their periods neither end a sentence nor leave the token.
public struct Tokenizer: Sendable {
    public init() {}

    /// Abbreviations that keep their period; lower-cased, without the period.
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cpl", "pvt",
        "adm", "cmdr", "gov", "sen", "rep", "rev", "sr", "jr", "st", "ave", "blvd", "rd", "mt", "ft",
        "inc", "corp", "co", "ltd", "bros", "no", "nos", "vs", "etc", "jan", "feb", "mar", "apr", "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec", "pres", "supt", "est", "dept", "univ", "approx",
        "fig", "vol", "gov't", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "d.c", "l.a", "plc",
        "messrs", "hon", "atty", "brig", "cmdt", "insp", "det", "supt", "msgr", "fr", "ste",
    ]
    /// Abbreviations after which a capitalised word may still start a new sentence.
    static let sentenceFinalAbbreviations: Set<String> = ["inc", "corp", "co", "ltd", "etc", "jr", "sr", "plc"]

    public func tokenize(_ scalars: [Unicode.Scalar]) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(scalars.count / 5)
        let n = scalars.count
        var i = 0
        var space = true
        var newline = true
        var sentenceStart = true
        func isLetter(_ s: Unicode.Scalar) -> Bool { s.isLetterFast }
        func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }
        func isApostrophe(_ s: Unicode.Scalar) -> Bool { s == "'" || s == "\u{2019}" }
        func isHyphen(_ s: Unicode.Scalar) -> Bool { s == "-" || s == "\u{2010}" || s == "\u{2011}" }
        func str(_ a: Int, _ b: Int) -> String { Tokenizer.string(scalars, a, b, lower: false) }
        while i < n {
            let c = scalars[i]
            if c.isSpaceFast {
                space = true
                if c == "\n" { newline = true; sentenceStart = true }
                i += 1
                continue
            }
            let start = i
            var kind = Token.Kind.punct
            if isLetter(c) || isDigit(c) {
                kind = isDigit(c) ? .number : .word
                i += 1
                while i < n {
                    let s = scalars[i]
                    if isLetter(s) || isDigit(s) || (s.value >= 0x300 && s.properties.generalCategory == .nonspacingMark) {
                        if kind == .number && isLetter(s) { kind = .word }
                        i += 1
                        continue
                    }
                    // Joiners inside a token: 2,000 / 3.5 / ISIS-K / O'Brien / U.S.
                    if i + 1 < n {
                        let next = scalars[i + 1]
                        if kind == .number && (s == "," || s == ".") && isDigit(next) { i += 1; continue }
                        if isHyphen(s) && (isLetter(next) || isDigit(next)) { i += 1; continue }
                        // Initials joined by an ampersand: AT&T, S&P, Texas A&M.
                        if s == "&" && next.isUpperFast && scalars[i - 1].isUpperFast { i += 1; continue }
                        if isApostrophe(s) && isLetter(next) {
                            // Possessive and clitic 's stay separate tokens ("ISIS's", "it's").
                            if Tokenizer.cliticLength(scalars, i + 1) != nil { break }
                            if next == "t" && i > start && scalars[i - 1] == "n" { break }
                            i += 1
                            continue
                        }
                        if s == "." && isLetter(next) && i + 2 <= n {
                            // Dotted initialisms: U.S., D.C., e.g.
                            let segStart = i - 1
                            if segStart >= start && (segStart == start || scalars[segStart - 1] == ".")
                                && (i + 2 == n || !isLetter(scalars[i + 2])) {
                                i += 1
                                continue
                            }
                        }
                    }
                    break
                }
                if kind == .word && i < n && scalars[i] == "." {
                    let word = str(start, i).lowercased()
                    let dotted = word.contains(".")
                    let singleInitial = i - start == 1 && scalars[start].isUpperFast
                    if dotted || singleInitial || Tokenizer.abbreviations.contains(word) {
                        i += 1  // keep the period inside the token
                    }
                }
            } else if isApostrophe(c), i + 1 < n, let len = Tokenizer.cliticLength(scalars, i + 1) {
                // Clitics and the possessive as their own word token: 's, 'm, 're, 've, 'll, 'd.
                kind = .word
                i += 1 + len
            } else {
                i += 1
                // Runs of the same punctuation (--, ...) are one token.
                while i < n && scalars[i] == c && (c == "-" || c == "." || c == "!" || c == "?") { i += 1 }
            }
            let text = str(start, i)
            let lower = Tokenizer.string(scalars, start, i, lower: true)
            tokens.append(Token(
                start: start, end: i, text: text, lower: lower, key: WordKey.of(lower),
                kind: kind, sentenceStart: sentenceStart,
                spaceBefore: space, lineStart: newline))
            space = false
            newline = false
            // An opening quote or bracket passes the sentence start on to the word after it
            // („…“ and »…« in German, « … » in French and Spanish as well as “…”).
            sentenceStart = sentenceStart && kind == .punct
                && (c == "\u{201C}" || c == "\u{2018}" || c == "\"" || c == "(" || c == "[" || c == "'"
                    || c == "\u{201E}" || c == "\u{00AB}" || c == "\u{00BB}")
            if kind == .punct {
                if c == "." || c == "!" || c == "?" { sentenceStart = true }
            } else if kind == .word && text.hasSuffix(".") {
                let base = text.dropLast().lowercased()
                if Tokenizer.sentenceFinalAbbreviations.contains(base) || base.contains(".") || base.count > 4 {
                    // Possibly sentence-final: decided by what follows.
                    sentenceStart = isSentenceBreakAhead(scalars, i)
                    // A dotted initialism (U.S., U.K.) before a capitalised word that is no
                    // sentence opener continues a name: "the U.S. Army", "U.S. Senator X";
                    // so do a person's initials ("K.C. Maurer") and an initialism opening a sentence.
                    if sentenceStart && base.contains(".") {
                        let inName = tokens.count >= 2 && tokens[tokens.count - 2].lower == "the"
                            || !Tokenizer.abbreviations.contains(String(base)) || tokens[tokens.count - 1].sentenceStart
                        sentenceStart = !continuesName(scalars, i, afterThe: inName)
                    }
                }
            }
            // A sentence-end mark followed by a closing quote: the next token starts the sentence.
            if kind == .punct && (c == "\u{201D}" || c == "\"" || c == ")" || c == "\u{201C}" || c == "\u{00BB}" || c == "\u{00AB}")
                && tokens.count >= 2
            {
                let prev = tokens[tokens.count - 2].text
                if prev == "." || prev == "!" || prev == "?" { sentenceStart = true }
            }
        }
        return tokens
    }

    /// A string of scalars a..<b, lower-cased on request; ASCII runs are built
    /// straight into the string's storage (token strings were a hot spot).
    static func string(_ scalars: [Unicode.Scalar], _ a: Int, _ b: Int, lower: Bool) -> String {
        var ascii = true
        for k in a..<b where scalars[k].value >= 128 { ascii = false; break }
        if ascii {
            return String(unsafeUninitializedCapacity: b - a) { buffer in
                for k in a..<b {
                    var v = UInt8(truncatingIfNeeded: scalars[k].value)
                    if lower && v >= 65 && v <= 90 { v |= 0x20 }
                    buffer[k - a] = v
                }
                return b - a
            }
        }
        var v = String.UnicodeScalarView()
        v.append(contentsOf: scalars[a..<b])
        let s = String(v)
        return lower ? s.lowercased() : s
    }

    /// Length of a clitic (s, m, d, re, ve, ll) starting at `at` and ending a word.
    static func cliticLength(_ scalars: [Unicode.Scalar], _ at: Int) -> Int? {
        for clitic in ["s", "m", "d", "re", "ve", "ll"] {
            var k = at
            var ok = true
            for ch in clitic.unicodeScalars {
                guard k < scalars.count, scalars[k].value | 0x20 == ch.value else { ok = false; break }
                k += 1
            }
            if ok && (k >= scalars.count || !scalars[k].isLetterFast) { return k - at }
        }
        return nil
    }

    /// The capitalised word after `from` (past spaces on one line) reads as the
    /// next word of a name rather than a sentence opener: never a function word
    /// ("The", "He", "In"); inside a name (after "the", after initials) anything
    /// else, otherwise a title or an organisation or place head ("U.S. Senator", "U.S. Army").
    private func continuesName(_ scalars: [Unicode.Scalar], _ from: Int, afterThe: Bool) -> Bool {
        var a = from
        while a < scalars.count && scalars[a].isSpaceFast {
            if scalars[a] == "\n" { return false }
            a += 1
        }
        var b = a
        while b < scalars.count && scalars[b].isLetterFast { b += 1 }
        guard b > a, scalars[a].isUpperFast else { return false }
        let word = Tokenizer.string(scalars, a, b, lower: true)
        if WordFlags.table.get(WordKey.of(word)) & WordFlags.stop.rawValue != 0 { return false }
        if afterThe { return true }
        return Lexicon.titles.contains(word) || Lexicon.orgHeads.contains(word) || Lexicon.locHeads.contains(word)
    }

    /// After an abbreviation: whitespace then an upper-case letter that does
    /// not look like the continuation of a name.
    private func isSentenceBreakAhead(_ scalars: [Unicode.Scalar], _ from: Int) -> Bool {
        var j = from
        var sawSpace = false
        while j < scalars.count && scalars[j].isSpaceFast {
            if scalars[j] == "\n" { return true }
            sawSpace = true
            j += 1
        }
        guard sawSpace, j < scalars.count else { return j >= scalars.count }
        let s = scalars[j]
        return s.isUpperFast || s == "\u{201C}" || s == "\"" || s == "\u{201E}" || s == "\u{00AB}" || s == "\u{00BB}"
    }
}
