/// The best label sequence of a sentence under per-token label scores and
/// label-to-label transition scores, with ill-formed BIO steps (an I- label
/// after O or after another type) barred. Exact, O(tokens x labels^2).
enum ViterbiDecoder {
    /// Row of `transitions` that holds the scores of the first label.
    static let startRow = NERLabel.count

    /// `emissions`: `count` x 7 scores; `transitions`: 8 x 7 (row 7 = sentence start).
    static func decode(emissions: [Float], count n: Int, transitions: [Float]) -> [NERLabel] {
        let L = NERLabel.count
        guard n > 0 else { return [] }
        let barred = -Float.greatestFiniteMagnitude
        var score = [Float](repeating: barred, count: n * L)
        var back = [Int8](repeating: 0, count: n * L)
        for y in 0..<L where NERLabel.allowed(from: nil, to: NERLabel(rawValue: y)!) {
            score[y] = emissions[y] + transitions[startRow * L + y]
        }
        for t in 1..<max(n, 1) {
            for y in 0..<L {
                let label = NERLabel(rawValue: y)!
                var best = barred, arg = 0
                for p in 0..<L where score[(t - 1) * L + p] > barred && NERLabel.allowed(from: NERLabel(rawValue: p), to: label) {
                    let s = score[(t - 1) * L + p] + transitions[p * L + y]
                    if s > best { best = s; arg = p }
                }
                if best > barred { score[t * L + y] = best + emissions[t * L + y] }
                back[t * L + y] = Int8(arg)
            }
        }
        var y = 0
        for c in 1..<L where score[(n - 1) * L + c] > score[(n - 1) * L + y] { y = c }
        var labels = [NERLabel](repeating: .outside, count: n)
        for t in stride(from: n - 1, through: 0, by: -1) {
            labels[t] = NERLabel(rawValue: y)!
            y = Int(back[t * L + y])
        }
        return labels
    }
}
