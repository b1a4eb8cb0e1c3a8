import Foundation
import Shared

/// Trains a `TaggerModel` as an averaged structured perceptron: each epoch
/// visits the sentences in a new seeded order, decodes each with Viterbi
/// under the current weights and, where the decoded labels differ from the
/// gold, moves weight from the wrong labels' rows and transitions to the
/// gold ones. The model keeps the average of the weights over every step,
/// which generalises far better than the last weights.
public struct PerceptronTrainer: Sendable {
    let features: TaggerFeatures
    public var epochs: Int
    public var seed: UInt64 = 0x5EED

    public init(gazetteer: Gazetteer, names: NameLexicon, rowBits: Int = 19, epochs: Int = 10) {
        self.features = TaggerFeatures(rowBits: rowBits, gazetteer: gazetteer, names: names)
        self.epochs = epochs
    }

    /// The averaged model, its file bytes, and `log` called after each epoch
    /// with the epoch number and the share of training tokens it mislabelled.
    public func train(_ corpus: LabelledCorpus, log: (Int, Double) -> Void) -> Data {
        let L = NERLabel.count, F = TaggerFeatures.perToken
        let sentences = corpus.sentences
        let rows = sentences.map { features.rows(words: $0.words, lowers: $0.lowers) }
        var weights = [Float](repeating: 0, count: (1 << features.rowBits) * L)
        var stamped = [Double](repeating: 0, count: weights.count)
        var transitions = [Float](repeating: 0, count: (L + 1) * L)
        var transStamped = [Double](repeating: 0, count: transitions.count)
        var step = 1.0
        var order = Array(sentences.indices)
        var rng = SplitMix64(seed: seed)
        for epoch in 1...max(epochs, 1) {
            order.shuffle(using: &rng)
            var wrong = 0, total = 0
            for s in order {
                let gold = sentences[s].labels, n = gold.count
                let predicted = ViterbiDecoder.decode(
                    emissions: emissions(weights, rows[s], n), count: n, transitions: transitions)
                total += n
                for t in 0..<n {
                    let prevGold = t == 0 ? ViterbiDecoder.startRow : gold[t - 1].rawValue
                    let prevPred = t == 0 ? ViterbiDecoder.startRow : predicted[t - 1].rawValue
                    if gold[t] != predicted[t] {
                        wrong += 1
                        for f in 0..<F {
                            let base = Int(rows[s][t * F + f]) * L
                            weights[base + gold[t].rawValue] += 1; stamped[base + gold[t].rawValue] += step
                            weights[base + predicted[t].rawValue] -= 1; stamped[base + predicted[t].rawValue] -= step
                        }
                    }
                    if gold[t] != predicted[t] || prevGold != prevPred {
                        transitions[prevGold * L + gold[t].rawValue] += 1; transStamped[prevGold * L + gold[t].rawValue] += step
                        transitions[prevPred * L + predicted[t].rawValue] -= 1; transStamped[prevPred * L + predicted[t].rawValue] -= step
                    }
                }
                step += 1
            }
            log(epoch, Double(wrong) / Double(max(total, 1)))
        }
        let averaged = zip(weights, stamped).map { Float(Double($0) - $1 / step) }
        let averagedTransitions = zip(transitions, transStamped).map { Float(Double($0) - $1 / step) }
        return TaggerModel(rowBits: features.rowBits, weights: averaged, transitions: averagedTransitions).serialized()
    }

    /// Scores the model in `data` on a labelled corpus (exact spans).
    public func evaluate(model data: Data, on corpus: LabelledCorpus) throws -> SpanScore {
        let model = try TaggerModel(data: data)
        let tagger = SentenceTagger(model: model, features: features)
        var score = SpanScore()
        for sentence in corpus.sentences {
            score.add(gold: sentence.labels, predicted: tagger.tag(words: sentence.words, lowers: sentence.lowers))
        }
        return score
    }

    private func emissions(_ weights: [Float], _ rows: [UInt32], _ n: Int) -> [Float] {
        let L = NERLabel.count, F = TaggerFeatures.perToken
        var out = [Float](repeating: 0, count: n * L)
        for t in 0..<n {
            for f in 0..<F {
                let base = Int(rows[t * F + f]) * L
                for y in 0..<L { out[t * L + y] += weights[base + y] }
            }
        }
        return out
    }
}
