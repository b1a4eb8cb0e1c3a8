import Foundation
import Shared

/// Decides whether a page's own charset declaration still describes its bytes.
///
/// Pages that were saved, archived or transcoded on the way keep their old
/// `<meta charset=GB2312>` (or XML declaration) while the bytes are now UTF-8.
/// Text in a legacy multi-byte or Latin charset is practically never valid
/// UTF-8 once it holds non-ASCII bytes, so valid UTF-8 outweighs a declaration
/// written inside the document. A charset from the HTTP header or a byte
/// order mark is still obeyed: it was said about these very bytes.
enum InDocumentCharset {
    static func bytesOutweighDeclaration(_ bytes: Data, detection: TextDecoding.Detection) -> Bool {
        guard detection.charset != "UTF-8", detection.bomLength == 0,
            detection.source == .metaTag || detection.source == .xmlDeclaration
        else { return false }
        // Pure ASCII reads the same in either charset: nothing to override.
        guard bytes.contains(where: { $0 >= 0x80 }) else { return false }
        return TextDecoding.isValidUTF8(bytes)
    }
}
