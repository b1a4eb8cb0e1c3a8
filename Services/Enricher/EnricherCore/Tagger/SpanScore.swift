import Shared

/// Exact-span precision, recall and F1 per entity type and over all types
/// (CoNLL-style: a predicted span counts only with the gold's boundaries and
/// type), for the dev figures `train-ner` prints.
public struct SpanScore: Sendable {
    public struct Counts: Sendable {
        public var truePositives = 0, predicted = 0, gold = 0
        public var precision: Double { predicted == 0 ? 0 : Double(truePositives) / Double(predicted) }
        public var recall: Double { gold == 0 ? 0 : Double(truePositives) / Double(gold) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    }

    public private(set) var byType: [Entity.EntityType: Counts] = [.PER: Counts(), .ORG: Counts(), .LOC: Counts()]
    public private(set) var all = Counts()

    mutating func add(gold: [NERLabel], predicted: [NERLabel]) {
        let g = Set(NERLabel.spans(gold)), p = Set(NERLabel.spans(predicted))
        for s in g { byType[s.type, default: Counts()].gold += 1; all.gold += 1 }
        for s in p {
            byType[s.type, default: Counts()].predicted += 1; all.predicted += 1
            if g.contains(s) { byType[s.type, default: Counts()].truePositives += 1; all.truePositives += 1 }
        }
    }

    /// One line per type and the micro average, "PER P 0.812 R 0.790 F1 0.801".
    public var report: String {
        func line(_ name: String, _ c: Counts) -> String {
            "\(name) P \(fmt(c.precision)) R \(fmt(c.recall)) F1 \(fmt(c.f1)) (gold \(c.gold))"
        }
        let types: [Entity.EntityType] = [.PER, .ORG, .LOC]
        return (types.map { line($0.rawValue, byType[$0] ?? Counts()) } + [line("all", all)]).joined(separator: "\n")
    }

    private func fmt(_ x: Double) -> String {
        let r = (x * 1000).rounded() / 1000
        return String(r)
    }
}
