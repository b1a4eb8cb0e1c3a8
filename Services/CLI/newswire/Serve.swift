import ArgumentParser
import Foundation
import PipelineRuntime
import Shared
import StorageCommands
import WebCore
import WebServer

/// `newswire serve`: the archive in a browser and as a JSON API
/// (docs/API.md), read-only, over the same databases as storage.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the archive: a web app and a read-only JSON API under /api/ (docs/API.md).",
        discussion: """
            Opens the database read-only (SQLite) or with sessions that refuse writes (PostgreSQL). \
            The status strip and /api/status show the broker's queues when the broker answers.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var broker: BrokerOptions

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 = any free port).")
    var port = 8080

    func run() async throws {
        let logger = CLILogging.bootstrap(level: ProcessInfo.processInfo.environment["NEWSWIRE_LOG_LEVEL"] ?? "info")
        let repository = try await database.openReadOnly()
        let client = try broker.client()
        let statuses = StatusCache { try await client.status() }
        let api = ArchiveAPI(repository: repository) { try await statuses.status() }
        let server = WebServer(host: host, port: port, api: api, logger: logger)
        let host = host
        try await server.run { port in
            let url = "http://\(host.contains(":") ? "[\(host)]" : host):\(port)/"
            FileHandle.standardOutput.write(Data("newswire serve: \(url)\n".utf8))
        }
        await client.close()
        await repository.close()
    }
}
