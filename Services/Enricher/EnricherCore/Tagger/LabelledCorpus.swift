import Foundation

/// Sentences with gold BIO labels, read from the files
/// scripts/enricher/prepare_ner_corpora.py writes ("word<TAB>tag" lines, a
/// blank line between sentences). Unknown tags (MISC, OTH) read as O.
public struct LabelledCorpus: Sendable {
    struct Sentence: Sendable {
        var words: [String]
        var lowers: [String]
        var labels: [NERLabel]
    }

    var sentences: [Sentence]
    public var sentenceCount: Int { sentences.count }
    public var tokenCount: Int { sentences.reduce(0) { $0 + $1.words.count } }

    public init(contentsOf path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var sentences: [Sentence] = []
        var current = Sentence(words: [], lowers: [], labels: [])
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let cols = line.split(separator: "\t")
            guard cols.count >= 2 else {
                if !current.words.isEmpty { sentences.append(current) }
                current = Sentence(words: [], lowers: [], labels: [])
                continue
            }
            let word = String(cols[0])
            current.words.append(word)
            current.lowers.append(word.lowercased())
            current.labels.append(NERLabel(bio: cols[cols.count - 1]) ?? .outside)
        }
        if !current.words.isEmpty { sentences.append(current) }
        self.sentences = sentences
    }
}
