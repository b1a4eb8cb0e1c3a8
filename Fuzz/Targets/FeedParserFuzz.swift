// libFuzzer target: RSS, Atom and sitemap parsing of arbitrary bytes.
import FetcherCore
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFeedParser(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    _ = FeedParser.rootElement(of: data)
    _ = FeedParser.looksLikeFeed(data)
    _ = try? FeedParser.parse(data, baseURL: "https://example.org/feeds/")
    return 0
}
