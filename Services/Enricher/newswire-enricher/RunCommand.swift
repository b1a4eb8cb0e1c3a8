// Connects to the broker (DEALER -> ROUTER, --broker) and consumes `enrich`:
// every article goes on to `store` with its entities, places, quotes, ...
import ArgumentParser
import EnricherCore
import PipelineRuntime

/// `newswire-enricher run`: the enrich stage as a service (the default command).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Consume the enrich queue until SIGTERM.")

    @OptionGroup var worker: WorkerOptions

    func run() async throws {
        let logger = worker.makeLogger(label: "newswire-enricher")
        let stage = EnrichStage(enricher: try Enricher(), producerName: worker.workerName(stage: "newswire-enricher"))
        try await worker.runStage(stage, label: "newswire-enricher", logger: logger)
    }
}
