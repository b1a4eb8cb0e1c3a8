// libFuzzer target: robots.txt parsing and matching. The input is the file;
// its last line doubles as the path asked about.
import FetcherCore
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRobotsTxt(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    let robots = RobotsTxt(parsing: text)
    let path = text.split(separator: "\n").last.map(String.init) ?? "/"
    for agent in ["newswire", "*", "Googlebot"] {
        _ = robots.isAllowed(path, agent: agent)
        _ = robots.isAllowed("/", agent: agent)
        _ = robots.crawlDelay(for: agent)
    }
    return 0
}
