import ArgumentParser
import Foundation
import PipelineRuntime
import Shared

/// `newswire dlq list|retry`: inspect and re-queue dead letters.
struct DLQ: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq", abstract: "Dead letters: list them, or re-queue them.", subcommands: [List.self, Retry.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List dead letters, newest first.")
        @OptionGroup var broker: BrokerOptions
        @Option(help: "At most this many.") var limit = 100
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            _ = CLILogging.bootstrap()
            let client = try broker.client()
            let letters = try await client.deadLetters(limit: limit)
            await client.close()
            if json {
                print(String(decoding: try WireJSON.prettyEncoder.encode(letters), as: UTF8.self))
                return
            }
            if letters.isEmpty { print("no dead letters") }
            for letter in letters {
                print("\(letter.id)  \(letter.originQueue)  \(letter.kind ?? "?")  attempts \(letter.attempts)  \(WireJSON.formatDate(letter.deadAt))")
                print("    \(letter.error)")
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Re-queue a dead letter by id, or all with --all.")
        @OptionGroup var broker: BrokerOptions
        @Flag(help: "Re-queue every dead letter.") var all = false
        @Argument(help: "Dead-letter id.") var id: String?

        func run() async throws {
            guard all || id != nil else { throw ValidationError("give an id or --all") }
            _ = CLILogging.bootstrap()
            let client = try broker.client()
            let result = try await client.retryDeadLetters(id: all ? nil : id)
            await client.close()
            print("requeued \(result.requeued)" + (result.skipped.isEmpty ? "" : ", skipped \(result.skipped.count) unreadable"))
            if result.requeued == 0 && !all { throw ExitCode(1) }
        }
    }
}
