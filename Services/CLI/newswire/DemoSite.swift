import ArgumentParser
import Foundation
import SampleSiteCore

/// `newswire demo-site`: serves the bundled sample news site on 127.0.0.1
/// (or, when asked with `--host`, on another address such as 0.0.0.0 inside
/// a container).
struct DemoSite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-site", abstract: "Serve the bundled sample news site (articles, feeds, sitemaps) on 127.0.0.1.",
        discussion: """
            In docker compose the site runs as `--host 0.0.0.0 --base-url http://demo-site:8088`: other \
            containers reach it by service name, and its links and feeds point at that name.
            """)

    @Option(help: "Port (0 = any free port).") var port = 8088
    @Option(help: "Serve this folder instead of the bundled site.") var root: String?
    @Option(help: "Address to bind; anything but 127.0.0.1, ::1 or localhost exposes the site beyond this machine's loopback.")
    var host = "127.0.0.1"
    @Option(help: "Base URL the site's links and feeds use (default: http://127.0.0.1:PORT).")
    var baseURL: String?

    func validate() throws {
        if let baseURL {
            guard let url = URL(string: baseURL), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil
            else { throw ValidationError("--base-url must be an http(s) URL such as http://demo-site:8088") }
        }
    }

    func run() async throws {
        guard let site = root.map({ URL(fileURLWithPath: $0) }) ?? SampleSiteServer.bundledSite else {
            throw ValidationError("the bundled sample site is missing from this build")
        }
        let server = try SampleSiteServer(root: site)
        // Passing --host is the opt-in the server asks for before binding a non-loopback address.
        let bound = try await server.start(host: host, port: port, allowAnyAddress: true, publicBaseURL: baseURL)
        print("serving \(site.path) on \(host):\(bound) as \(server.baseURL)/ (feeds: /feeds/rss.xml /feeds/atom.xml, sitemap: /sitemap.xml); Ctrl-C stops")
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
