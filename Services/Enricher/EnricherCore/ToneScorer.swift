/// A VADER-style tone score in [-1, 1]: lexicon valences summed with
/// negation flipping, normalised the way VADER's compound score is.
struct ToneScorer: Sendable {
    let valence: [String: Double]

    init() throws {
        var valence: [String: Double] = [:]
        for row in try DataFiles.rows("vader.tsv") where row.count >= 2 {
            if let v = Double(row[1]) { valence[String(row[0])] = v }
        }
        self.valence = valence
    }

    static let negations: Set<String> = ["not", "no", "never", "n't", "without", "nor", "neither", "cannot", "nobody", "nothing", "t"]

    func score(tokens: [Token], lowers: [String]) -> Double {
        var sum = 0.0
        for i in tokens.indices where tokens[i].kind == .word {
            guard let v = valence[lowers[i]] else { continue }
            var value = v
            var k = i - 1
            while k >= 0 && k >= i - 3 {
                if Self.negations.contains(lowers[k]) { value *= -0.74; break }
                k -= 1
            }
            sum += value
        }
        return sum / (sum * sum + 15).squareRoot()
    }
}
