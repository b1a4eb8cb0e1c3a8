import Shared

/// Finds direct quotes and who said them: a named person (resolved to its
/// canonical entity) or a described speaker ("the official", "a Pentagon
/// Inspector General report"). A quoted nickname inside a name is not a quote.
struct QuoteExtractor: Sendable {
    struct Context {
        let scalars: [Unicode.Scalar]
        let tokens: [Token]
        let lowers: [String]
        /// Token index -> canonical name of the PER entity covering it.
        let personAt: [Int: String]
        /// Token index -> first token of the PER mention covering it.
        let personStart: [Int: Int]
        let entityAt: [Int: String]
    }

    static let clauseStops: Set<String> = ["and", "but", "that", "which", "who", "while", "as", "because", "so", "when", "after", "before", "if"]

    static let phraseCuts: Set<String> = ["on", "in", "of", "at", "for", "from", "with", "about", ","]
    static let pronouns: Set<String> = ["he", "she", "they", "we", "i", "it"]
    static let functionWords: Set<String> = [
        "the", "a", "an", "and", "but", "or", "nor", "of", "to", "in", "on", "at", "that", "which", "who",
        "this", "these", "those", "as", "so", "it", "its", "there", "then", "than", "if", "for", "with",
    ]
    static let auxiliaries: Set<String> = [
        "has", "have", "had", "was", "is", "were", "are", "will", "would", "also", "later", "previously",
        "reportedly", "earlier", "then", "once", "recently", "repeatedly", "publicly", "privately", "had", "did",
        "does", "do", "may", "might", "could", "can", "should", "not", "never", "first", "further",
    ]
    /// Returned as a role for "he said": resolved to the last person named before the quote.
    static let pronounMarker = "\u{0}pronoun"

    func extract(_ c: Context) -> [Quote] {
        let tokens = c.tokens
        let n = tokens.count
        // Sentence index of each token.
        var sentence = [Int](repeating: 0, count: n)
        var sentenceStarts: [Int] = []
        for i in 0..<n {
            if tokens[i].sentenceStart || tokens[i].lineStart || i == 0 { sentenceStarts.append(i) }
            sentence[i] = sentenceStarts.count - 1
        }
        func sentenceRange(_ i: Int) -> (Int, Int) {
            let s = sentenceStarts[sentence[i]]
            let e = sentence[i] + 1 < sentenceStarts.count ? sentenceStarts[sentence[i] + 1] - 1 : n - 1
            return (s, e)
        }
        var quotes: [Quote] = []
        var runOns: [Int] = []
        var lastSpeaker: (line: Int, speaker: String?, role: String?)? = nil
        var line = 0
        var lineOf = [Int](repeating: 0, count: n)
        for i in 0..<n { if tokens[i].lineStart && i > 0 { line += 1 }; lineOf[i] = line }

        var i = 0
        while i < n {
            let t = tokens[i].text
            let isOpen = t == "\u{201C}" || (t == "\"" && (tokens[i].spaceBefore || tokens[i].lineStart || i == 0))
            guard isOpen else { i += 1; continue }
            var j = i + 1
            while j < n && !(tokens[j].text == "\u{201D}" || tokens[j].text == "\"") && !(tokens[j].lineStart) { j += 1 }
            // News style: a quote running on into the next paragraph has no closing mark,
            // and the next paragraph opens with a quotation mark.
            let runsOn = (j == n || tokens[j].lineStart) && j < n
                && (tokens[j].text == "\u{201C}" || tokens[j].text == "\"") && j - i > 3
            guard runsOn || (j < n && !tokens[j].lineStart), j > i + 1 else { i += 1; continue }
            // A nickname inside a person's name, or a one-word scare quote, is not a quote.
            var words = 0
            for k in (i + 1)..<j where tokens[k].kind != .punct { words += 1 }
            if c.personAt[i + 1] != nil && c.personAt[i] != nil || words < 2 { i = j + 1; continue }
            let startOffset = tokens[i + 1].start
            let endOffset = tokens[j - 1].end
            var v = String.UnicodeScalarView()
            v.append(contentsOf: c.scalars[startOffset..<endOffset])
            var text = String(v)
            while let last = text.last, last == "," { text.removeLast() }

            var speaker: String? = nil
            var role: String? = nil
            if runsOn {
                // Attributed before it in the paragraph, or by the paragraph that continues it.
                let (sStart, _) = sentenceRange(i)
                var b = i - 1
                while b >= sStart {
                    if Lexicon.sayVerbs.contains(c.lowers[b]) { (speaker, role) = subject(before: b, sentenceStart: sStart, c); break }
                    b -= 1
                }
                if role == Self.pronounMarker { role = nil; speaker = lastPerson(before: i, c) }
                quotes.append(Quote(text: text, start: startOffset, end: endOffset, speaker: speaker, speakerRole: role))
                runOns.append(quotes.count - 1)
                i = j
                continue
            }
            // (a) after the quote: “...,” the official said / said Votel / Gen. X, the ..., told
            let (_, afterEnd) = sentenceRange(j)
            var k = j + 1
            if k < n, tokens[k].text == "," { k += 1 }
            var verb: Int? = nil
            var probe = k
            while probe <= min(afterEnd, k + 20) && probe < n {
                if tokens[probe].text == "\u{201C}" { break }
                if Lexicon.sayVerbs.contains(c.lowers[probe]) { verb = probe; break }
                probe += 1
            }
            if let verb, verb == k {
                // "said Votel": the phrase after the verb.
                (speaker, role) = phrase(from: verb + 1, forwardTo: afterEnd, c)
            } else if let verb {
                (speaker, role) = span(k, verb - 1, c)
            }
            // (b) before the quote: Votel said that “...”
            if speaker == nil && role == nil {
                let (sStart, _) = sentenceRange(i)
                var b = i - 1
                while b >= sStart {
                    if Lexicon.sayVerbs.contains(c.lowers[b]) || c.lowers[b] == "according" {
                        if c.lowers[b] == "according" {
                            (speaker, role) = phrase(from: b + 2, forwardTo: i - 1, c)
                        } else {
                            (speaker, role) = subject(before: b, sentenceStart: sStart, c)
                        }
                        break
                    }
                    b -= 1
                }
            }
            // (c) later in the sentence: ISIS has the “...” and ..., the official said.
            if speaker == nil && role == nil {
                var f = j + 1
                while f <= afterEnd && f < n {
                    if Lexicon.sayVerbs.contains(c.lowers[f]) {
                        (speaker, role) = subject(before: f, sentenceStart: j + 1, c)
                        break
                    }
                    f += 1
                }
            }
            // "he said": the last person named before the quote (within a few sentences).
            if role == Self.pronounMarker {
                role = nil
                speaker = lastPerson(before: i, c)
            }
            // (d) a continued quote in the same paragraph.
            if speaker == nil && role == nil, let last = lastSpeaker, last.line == lineOf[i] {
                speaker = last.speaker
                role = last.role
            }
            quotes.append(Quote(text: text, start: startOffset, end: endOffset, speaker: speaker, speakerRole: role))
            if speaker != nil || role != nil { lastSpeaker = (lineOf[i], speaker, role) }
            i = j + 1
        }
        // A run-on quote without a speaker takes the speaker of its continuation.
        for q in runOns.reversed() where quotes[q].speaker == nil && quotes[q].speakerRole == nil && q + 1 < quotes.count {
            quotes[q].speaker = quotes[q + 1].speaker
            quotes[q].speakerRole = quotes[q + 1].speakerRole
        }
        return quotes
    }

    private func lastPerson(before i: Int, _ c: Context) -> String? {
        var b = i - 1
        while b >= 0 && b >= i - 80 {
            if let name = c.personAt[b] { return name }
            b -= 1
        }
        return nil
    }

    /// The subject of a verb of saying: the phrase just before it, back to a clause boundary.
    private func subject(before verb: Int, sentenceStart: Int, _ c: Context) -> (String?, String?) {
        var verb = verb
        // "the official has also said": auxiliaries and adverbs belong to the verb.
        while verb - 1 >= sentenceStart && Self.auxiliaries.contains(c.lowers[verb - 1]) { verb -= 1 }
        var b = verb - 1
        while b >= sentenceStart {
            if let p = c.personStart[b] { b = p - 1; continue }
            let l = c.lowers[b]
            if c.tokens[b].kind == .punct && l != "-" { break }
            if Self.clauseStops.contains(l) { break }
            b -= 1
        }
        return span(b + 1, verb - 1, c)
    }

    /// A phrase after "said" or "according to", up to punctuation.
    private func phrase(from start: Int, forwardTo limit: Int, _ c: Context) -> (String?, String?) {
        var e = start
        while e <= limit && e < c.tokens.count {
            if c.tokens[e].kind == .punct && c.personAt[e] == nil { break }
            e += 1
        }
        return span(start, e - 1, c)
    }

    /// Speaker of tokens s...e: the person named in it, else the phrase as a role
    /// (cut before a preposition: "A Pentagon Inspector General report on ...").
    private func span(_ s: Int, _ e: Int, _ c: Context) -> (String?, String?) {
        guard s <= e, s >= 0, e < c.tokens.count else { return (nil, nil) }
        for k in s...e { if let name = c.personAt[k] { return (name, nil) } }
        var end = e
        for k in s...e where Self.phraseCuts.contains(c.lowers[k]) && k > s {
            end = k - 1
            break
        }
        // The phrase is one named organisation ("The Straits Times", "the Pentagon").
        var first = s
        if c.lowers[first] == "the" && first < end { first += 1 }
        if let name = c.entityAt[first], (first...end).allSatisfy({ c.entityAt[$0] == name }) { return (name, nil) }
        if Self.auxiliaries.contains(c.lowers[s]) { return (nil, nil) }
        guard end - s < 8 else { return (nil, nil) }
        var v = String.UnicodeScalarView()
        v.append(contentsOf: c.scalars[c.tokens[s].start..<c.tokens[end].end])
        let text = String(v)
        if text.isEmpty { return (nil, nil) }
        // A description needs a content word: not "and", not "has".
        var content = false
        for k in s...end where c.tokens[k].kind == .word && !Self.functionWords.contains(c.lowers[k]) && !Self.auxiliaries.contains(c.lowers[k]) {
            content = true
        }
        if !content && !Self.pronouns.contains(text.lowercased()) { return (nil, nil) }
        // A pronoun carries no description.
        if Self.pronouns.contains(text.lowercased()) { return (nil, Self.pronounMarker) }
        return (nil, text)
    }
}
