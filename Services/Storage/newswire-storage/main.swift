// newswire-storage: the storage stage's executable. The query subcommands
// (search, show, export, stats) open the database named by --database or
// NEWSWIRE_DATABASE; all logic and formatting live in StorageCore, which the
// `newswire` CLI calls the same way.
import ArgumentParser
import Foundation
import StorageCore
import StorageCommands

/// `newswire-storage`: runs the store stage (default) and queries the archive.
struct NewswireStorage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newswire-storage",
        abstract: "Newswire's storage: the archive of stored articles and the queries over it.",
        subcommands: [RunCommand.self, Search.self, Show.self, Export.self, Import.self, Stats.self, Bench.self],
        defaultSubcommand: RunCommand.self)
}


struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure writes, redeliveries and searches on synthetic articles in a scratch database.")

    @Option(help: "Articles to write.") var articles = 2000
    @Option(help: "Commit durability: full (fsync every commit) or normal (crash-safe, fsync at checkpoints).")
    var durability = "full"
    @Option(help: "Directory for the scratch database (removed afterwards).")
    var directory = FileManager.default.temporaryDirectory.appendingPathComponent("newswire-storage-bench").path

    @Option(help: "Measure PostgreSQL instead: the postgres:// URL of an empty scratch database.")
    var postgres: String?

    func run() async throws {
        guard let mode = SQLiteArticleRepository.Durability(rawValue: durability) else {
            throw ValidationError("--durability: full or normal")
        }
        let figures =
            if let postgres {
                try await StorageBenchmark.run(articles: articles, postgresURL: postgres)
            } else {
                try await StorageBenchmark.run(articles: articles, durability: mode, in: URL(fileURLWithPath: directory))
            }
        writeOut(String(
            format: """
                articles %d: inserts %.0f/s, redeliveries %.0f/s, searches %.0f/s (every article matches), \
                %.0f/s (one title phrase), database %.1f MB\n
                """,
            figures.articles, figures.insertsPerSecond, figures.redeliveriesPerSecond, figures.broadSearchesPerSecond,
            figures.selectiveSearchesPerSecond,
            Double(figures.databaseBytes) / 1_048_576))
    }
}

// In top-level code `await NewswireStorage.main()` resolves to ArgumentParser's
// synchronous `main()`, which refuses async commands; inside an async function
// the async overload is chosen.
func entryPoint() async {
    await NewswireStorage.main()
}

await entryPoint()
