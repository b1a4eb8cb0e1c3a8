// libFuzzer target: the whole enrichment (tokens, entities, linking, places,
// quotes, dates, amounts, keywords, tone, language, SimHash) of arbitrary
// text. The input, decoded as UTF-8 with repair, is the article's text; a
// 0x0A byte starts a new paragraph, the first line is also the title.
import EnricherCore
import Foundation
import Shared

private let enricher: Enricher = {
    do { return try Enricher() } catch { fatalError("the enricher could not load its data: \(error)") }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEnricher(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let article = ParsedArticle(
        url: "https://example.org/news/story", title: paragraphs.first, publishedAt: "2024-03-01T10:00:00Z",
        paragraphs: paragraphs)
    _ = enricher.enrich(article)
    return 0
}
