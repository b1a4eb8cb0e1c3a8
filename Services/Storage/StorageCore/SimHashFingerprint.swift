/// A 64-bit SimHash as storage sees it: parsed from the enricher's 16 hex
/// digits, compared by Hamming distance, and cut into four 16-bit bands.
///
/// The bands are what make cluster look-ups cheap: two fingerprints within
/// Hamming distance 3 differ in at most three bands, so they share at least
/// one band exactly (pigeonhole), and an indexed equality look-up on the four
/// band columns finds every candidate without scanning the table.
public struct SimHashFingerprint: Sendable, Hashable, CustomStringConvertible {
    public var value: UInt64

    /// The largest distance the four bands find every match for.
    public static let exactBandDistance = 3

    public init(_ value: UInt64) { self.value = value }

    /// Parses 1 to 16 hex digits (either case); nil for anything else.
    public init?(hex: String) {
        guard (1...16).contains(hex.utf8.count), let value = UInt64(hex, radix: 16) else { return nil }
        // UInt64(_:radix:) accepts a leading sign; a fingerprint never has one.
        guard hex.utf8.allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") }) else { return nil }
        self.value = value
    }

    /// 16 lowercase hex digits, zero-padded.
    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    public var description: String { hex }

    /// The four 16-bit bands, most significant first.
    public var bands: [Int] {
        (0..<4).map { Int((value >> UInt64(48 - 16 * $0)) & 0xFFFF) }
    }

    public func distance(to other: SimHashFingerprint) -> Int {
        (value ^ other.value).nonzeroBitCount
    }
}
