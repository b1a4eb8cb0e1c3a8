import Foundation

/// Tells markup from binary bodies (images, PDFs, archives, executables)
/// before anything tries to parse them as HTML.
enum ContentSniffer {
    /// True for images, archives, PDFs and other bytes that are not markup.
    static func looksBinary(_ data: Data) -> Bool {
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) { return false }
        let magic: [[UInt8]] = [
            [0x25, 0x50, 0x44, 0x46], [0x89, 0x50, 0x4E, 0x47], [0x47, 0x49, 0x46, 0x38], [0xFF, 0xD8, 0xFF],
            [0x50, 0x4B, 0x03, 0x04], [0x1F, 0x8B], [0x42, 0x5A, 0x68], [0x7F, 0x45, 0x4C, 0x46],
            [0x52, 0x49, 0x46, 0x46], [0x00, 0x00, 0x00],
        ]
        for m in magic where data.starts(with: m) { return true }
        var controls = 0
        var seen = 0
        for byte in data.prefix(1024) {
            seen += 1
            if byte == 0 { return true }
            if byte < 0x09 || (byte > 0x0D && byte < 0x20) { controls += 1 }
        }
        return seen > 0 && controls * 10 > seen
    }
}
