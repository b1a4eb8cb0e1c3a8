/// Identifies the language of a text (55 languages) by naive Bayes over
/// character 1-3-grams, with the n-gram profiles of langdetect (Apache 2.0,
/// see Data/README.md); Chinese, Japanese and Korean by script (`CJKScript`).
/// Only the first few hundred letters are read.
struct LanguageIdentifier: Sendable {
    let languages: [String]
    /// n-gram key -> (language index, log probability) pairs, in an
    /// open-addressing table (the standard Dictionary's SipHash was the
    /// single largest cost of the enricher).
    let table: GramTable
    /// Log probability of an n-gram missing from a language's profile, per order.
    let floor: [[Float]]

    init() throws {
        var languages: [String] = []
        var table: [UInt64: [(UInt8, Float)]] = [:]
        var floor: [[Float]] = []
        var totals: [Double] = [1, 1, 1]
        for row in try DataFiles.rows("langprofiles.tsv") {
            if row[0].hasPrefix("#") {
                languages.append(String(row[0].dropFirst()))
                totals = row.dropFirst().map { Double($0) ?? 1 }
                floor.append(totals.map { Float(log(0.5 / $0)) })
                continue
            }
            guard row.count >= 2, let count = Double(row[1]) else { continue }
            let gram = Array(row[0].unicodeScalars)
            guard (1...3).contains(gram.count) else { continue }
            let key = Self.key(gram.map { $0.value })
            // Stored as the gain over the language's floor for this order.
            let p = Float(log(count / totals[gram.count - 1])) - floor[languages.count - 1][gram.count - 1]
            table[key, default: []].append((UInt8(languages.count - 1), p))
        }
        self.languages = languages
        self.table = GramTable(table)
        self.floor = floor
    }

    static func key(_ values: [UInt32]) -> UInt64 {
        var k: UInt64 = UInt64(values.count)
        for v in values { k = (k << 21) | UInt64(v & 0x1F_FFFF) }
        return k
    }

    /// ISO 639-1 code (langdetect's names: `zh-cn`, `zh-tw` kept) and confidence.
    func identify(_ scalars: [Unicode.Scalar], limit: Int = 400) -> (String, Double)? {
        if let byScript = CJKScript.language(of: scalars, limit: limit) { return byScript }
        let L = languages.count
        guard L > 0 else { return nil }
        var gainSums = [Float](repeating: 0, count: L)
        var perOrder: [Double] = [0, 0, 0]
        var prev1: UInt64 = 32, prev2: UInt64 = 32
        var seen = 0
        // Missing n-grams cost each language its floor; found ones add their gain over it.
        func add(_ key: UInt64, _ order: Int) {
            perOrder[order] += 1
            let (lo, hi) = table.range(key)
            table.langs.withUnsafeBufferPointer { langs in
                table.gains.withUnsafeBufferPointer { gains in
                    gainSums.withUnsafeMutableBufferPointer { sums in
                        var e = lo
                        while e < hi {
                            sums[Int(langs[e])] += gains[e]
                            e += 1
                        }
                    }
                }
            }
        }
        for s in scalars {
            if seen >= limit { break }
            var v: UInt64 = 32
            if s.isLetterFast {
                if s.value < 128 {
                    v = UInt64(s.value | 0x20)
                } else {
                    v = UInt64((s.isUpperFast ? s.properties.lowercaseMapping.unicodeScalars.first?.value : nil) ?? s.value) & 0x1F_FFFF
                }
            }
            if v == 32 && prev1 == 32 { continue }
            seen += 1
            if v != 32 { add((1 << 21) | v, 0) }
            add((((2 << 21) | prev1) << 21) | v, 1)
            if prev1 != 32 { add((((((3 << 21) | prev2) << 21) | prev1) << 21) | v, 2) }
            prev2 = prev1
            prev1 = v
        }
        let grams = perOrder.reduce(0, +)
        guard grams > 0 else { return nil }
        var scores = gainSums.map(Double.init)
        for l in 0..<L {
            for o in 0..<3 { scores[l] += perOrder[o] * Double(floor[l][o]) }
        }
        let best = scores.indices.max { scores[$0] < scores[$1] }!
        // Confidence: the posterior with scores tempered by the amount of text,
        // since n-grams are far from independent.
        let t = max(grams, 1) / 20
        var z = 0.0
        for l in 0..<L { z += exp((scores[l] - scores[best]) / t) }
        // langdetect names Chinese by script (zh-cn, zh-tw); the payload wants ISO 639-1.
        let code = languages[best].hasPrefix("zh") ? "zh" : languages[best]
        return (code, 1 / z)
    }
}

/// A read-only hash table from n-gram keys to runs of (language, log p).
struct GramTable: Sendable {
    let keys: [UInt64]
    let starts: [Int32]
    let ends: [Int32]
    let langs: [UInt8]
    let gains: [Float]
    let mask: Int

    init(_ dict: [UInt64: [(UInt8, Float)]]) {
        var size = 1
        while size < dict.count * 2 { size <<= 1 }
        var keys = [UInt64](repeating: 0, count: size)
        var starts = [Int32](repeating: 0, count: size)
        var ends = [Int32](repeating: 0, count: size)
        var langs: [UInt8] = []
        var gains: [Float] = []
        for (key, entries) in dict.sorted(by: { $0.key < $1.key }) {
            var slot = GramTable.slot(key, size - 1)
            while keys[slot] != 0 { slot = (slot + 1) & (size - 1) }
            keys[slot] = key
            starts[slot] = Int32(langs.count)
            for (l, p) in entries { langs.append(l); gains.append(p) }
            ends[slot] = Int32(langs.count)
        }
        self.keys = keys
        self.starts = starts
        self.ends = ends
        self.langs = langs
        self.gains = gains
        self.mask = size - 1
    }

    @inline(__always) static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9e37_79b9_7f4a_7c15) >> 32) & mask
    }

    @inline(__always) func range(_ key: UInt64) -> (Int, Int) {
        var slot = GramTable.slot(key, mask)
        while true {
            let k = keys[slot]
            if k == key { return (Int(starts[slot]), Int(ends[slot])) }
            if k == 0 { return (0, 0) }
            slot = (slot + 1) & mask
        }
    }
}

import Foundation
