/// The enricher's 64-bit SimHash as storage keeps it: validated (16 hex
/// digits at most) and stored for readers. Story clusters use
/// `StoryFingerprint` instead, whose look-ups find copies a SimHash puts too
/// many bits apart.
public struct SimHashFingerprint: Sendable, Hashable, CustomStringConvertible {
    public var value: UInt64

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
}
