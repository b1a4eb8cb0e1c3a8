import Foundation
import Testing
@testable import Shared
#if canImport(Glibc)
import Glibc
#endif

/// Encodes `text` into `charset` with the C library's iconv, so fixtures are
/// made at test time from readable strings.
func encode(_ text: String, as charset: String) throws -> Data {
    let cd = iconv_open(charset, "UTF-8")
    guard Int(bitPattern: cd) != -1 else { throw EncodeError(charset: charset) }
    defer { iconv_close(cd) }
    var input = Array(text.utf8).map { CChar(bitPattern: $0) }
    var output = [CChar](repeating: 0, count: input.count * 4 + 16)
    var inLeft = input.count
    var outLeft = output.count
    let written: Int = input.withUnsafeMutableBufferPointer { inBuf in
        output.withUnsafeMutableBufferPointer { outBuf in
            var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress
            var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress
            let result = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
            return result == -1 ? -1 : outBuf.count - outLeft
        }
    }
    guard written >= 0 else { throw EncodeError(charset: charset) }
    return Data(output.prefix(written).map { UInt8(bitPattern: $0) })
}

struct EncodeError: Error { var charset: String }

@Suite struct TextDecodingTests {
    static let russian = "Москва: новости дня, «цитата» — конец."
    /// Only letters every Cyrillic charset has (ISO-8859-5 and KOI8-R lack « and —).
    static let russianPlain = "Москва: новости дня, конец."
    static let japanese = "東京のニュース：株価が上昇した。"
    static let chinese = "北京新闻：经济增长，数据显示。"
    static let korean = "서울 뉴스: 경제 성장."
    static let french = "Élysée: déjà vu, naïve café — “quoted” €5"

    func html(_ body: String, head: String = "") -> String {
        "<!DOCTYPE html><html><head>\(head)<title>t</title></head><body><p>\(body)</p></body></html>"
    }

    @Test(arguments: [
        ("windows-1251", russian, "windows-1251"),
        ("SHIFT_JIS", japanese, "Shift_JIS"),
        ("GB18030", chinese, "gb18030"),
        ("EUC-KR", korean, "EUC-KR"),
        ("ISO-8859-5", russianPlain, "ISO-8859-5"),
        ("KOI8-R", russianPlain, "KOI8-R"),
        ("WINDOWS-1252", french, "windows-1252"),
    ])
    func convertsWithHeaderCharset(iconvName: String, text: String, canonical: String) throws {
        let bytes = try encode(html(text), as: iconvName)
        #expect(bytes != Data(html(text).utf8))
        let (utf8, charset) = TextDecoding.decode(bytes, contentType: "text/html; charset=\(canonical.lowercased())")
        #expect(charset == canonical)
        #expect(String(decoding: utf8, as: UTF8.self) == html(text))
    }

    @Test func readsMetaCharsetWithoutHeader() throws {
        let page = html(Self.russian, head: #"<meta charset="windows-1251">"#)
        let bytes = try encode(page, as: "WINDOWS-1251")
        let detection = TextDecoding.detect(bytes, contentType: "text/html")
        #expect(detection == .init(charset: "windows-1251", source: .metaTag))
        #expect(String(decoding: TextDecoding.decode(bytes, contentType: nil).text, as: UTF8.self) == page)
    }

    @Test func readsHttpEquivContentType() throws {
        let page = html(Self.japanese, head: #"<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=Shift_JIS">"#)
        let bytes = try encode(page, as: "SHIFT_JIS")
        #expect(TextDecoding.detect(bytes, contentType: nil) == .init(charset: "Shift_JIS", source: .metaTag))
        #expect(String(decoding: TextDecoding.decode(bytes, contentType: nil).text, as: UTF8.self) == page)
    }

    @Test func gbkAndGb2312LabelsDecodeAsGB18030() throws {
        for label in ["gbk", "GB2312", "x-gbk"] {
            let page = html(Self.chinese, head: "<meta charset=\(label)>")
            let bytes = try encode(page, as: "GB18030")
            let (text, charset) = TextDecoding.decode(bytes, contentType: nil)
            #expect(charset == "gb18030")
            #expect(String(decoding: text, as: UTF8.self) == page)
        }
    }

    @Test func metaInsideCommentOrAttributeIsIgnored() throws {
        let page = #"<html><head><!-- <meta charset="koi8-r"> --><link title='<meta charset=koi8-r>'>"#
            + #"<meta charset="windows-1251"></head><body>\#(Self.russian)</body></html>"#
        let bytes = try encode(page, as: "WINDOWS-1251")
        #expect(TextDecoding.detect(bytes, contentType: nil).charset == "windows-1251")
    }

    @Test func headerCharsetWinsOverMeta() throws {
        let page = html(Self.russian, head: #"<meta charset="utf-8">"#)
        let bytes = try encode(page, as: "WINDOWS-1251")
        let (text, charset) = TextDecoding.decode(bytes, contentType: #"text/html; charset="Windows-1251""#)
        #expect(charset == "windows-1251")
        #expect(String(decoding: text, as: UTF8.self) == page)
    }

    @Test func xmlDeclarationEncoding() throws {
        let feed = #"<?xml version="1.0" encoding="windows-1251"?><rss><channel><title>\#(Self.russian)</title></channel></rss>"#
        let bytes = try encode(feed, as: "WINDOWS-1251")
        #expect(TextDecoding.detect(bytes, contentType: "application/rss+xml")
            == .init(charset: "windows-1251", source: .xmlDeclaration))
        #expect(String(decoding: TextDecoding.decode(bytes, contentType: nil).text, as: UTF8.self) == feed)
    }

    @Test func byteOrderMarksWinAndAreDropped() throws {
        let page = html(Self.japanese)
        let le = Data([0xFF, 0xFE]) + (try encode(page, as: "UTF-16LE"))
        let be = Data([0xFE, 0xFF]) + (try encode(page, as: "UTF-16BE"))
        let u8 = Data([0xEF, 0xBB, 0xBF]) + Data(page.utf8)
        for (bytes, name) in [(le, "UTF-16LE"), (be, "UTF-16BE"), (u8, "UTF-8")] {
            // A wrong header charset loses to the BOM, as in browsers.
            let detection = TextDecoding.detect(bytes, contentType: "text/html; charset=iso-8859-1")
            #expect(detection.charset == name)
            #expect(detection.source == .byteOrderMark)
            #expect(String(decoding: TextDecoding.decode(bytes, contentType: nil).text, as: UTF8.self) == page)
        }
    }

    @Test func undeclaredUTF8IsDetectedByValidity() {
        let page = html(Self.japanese + Self.french)
        let detection = TextDecoding.detect(Data(page.utf8), contentType: "text/html")
        #expect(detection == .init(charset: "UTF-8", source: .utf8Validation))
    }

    @Test func undeclaredInvalidUTF8FallsBackToWindows1252() throws {
        let page = html(Self.french)
        let bytes = try encode(page, as: "WINDOWS-1252")
        let (text, charset) = TextDecoding.decode(bytes, contentType: nil)
        #expect(charset == "windows-1252")
        #expect(String(decoding: text, as: UTF8.self) == page)
    }

    @Test func latin1LabelsMeanWindows1252() throws {
        for label in ["iso-8859-1", "ISO_8859-1", "latin1", "US-ASCII", "l1"] {
            #expect(TextDecoding.canonicalCharset(forLabel: label) == "windows-1252")
        }
        // 0x80 is the euro sign in windows-1252, a C1 control in real ISO-8859-1.
        let (text, _) = TextDecoding.decode(Data([0x80, 0x35]), contentType: "text/plain; charset=ISO-8859-1")
        #expect(String(decoding: text, as: UTF8.self) == "€5")
    }

    @Test func labelAliases() {
        #expect(TextDecoding.canonicalCharset(forLabel: " Shift-JIS ") == "Shift_JIS")
        #expect(TextDecoding.canonicalCharset(forLabel: "ks_c_5601-1987") == "EUC-KR")
        #expect(TextDecoding.canonicalCharset(forLabel: "iso-8859-9") == "windows-1254")
        #expect(TextDecoding.canonicalCharset(forLabel: "utf-16") == "UTF-16LE")
        #expect(TextDecoding.canonicalCharset(forLabel: "x-no-such-charset") == nil)
    }

    @Test func unknownHeaderLabelIsIgnored() throws {
        let page = html(Self.russian, head: "<meta charset=cp1251>")
        let bytes = try encode(page, as: "WINDOWS-1251")
        #expect(TextDecoding.detect(bytes, contentType: "text/html; charset=bogus").charset == "windows-1251")
    }

    @Test func metaClaimingUTF16MeansUTF8() {
        let page = html("plain", head: #"<meta charset="utf-16">"#)
        #expect(TextDecoding.detect(Data(page.utf8), contentType: nil).charset == "UTF-8")
    }

    @Test func invalidBytesBecomeReplacementCharacters() {
        let bytes = Data("ok ".utf8) + Data([0xFF, 0xFE, 0x41]) + Data(" done".utf8)
        let text = TextDecoding.convertToUTF8(bytes, from: "UTF-8")
        #expect(String(decoding: text, as: UTF8.self) == "ok \u{FFFD}\u{FFFD}A done")
        #expect(TextDecoding.isValidUTF8(text))
        // Shift_JIS lead byte followed by an invalid trail byte.
        let sjis = TextDecoding.convertToUTF8(Data([0x41, 0x81, 0x20, 0x42]), from: "Shift_JIS")
        #expect(String(decoding: sjis, as: UTF8.self).hasPrefix("A\u{FFFD}"))
        #expect(String(decoding: sjis, as: UTF8.self).hasSuffix("B"))
    }

    @Test func utf8ValidityEdgeCases() {
        #expect(TextDecoding.isValidUTF8(Data("日本".utf8)))
        #expect(TextDecoding.isValidUTF8(Data("日本".utf8).dropLast()))  // cut mid-character
        #expect(!TextDecoding.isValidUTF8(Data([0xC0, 0x80])))           // overlong
        #expect(!TextDecoding.isValidUTF8(Data([0xED, 0xA0, 0x80])))     // surrogate
        #expect(!TextDecoding.isValidUTF8(Data([0xE6, 0x41, 0x41])))
    }

    @Test func charsetParameterParsing() {
        #expect(TextDecoding.charsetParameter(ofContentType: "text/html;charset=UTF-8") == "UTF-8")
        #expect(TextDecoding.charsetParameter(ofContentType: "text/html; foo=bar; Charset='koi8-r'") == "koi8-r")
        #expect(TextDecoding.charsetParameter(ofContentType: "text/html") == nil)
    }

    @Test func metaBeyondPrescanLimitIsNotSeen() throws {
        let padding = "<!--" + String(repeating: "x", count: 5000) + "-->"
        let page = padding + html(Self.russian, head: "<meta charset=windows-1251>")
        let bytes = try encode(page, as: "WINDOWS-1251")
        #expect(TextDecoding.detect(bytes, contentType: nil).source == .fallback)
        #expect(TextDecoding.detect(bytes, contentType: nil, prescanLimit: 8192).charset == "windows-1251")
    }
}
