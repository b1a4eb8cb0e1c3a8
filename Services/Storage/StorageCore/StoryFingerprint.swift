/// A MinHash signature of an article's text, the near-duplicate signal behind
/// story clusters.
///
/// Two outlets running one wire story change the dateline, the credit, the
/// headline punctuation, and often add an editor's note or a paragraph of
/// their own. A 64-bit SimHash of such copies lands 5 to 10 bits apart, past
/// any distance an index can look up cheaply, while their sets of word
/// 3-shingles still overlap by 80 to 95 per cent (Jaccard similarity), and
/// unrelated stories by under 2 per cent. MinHash (Broder, 1997) estimates
/// that Jaccard similarity: for each of `hashCount` independent hash
/// functions keep the smallest value over the shingles; two texts agree on a
/// function's minimum with probability equal to their Jaccard similarity.
///
/// Candidates are found by locality-sensitive hashing: the signature is cut
/// into `bandCount` bands of `rowsPerBand` minima, each band hashed to one
/// indexed bucket. Texts with similarity s share at least one bucket with
/// probability 1 - (1 - s^4)^16: above 0.999 for s = 0.8, 0.64 for s = 0.5
/// and 0.0016 for s = 0.1, so the index returns near copies and almost
/// nothing else, and every candidate is then checked on the whole signature.
///
/// Words are runs of letters and digits, lowercased; Han, kana and Thai
/// characters, written without spaces, each count as a word.
public struct StoryFingerprint: Sendable, Equatable {
    public static let hashCount = 64
    public static let bandCount = 16
    public static let rowsPerBand = hashCount / bandCount
    /// Texts with fewer shingles (about a dozen words) get no fingerprint:
    /// their signature would match other short texts by chance.
    public static let minimumShingles = 10

    /// The smallest hash value per hash function.
    public let minima: [UInt32]

    public init?(minima: [UInt32]) {
        guard minima.count == Self.hashCount else { return nil }
        self.minima = minima
    }

    /// The signature of `text`, or nil for text too short to compare.
    public init?(text: String) {
        var minima = [UInt32](repeating: .max, count: Self.hashCount)
        var shingles = 0
        var window: (UInt64, UInt64) = (0, 0)
        var wordsSeen = 0
        Self.forEachWord(in: text) { word in
            wordsSeen += 1
            defer { window = (window.1, word) }
            guard wordsSeen >= 3 else { return }
            let shingle = Self.mix(Self.mix(window.0 &+ 0x9E37_79B9_7F4A_7C15 ^ window.1) ^ word)
            shingles += 1
            for i in 0..<Self.hashCount {
                let value = UInt32(truncatingIfNeeded: Self.mix(shingle ^ Self.seeds[i]) >> 32)
                if value < minima[i] { minima[i] = value }
            }
        }
        guard shingles >= Self.minimumShingles else { return nil }
        self.minima = minima
    }

    /// The stored form: the minima as little-endian 32-bit words.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Self.hashCount * 4)
        for value in minima {
            for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
        }
        return out
    }

    /// Reads the stored form back; nil for anything else (an empty blob marks
    /// an article without a fingerprint).
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.hashCount * 4 else { return nil }
        var minima: [UInt32] = []
        minima.reserveCapacity(Self.hashCount)
        for i in 0..<Self.hashCount {
            var value: UInt32 = 0
            for j in 0..<4 { value |= UInt32(bytes[i * 4 + j]) << UInt32(8 * j) }
            minima.append(value)
        }
        self.minima = minima
    }

    /// Estimated Jaccard similarity of the two texts' shingle sets, 0...1.
    public func similarity(to other: StoryFingerprint) -> Double {
        var equal = 0
        for i in 0..<Self.hashCount where minima[i] == other.minima[i] { equal += 1 }
        return Double(equal) / Double(Self.hashCount)
    }

    /// One bucket per band: the band's index and its minima hashed together,
    /// so equal minima in different bands never collide.
    public var buckets: [Int64] {
        (0..<Self.bandCount).map { band in
            var h = Self.mix(UInt64(band) &+ 0xD6E8_FEB8_6659_FD93)
            for row in 0..<Self.rowsPerBand {
                h = Self.mix(h ^ UInt64(minima[band * Self.rowsPerBand + row]))
            }
            return Int64(bitPattern: h)
        }
    }

    // MARK: - Hashing

    /// The splitmix64 finaliser: a fast bijective mix of 64 bits.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// One seed per hash function, fixed forever: stored signatures are only
    /// comparable with signatures made by the same seeds.
    static let seeds: [UInt64] = {
        var state: UInt64 = 0x6E65_7773_7769_7265  // "newswire"
        return (0..<hashCount).map { _ in
            state = mix(state)
            return state
        }
    }()

    /// Calls `body` with a 64-bit hash of each lowercased word.
    static func forEachWord(in text: String, _ body: (UInt64) -> Void) {
        let offset: UInt64 = 0xCBF2_9CE4_8422_2325
        let prime: UInt64 = 0x0000_0100_0000_01B3
        var hash = offset
        var inWord = false
        func endWord() {
            if inWord { body(hash) }
            hash = offset
            inWord = false
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            var lower: UInt32?
            if value < 128 {
                let byte = UInt8(value)
                if byte >= 0x30 && byte <= 0x39 || (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A {
                    lower = UInt32(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
                }
            } else if isUnspacedScript(value) {
                endWord()
                body(mix(UInt64(value) ^ offset))
                continue
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                lower = scalar.properties.lowercaseMapping.unicodeScalars.first?.value ?? value
            }
            if let lower {
                hash = (hash ^ UInt64(lower)) &* prime
                inWord = true
            } else {
                endWord()
            }
        }
        endWord()
    }

    /// Han, Hiragana, Katakana and Thai: scripts written without spaces
    /// between words.
    private static func isUnspacedScript(_ value: UInt32) -> Bool {
        switch value {
        case 0x0E00...0x0E7F,  // Thai
            0x3040...0x30FF,  // Hiragana, Katakana
            0x3400...0x4DBF,  // CJK extension A
            0x4E00...0x9FFF,  // CJK unified ideographs
            0xF900...0xFAFF,  // CJK compatibility ideographs
            0x20000...0x2FFFF:  // CJK extensions B and later
            return true
        default:
            return false
        }
    }
}
