import Foundation

/// Empties `<script>` and `<style>` elements before libxml2 sees the page.
///
/// On today's news pages half the bytes are inline script and style (bundles,
/// hydration state, critical CSS), text no extraction rule reads; libxml2
/// still walks it character by character. A byte scan with `memchr` is many
/// times cheaper. JSON-LD scripts are kept whole (metadata reads them), the
/// tags themselves stay (the tree sees the same elements), comments are
/// copied untouched so a commented-out tag does not open an element, and the
/// dropped script bytes are counted for the needs-JavaScript outcome.
enum RawTextFilter {
    struct Output {
        var html: Data
        /// Bytes of script text removed (not JSON-LD).
        var scriptBytes: Int
    }

    static func filter(_ data: Data) -> Output {
        data.withUnsafeBytes { raw -> Output in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count > 0 else {
                return Output(html: data, scriptBytes: 0)
            }
            let bytes = UnsafeBufferPointer(start: base, count: raw.count)
            var out = Data()
            out.reserveCapacity(bytes.count)
            var copied = 0
            var scriptBytes = 0
            var i = 0
            while let lt = nextByte(0x3C, in: bytes, from: i) {
                i = lt + 1
                if matches(bytes, at: lt + 1, "!--") {
                    i = find(bytes, "-->", from: lt + 4, caseless: false).map { $0 + 3 } ?? bytes.count
                    continue
                }
                guard let kind = rawTextKind(bytes, at: lt + 1) else { continue }
                guard let tagEnd = nextByte(0x3E, in: bytes, from: lt + 1) else { break }
                let contentStart = tagEnd + 1
                let close = find(bytes, kind == .script ? "</script" : "</style", from: contentStart, caseless: true) ?? bytes.count
                if kind == .script && isJSONLD(bytes, from: lt, to: tagEnd) {
                    i = close
                    continue
                }
                out.append(UnsafeBufferPointer(rebasing: bytes[copied..<contentStart]))
                if kind == .script { scriptBytes += close - contentStart }
                copied = close
                i = close
            }
            if copied == 0 { return Output(html: data, scriptBytes: 0) }
            out.append(UnsafeBufferPointer(rebasing: bytes[copied...]))
            return Output(html: out, scriptBytes: scriptBytes)
        }
    }

    private enum Kind { case script, style }

    /// `script` or `style` as a whole tag name (followed by space, `>` or `/`).
    private static func rawTextKind(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Kind? {
        for (name, kind) in [("script", Kind.script), ("style", Kind.style)] where matches(b, at: i, name, caseless: true) {
            let after = i + name.utf8.count
            guard after < b.count else { return nil }
            let c = b[after]
            if c == 0x3E || c == 0x2F || c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C { return kind }
        }
        return nil
    }

    private static func isJSONLD(_ b: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Bool {
        String(decoding: UnsafeBufferPointer(rebasing: b[from..<to]), as: UTF8.self).lowercased().has("ld+json")
    }

    private static func nextByte(_ byte: UInt8, in b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < b.count, let base = b.baseAddress else { return nil }
        guard let p = memchr(base + from, Int32(byte), b.count - from) else { return nil }
        return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
    }

    private static func matches(_ b: UnsafeBufferPointer<UInt8>, at i: Int, _ s: String, caseless: Bool = false) -> Bool {
        var j = i
        for c in s.utf8 {
            guard j < b.count else { return false }
            var x = b[j]
            if caseless && x >= 0x41 && x <= 0x5A { x += 0x20 }
            if x != c { return false }
            j += 1
        }
        return true
    }

    /// The first occurrence of `s` (lower-case ASCII, starting with a non-letter) at or after `from`.
    private static func find(_ b: UnsafeBufferPointer<UInt8>, _ s: String, from: Int, caseless: Bool) -> Int? {
        var i = from
        while let lt = nextByte(s.utf8.first!, in: b, from: i) {
            if matches(b, at: lt, s, caseless: caseless) { return lt }
            i = lt + 1
        }
        return nil
    }
}
