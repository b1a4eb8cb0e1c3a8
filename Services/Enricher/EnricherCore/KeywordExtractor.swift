/// Keyphrases by RAKE (Rose et al. 2010): runs of content words between stop
/// words and punctuation, scored by the degree/frequency of their words.
/// Entity names get a boost since analysts search by them.
struct KeywordExtractor: Sendable {
    static let extraStops: Set<String> = [
        "said", "says", "told", "would", "could", "also", "has", "have", "had", "been", "being", "were", "was",
        "is", "are", "will", "can", "may", "might", "must", "should", "get", "got", "make", "made", "take",
        "took", "year", "years", "time", "people", "s", "t", "like", "new", "according", "including", "us",
    ]

    func extract(tokens: [Token], lowers: [String], limit: Int = 10) -> [String] {
        var phrases: [[Int]] = []
        var current: [Int] = []
        for i in tokens.indices {
            let l = lowers[i]
            let stop = tokens[i].kind != .word || Lexicon.stopwords.contains(l) || Self.extraStops.contains(l)
                || l.unicodeScalars.count < 3 || tokens[i].sentenceStart || tokens[i].lineStart
            if stop || current.count >= 3 {
                if !current.isEmpty { phrases.append(current) }
                current = []
                if stop { continue }
            }
            current.append(i)
        }
        if !current.isEmpty { phrases.append(current) }
        var freq: [String: Double] = [:]
        var degree: [String: Double] = [:]
        for p in phrases {
            for i in p {
                freq[lowers[i], default: 0] += 1
                degree[lowers[i], default: 0] += Double(p.count)
            }
        }
        var scores: [String: Double] = [:]
        var surface: [String: String] = [:]
        for p in phrases {
            let key = p.map { lowers[$0] }.joined(separator: " ")
            var s = 0.0
            for i in p { s += (degree[lowers[i]] ?? 0) / (freq[lowers[i]] ?? 1) }
            scores[key, default: 0] += s
            if surface[key] == nil { surface[key] = p.map { tokens[$0].text }.joined(separator: " ") }
        }
        let ranked = scores.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var out: [String] = []
        for (key, _) in ranked where out.count < limit {
            if let s = surface[key], (key.contains(" ") || (freq[key] ?? 0) >= 2) { out.append(s) }
        }
        return out
    }
}
