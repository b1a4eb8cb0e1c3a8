import Shared

/// Finds direct quotes and who said them: a named person (resolved to its
/// canonical entity) or a described speaker ("the official", "a Pentagon
/// Inspector General report"), in the quotation marks and attribution words
/// of English, German, French and Spanish news (`QuoteMarks`, `QuoteCues`).
/// A quoted nickname inside a name is not a quote. Every scan is bounded:
/// quote ends come from one backward pass and attribution looks at most
/// `window` tokens from the quote, so the work stays linear in the text
/// (an opening mark never closed, repeated 300,000 times, used to cost a
/// rescan to the paragraph end for each one).
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
        /// ISO 639-1 code of the text: which language's attribution words apply (English when nil).
        var language: String? = nil
    }

    /// How far attribution looks from a quote or a verb, in tokens.
    static let window = 40
    /// Returned as a role for "he said": resolved to the last person named before the quote.
    static let pronounMarker = "\u{0}pronoun"

    /// What one extraction reads: the text, its language's cues and the
    /// surnames of its people (a speaker named by surname where the
    /// recogniser did not type that mention).
    private struct Scan {
        let c: Context
        let cues: QuoteCues
        let surnames: [String: String]

        init(_ c: Context) {
            self.c = c
            self.cues = QuoteCues.forLanguage(c.language)
            var surnames: [String: String] = [:]
            for name in Set(c.personAt.values) {
                let parts = EntityLinker.nameParts(name)
                if parts.count >= 2, let last = parts.last { surnames[last.lowercased()] = name }
            }
            self.surnames = surnames
        }

        func isSayVerb(_ k: Int) -> Bool { cues.sayVerbs.contains(c.lowers[k]) }
        func isSourceMarker(_ k: Int) -> Bool { cues.sourceMarkers.contains(c.lowers[k]) }
        /// Where the source named after a marker starts ("according to X": after "to").
        func afterMarker(_ k: Int) -> Int {
            k + 1 < c.tokens.count && cues.sourceMarkerTails.contains(c.lowers[k + 1]) ? k + 2 : k + 1
        }
    }

    func extract(_ c: Context) -> [Quote] {
        let scan = Scan(c)
        let tokens = c.tokens
        let n = tokens.count
        let stops = QuoteMarks.nextStops(tokens)
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
            guard let style = QuoteMarks.opening(tokens, i) else { i += 1; continue }
            let j = stops[style.rawValue][i + 1]
            // News style: a quote running on into the next paragraph has no closing mark,
            // and the next paragraph opens with a quotation mark.
            let runsOn = j < n && tokens[j].lineStart && QuoteMarks.opening(tokens, j) != nil && j - i > 3
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
                (speaker, role) = attributionBefore(i, sentenceStart: sStart, scan)
                if role == Self.pronounMarker { role = nil; speaker = lastPerson(before: i, c) }
                quotes.append(Quote(text: text, start: startOffset, end: endOffset, speaker: speaker, speakerRole: role))
                runOns.append(quotes.count - 1)
                i = j
                continue
            }
            let (_, afterEnd) = sentenceRange(j)
            // (a) after the quote: “...,” the official said / said Votel / „…“, so Müller
            (speaker, role) = attributionAfter(j, sentenceEnd: afterEnd, scan)
            // (b) before the quote: Votel said that “...” / Selon le ministre, « … »
            if speaker == nil && role == nil {
                let (sStart, _) = sentenceRange(i)
                (speaker, role) = attributionBefore(i, sentenceStart: sStart, scan)
            }
            // (c) later in the sentence: ISIS has the “...” and ..., the official said.
            if speaker == nil && role == nil {
                var f = j + 1
                while f <= min(afterEnd, j + Self.window) && f < n {
                    if scan.isSayVerb(f) {
                        (speaker, role) = subject(before: f, sentenceStart: j + 1, scan)
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

    /// The speaker named right after a quote ending at token `close`: a verb
    /// of saying with its subject before it ("the official said") or after
    /// it ("said Votel", "a déclaré le ministre", "sagte Merkel"), or a
    /// source marker ("according to X", "so Müller", "selon X").
    private func attributionAfter(_ close: Int, sentenceEnd: Int, _ scan: Scan) -> (String?, String?) {
        let c = scan.c
        let n = c.tokens.count
        var k = close + 1
        if k < n, c.tokens[k].text == "," { k += 1 }
        guard k < n else { return (nil, nil) }
        if scan.isSourceMarker(k) || scan.cues.sourceMarkersAfterQuote.contains(c.lowers[k]) {
            return phrase(from: scan.afterMarker(k), forwardTo: sentenceEnd, scan)
        }
        var verb: Int? = nil
        var probe = k
        while probe <= min(sentenceEnd, k + 20) && probe < n {
            let t = c.tokens[probe].text
            if t == "\u{201C}" || t == "\u{201E}" || t == "\u{00AB}" { break }
            if scan.isSayVerb(probe) { verb = probe; break }
            probe += 1
        }
        guard let verb else { return (nil, nil) }
        // Only auxiliaries between the quote and the verb: the speaker follows the verb.
        if (k..<verb).allSatisfy({ scan.cues.auxiliaries.contains(c.lowers[$0]) }) {
            return phrase(from: verb + 1, forwardTo: sentenceEnd, scan)
        }
        return span(k, verb - 1, scan)
    }

    /// The speaker named before a quote opening at token `open`, in its
    /// sentence: the subject of a verb of saying ("Votel said that"), the
    /// phrase after the verb when the subject follows it ("Dazu sagte
    /// Merkel:", "Dijo el ministro:"), or the source after a marker
    /// ("according to X,", "Selon X,").
    private func attributionBefore(_ open: Int, sentenceStart: Int, _ scan: Scan) -> (String?, String?) {
        var b = open - 1
        while b >= max(sentenceStart, open - Self.window) {
            if scan.isSourceMarker(b) {
                return phrase(from: scan.afterMarker(b), forwardTo: open - 1, scan)
            }
            if scan.isSayVerb(b) {
                let before = subject(before: b, sentenceStart: sentenceStart, scan)
                guard before.0 == nil && before.1 == nil else { return before }
                let after = phrase(from: b + 1, forwardTo: open - 1, scan)
                return after.0 != nil || scan.cues.invertsSubject ? after : (nil, nil)
            }
            b -= 1
        }
        return (nil, nil)
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
    private func subject(before verb: Int, sentenceStart: Int, _ scan: Scan) -> (String?, String?) {
        let c = scan.c
        let floor = max(sentenceStart, verb - Self.window)
        var verb = verb
        // "the official has also said": auxiliaries and adverbs belong to the verb.
        while verb - 1 >= floor && scan.cues.auxiliaries.contains(c.lowers[verb - 1]) { verb -= 1 }
        var b = verb - 1
        while b >= floor {
            if let p = c.personStart[b] { b = p - 1; continue }
            let l = c.lowers[b]
            if c.tokens[b].kind == .punct && l != "-" { break }
            if scan.cues.clauseStops.contains(l) { break }
            b -= 1
        }
        return span(max(b + 1, floor), verb - 1, scan)
    }

    /// A phrase after "said" or "according to", up to punctuation.
    private func phrase(from start: Int, forwardTo limit: Int, _ scan: Scan) -> (String?, String?) {
        let c = scan.c
        var e = start
        while e <= min(limit, start + Self.window) && e < c.tokens.count {
            if c.tokens[e].kind == .punct && c.personAt[e] == nil { break }
            e += 1
        }
        return span(start, e - 1, scan)
    }

    /// Speaker of tokens s...e: the person named in it, else the phrase as a role
    /// (cut before a preposition: "A Pentagon Inspector General report on ...").
    private func span(_ s: Int, _ e: Int, _ scan: Scan) -> (String?, String?) {
        let c = scan.c
        let cues = scan.cues
        guard s <= e, s >= 0, e < c.tokens.count else { return (nil, nil) }
        for k in s...e { if let name = c.personAt[k] { return (name, nil) } }
        var end = e
        for k in s...e where cues.phraseCuts.contains(c.lowers[k]) && k > s {
            end = k - 1
            break
        }
        // The phrase is one named organisation ("The Straits Times", "the Pentagon").
        var first = s
        if cues.articles.contains(c.lowers[first]) && first < end { first += 1 }
        if let name = c.entityAt[first], (first...end).allSatisfy({ c.entityAt[$0] == name }) { return (name, nil) }
        if cues.auxiliaries.contains(c.lowers[s]) { return (nil, nil) }
        guard end - s < 8 else { return (nil, nil) }
        // A person named by surname (after a title or article at most) where that
        // mention was not typed: "sagte Müller", "Minister Müller".
        if end - s < 3, c.tokens[end].isCapitalized, let name = scan.surnames[c.lowers[end]] { return (name, nil) }
        var v = String.UnicodeScalarView()
        v.append(contentsOf: c.scalars[c.tokens[s].start..<c.tokens[end].end])
        let text = String(v)
        if text.isEmpty { return (nil, nil) }
        // A description needs a content word: not "and", not "has".
        var content = false
        for k in s...end where c.tokens[k].kind == .word && !cues.functionWords.contains(c.lowers[k]) && !cues.auxiliaries.contains(c.lowers[k]) {
            content = true
        }
        let lowered = text.lowercased()
        if !content && !cues.pronouns.contains(lowered) { return (nil, nil) }
        // A pronoun carries no description.
        if cues.pronouns.contains(lowered) { return (nil, Self.pronounMarker) }
        return (nil, text)
    }
}
