import ArgumentParser
import StorageCommands

/// `newswire`: the command line of the pipeline (submit, status, dead letters,
/// record/replay, search, demo site).
@main
struct Newswire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newswire",
        abstract: "Newswire: watch news sources, extract and enrich articles, store them searchable.",
        subcommands: [
            Pipeline.self, Submit.self, Ingest.self, Status.self, DLQ.self, Search.self, Show.self, Export.self, Stats.self,
            Record.self, Replay.self, DemoSite.self, Keygen.self, Relay.self, Bench.self, Serve.self,
        ])
}
