/// A language's model with the feature extractor it was trained with: words
/// of one sentence in, one BIO label per word out.
struct SentenceTagger: Sendable {
    let model: TaggerModel
    let features: TaggerFeatures

    init(model: TaggerModel, features: TaggerFeatures) {
        self.model = model
        self.features = TaggerFeatures(rowBits: model.rowBits, gazetteer: features.gazetteer, names: features.names)
    }

    func tag(words: [String], lowers: [String]) -> [NERLabel] {
        model.tag(rows: features.rows(words: words, lowers: lowers), count: words.count)
    }
}
