import ArgumentParser
import Foundation
import PipelineRuntime
import Shared

/// `newswire submit URL...`: puts fetch requests on the `fetch` queue.
struct Submit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Submit URLs (articles, RSS/Atom feeds, sitemaps) to the fetch queue.")

    @OptionGroup var broker: BrokerOptions

    @Option(help: "What the URLs are: auto, article, feed, sitemap.")
    var target: String = "auto"

    @Option(help: "Re-poll feeds every this many seconds (0 = once).")
    var poll: Double = 0

    @Option(help: "Source name stored with the articles.")
    var source: String?

    @Argument(help: "URLs to fetch (http, https or file).")
    var urls: [String]

    func run() async throws {
        guard let target = FetchRequest.Target(rawValue: target) else {
            throw ValidationError("--target must be auto, article, feed or sitemap")
        }
        _ = CLILogging.bootstrap()
        var messages: [Message] = []
        for url in urls {
            guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
                  ["http", "https", "file"].contains(scheme)
            else { throw ValidationError("not an http(s) or file URL: \(url)") }
            let request = FetchRequest(url: url, target: target, source: source, pollIntervalSeconds: poll > 0 ? poll : nil)
            // Submitting the same URL twice in the dedup window is a no-op at the broker.
            let envelope = Envelope.new(
                kind: .fetchRequest, producer: "newswire submit", key: parsed.host ?? "file",
                id: MessageID.stable("submit:" + url + (poll > 0 ? "" : ":\(Int(Date().timeIntervalSince1970 / 60))")))
            messages.append(try Message(envelope: envelope, payload: request))
        }
        let client = try broker.client()
        let summary = try await client.publish(messages, to: QueueName.fetch)
        await client.close()
        print("submitted \(summary.stored), already queued \(summary.duplicates), refused \(summary.rejected.count)")
        for r in summary.rejected { writeStandardError("refused \(r.id): \(r.code) \(r.reason)") }
        if !summary.rejected.isEmpty { throw ExitCode(2) }
    }
}
