import ArgumentParser
import FetcherCore
import Foundation
import Shared

/// `newswire-fetcher get URL`: one fetch job through `FetchStage`, printed
/// as JSON (the page's metadata, or the jobs a feed or sitemap expands to).
struct GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Fetch one URL through the fetch stage and print its outputs as JSON.")

    @Argument(help: "http(s):// or file:// URL (a page, feed, sitemap, or a .warc/.warc.gz archive).")
    var url: String

    @Option(help: "auto, article, feed, sitemap or archive (auto reads .warc/.warc.gz paths as archives).")
    var target: String = "auto"

    @Option(help: "Source name to attach.")
    var source: String?

    @Option(help: "ETag from a previous fetch (conditional GET).")
    var etag: String?

    @Option(help: "Last-Modified from a previous fetch (conditional GET).")
    var lastModified: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = ProcessInfo.processInfo.environment["NEWSWIRE_LOG_LEVEL"] ?? "info"

    @Option(help: "Poll interval in seconds: also print the feed's next poll.")
    var pollInterval: Double?

    @Option(help: "Write the page body (UTF-8) to this file.")
    var saveBody: String?

    @OptionGroup var options: FetcherOptions

    /// One output as printed: queue, envelope, payload, body size.
    struct Printed: Encodable {
        var queue: String
        var envelope: Envelope
        var fetchRequest: FetchRequest?
        var fetchedPage: FetchedPage?
        var bodyBytes: Int?
    }

    func run() async throws {
        guard let target = FetchRequest.Target(rawValue: target) else {
            throw ValidationError("--target must be auto, article, feed, sitemap or archive")
        }
        let logger = NewswireFetcher.bootstrapLogging(level: logLevel)
        let fetcher = PageFetcher(configuration: options.configuration(defaultFileRoot: "/"), logger: logger)
        let stage = FetchStage(fetcher: fetcher, producer: "newswire-fetcher get", logger: logger)
        let request = FetchRequest(
            url: url, target: target, source: source, pollIntervalSeconds: pollInterval, etag: etag,
            lastModified: lastModified)
        let envelope = Envelope.new(kind: .fetchRequest, producer: "newswire-fetcher get", key: URLNormalizer.hostKey(url))
        let outcome: Result<[StageOutput], any Error>
        do {
            outcome = .success(try await stage.process(try Message(envelope: envelope, payload: request)))
        } catch {
            outcome = .failure(error)
        }
        try await fetcher.shutdown()

        let outputs: [StageOutput]
        switch outcome {
        case .success(let value): outputs = value
        case .failure(let error):
            FileHandle.standardError.write(Data("newswire-fetcher: \(error)\n".utf8))
            throw ExitCode((error as? StageError)?.isPermanent == true ? 2 : 1)
        }
        var printed: [Printed] = []
        for output in outputs {
            let message = output.message
            var item = Printed(queue: output.queue, envelope: message.envelope)
            if message.envelope.kind == .fetchedPage {
                let page = try message.payload(as: FetchedPage.self)
                item.fetchedPage = page
                item.bodyBytes = page.body.count
                if let saveBody { try page.body.write(to: URL(fileURLWithPath: saveBody)) }
            } else {
                item.fetchRequest = try message.payload(as: FetchRequest.self)
            }
            printed.append(item)
        }
        let json = try WireJSON.prettyEncoder.encode(printed)
        FileHandle.standardOutput.write(json + Data("\n".utf8))
    }
}
