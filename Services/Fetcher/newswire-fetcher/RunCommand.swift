// Connects to the broker (DEALER -> ROUTER, --broker) and consumes `fetch`:
// article jobs become FetchedPages on `parse`, feeds and sitemaps expand into
// more `fetch` jobs keyed by host.
import ArgumentParser
import FetcherCore
import PipelineRuntime

/// `newswire-fetcher run`: the fetch stage as a service (the default command).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Consume the fetch queue until SIGTERM.")

    @OptionGroup var worker: WorkerOptions
    @OptionGroup var options: FetcherOptions

    @Option(help: "Also write every fetched response to rotating .warc.gz files in this folder (read back with `newswire ingest DIR`).")
    var warcOut: String?

    @Option(help: "Start a new --warc-out file after this many MB.")
    var warcRotateMB: Int = 1024

    func run() async throws {
        let logger = worker.makeLogger(label: "newswire-fetcher")
        let fetcher = PageFetcher(configuration: options.configuration(), logger: logger)
        let writer = try warcOut.map { try WARCWriter(directory: $0, rotateBytes: warcRotateMB * 1024 * 1024) }
        let stage = FetchStage(
            fetcher: fetcher, producer: worker.workerName(stage: "newswire-fetcher"), logger: logger,
            archiveWriter: writer)
        do {
            try await worker.runStage(stage, label: "newswire-fetcher", logger: logger)
        } catch {
            try? await fetcher.shutdown()
            try? writer?.close()
            throw error
        }
        try await fetcher.shutdown()
        try writer?.close()
    }
}
