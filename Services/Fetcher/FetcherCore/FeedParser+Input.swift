import Foundation
import Shared

/// What the XML parser is given: valid UTF-8 under a UTF-8 declaration.
/// libxml2 stops at the first byte that is not UTF-8 ("Input is not proper
/// UTF-8" is fatal even in recovery), so one stray Latin-1 byte would lose
/// every entry after it; and a declaration naming another charset, or
/// leading bytes that look like UTF-16, would make it decode the (already
/// converted) text a second time.
extension FeedParser {
    /// The document as valid UTF-8 (invalid sequences become U+FFFD), its
    /// leading whitespace and byte order mark dropped, under a declaration
    /// that says UTF-8 whatever the original said.
    static func parserInput(_ bytes: Data) -> Data {
        let repaired = TextDecoding.convertToUTF8(bytes, from: "UTF-8")
        return declaringUTF8(droppingLeadingJunk(repaired))
    }

    /// Generated feeds often start with a blank line or a byte order mark
    /// before `<?xml`; libxml2 rejects a declaration that is not first.
    static func droppingLeadingJunk(_ data: Data) -> Data {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        var start = data.startIndex
        if data.starts(with: bom) { start += bom.count }
        while start < data.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(data[start]) { start += 1 }
        return start == data.startIndex ? data : Data(data[start...])
    }

    /// The bytes are UTF-8 now, whatever the declaration said they were in;
    /// a document without a declaration gets one.
    static func declaringUTF8(_ data: Data) -> Data {
        let declaration = Data(#"<?xml version="1.0" encoding="UTF-8"?>"#.utf8)
        // `<?xml-stylesheet …?>` and other processing instructions are not the declaration.
        let opensDeclaration = data.starts(with: Data("<?xml".utf8)) && data.count > 5
            && [0x20, 0x09, 0x0A, 0x0D].contains(data[data.startIndex + 5])
        guard opensDeclaration else { return declaration + data }
        let head = data.prefix(256)
        guard let end = head.range(of: Data("?>".utf8)) else { return declaration + data }
        return declaration + data[end.upperBound...]
    }
}
