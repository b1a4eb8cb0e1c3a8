/// Whitespace normalisation shared by every text the parser emits.
///
/// Works on Unicode scalars so non-Latin scripts pass through untouched; only
/// the many kinds of space (tabs, newlines, no-break and typographic spaces,
/// zero-width characters) are folded.
enum TextNormalizer {
    @inline(__always)
    static func isSpace(_ v: UInt32) -> Bool {
        switch v {
        case 0x00...0x20, 0x7F...0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default: return false
        }
    }

    @inline(__always)
    static func isInvisible(_ v: UInt32) -> Bool {
        v == 0x200B || v == 0x200C || v == 0x200D || v == 0xFEFF || v == 0xAD
    }

    /// Collapses runs of whitespace to one space and trims both ends.
    /// Works on UTF-8 bytes: ASCII spaces, NBSP (C2 A0), soft hyphen (C2 AD),
    /// U+2000-U+200D and U+2028/2029/202F/205F (E2 80/81 xx), U+3000 (E3 80 80) and the BOM (EF BB BF)
    /// are recognised by their byte patterns; every other byte is copied as is.
    static func collapse(_ text: String) -> String {
        var source = text
        return source.withUTF8 { bytes -> String in
            var out = [UInt8]()
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            var i = 0
            let n = bytes.count
            while i < n {
                let b = bytes[i]
                if b < 0x80 {
                    // Control characters (from broken pages) count as space.
                    if b <= 0x20 || b == 0x7F {
                        pendingSpace = !out.isEmpty
                        i += 1
                        continue
                    }
                    if pendingSpace { out.append(0x20); pendingSpace = false }
                    out.append(b)
                    i += 1
                    continue
                }
                if b == 0xC2, i + 1 < n, bytes[i + 1] <= 0xA0 || bytes[i + 1] == 0xAD {
                    // C1 controls (U+0080-009F, NEL among them) and NBSP are space; the soft hyphen vanishes.
                    if bytes[i + 1] != 0xAD { pendingSpace = !out.isEmpty }
                    i += 2
                    continue
                }
                if b == 0xE1, i + 2 < n, bytes[i + 1] == 0x9A, bytes[i + 2] == 0x80 {
                    pendingSpace = !out.isEmpty
                    i += 3
                    continue
                }
                if b == 0xE2, i + 2 < n, bytes[i + 1] == 0x80 || bytes[i + 1] == 0x81 {
                    let c = bytes[i + 2]
                    if bytes[i + 1] == 0x80 {
                        if c >= 0x80 && c <= 0x8A || c == 0xA8 || c == 0xA9 || c == 0xAF {
                            pendingSpace = !out.isEmpty
                            i += 3
                            continue
                        }
                        if c >= 0x8B && c <= 0x8D { i += 3; continue }
                    } else if c == 0x9F {
                        pendingSpace = !out.isEmpty
                        i += 3
                        continue
                    }
                }
                if b == 0xE3, i + 2 < n, bytes[i + 1] == 0x80, bytes[i + 2] == 0x80 {
                    pendingSpace = !out.isEmpty
                    i += 3
                    continue
                }
                if b == 0xEF, i + 2 < n, bytes[i + 1] == 0xBB, bytes[i + 2] == 0xBF {
                    i += 3
                    continue
                }
                if pendingSpace { out.append(0x20); pendingSpace = false }
                out.append(b)
                i += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The scalar-level reference version of `collapse` (kept for tests).
    static func collapseScalars(_ text: String) -> String {
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
