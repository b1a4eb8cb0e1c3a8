import Foundation

/// Message ids: random for new journeys, derived (a stable 128-bit hash) for
/// outputs and for anything that must be the same id every time it is made
/// (an article URL's fetch job), which is what makes broker dedup work.
public enum MessageID {
    public static func random() -> String {
        UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    /// A 32-hex-digit id from `parent` and `discriminator`.
    public static func derived(from parent: String, discriminator: String) -> String {
        stable(parent + "\u{1F}" + discriminator)
    }

    /// A 32-hex-digit stable hash of `text` (two independent 64-bit FNV-1a
    /// lanes). Not cryptographic: ids only need to be unique in practice.
    public static func stable(_ text: String) -> String {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x8422_2325_cbf2_9ce4 ^ 0x9e37_79b9_7f4a_7c15
        for byte in text.utf8 {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            b = (b ^ UInt64(byte ^ 0x5c)) &* 0x0000_0100_0000_01b3
            b = b &+ (b >> 29)
        }
        a ^= a >> 33; a = a &* 0xff51_afd7_ed55_8ccd; a ^= a >> 33
        b ^= b >> 33; b = b &* 0xc4ce_b9fe_1a85_ec53; b ^= b >> 33
        return hex(a) + hex(b)
    }

    private static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
