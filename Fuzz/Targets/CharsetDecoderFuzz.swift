// libFuzzer target: the charset decoder alone (detection from byte order
// mark, Content-Type, <meta> and XML declaration, UTF-8 validation, then
// iconv). The first byte picks a Content-Type (or none), the rest is the
// body; every decoded text must be valid UTF-8.
import Foundation
import Shared

private let contentTypes: [String?] = [
    nil, "text/html", "text/html; charset=utf-8", "text/html; charset=windows-1252", "text/html; charset=iso-8859-1",
    "text/html; charset=shift_jis", "text/html; charset=utf-16", "text/html; charset=utf-16be", "text/xml",
    "text/html; charset=euc-kr", "text/html; charset=gb18030", "text/html; charset=koi8-r",
    "text/html; charset=iso-2022-jp", "text/html; charset=big5", "text/html; charset=x-no-such-charset",
    "text/html; charset=\"", "application/rss+xml; charset=windows-1251",
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCharsetDecoder(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let contentType = contentTypes[Int(start[0]) % contentTypes.count]
    let body = Data(bytes: start + 1, count: count - 1)
    _ = TextDecoding.detect(body, contentType: contentType)
    let (text, _) = TextDecoding.decode(body, contentType: contentType)
    // The decoder promises UTF-8 whatever it was given.
    if !TextDecoding.isValidUTF8(text) { fatalError("TextDecoding.decode returned bytes that are not UTF-8") }
    return 0
}
