/// Whitespace normalisation shared by every text the parser emits.
///
/// Works on Unicode scalars so non-Latin scripts pass through untouched; only
/// the many kinds of space (tabs, newlines, no-break and typographic spaces,
/// zero-width characters) are folded.
enum TextNormalizer {
    @inline(__always)
    static func isSpace(_ v: UInt32) -> Bool {
        switch v {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
            0x3000:
            return true
        default: return false
        }
    }

    @inline(__always)
    static func isInvisible(_ v: UInt32) -> Bool {
        v == 0x200B || v == 0x200C || v == 0x200D || v == 0xFEFF || v == 0xAD
    }

    /// Collapses runs of whitespace to one space and trims both ends.
    static func collapse(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if isSpace(v) {
                pendingSpace = !out.isEmpty
                continue
            }
            if isInvisible(v) { continue }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            out.append(scalar)
        }
        return String(out)
    }

    /// Non-space UTF-8 bytes: the cheap length measure used for densities.
    @inline(__always)
    static func weight(_ text: String) -> (length: Int, commas: Int) {
        var length = 0
        var commas = 0
        for byte in text.utf8 {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0C: continue
            case 0x2C: commas += 1; length += 1
            default: length += 1
            }
        }
        return (length, commas)
    }

    /// Characters (not bytes) of visible text, for thresholds that readers feel.
    static func characterCount(_ text: String) -> Int { text.unicodeScalars.count }
}
