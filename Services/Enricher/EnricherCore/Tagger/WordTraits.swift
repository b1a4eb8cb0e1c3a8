/// What the tagger knows about one word before looking at its neighbours:
/// hashes of its forms, shape and affixes, and what the project's own
/// lexicons say of it. Computed once per token and shared by every feature
/// that looks at the word from a neighbouring position.
struct WordTraits {
    var lower: UInt64
    var cased: UInt64
    /// Character classes with runs collapsed: "Xx", "X.X.", "d.d", "x-Xx".
    var shape: UInt64
    var prefixes: (UInt64, UInt64, UInt64, UInt64)
    var suffixes: (UInt64, UInt64, UInt64, UInt64)
    /// Gazetteer kind of the word alone (its Character code), 0 when unknown.
    var placeKind: UInt64
    /// 0 none, 1 first name, 2 surname, 3 both (US Census lists), scaled by
    /// how common: bit 2 set when the name is frequent.
    var nameClass: UInt64
    var lengthBucket: UInt64
    var capitalized: Bool

    static let boundary = WordTraits(
        lower: 1, cased: 1, shape: 1, prefixes: (1, 1, 1, 1), suffixes: (1, 1, 1, 1),
        placeKind: 1, nameClass: 9, lengthBucket: 9, capitalized: false)

    init(lower: UInt64, cased: UInt64, shape: UInt64, prefixes: (UInt64, UInt64, UInt64, UInt64),
         suffixes: (UInt64, UInt64, UInt64, UInt64), placeKind: UInt64, nameClass: UInt64,
         lengthBucket: UInt64, capitalized: Bool) {
        self.lower = lower; self.cased = cased; self.shape = shape
        self.prefixes = prefixes; self.suffixes = suffixes
        self.placeKind = placeKind; self.nameClass = nameClass
        self.lengthBucket = lengthBucket; self.capitalized = capitalized
    }

    init(word: String, lower: String, gazetteer: Gazetteer, names: NameLexicon) {
        let scalars = Array(lower.unicodeScalars)
        self.lower = WordKey.of(lower)
        self.cased = WordKey.of(word)
        self.shape = WordTraits.shapeHash(word)
        self.prefixes = WordTraits.affixes(scalars, fromEnd: false)
        self.suffixes = WordTraits.affixes(scalars, fromEnd: true)
        let kind = gazetteer.candidates(lower: lower).first?.kind.rawValue
        self.placeKind = kind.map { UInt64($0.asciiValue ?? 2) } ?? 0
        self.nameClass = WordTraits.nameClass(lower, names)
        self.lengthBucket = UInt64(min(scalars.count, 8))
        self.capitalized = word.unicodeScalars.first?.isUpperFast ?? false
    }

    /// Hash of the word's shape: X upper, x lower, d digit, other scalars as
    /// themselves; a run of one class counts once.
    static func shapeHash(_ word: String) -> UInt64 {
        var h = WordKey.seed
        var last: UInt32 = 0
        for s in word.unicodeScalars {
            let c: UInt32 = s.isUpperFast ? 88 : s.isLowerFast ? 120 : s.properties.numericType != nil ? 100 : s.value
            if c != last { h = WordKey.step(h, UInt8(truncatingIfNeeded: c)); h = WordKey.step(h, UInt8(truncatingIfNeeded: c >> 8)) }
            last = c
        }
        return h
    }

    /// Hashes of the first (or last) 1 to 4 scalars; shorter words repeat their whole form.
    static func affixes(_ scalars: [Unicode.Scalar], fromEnd: Bool) -> (UInt64, UInt64, UInt64, UInt64) {
        var out: [UInt64] = [0, 0, 0, 0]
        var h = WordKey.seed
        for k in 0..<4 {
            if k < scalars.count {
                let s = fromEnd ? scalars[scalars.count - 1 - k] : scalars[k]
                var v = s.value
                for _ in 0..<3 { h = WordKey.step(h, UInt8(truncatingIfNeeded: v)); v >>= 8 }
            }
            out[k] = h
        }
        return (out[0], out[1], out[2], out[3])
    }

    static func nameClass(_ lower: String, _ names: NameLexicon) -> UInt64 {
        let first = names.firstName(lower), last = names.surname(lower)
        var c: UInt64 = (first > 0 ? 1 : 0) | (last > 0 ? 2 : 0)
        if max(first, last) >= 0.01 { c |= 4 }
        return c
    }
}
