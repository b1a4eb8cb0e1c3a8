/// Keyphrases: the most mentioned entities, then RAKE (Rose et al. 2010)
/// phrases: runs of lower-case content words between stop words, names and
/// punctuation, scored by the degree/frequency of their words. Stop words
/// are the function words of the text's language (`StopwordLists`), so
/// "vor dem" is never a German keyword.
struct KeywordExtractor: Sendable {
    /// Function words by language; empty if Data/stopwords.tsv is missing
    /// (a test checks it ships).
    let stopwords: StopwordLists = (try? StopwordLists.bundled.get()) ?? StopwordLists(rows: [])

    /// Languages that capitalise every noun: capitals there do not mark a name.
    static let nounCapitalising: Set<String> = ["de", "lb"]
    /// Articles and article contractions of German: a capitalised word after
    /// one ("der Sommer", "im Ende") is a common noun, whatever typed it.
    static let germanArticles: Set<String> = [
        "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem", "einen",
        "im", "am", "zum", "zur", "vom", "beim", "ins", "ans",
    ]

    static let extraStops: Set<String> = [
        "said", "says", "told", "would", "could", "also", "has", "have", "had", "been", "being", "were", "was",
        "is", "are", "will", "can", "may", "might", "must", "should", "get", "got", "make", "made", "take",
        "took", "year", "years", "time", "people", "like", "new", "according", "including", "us",
    ]

    func extract(tokens: [Token], lowers: [String], entities: [String], limit: Int = 10, language: String? = nil) -> [String] {
        // Words interned to small integers so the scoring runs on arrays.
        var ids: [UInt64: Int] = [:]
        var freq: [Double] = []
        var degree: [Double] = []
        var phrases: [[Int]] = []      // token indices
        var phraseWords: [[Int]] = []  // word ids
        var current: [Int] = []
        func close() {
            guard !current.isEmpty else { return }
            var words: [Int] = []
            for i in current {
                let id: Int
                if let known = ids[tokens[i].key] { id = known } else {
                    id = freq.count
                    ids[tokens[i].key] = id
                    freq.append(0)
                    degree.append(0)
                }
                freq[id] += 1
                degree[id] += Double(current.count)
                words.append(id)
            }
            phrases.append(current)
            phraseWords.append(words)
            current = []
        }
        let languageStops = stopwords.table(for: language)
        for i in tokens.indices {
            let l = lowers[i]
            let stop = tokens[i].kind != .word || l.utf8.count < 3 || tokens[i].sentenceStart || tokens[i].lineStart
                || tokens[i].text.unicodeScalars.first?.isUpperFast == true
                || WordFlags.table.get(tokens[i].key) & (WordFlags.stop.rawValue | WordFlags.keywordStop.rawValue) != 0
                || (languageStops.map { $0.get(tokens[i].key) != 0 } ?? false)
            if stop || current.count >= 3 {
                close()
                if stop { continue }
            }
            current.append(i)
        }
        close()
        var best: [String: (score: Double, phrase: Int)] = [:]
        for (p, words) in phraseWords.enumerated() {
            guard words.count > 1 || freq[words[0]] >= 2 else { continue }
            var s = 0.0
            for w in words { s += degree[w] / freq[w] }
            let key = phrases[p].map { lowers[$0] }.joined(separator: " ")
            if let old = best[key] { best[key] = (old.score + s, old.phrase) } else { best[key] = (s, p) }
        }
        let ranked = best.sorted { $0.value.score != $1.value.score ? $0.value.score > $1.value.score : $0.key < $1.key }
        var out = Array(nameKeywords(entities, tokens: tokens, lowers: lowers, language: language).prefix(limit / 2))
        for entry in ranked where out.count < limit {
            out.append(phrases[entry.value.phrase].map { tokens[$0].text }.joined(separator: " "))
        }
        return out
    }

    /// The entity names fit to be keywords: not a function word of the
    /// language ("Man", "Oder" typed as names), and in a language that
    /// capitalises nouns, no single word that the text also uses after an
    /// article (a common noun: "der Sommer", "die Kinder"; acronyms stay).
    func nameKeywords(_ names: [String], tokens: [Token], lowers: [String], language: String?) -> [String] {
        var afterArticle = Set<UInt64>()
        if let language, Self.nounCapitalising.contains(language) {
            for i in tokens.indices.dropFirst() where Self.germanArticles.contains(lowers[i - 1]) && tokens[i].isCapitalized {
                afterArticle.insert(tokens[i].key)
            }
        }
        return names.filter { name in
            let key = WordKey.of(name.lowercased())
            if stopwords.contains(key, language: language) { return false }
            if afterArticle.isEmpty || name.contains(" ") { return true }
            let isAcronym = name.unicodeScalars.allSatisfy { !$0.properties.isLowercase }
            return isAcronym || !afterArticle.contains(key)
        }
    }
}
