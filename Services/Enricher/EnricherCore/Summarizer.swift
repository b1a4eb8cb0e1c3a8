/// The summary of a news article is its lead: the first sentences, up to
/// about 300 characters (news copy puts the essentials first).
enum Summarizer {
    static func lead(tokens: [Token], scalars: [Unicode.Scalar], maxScalars: Int = 300) -> String? {
        guard let first = tokens.first else { return nil }
        var end = first.end
        var sentences = 0
        for (i, t) in tokens.enumerated() {
            if i > 0 && (t.sentenceStart || t.lineStart) {
                sentences += 1
                if sentences >= 2 || t.start - first.start > maxScalars { break }
            }
            end = t.end
        }
        var v = String.UnicodeScalarView()
        v.append(contentsOf: scalars[first.start..<end])
        return String(v)
    }
}
