/// A cheap language check on the text when the markup declares none.
///
/// Scripts decide most languages outright (Hangul, kana, Han, Cyrillic,
/// Arabic, ...); for Latin text, the share of very common function words of
/// a handful of languages decides. Enrichment does the thorough job; this only
/// fills the field.
enum LanguageGuesser {
    static let stopwords: [(String, Set<String>)] = [
        ("en", ["the", "and", "of", "to", "in", "is", "that", "for", "with", "was", "on", "said"]),
        ("de", ["der", "die", "und", "das", "ist", "nicht", "mit", "den", "von", "sich", "auf", "ein"]),
        ("fr", ["le", "la", "les", "et", "des", "est", "une", "dans", "pour", "que", "du", "pas"]),
        ("es", ["el", "la", "los", "las", "y", "que", "del", "en", "por", "una", "para", "con"]),
        ("it", ["il", "la", "che", "di", "e", "per", "non", "una", "della", "sono", "gli", "del"]),
        ("pt", ["o", "a", "os", "que", "de", "não", "uma", "para", "com", "do", "da", "em"]),
        ("nl", ["de", "het", "een", "en", "van", "is", "dat", "niet", "op", "zijn", "met", "voor"]),
    ]

    static func guess(_ paragraphs: [String]) -> String? {
        var counts: [String: Int] = [:]
        var latin = 0
        var seen = 0
        outer: for p in paragraphs {
            for scalar in p.unicodeScalars {
                seen += 1
                if seen > 4000 { break outer }
                let v = scalar.value
                let script: String?
                switch v {
                case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F: latin += 1; script = nil
                case 0xAC00...0xD7AF, 0x1100...0x11FF: script = "ko"
                case 0x3040...0x30FF: script = "ja"
                case 0x4E00...0x9FFF: script = "zh"
                case 0x0400...0x04FF: script = "ru"
                case 0x0600...0x06FF: script = "ar"
                case 0x0590...0x05FF: script = "he"
                case 0x0370...0x03FF: script = "el"
                case 0x0E00...0x0E7F: script = "th"
                case 0x0900...0x097F: script = "hi"
                default: script = nil
                }
                if let script { counts[script, default: 0] += 1 }
            }
        }
        // Kana anywhere means Japanese even if Han characters dominate.
        if let kana = counts["ja"], kana > 10 { return "ja" }
        if let (script, n) = counts.max(by: { $0.value < $1.value }), n > latin { return script }
        guard latin > 50 else { return nil }
        var words: [String: Int] = [:]
        var total = 0
        for p in paragraphs.prefix(20) {
            for w in p.lowercased().split(whereSeparator: { !$0.isLetter }) {
                total += 1
                for (lang, set) in stopwords where set.contains(String(w)) { words[lang, default: 0] += 1 }
            }
            if total > 1500 { break }
        }
        guard let best = words.max(by: { $0.value < $1.value }), best.value * 20 >= total else { return nil }
        return best.key
    }
}
