import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Charset detection and conversion to UTF-8 for fetched HTML and XML.
///
/// Every later stage (the parser's libxml2, the enricher's offsets) assumes
/// UTF-8, while the web still serves windows-1251, Shift_JIS, GB18030 and the
/// rest, often mislabelled. Detection follows the order of the WHATWG HTML
/// spec (BOM, then the transport's charset, then a bounded prescan of the
/// bytes for `<meta>` and the XML declaration), adds a UTF-8 validity check
/// before the windows-1252 fallback, and maps labels the way browsers do
/// (`latin1` means windows-1252). Conversion uses the C library's iconv,
/// because Foundation on Linux decodes only a handful of charsets.
/// Pure functions, no I/O.
public enum TextDecoding {
    /// A detected charset and the evidence it came from.
    public struct Detection: Sendable, Equatable {
        public enum Source: String, Sendable, Codable {
            case byteOrderMark, contentType, metaTag, xmlDeclaration, utf8Validation, fallback
        }
        /// The canonical (WHATWG) name, e.g. `windows-1251`, `Shift_JIS`, `UTF-8`.
        public var charset: String
        public var source: Source
        /// Bytes of byte order mark to drop before decoding.
        public var bomLength: Int

        public init(charset: String, source: Source, bomLength: Int = 0) {
            self.charset = charset
            self.source = source
            self.bomLength = bomLength
        }
    }

    /// How many leading bytes the `<meta>` / XML declaration prescan reads.
    /// WHATWG says 1024; real pages put long comments and scripts first, and
    /// reading a few KB more costs nothing next to the parse.
    public static let defaultPrescanLimit = 4096

    /// Detects the charset of `bytes` and returns them converted to UTF-8
    /// (byte order mark dropped, undecodable bytes replaced by U+FFFD), with
    /// the canonical name of the charset they were in.
    public static func decode(_ bytes: Data, contentType: String?) -> (text: Data, charset: String) {
        let detection = detect(bytes, contentType: contentType)
        let body = detection.bomLength > 0 ? Data(bytes.dropFirst(detection.bomLength)) : bytes
        return (convertToUTF8(body, from: detection.charset), detection.charset)
    }

    /// Detects the charset only.
    public static func detect(
        _ bytes: Data, contentType: String?, prescanLimit: Int = defaultPrescanLimit
    ) -> Detection {
        if let bom = sniffByteOrderMark(bytes) { return bom }
        if let label = contentType.flatMap(charsetParameter(ofContentType:)),
           let charset = canonicalCharset(forLabel: label) {
            return Detection(charset: charset, source: .contentType)
        }
        let head = bytes.prefix(prescanLimit)
        // The UTF-8 check reads the whole body: once at most.
        var validUTF8: Bool?
        func isUTF8() -> Bool {
            if let known = validUTF8 { return known }
            validUTF8 = isValidUTF8(bytes)
            return validUTF8!
        }
        if let label = xmlDeclarationEncoding(head), let charset = canonicalCharset(forLabel: label),
            !bytesOutweighDeclaration(bytes, declared: charset, isUTF8: isUTF8)
        {
            // A document that really is UTF-16 would have had a BOM or a header
            // saying so; a declaration read as ASCII cannot be UTF-16.
            return Detection(charset: isUTF16(charset) ? "UTF-8" : charset, source: .xmlDeclaration)
        }
        if let label = prescanMeta(head), let charset = canonicalCharset(forLabel: label),
            !bytesOutweighDeclaration(bytes, declared: charset, isUTF8: isUTF8)
        {
            return Detection(charset: isUTF16(charset) ? "UTF-8" : charset, source: .metaTag)
        }
        if isUTF8() { return Detection(charset: "UTF-8", source: .utf8Validation) }
        return Detection(charset: "windows-1252", source: .fallback)
    }

    /// Whether the bytes outweigh a charset declared inside the document.
    /// Pages saved, archived or transcoded on the way keep their old
    /// `<meta charset=GB2312>` (or XML declaration) while the bytes are now
    /// UTF-8. Text in a legacy multi-byte or Latin charset is practically never
    /// valid UTF-8 once it holds non-ASCII bytes, so valid UTF-8 wins over such a
    /// declaration; pure ASCII reads the same either way. A charset from the HTTP
    /// header or a byte order mark is still obeyed: it was said about these bytes.
    static func bytesOutweighDeclaration(_ bytes: Data, declared charset: String, isUTF8: () -> Bool) -> Bool {
        guard charset != "UTF-8", !isUTF16(charset), bytes.contains(where: { $0 >= 0x80 }) else { return false }
        return isUTF8()
    }

    // MARK: - Labels

    /// The canonical charset name for an encoding label (trimmed, any case),
    /// or nil for labels this build does not decode.
    public static func canonicalCharset(forLabel label: String) -> String? {
        let key = label.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return labels[key]
    }

    /// The `charset` parameter of a Content-Type header value, unquoted.
    public static func charsetParameter(ofContentType contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2,
                  pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            return value.isEmpty ? nil : value
        }
        return nil
    }

    private static func isUTF16(_ charset: String) -> Bool { charset.hasPrefix("UTF-16") }

    /// WHATWG encoding labels -> canonical names. GBK and its labels decode as
    /// GB18030 (a superset), as browsers do. The "replacement" labels
    /// (ISO-2022-KR, HZ) and x-user-defined are left out: unknown labels are
    /// ignored and detection goes on.
    private static let labels: [String: String] = {
        let table: [(String, [String])] = [
            ("UTF-8", ["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"]),
            ("IBM866", ["866", "cp866", "csibm866", "ibm866"]),
            ("ISO-8859-2", ["csisolatin2", "iso-8859-2", "iso-ir-101", "iso8859-2", "iso88592", "iso_8859-2",
                            "iso_8859-2:1987", "l2", "latin2"]),
            ("ISO-8859-3", ["csisolatin3", "iso-8859-3", "iso-ir-109", "iso8859-3", "iso88593", "iso_8859-3",
                            "iso_8859-3:1988", "l3", "latin3"]),
            ("ISO-8859-4", ["csisolatin4", "iso-8859-4", "iso-ir-110", "iso8859-4", "iso88594", "iso_8859-4",
                            "iso_8859-4:1988", "l4", "latin4"]),
            ("ISO-8859-5", ["csisolatincyrillic", "cyrillic", "iso-8859-5", "iso-ir-144", "iso8859-5", "iso88595",
                            "iso_8859-5", "iso_8859-5:1988"]),
            ("ISO-8859-6", ["arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic", "ecma-114",
                            "iso-8859-6", "iso-8859-6-e", "iso-8859-6-i", "iso-ir-127", "iso8859-6", "iso88596",
                            "iso_8859-6", "iso_8859-6:1987"]),
            ("ISO-8859-7", ["csisolatingreek", "ecma-118", "elot_928", "greek", "greek8", "iso-8859-7",
                            "iso-ir-126", "iso8859-7", "iso88597", "iso_8859-7", "iso_8859-7:1987", "sun_eu_greek"]),
            ("ISO-8859-8", ["csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8", "iso-8859-8-e", "iso-ir-138",
                            "iso8859-8", "iso88598", "iso_8859-8", "iso_8859-8:1988", "visual"]),
            ("ISO-8859-8-I", ["csiso88598i", "iso-8859-8-i", "logical"]),
            ("ISO-8859-10", ["csisolatin6", "iso-8859-10", "iso-ir-157", "iso8859-10", "iso885910", "l6", "latin6"]),
            ("ISO-8859-13", ["iso-8859-13", "iso8859-13", "iso885913"]),
            ("ISO-8859-14", ["iso-8859-14", "iso8859-14", "iso885914"]),
            ("ISO-8859-15", ["csisolatin9", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "l9"]),
            ("ISO-8859-16", ["iso-8859-16"]),
            ("KOI8-R", ["cskoi8r", "koi", "koi8", "koi8-r", "koi8_r"]),
            ("KOI8-U", ["koi8-ru", "koi8-u"]),
            ("macintosh", ["csmacintosh", "mac", "macintosh", "x-mac-roman"]),
            ("windows-874", ["dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"]),
            ("windows-1250", ["cp1250", "windows-1250", "x-cp1250"]),
            ("windows-1251", ["cp1251", "windows-1251", "x-cp1251"]),
            ("windows-1252", ["ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1",
                              "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1",
                              "latin1", "us-ascii", "windows-1252", "x-cp1252"]),
            ("windows-1253", ["cp1253", "windows-1253", "x-cp1253"]),
            ("windows-1254", ["cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599",
                              "iso_8859-9", "iso_8859-9:1989", "l5", "latin5", "windows-1254", "x-cp1254"]),
            ("windows-1255", ["cp1255", "windows-1255", "x-cp1255"]),
            ("windows-1256", ["cp1256", "windows-1256", "x-cp1256"]),
            ("windows-1257", ["cp1257", "windows-1257", "x-cp1257"]),
            ("windows-1258", ["cp1258", "windows-1258", "x-cp1258"]),
            ("x-mac-cyrillic", ["x-mac-cyrillic", "x-mac-ukrainian"]),
            ("gb18030", ["chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk",
                         "iso-ir-58", "x-gbk", "gb18030"]),
            ("Big5", ["big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"]),
            ("EUC-JP", ["cseucpkdfmtjapanese", "euc-jp", "x-euc-jp"]),
            ("ISO-2022-JP", ["csiso2022jp", "iso-2022-jp"]),
            ("Shift_JIS", ["csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis", "windows-31j",
                           "x-sjis"]),
            ("EUC-KR", ["cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987",
                        "ks_c_5601-1989", "ksc5601", "ksc_5601", "windows-949"]),
            ("UTF-16BE", ["unicodefffe", "utf-16be"]),
            ("UTF-16LE", ["csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"]),
        ]
        var map: [String: String] = [:]
        for (name, names) in table { for label in names { map[label] = name } }
        return map
    }()

    /// Canonical names -> the iconv names that decode them as browsers do:
    /// the Microsoft code pages behind Shift_JIS (CP932, where 0x5C is a
    /// backslash) and EUC-KR (CP949), HKSCS behind Big5.
    private static let iconvNames: [String: String] = [
        "IBM866": "IBM866", "ISO-8859-8-I": "ISO-8859-8", "macintosh": "MACINTOSH", "windows-874": "CP874",
        "x-mac-cyrillic": "MAC-CYRILLIC", "gb18030": "GB18030", "Big5": "BIG5-HKSCS", "Shift_JIS": "CP932",
        "EUC-KR": "CP949",
    ]

    static func iconvName(for charset: String) -> String { iconvNames[charset] ?? charset.uppercased() }

    // MARK: - Sniffing

    private static func sniffByteOrderMark(_ bytes: Data) -> Detection? {
        let b = Array(bytes.prefix(3))
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF {
            return Detection(charset: "UTF-8", source: .byteOrderMark, bomLength: 3)
        }
        if b.count >= 2, b[0] == 0xFE, b[1] == 0xFF {
            return Detection(charset: "UTF-16BE", source: .byteOrderMark, bomLength: 2)
        }
        if b.count >= 2, b[0] == 0xFF, b[1] == 0xFE {
            return Detection(charset: "UTF-16LE", source: .byteOrderMark, bomLength: 2)
        }
        return nil
    }

    /// `encoding="..."` of a leading `<?xml ...?>` declaration.
    static func xmlDeclarationEncoding(_ head: Data) -> String? {
        let bytes = Array(head)
        var i = 0
        while i < bytes.count, isSpace(bytes[i]) { i += 1 }
        guard matches(bytes, at: i, "<?xml"), i + 5 < bytes.count, isSpace(bytes[i + 5]) else { return nil }
        guard let end = firstIndex(of: Array("?>".utf8), in: bytes, from: i) else { return nil }
        var scanner = AttributeScanner(bytes: bytes, position: i + 5, end: end)
        while let (name, value) = scanner.next(), name != "" {
            if name == "encoding" { return value }
        }
        return nil
    }

    /// The WHATWG "prescan a byte stream to determine its encoding" over
    /// `head`: skips comments and other tags, reads `<meta charset>` and
    /// `<meta http-equiv=content-type content="...; charset=...">`.
    static func prescanMeta(_ head: Data) -> String? {
        let bytes = Array(head)
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "<") else { i += 1; continue }
            if matches(bytes, at: i, "<!--") {
                guard let close = firstIndex(of: Array("-->".utf8), in: bytes, from: i + 4) else { return nil }
                i = close + 3
            } else if matchesIgnoringCase(bytes, at: i, "<meta"), i + 5 < bytes.count,
                      isSpace(bytes[i + 5]) || bytes[i + 5] == UInt8(ascii: "/") {
                var scanner = AttributeScanner(bytes: bytes, position: i + 5, end: bytes.count)
                var httpEquivContentType = false
                var content: String?
                var charset: String?
                while let (name, value) = scanner.next(), name != "" {
                    switch name {
                    case "http-equiv": httpEquivContentType = value.lowercased() == "content-type"
                    case "content": content = content ?? value
                    case "charset": charset = charset ?? value
                    default: break
                    }
                }
                if let charset { return charset }
                if httpEquivContentType, let content, let value = charsetInMetaContent(content) { return value }
                i = scanner.position
            } else if i + 1 < bytes.count, isLetter(bytes[i + 1])
                        || (bytes[i + 1] == UInt8(ascii: "/") && i + 2 < bytes.count && isLetter(bytes[i + 2])) {
                // Another tag: skip its attributes so a `>` inside a quoted value does not end it early.
                var scanner = AttributeScanner(bytes: bytes, position: i + 1, end: bytes.count)
                while scanner.position < bytes.count, !isSpace(bytes[scanner.position]),
                      bytes[scanner.position] != UInt8(ascii: ">") { scanner.position += 1 }
                while let (name, _) = scanner.next(), name != "" {}
                i = scanner.position
            } else if matches(bytes, at: i, "<!") || matches(bytes, at: i, "</") || matches(bytes, at: i, "<?") {
                guard let close = bytes[i...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
                i = close + 1
            } else {
                i += 1
            }
        }
        return nil
    }

    /// The WHATWG "extract a character encoding from a meta element" algorithm.
    private static func charsetInMetaContent(_ content: String) -> String? {
        let bytes = Array(content.utf8)
        var i = 0
        while true {
            guard let found = firstIndexIgnoringCase(of: "charset", in: bytes, from: i) else { return nil }
            var j = found + 7
            while j < bytes.count, isSpace(bytes[j]) { j += 1 }
            guard j < bytes.count, bytes[j] == UInt8(ascii: "=") else { i = found + 7; continue }
            j += 1
            while j < bytes.count, isSpace(bytes[j]) { j += 1 }
            guard j < bytes.count else { return nil }
            if bytes[j] == UInt8(ascii: "\"") || bytes[j] == UInt8(ascii: "'") {
                let quote = bytes[j]
                guard let close = bytes[(j + 1)...].firstIndex(of: quote) else { return nil }
                return String(decoding: bytes[(j + 1)..<close], as: UTF8.self)
            }
            var end = j
            while end < bytes.count, !isSpace(bytes[end]), bytes[end] != UInt8(ascii: ";") { end += 1 }
            return String(decoding: bytes[j..<end], as: UTF8.self)
        }
    }

    /// True when `bytes` are well-formed UTF-8. A sequence cut off by the end
    /// of the data counts as valid (a capped download may end mid-character).
    public static func isValidUTF8(_ bytes: Data) -> Bool {
        bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
            let b = raw.bindMemory(to: UInt8.self)
            let n = b.count
            var i = 0
            while i < n {
                let lead = b[i]
                if lead < 0x80 { i += 1; continue }
                let length: Int
                var low: UInt8 = 0x80, high: UInt8 = 0xBF
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; low = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: length = 3; high = 0x9F
                case 0xF0: length = 4; low = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; high = 0x8F
                default: return false
                }
                for k in 1..<length {
                    guard i + k < n else { return true }
                    let c = b[i + k]
                    if k == 1 {
                        guard c >= low && c <= high else { return false }
                    } else {
                        guard c >= 0x80 && c <= 0xBF else { return false }
                    }
                }
                i += length
            }
            return true
        }
    }

    // MARK: - Conversion

    /// Converts `bytes` from `charset` (a canonical name) to UTF-8, replacing
    /// undecodable bytes with U+FFFD instead of failing: a page with one bad
    /// byte is still a page.
    public static func convertToUTF8(_ bytes: Data, from charset: String) -> Data {
        if charset == "UTF-8" {
            return isValidUTF8(bytes) ? bytes : Data(String(decoding: bytes, as: UTF8.self).utf8)
        }
        if charset == "windows-1252", bytes.allSatisfy({ $0 < 0x80 }) { return bytes }
        return iconvToUTF8(bytes, from: iconvName(for: charset), windows1252: charset == "windows-1252")
            ?? Data(String(decoding: bytes, as: UTF8.self).utf8)
    }

    private static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// Runs iconv over the whole input; nil only when iconv has no converter.
    private static func iconvToUTF8(_ input: Data, from name: String, windows1252: Bool) -> Data? {
        let cd = iconv_open("UTF-8", name)
        guard Int(bitPattern: cd) != -1 else { return nil }
        defer { iconv_close(cd) }
        var output = Data()
        output.reserveCapacity(input.count + input.count / 2 + 16)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        input.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard let base = raw.baseAddress else { return }
            var inPointer = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: CChar.self))
            var inLeft = raw.count
            chunk.withUnsafeMutableBytes { out in
                let outBase = out.baseAddress!.assumingMemoryBound(to: CChar.self)
                while true {
                    var inPtr: UnsafeMutablePointer<CChar>? = inPointer
                    var outPtr: UnsafeMutablePointer<CChar>? = outBase
                    var outLeft = out.count
                    let result = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    let failure = result == -1 ? errno : 0
                    inPointer = inPtr!
                    output.append(UnsafeBufferPointer(start: out.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                                      count: out.count - outLeft))
                    if result != -1 { break }
                    if failure == E2BIG { continue }
                    if failure == EILSEQ, inLeft > 0 {
                        let byte = UInt8(bitPattern: inPointer.pointee)
                        if windows1252, (0x80...0x9F).contains(byte) {
                            // The five bytes windows-1252 leaves undefined decode to C1 controls (WHATWG).
                            output.append(contentsOf: String(UnicodeScalar(byte)).utf8)
                        } else {
                            output.append(contentsOf: replacementCharacter)
                        }
                        inPointer += 1
                        inLeft -= 1
                        continue
                    }
                    // EINVAL: an incomplete sequence at the end of the input.
                    if inLeft > 0 { output.append(contentsOf: replacementCharacter) }
                    break
                }
            }
        }
        return output
    }

    // MARK: - Byte helpers

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0C || b == 0x0D }
    private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    private static func matches(_ bytes: [UInt8], at i: Int, _ literal: String) -> Bool {
        let l = Array(literal.utf8)
        guard i >= 0, i + l.count <= bytes.count else { return false }
        for k in 0..<l.count where bytes[i + k] != l[k] { return false }
        return true
    }

    private static func matchesIgnoringCase(_ bytes: [UInt8], at i: Int, _ literal: String) -> Bool {
        let l = Array(literal.utf8)
        guard i >= 0, i + l.count <= bytes.count else { return false }
        for k in 0..<l.count where lower(bytes[i + k]) != l[k] { return false }
        return true
    }

    private static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    private static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        var i = start
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0], Array(bytes[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }

    private static func firstIndexIgnoringCase(of literal: String, in bytes: [UInt8], from start: Int) -> Int? {
        var i = start
        while i < bytes.count {
            if matchesIgnoringCase(bytes, at: i, literal) { return i }
            i += 1
        }
        return nil
    }

    /// Reads `name=value` attributes the way the WHATWG prescan's "get an
    /// attribute" does: lower-cased names, quoted or bare values, stops at `>`.
    private struct AttributeScanner {
        let bytes: [UInt8]
        var position: Int
        let end: Int

        /// The next attribute, ("", "") at the end of the tag, nil past the data.
        mutating func next() -> (String, String)? {
            while position < end, isSpace(bytes[position]) || bytes[position] == UInt8(ascii: "/") { position += 1 }
            guard position < end else { return nil }
            if bytes[position] == UInt8(ascii: ">") { position += 1; return ("", "") }
            var name: [UInt8] = []
            while position < end {
                let b = bytes[position]
                if b == UInt8(ascii: "=") && !name.isEmpty { break }
                if isSpace(b) || b == UInt8(ascii: "/") || b == UInt8(ascii: ">") { break }
                name.append(lower(b))
                position += 1
            }
            while position < end, isSpace(bytes[position]) { position += 1 }
            guard position < end, bytes[position] == UInt8(ascii: "=") else {
                return (String(decoding: name, as: UTF8.self), "")
            }
            position += 1
            while position < end, isSpace(bytes[position]) { position += 1 }
            guard position < end else { return nil }
            var value: [UInt8] = []
            let first = bytes[position]
            if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
                position += 1
                while position < end, bytes[position] != first { value.append(bytes[position]); position += 1 }
                guard position < end else { return nil }
                position += 1
            } else {
                while position < end, !isSpace(bytes[position]), bytes[position] != UInt8(ascii: ">") {
                    value.append(bytes[position])
                    position += 1
                }
            }
            return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
        }
    }
}
