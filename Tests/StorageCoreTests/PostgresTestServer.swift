import Foundation
import PostgresNIO
@testable import StorageCore

#if canImport(Glibc)
import Glibc
#endif

/// The PostgreSQL 15 server the PostgreSQL cases run against.
///
/// `make test` starts one with scripts/postgres/start.sh and passes its URL
/// in NEWSWIRE_TEST_POSTGRES_URL. Without that variable (a plain
/// `swift test`), the first PostgreSQL case starts a server of its own through
/// the same script, once per test process, and the process stops it when it
/// exits. When neither works, the cases fail, saying so: they never skip.
actor PostgresTestServer {
    static let shared = PostgresTestServer()
    static let environmentVariable = "NEWSWIRE_TEST_POSTGRES_URL"

    private var located: Task<String, any Error>?

    /// The server's base URL (its `newswire` database).
    func url() async throws -> String {
        if let located { return try await located.value }
        let task = Task.detached { try await Self.locate() }
        located = task
        return try await task.value
    }

    struct Unavailable: Error, CustomStringConvertible {
        var reason: String
        var description: String {
            """
            no PostgreSQL test server: \(reason). Run the storage suite through `make test`, which starts one \
            (scripts/postgres/start.sh) and sets \(PostgresTestServer.environmentVariable), or start one yourself: \
            eval "$(scripts/postgres/start.sh)"
            """
        }
    }

    private static func locate() async throws -> String {
        if let url = ProcessInfo.processInfo.environment[environmentVariable], !url.isEmpty { return url }
        let started = try await startServer(ignoringSettings: false)
        StartedServer.remember(started.directory, root: repositoryRoot)
        return started.url
    }

    private static let startLock = NSLock()

    /// The repository's root folder (scripts/ lives there).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Starts a server with scripts/postgres/start.sh; scripts/postgres/stop.sh
    /// stops it. `ignoringSettings` leaves out the environment's NEWSWIRE_PG_PORT
    /// and NEWSWIRE_PG_DIR: a second server on the first free port from 55432.
    static func startServer(ignoringSettings: Bool) async throws -> (url: String, directory: String) {
        let script = repositoryRoot.appendingPathComponent("scripts/postgres/start.sh")
        guard FileManager.default.isExecutableFile(atPath: script.path) else {
            throw Unavailable(reason: "\(environmentVariable) is not set and \(script.path) is missing")
        }
        // Output goes to files, not pipes: the server the script starts
        // inherits the script's descriptors and would hold a pipe open. The
        // script runs through system(3) on a thread of its own, off the
        // cooperative pool, which it would otherwise block for seconds.
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("newswire-pg-start-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outputFile = scratch.appendingPathComponent("stdout")
        let errorFile = scratch.appendingPathComponent("stderr")
        let command = (ignoringSettings ? "env -u NEWSWIRE_PG_PORT -u NEWSWIRE_PG_DIR " : "")
            + "'\(script.path)' </dev/null >'\(outputFile.path)' 2>'\(errorFile.path)'"
        // One start at a time: two scripts looking for a free port together
        // would both take 55432.
        let status = await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            Thread.detachNewThread {
                continuation.resume(returning: startLock.withLock { system(command) })
            }
        }
        let stdout = (try? Data(contentsOf: outputFile)) ?? Data()
        let stderr = (try? Data(contentsOf: errorFile)) ?? Data()
        var exports: [String: String] = [:]
        for line in String(decoding: stdout, as: UTF8.self).split(separator: "\n") {
            guard line.hasPrefix("export "), let equals = line.firstIndex(of: "=") else { continue }
            exports[String(line[line.index(line.startIndex, offsetBy: 7)..<equals])] =
                String(line[line.index(after: equals)...])
        }
        guard status == 0, let url = exports[environmentVariable],
            let directory = exports["NEWSWIRE_TEST_POSTGRES_DIR"]
        else {
            throw Unavailable(
                reason: "\(environmentVariable) is not set and start.sh failed (status \(status)): "
                    + String(decoding: stderr.suffix(2000), as: UTF8.self))
        }
        return (url, directory)
    }

    /// `base` with its database replaced by `database`.
    static func url(_ base: String, database: String) -> String {
        var components = URLComponents(string: base)!
        components.path = "/" + database
        return components.string!
    }

    /// Runs one statement on the server's base database (CREATE/DROP DATABASE
    /// cannot run inside the databases they make or drop).
    static func administer(_ sql: String, on base: String) async throws {
        let location = try PostgresLocation(base)
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: try location.connectionConfiguration(), id: 0, logger: Logger(label: "storage-tests"))
        } catch {
            throw Unavailable(reason: "cannot connect to \(base) (\(String(reflecting: error)))")
        }
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "storage-tests"))
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

/// A server this process started, stopped at exit (atexit takes a C
/// function, so the directory lives in a global).
private enum StartedServer {
    nonisolated(unsafe) static var command: String?
    static let lock = NSLock()

    static func remember(_ directory: String, root: URL) {
        lock.withLock {
            command = "'\(root.appendingPathComponent("scripts/postgres/stop.sh").path)' '\(directory)'"
        }
        atexit {
            if let command = StartedServer.lock.withLock({ StartedServer.command }) {
                _ = system(command)
            }
        }
    }
}
