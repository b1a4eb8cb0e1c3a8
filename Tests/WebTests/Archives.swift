import Foundation
import Shared
import StorageCore

#if canImport(Glibc)
import Glibc
#endif

/// Archives for the web tests, filled by the pipeline's own test data: the
/// enricher's recorded outputs over the bundled sample site
/// (Tests/EndToEndTests/Recordings/enriched-articles.jsonl, 40 articles with
/// the seed article and the syndicated story groups), stored through the
/// storage stage into a real SQLite file or a real PostgreSQL database.
enum Archives {
    enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
        case sqlite, postgres
        var description: String { rawValue }
    }

    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let recording = testsFolder.appendingPathComponent("EndToEndTests/Recordings/enriched-articles.jsonl")

    /// The recorded store-queue messages.
    static func messages() throws -> [Message] {
        try Recording.read(from: recording).map(\.message)
    }

    /// Stores every recorded article through the storage stage; returns how many.
    static func fill(_ repository: any ArticleRepository) async throws -> Int {
        let stage = StoreStage(repository: repository)
        let messages = try messages()
        for message in messages { _ = try await stage.store(message) }
        return messages.count
    }

    /// A filled archive: its `--database` location, and a function that
    /// removes it.
    static func make(_ backend: Backend) async throws -> (location: String, remove: @Sendable () async -> Void) {
        let location: String
        let remove: @Sendable () async -> Void
        switch backend {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("newswire-web-\(UUID().uuidString)")
            location = folder.appendingPathComponent("newswire.sqlite").path
            remove = { try? FileManager.default.removeItem(at: folder) }
        case .postgres:
            let database = try createPostgresDatabase()
            location = database.url
            remove = database.remove
        }
        let writer = try await ArticleRepositories.open(location)
        _ = try await fill(writer)
        await writer.close()
        return (location, remove)
    }

    struct NoPostgres: Error, CustomStringConvertible {
        var description: String
    }

    /// A fresh database on the test server `make test` / `make test-web`
    /// start (scripts/postgres/start.sh, NEWSWIRE_TEST_POSTGRES_URL). Fails,
    /// saying so, when there is none: the PostgreSQL cases never skip.
    static func createPostgresDatabase() throws -> (url: String, remove: @Sendable () async -> Void) {
        guard let base = ProcessInfo.processInfo.environment["NEWSWIRE_TEST_POSTGRES_URL"], !base.isEmpty,
            var components = URLComponents(string: base)
        else {
            throw NoPostgres(description: """
                NEWSWIRE_TEST_POSTGRES_URL is not set: run through `make test-web` (or `make test`), or \
                eval "$(scripts/postgres/start.sh)" first
                """)
        }
        let name = "web_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try psql(base, "CREATE DATABASE \(name)")
        components.path = "/\(name)"
        let url = components.string!
        return (url, { try? psql(base, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") })
    }

    static func psql(_ url: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-v", "ON_ERROR_STOP=1", "-q", url, "-c", sql]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NoPostgres(description: "psql '\(sql)' failed with status \(process.terminationStatus)")
        }
    }
}

/// Runs `body`, then `cleanup`, whether `body` threw or not (`defer` cannot await).
func withCleanup<T>(_ body: () async throws -> T, cleanup: () async -> Void) async throws -> T {
    let result: T
    do {
        result = try await body()
    } catch {
        await cleanup()
        throw error
    }
    await cleanup()
    return result
}
