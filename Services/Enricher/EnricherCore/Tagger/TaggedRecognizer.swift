import Foundation

/// Entity mentions from the trained taggers, for the languages that have a
/// model file (`Data/ner-<language>.bin`, built by `make train-ner`). Each
/// sentence is tagged on its own; a B- label starts a mention and the I-
/// labels after it extend it.
struct TaggedRecognizer: Sendable {
    /// Languages whose model ships in `Data/`.
    static let modelLanguages = ["en", "de", "fr", "es"]
    let taggers: [String: SentenceTagger]

    init(gazetteer: Gazetteer, names: NameLexicon) throws {
        var taggers: [String: SentenceTagger] = [:]
        for language in TaggedRecognizer.modelLanguages {
            guard let data = try? DataFiles.bytes("ner-\(language).bin") else { continue }
            let model = try TaggerModel(data: data)
            taggers[language] = SentenceTagger(
                model: model, features: TaggerFeatures(rowBits: model.rowBits, gazetteer: gazetteer, names: names))
        }
        self.taggers = taggers
    }

    func hasModel(for language: String) -> Bool { taggers[language] != nil }

    func recognize(language: String, scalars: [Unicode.Scalar], tokens: [Token], lowers: [String]) -> [EntityRecognizer.Mention] {
        guard let tagger = taggers[language] else { return [] }
        var mentions: [EntityRecognizer.Mention] = []
        var start = 0
        while start < tokens.count {
            var end = start + 1
            while end < tokens.count && !tokens[end].sentenceStart && !tokens[end].lineStart { end += 1 }
            let labels = tagger.tag(words: tokens[start..<end].map(\.text), lowers: Array(lowers[start..<end]))
            for span in NERLabel.spans(labels) {
                let first = start + span.first, last = start + span.last
                let from = tokens[first].start, to = tokens[last].end
                mentions.append(EntityRecognizer.Mention(
                    start: from, end: to, type: span.type,
                    text: String(String.UnicodeScalarView(scalars[from..<to])), firstToken: first, lastToken: last))
            }
            start = end
        }
        return mentions
    }
}
