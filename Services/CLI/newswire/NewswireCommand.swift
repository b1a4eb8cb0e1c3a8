import ArgumentParser

/// `newswire`: the command line of the pipeline (submit, status, dead letters,
/// record/replay, search, demo site).
@main
struct Newswire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newswire",
        abstract: "Newswire: watch news sources, extract and enrich articles, store them searchable.",
        subcommands: [
            Submit.self, Status.self, DLQ.self, Record.self, Replay.self, Relay.self, Bench.self,
        ])
}
