/// 64-bit keys for lower-cased words (FNV-1a over UTF-8) and a read-only
/// open-addressing table over them. Every token is looked up once by key
/// instead of hashing its string in a dozen word sets: string hashing was
/// the largest single cost of the enricher.
enum WordKey {
    @inline(__always) static func step(_ h: UInt64, _ byte: UInt8) -> UInt64 {
        (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    static func of(_ lower: String) -> UInt64 {
        var h = seed
        for b in lower.utf8 { h = step(h, b) }
        return h == 0 ? 1 : h
    }
}

/// Which word lists a lower-cased word is on, as bits.
struct WordFlags: OptionSet, Sendable {
    let rawValue: UInt32
    static let stop = WordFlags(rawValue: 1 << 0)
    static let keywordStop = WordFlags(rawValue: 1 << 1)
    static let dateWord = WordFlags(rawValue: 1 << 2)
    static let numberWord = WordFlags(rawValue: 1 << 3)
    static let title = WordFlags(rawValue: 1 << 4)
    static let demonym = WordFlags(rawValue: 1 << 5)
    static let sayVerb = WordFlags(rawValue: 1 << 6)
    static let negation = WordFlags(rawValue: 1 << 7)
    static let connector = WordFlags(rawValue: 1 << 8)

    /// The flags of every listed word.
    static let table: KeyTable = {
        var flags: [UInt64: UInt32] = [:]
        func mark<S: Sequence>(_ words: S, _ f: WordFlags) where S.Element == String {
            for w in words { flags[WordKey.of(w), default: 0] |= f.rawValue }
        }
        mark(Lexicon.stopwords, .stop)
        mark(KeywordExtractor.extraStops, .keywordStop)
        mark(DateExtractor.months.keys, .dateWord)
        mark(DateExtractor.weekdays.keys, .dateWord)
        mark(DateExtractor.deictic.keys, .dateWord)
        mark(DateExtractor.relativeStarts, .dateWord)
        mark(AmountExtractor.numberWords.keys, .numberWord)
        mark(Lexicon.titles, .title)
        mark(Lexicon.demonyms, .demonym)
        mark(Lexicon.sayVerbs, .sayVerb)
        mark(ToneScorer.negations, .negation)
        mark(Lexicon.connectors, .connector)
        return KeyTable(flags)
    }()
}

extension Token {
    @inline(__always) func has(_ flag: WordFlags) -> Bool { WordFlags.table.get(key) & flag.rawValue != 0 }
}

/// A read-only open-addressing hash table from word keys to 32-bit values.
struct KeyTable: Sendable {
    let keys: [UInt64]
    let values: [UInt32]
    let mask: Int

    init(_ dict: [UInt64: UInt32]) {
        var size = 16
        while size < dict.count * 2 { size <<= 1 }
        var keys = [UInt64](repeating: 0, count: size)
        var values = [UInt32](repeating: 0, count: size)
        for (k, v) in dict.sorted(by: { $0.key < $1.key }) {
            var slot = Int(truncatingIfNeeded: (k &* 0x9e37_79b9_7f4a_7c15) >> 32) & (size - 1)
            while keys[slot] != 0 { slot = (slot + 1) & (size - 1) }
            keys[slot] = k
            values[slot] = v
        }
        self.keys = keys
        self.values = values
        self.mask = size - 1
    }

    @inline(__always) func get(_ key: UInt64) -> UInt32 {
        var slot = Int(truncatingIfNeeded: (key &* 0x9e37_79b9_7f4a_7c15) >> 32) & mask
        while true {
            let k = keys[slot]
            if k == key { return values[slot] }
            if k == 0 { return 0 }
            slot = (slot + 1) & mask
        }
    }
}

/// A per-document counting set of word keys (which words were seen lower-case,
/// how often a word was capitalised mid-sentence).
struct KeyCounter {
    var keys: [UInt64]
    var counts: [Int32]
    let mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        counts = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    @inline(__always) mutating func add(_ key: UInt64) {
        var slot = Int(truncatingIfNeeded: (key &* 0x9e37_79b9_7f4a_7c15) >> 32) & mask
        while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
        keys[slot] = key
        counts[slot] += 1
    }

    @inline(__always) func count(_ key: UInt64) -> Int {
        var slot = Int(truncatingIfNeeded: (key &* 0x9e37_79b9_7f4a_7c15) >> 32) & mask
        while true {
            let k = keys[slot]
            if k == key { return Int(counts[slot]) }
            if k == 0 { return 0 }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always) func contains(_ key: UInt64) -> Bool { count(key) > 0 }
}
