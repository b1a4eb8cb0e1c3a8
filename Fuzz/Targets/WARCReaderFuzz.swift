// libFuzzer target: the WARC reader's public entry point on arbitrary bytes
// (record headers, lengths from input, HTTP payloads).
import FetcherCore
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWARCReader(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    _ = WARCReader.looksLikeWARC(data)
    _ = try? WARCReader.responses(in: data)
    return 0
}
