// Entry point; the command tree is in EnricherCommand.swift. Top-level code
// (not `@main`) because the file is main.swift, so async dispatch is spelled out.
import ArgumentParser

func runAsync<C: AsyncParsableCommand>(_ command: inout C) async throws {
    try await command.run()
}

do {
    var command = try EnricherCommand.parseAsRoot(Array(CommandLine.arguments.dropFirst()))
    if var asyncCommand = command as? any AsyncParsableCommand {
        try await runAsync(&asyncCommand)
    } else {
        try command.run()
    }
} catch {
    EnricherCommand.exit(withError: error)
}
