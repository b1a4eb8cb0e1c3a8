// libFuzzer target: the HTML tree builder and the whole article extraction
// (main text, metadata, dates) on arbitrary bytes. The first byte picks a
// Content-Type so the charset decoder is fuzzed too.
import Foundation
import ParserCore

private let contentTypes: [String?] = [
    nil, "text/html", "text/html; charset=utf-8", "text/html; charset=windows-1252", "text/html; charset=iso-8859-1",
    "text/html; charset=shift_jis", "text/html; charset=utf-16", "application/xhtml+xml",
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTMLExtraction(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let contentType = contentTypes[Int(start[0]) % contentTypes.count]
    let page = Data(bytes: start + 1, count: count - 1)
    _ = ArticleExtractor().extract(html: page, url: "https://example.org/news/2019/08/02/story", contentType: contentType)
    return 0
}
