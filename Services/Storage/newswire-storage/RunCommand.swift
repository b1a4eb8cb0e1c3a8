// Connects to the broker (DEALER -> ROUTER, --broker) and consumes `store`:
// articles are upserted by canonical URL, other outcomes recorded as such.
import ArgumentParser
import PipelineRuntime
import StorageCore

/// `newswire-storage run`: the store stage as a service (the default command).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Consume the store queue until SIGTERM.")

    @OptionGroup var worker: WorkerOptions

    @Option(help: "Database: a SQLite path, sqlite:// URL or postgres:// URL (env NEWSWIRE_DATABASE).")
    var database: String = ArticleRepositories.defaultLocation()

    @Option(help: ArgumentHelp(
        "Articles whose texts are at least this similar (estimated Jaccard of word 3-shingles, 0-1) share a story cluster.",
        valueName: "share"))
    var clusterSimilarity: Double = StoryClusters.defaultSimilarity

    func run() async throws {
        let logger = worker.makeLogger(label: "newswire-storage")
        let repository = try await ArticleRepositories.open(database, clusterSimilarity: clusterSimilarity)
        let stage = StoreStage(repository: repository) { envelope, result in
            logger.debug("storage.stored", metadata: ["id": "\(envelope.id)", "result": "\(result)"])
        }
        do {
            try await worker.runStage(stage, label: "newswire-storage", logger: logger)
        } catch {
            await repository.close()
            throw error
        }
        await repository.close()
    }
}
