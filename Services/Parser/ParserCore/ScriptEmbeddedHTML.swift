import Foundation

/// Finds story markup that a page serves only inside a script's string literal.
///
/// Pages rendered by a client framework ship their state to the browser as
/// JSON or JavaScript strings (hydration data, streamed component payloads);
/// the story's HTML (`<p>` paragraphs, escaped as `\u003cp\u003e` or written
/// plainly) sits in one of those strings, sometimes a string inside a string.
/// The reader gets that prose once the script runs, so it is the article: the
/// literal is found around a paragraph tag, unescaped level by level, and the
/// longest such fragment is parsed as HTML.
enum ScriptEmbeddedHTML {
    /// Fragments shorter than this many bytes are widgets, not stories.
    static let minimumFragment = 400
    /// Script regions are searched up to this many paragraph tags (hostile pages).
    static let maximumMarkers = 2_000

    /// The paragraphs of the longest HTML fragment found in a script string, or none.
    static func paragraphs(in html: Data) -> [String] {
        let bytes = [UInt8](html)
        var best: [UInt8] = []
        var markers = 0
        for region in scriptRegions(bytes) {
            var i = region.lowerBound
            while i < region.upperBound, markers < maximumMarkers {
                guard let marker = nextParagraphTag(bytes, from: i, end: region.upperBound) else { break }
                markers += 1
                // The literal holding this tag starts after the one before it
                // ended: bounding the backward search keeps the scan linear.
                if let fragment = innermostFragment(bytes, around: marker, within: i..<region.upperBound),
                    fragment.count > best.count
                {
                    best = fragment
                }
                // Skip the rest of this literal: one fragment per string.
                i = literalEnd(bytes, from: marker, end: region.upperBound) ?? region.upperBound
            }
        }
        guard best.count >= minimumFragment,
            let document = HTMLTreeBuilder.parse(Data("<html><body><div>".utf8 + best + "</div></body></html>".utf8))
        else { return [] }
        var extractor = MainTextExtractor()
        return extractor.extract(from: document).paragraphs
    }

    // MARK: - Finding scripts and paragraph tags

    /// Byte ranges of `<script>` bodies (JSON-LD included: it is harmless here).
    static func scriptRegions(_ b: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        while let open = find(b, "<script", from: i) {
            guard let close = b[open...].firstIndex(of: UInt8(ascii: ">")) else { break }
            let end = find(b, "</script", from: close) ?? b.count
            out.append((close + 1)..<end)
            i = end
        }
        return out
    }

    /// A paragraph start tag, escaped (`\u003cp`) or plain (`<p`), followed by `>`, a space or a backslash.
    private static func nextParagraphTag(_ b: [UInt8], from start: Int, end: Int) -> Int? {
        var i = start
        while i + 6 < end {
            if b[i] == UInt8(ascii: "<"), b[i + 1] | 0x20 == UInt8(ascii: "p"), isTagEnd(b[i + 2]) { return i }
            if b[i] == UInt8(ascii: "u"), matches(b, "u003c", at: i), b[i + 5] | 0x20 == UInt8(ascii: "p"),
                isTagEnd(b[i + 6])
            {
                return i
            }
            i += 1
        }
        return nil
    }

    private static func isTagEnd(_ c: UInt8) -> Bool {
        c == UInt8(ascii: ">") || c == UInt8(ascii: " ") || c == UInt8(ascii: "\\")
    }

    // MARK: - String literals

    /// Unescapes the literal around `position` until no escaped markup is left
    /// (a string inside a string is escaped twice); the innermost HTML.
    private static func innermostFragment(_ b: [UInt8], around position: Int, within region: Range<Int>) -> [UInt8]? {
        var text = b
        var position = position
        var range = region
        var fragment: [UInt8]?
        for _ in 0..<4 {
            guard let start = literalStart(text, before: position, start: range.lowerBound),
                let end = literalEnd(text, from: position, end: range.upperBound)
            else { return fragment }
            let decoded = unescape(text[(start + 1)..<end])
            guard let inner = nextParagraphTag(decoded, from: 0, end: decoded.count) else { return fragment }
            fragment = decoded
            // Still escaped markup, or JSON keys before it: the paragraph sits in a nested literal.
            let nested = decoded[inner] == UInt8(ascii: "u") || find(decoded, "\\\"", from: 0) != nil
                || (find(decoded, "\":", from: 0).map { $0 < inner } ?? false)
            guard nested else { break }
            text = decoded
            position = inner
            range = 0..<decoded.count
        }
        return fragment
    }

    /// The opening `"` of the literal holding `position`: the nearest quote before it not escaped by a backslash.
    private static func literalStart(_ b: [UInt8], before position: Int, start: Int) -> Int? {
        var i = position - 1
        while i >= start {
            if b[i] == UInt8(ascii: "\""), !isEscaped(b, i, start: start) { return i }
            i -= 1
        }
        return nil
    }

    /// The closing `"` of the literal holding `position`.
    private static func literalEnd(_ b: [UInt8], from position: Int, end: Int) -> Int? {
        var i = position
        while i < end {
            if b[i] == UInt8(ascii: "\\") {
                i += 2
                continue
            }
            if b[i] == UInt8(ascii: "\"") { return i }
            i += 1
        }
        return nil
    }

    private static func isEscaped(_ b: [UInt8], _ i: Int, start: Int) -> Bool {
        var backslashes = 0
        var j = i - 1
        while j >= start, b[j] == UInt8(ascii: "\\") {
            backslashes += 1
            j -= 1
        }
        return backslashes % 2 == 1
    }

    /// One level of JSON/JavaScript string escapes undone (`\"`, `\\`, `\n`, `\uXXXX` with surrogate pairs).
    static func unescape(_ s: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = s.startIndex
        var pendingHigh: UInt32?
        while i < s.endIndex {
            let c = s[i]
            guard c == UInt8(ascii: "\\"), i + 1 < s.endIndex else {
                out.append(c)
                i += 1
                continue
            }
            let e = s[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"): out.append(UInt8(ascii: " "))
            case UInt8(ascii: "u"):
                guard i + 4 <= s.endIndex, let v = UInt32(String(decoding: s[i..<(i + 4)], as: UTF8.self), radix: 16)
                else { continue }
                i += 4
                if (0xD800..<0xDC00).contains(v) {
                    pendingHigh = v
                    continue
                }
                var scalarValue = v
                if let high = pendingHigh, (0xDC00..<0xE000).contains(v) {
                    scalarValue = 0x10000 + ((high - 0xD800) << 10) + (v - 0xDC00)
                }
                pendingHigh = nil
                if let scalar = Unicode.Scalar(scalarValue) { out.append(contentsOf: Array(String(scalar).utf8)) }
            default: out.append(e)
            }
        }
        return out
    }

    // MARK: - Bytes

    private static func matches(_ b: [UInt8], _ word: String, at i: Int) -> Bool {
        let w = Array(word.utf8)
        guard i + w.count <= b.count else { return false }
        for k in 0..<w.count where b[i + k] | 0x20 != w[k] | 0x20 { return false }
        return true
    }

    private static func find(_ b: [UInt8], _ word: String, from start: Int) -> Int? {
        guard let first = word.utf8.first.map({ $0 | 0x20 }) else { return nil }
        var i = start
        while i < b.count {
            if b[i] | 0x20 == first, matches(b, word, at: i) { return i }
            i += 1
        }
        return nil
    }
}
