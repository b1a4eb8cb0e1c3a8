import ArgumentParser
import Foundation
import Logging

/// `newswire-fetcher`: fetches pages, feeds and sitemaps for the pipeline.
/// `get` runs one URL through the same code path the service uses. (`@main`
/// here rather than a main.swift, which would pick the synchronous `main()`.)
@main
struct NewswireFetcher: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newswire-fetcher",
        abstract: "The Newswire fetch stage: pages, feeds and sitemaps over HTTP(S) or file://.",
        discussion: """
            Environment: NEWSWIRE_FETCHER_USER_AGENT, NEWSWIRE_FETCHER_ALLOW_PRIVATE=1, \
            NEWSWIRE_FETCHER_IGNORE_ROBOTS=1, NEWSWIRE_FETCHER_MAX_BODY_BYTES, NEWSWIRE_FETCHER_FILE_ROOT, \
            NEWSWIRE_LOG_LEVEL. `run` reads no local file unless --file-root names a folder; archives \
            (.warc, .warc.gz, or --target archive) are read only from there, or over HTTP(S) with \
            --allow-remote-archives.
            """,
        subcommands: [RunCommand.self, GetCommand.self], defaultSubcommand: RunCommand.self)

    /// Sets up stderr logging once for whichever subcommand runs.
    static func bootstrapLogging(level: String) -> Logger {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: "newswire-fetcher")
        logger.logLevel = Logger.Level(rawValue: level) ?? .info
        return logger
    }
}
