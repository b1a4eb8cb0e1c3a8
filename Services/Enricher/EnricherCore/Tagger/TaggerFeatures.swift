/// Turns a sentence into the hashed feature rows the perceptron scores: the
/// word, its shape and affixes, its neighbours two either side, conjunctions
/// of neighbouring words and shapes, the sentence-initial position, and what
/// the gazetteer and the name lexicon say of the word and its neighbours.
/// Capitalisation alone is only one feature among many, so languages that
/// capitalise every noun (German) learn names from context and lexicons.
struct TaggerFeatures: Sendable {
    /// Features per token; every token gets exactly this many rows.
    static let perToken = 39
    let rowBits: Int
    let gazetteer: Gazetteer
    let names: NameLexicon

    /// Row indices, `perToken` per token, token after token.
    func rows(words: [String], lowers: [String]) -> [UInt32] {
        let n = words.count
        var traits: [WordTraits] = []
        traits.reserveCapacity(n)
        for i in 0..<n { traits.append(WordTraits(word: words[i], lower: lowers[i], gazetteer: gazetteer, names: names)) }
        let spans = placeSpans(lowers: lowers, traits: traits)
        var out = [UInt32](repeating: 0, count: n * TaggerFeatures.perToken)
        var k = 0
        func put(_ template: UInt64, _ value: UInt64) {
            out[k] = row(template, value)
            k += 1
        }
        func at(_ i: Int) -> WordTraits { i >= 0 && i < n ? traits[i] : .boundary }
        for i in 0..<n {
            let w = traits[i], p = at(i - 1), q = at(i + 1), p2 = at(i - 2), q2 = at(i + 2)
            put(0, 0)
            put(1, w.lower); put(2, p.lower); put(3, q.lower); put(4, p2.lower); put(5, q2.lower)
            put(6, w.shape); put(7, p.shape); put(8, q.shape); put(9, p2.shape); put(10, q2.shape)
            put(11, w.prefixes.0); put(12, w.prefixes.1); put(13, w.prefixes.2); put(14, w.prefixes.3)
            put(15, w.suffixes.0); put(16, w.suffixes.1); put(17, w.suffixes.2); put(18, w.suffixes.3)
            put(19, mix(p.lower, w.lower)); put(20, mix(w.lower, q.lower))
            put(21, mix(mix(p.shape, w.shape), q.shape))
            put(22, mix(p.lower, w.shape)); put(23, mix(w.shape, q.lower))
            put(24, mix(i == 0 ? 1 : 2, w.shape))
            put(25, mix(w.placeKind, w.capitalized ? 1 : 0)); put(26, spans[i])
            put(27, mix(w.nameClass, w.capitalized ? 1 : 0)); put(28, mix(p.nameClass, w.nameClass))
            put(29, mix(w.nameClass, q.nameClass)); put(30, mix(p.placeKind, w.placeKind))
            put(31, mix(w.lengthBucket, w.shape)); put(32, w.cased)
            put(33, mix(p2.lower, p.lower))
            put(34, mix(p.suffixes.2, w.shape)); put(35, mix(w.suffixes.2, q.shape))
            put(36, mix(p.lower, q.lower)); put(37, mix(w.placeKind, q.lower))
            put(38, mix(q.placeKind, w.capitalized ? 1 : 0))
        }
        return out
    }

    /// Per token, the gazetteer kind and position (first or later word) of
    /// a two- or three-word place name the token is part of, 0 when none:
    /// "New York", "Rio de Janeiro".
    func placeSpans(lowers: [String], traits: [WordTraits]) -> [UInt64] {
        var out = [UInt64](repeating: 0, count: lowers.count)
        var i = 0
        while i < lowers.count {
            guard traits[i].capitalized else { i += 1; continue }
            var matched = 0
            for len in stride(from: 3, through: 2, by: -1) where i + len <= lowers.count && traits[i + len - 1].capitalized {
                let name = lowers[i..<(i + len)].joined(separator: " ")
                if let kind = gazetteer.candidates(lower: name).first?.kind.rawValue.asciiValue {
                    out[i] = UInt64(kind) << 1
                    for j in (i + 1)..<(i + len) { out[j] = UInt64(kind) << 1 | 1 }
                    matched = len
                    break
                }
            }
            i += max(matched, 1)
        }
        return out
    }

    @inline(__always) func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var h = a &* 0x9E37_79B9_7F4A_7C15 ^ (b &+ 0x632B_E59B_D9B4_E019)
        h ^= h >> 31
        return h &* 0xBF58_476D_1CE4_E5B9
    }

    @inline(__always) func row(_ template: UInt64, _ value: UInt64) -> UInt32 {
        var h = mix(template &+ 1, value)
        h ^= h >> 29
        h = h &* 0x94D0_49BB_1331_11EB
        h ^= h >> 32
        return UInt32(truncatingIfNeeded: h >> UInt64(64 - rowBits))
    }
}
