import Foundation

/// Decides what charset raw page bytes are in and whether they are HTML at all.
///
/// The order follows the HTML standard's sniffing: BOM, then the transport's
/// `charset`, then a `<meta charset>` / `http-equiv` declaration in the first
/// bytes, then UTF-8 when the bytes are valid UTF-8, else windows-1252. The
/// conversion itself is done by libxml2 (through iconv) while parsing, so the
/// bytes are never copied. Labels are mapped to the supersets browsers really
/// use (GB2312 -> GB18030, EUC-KR -> CP949, Shift_JIS -> CP932, Latin-1 -> windows-1252).
enum CharsetDecoder {
    /// The iconv name to parse `data` with.
    static func charset(of data: Data, contentType: String?) -> String {
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { return "UTF-8" }
        if data.starts(with: [0xFF, 0xFE]) { return "UTF-16LE" }
        if data.starts(with: [0xFE, 0xFF]) { return "UTF-16BE" }
        if let declared = contentType.flatMap(charsetParameter), let name = canonical(declared) { return name }
        if let declared = metaCharset(data), let name = canonical(declared) {
            // A page that says it is UTF-16 in ASCII-compatible bytes is lying (WHATWG).
            if name.hasPrefix("UTF-16") { return "UTF-8" }
            if name != "UTF-8" || isValidUTF8(data) { return name }
        }
        return isValidUTF8(data) ? "UTF-8" : "WINDOWS-1252"
    }

    /// The `charset=` parameter of a Content-Type value.
    static func charsetParameter(_ contentType: String) -> String? {
        let lower = contentType.lowercased()
        guard let range = lower.range(of: "charset=") else { return nil }
        var value = lower[range.upperBound...].trimmingCharacters(in: .whitespaces)
        if let end = value.firstIndex(where: { $0 == ";" || $0 == " " }) { value = String(value[..<end]) }
        value = value.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        return value.isEmpty ? nil : value
    }

    /// Maps a charset label to the iconv name used for it; nil for unknown labels.
    static func canonical(_ label: String) -> String? {
        let l = label.lowercased().trimmingCharacters(in: .whitespaces)
        switch l {
        case "utf-8", "utf8", "unicode-1-1-utf-8": return "UTF-8"
        case "iso-8859-1", "latin1", "latin-1", "iso8859-1", "us-ascii", "ascii", "windows-1252", "cp1252",
            "x-cp1252", "iso_8859-1", "l1":
            return "WINDOWS-1252"
        case "windows-1251", "cp1251", "x-cp1251": return "WINDOWS-1251"
        case "windows-1250", "cp1250": return "WINDOWS-1250"
        case "windows-1253", "cp1253": return "WINDOWS-1253"
        case "windows-1254", "cp1254", "iso-8859-9", "latin5": return "WINDOWS-1254"
        case "windows-1255", "cp1255": return "WINDOWS-1255"
        case "windows-1256", "cp1256": return "WINDOWS-1256"
        case "windows-1257", "cp1257": return "WINDOWS-1257"
        case "windows-1258", "cp1258": return "WINDOWS-1258"
        case "koi8-r", "koi8": return "KOI8-R"
        case "koi8-u": return "KOI8-U"
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "windows-31j", "ms_kanji", "cp932": return "CP932"
        case "euc-jp", "x-euc-jp": return "EUC-JP"
        case "iso-2022-jp": return "ISO-2022-JP"
        case "gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn": return "GB18030"
        case "big5", "big5-hkscs", "x-x-big5": return "BIG5-HKSCS"
        case "euc-kr", "ks_c_5601-1987", "windows-949", "cp949", "x-windows-949": return "CP949"
        case "utf-16", "utf-16le": return "UTF-16LE"
        case "utf-16be": return "UTF-16BE"
        case "tis-620", "windows-874", "iso-8859-11": return "WINDOWS-874"
        default:
            if l.hasPrefix("iso-8859-") || l.hasPrefix("iso8859-") {
                let number = l.split(separator: "-").last.map(String.init) ?? ""
                if let n = Int(number), (2...16).contains(n) { return "ISO-8859-\(n)" }
            }
            return nil
        }
    }

    /// A `charset` declared in a `<meta>` within the first 4 KB: the byte
    /// prescan browsers do before any parsing (attribute values only).
    static func metaCharset(_ data: Data) -> String? {
        let prefix = data.prefix(4096)
        let bytes = [UInt8](prefix)
        let needle: [UInt8] = Array("charset".utf8)
        var i = 0
        while i + needle.count < bytes.count {
            var match = true
            for j in 0..<needle.count where (bytes[i + j] | 0x20) != needle[j] {
                match = false
                break
            }
            if match {
                var k = i + needle.count
                while k < bytes.count, bytes[k] == 0x20 { k += 1 }
                if k < bytes.count, bytes[k] == UInt8(ascii: "=") {
                    k += 1
                    while k < bytes.count, bytes[k] == 0x20 || bytes[k] == 0x22 || bytes[k] == 0x27 { k += 1 }
                    var value: [UInt8] = []
                    while k < bytes.count, value.count < 40 {
                        let b = bytes[k]
                        if b == 0x22 || b == 0x27 || b == 0x20 || b == 0x3B || b == 0x3E || b == 0x2F { break }
                        value.append(b)
                        k += 1
                    }
                    if !value.isEmpty, let s = String(bytes: value, encoding: .ascii) { return s }
                }
            }
            i += 1
        }
        return nil
    }

    static func isValidUTF8(_ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            String(validating: raw.bindMemory(to: UInt8.self), as: UTF8.self) != nil
        }
    }

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
