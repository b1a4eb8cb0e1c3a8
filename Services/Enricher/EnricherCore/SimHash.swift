/// 64-bit SimHash over word 3-shingles: near-duplicate texts (syndicated
/// copies with a changed dateline or credit) land a few bits apart, so
/// storage can cluster stories by Hamming distance.
public enum SimHash {
    public static func hash(tokens: [Token]) -> UInt64 {
        var counts = [Int32](repeating: 0, count: 64)
        var window: [UInt64] = []
        window.reserveCapacity(3)
        var any = false
        for t in tokens where t.kind != .punct {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for s in t.text.unicodeScalars {
                let v = s.value < 128 ? (s.isUpperFast ? s.value | 0x20 : s.value) : (s.properties.lowercaseMapping.unicodeScalars.first?.value ?? s.value)
                h = (h ^ UInt64(v)) &* 0x0000_0100_0000_01b3
            }
            window.append(h)
            if window.count > 3 { window.removeFirst() }
            guard window.count == 3 else { continue }
            var shingle = window[0] &* 0x9e37_79b9_7f4a_7c15
            shingle = (shingle ^ window[1]) &* 0xff51_afd7_ed55_8ccd
            shingle = (shingle ^ window[2]) &* 0xc4ce_b9fe_1a85_ec53
            shingle ^= shingle >> 29
            any = true
            for bit in 0..<64 {
                counts[bit] += (shingle >> UInt64(bit)) & 1 == 1 ? 1 : -1
            }
        }
        guard any else { return 0 }
        var out: UInt64 = 0
        for bit in 0..<64 where counts[bit] > 0 { out |= 1 << UInt64(bit) }
        return out
    }

    public static func hex(_ value: UInt64) -> String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// Bits that differ between two 16-hex-digit SimHashes.
    public static func distance(_ a: String, _ b: String) -> Int? {
        guard let x = UInt64(a, radix: 16), let y = UInt64(b, radix: 16) else { return nil }
        return (x ^ y).nonzeroBitCount
    }
}
