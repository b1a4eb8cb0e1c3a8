import ArgumentParser
import EnricherCore
import Foundation

/// `newswire-enricher`: the enricher stage's executable. `annotate` and
/// `bench` run the same `Enricher` the service runs.
struct EnricherCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newswire-enricher",
        abstract: "Enriches parsed articles: entities, places, quotes, amounts, dates, language, tone.",
        subcommands: [RunCommand.self, Annotate.self, Bench.self, TrainNER.self], defaultSubcommand: RunCommand.self)
}
