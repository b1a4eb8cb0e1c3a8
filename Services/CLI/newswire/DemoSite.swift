import ArgumentParser
import Foundation
import SampleSiteCore

/// `newswire demo-site`: serves the bundled sample news site on 127.0.0.1.
struct DemoSite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-site", abstract: "Serve the bundled sample news site (articles, feeds, sitemaps) on 127.0.0.1.")

    @Option(help: "Port (0 = any free port).") var port = 8088
    @Option(help: "Serve this folder instead of the bundled site.") var root: String?

    func run() async throws {
        guard let site = root.map({ URL(fileURLWithPath: $0) }) ?? SampleSiteServer.bundledSite else {
            throw ValidationError("the bundled sample site is missing from this build")
        }
        let server = try SampleSiteServer(root: site)
        let bound = try await server.start(host: "127.0.0.1", port: port)
        print("serving \(site.path) at http://127.0.0.1:\(bound)/ (feeds: /feeds/rss.xml /feeds/atom.xml, sitemap: /sitemap.xml); Ctrl-C stops")
        await SignalWaiter.wait()
        try await server.stop()
    }
}

/// Waits for SIGINT or SIGTERM (the CLI's own long-running commands).
enum SignalWaiter {
    static func wait() async {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = OnceFlag()
            let queue = DispatchQueue(label: "newswire.signals")
            var sources: [any DispatchSourceSignal] = []
            for sig in [SIGINT, SIGTERM] {
                let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
                source.setEventHandler {
                    if once.set() { continuation.resume() }
                }
                source.resume()
                sources.append(source)
            }
            SignalSources.keep(sources)
        }
    }
}

/// Keeps the signal sources alive for the process's lifetime.
enum SignalSources {
    nonisolated(unsafe) private static var kept: [any DispatchSourceSignal] = []
    static func keep(_ sources: [any DispatchSourceSignal]) { kept.append(contentsOf: sources) }
}

final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    func set() -> Bool { lock.withLock { if done { return false }; done = true; return true } }
}
