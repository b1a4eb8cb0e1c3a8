import Foundation
import Shared
import Testing
@testable import StorageCore

/// The storage stage against a PostgreSQL server that goes away and comes
/// back. A write while it is down waits for the pool to give up (PostgresNIO
/// trips its circuit breaker after a minute of failed connects) and is then a
/// transient failure the broker retries, never a dead letter for bad input;
/// once the server is back the same repository writes again at once, without
/// waiting out the old pool's backoff (`PostgresPool` starts a new one).
@Suite(.serialized) struct PostgresRestartTests {
    @Test func writesFailTransientlyWhileTheServerIsDownAndResumeAfter() async throws {
        let server = try await OwnPostgresServer.start()
        defer { server.remove() }
        let repository = try await PostgresArticleRepository.open(url: server.url, maximumConnections: 2)
        let stage = StoreStage(repository: repository)
        let first = try StoreStageTests.message(Fixtures.enriched())
        #expect(try await stage.store(first).change == .inserted)

        try server.pgctl("stop -m fast")
        let second = try StoreStageTests.message(Fixtures.differentStory(url: "https://biz.example/rates"))
        await #expect {
            _ = try await stage.store(second)
        } throws: { error in
            guard case .transient = error as? StageError else { return false }
            return true
        }

        try server.pgctl("restart")
        var stored: StoreResult?
        for _ in 0..<30 where stored == nil {
            stored = try? await stage.store(second)
            if stored == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(stored?.change == .inserted)
        #expect(try await repository.stats(top: 1).articles == 2)
        await repository.close()
    }
}

/// A PostgreSQL server of this test's own (scripts/postgres/start.sh on the
/// next free port), so stopping it disturbs no other test.
struct OwnPostgresServer {
    let url: String
    let directory: String
    let root: URL

    static func start() async throws -> OwnPostgresServer {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pg-own-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let output = scratch.appendingPathComponent("out").path
        // Off the cooperative pool: start.sh takes seconds (initdb).
        let status = await Self.shell(
            "env -u NEWSWIRE_PG_PORT -u NEWSWIRE_PG_DIR '\(root.path)/scripts/postgres/start.sh' </dev/null >'\(output)' 2>&1")
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        var exports: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("export ") {
            let pair = line.dropFirst("export ".count).split(separator: "=", maxSplits: 1)
            if pair.count == 2 { exports[String(pair[0])] = String(pair[1]) }
        }
        guard status == 0, let url = exports["NEWSWIRE_TEST_POSTGRES_URL"],
            let directory = exports["NEWSWIRE_TEST_POSTGRES_DIR"]
        else {
            Issue.record("start.sh failed (\(status)): \(text.suffix(2000))")
            throw CancellationError()
        }
        return OwnPostgresServer(url: url, directory: directory, root: root)
    }

    /// Runs `pg_ctl <arguments>` on this server's data directory, as the
    /// user start.sh ran it as. `restart` reuses the options of the last start.
    func pgctl(_ arguments: String) throws {
        let bindir = try String(contentsOfFile: directory + "/bindir", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let runAs = getuid() == 0 ? "runuser -u postgres -- " : ""
        let command = "\(runAs)'\(bindir)/pg_ctl' -D '\(directory)/data' -l '\(directory)/server.log' -w -t 60 \(arguments)"
            + " </dev/null >>'\(directory)/pg_ctl.log' 2>&1"
        let status = system(command)
        guard status == 0 else {
            Issue.record("pg_ctl \(arguments) failed (\(status))")
            throw CancellationError()
        }
    }

    func remove() {
        _ = system("'\(root.path)/scripts/postgres/stop.sh' '\(directory)' >/dev/null 2>&1")
    }

    private static func shell(_ command: String) async -> Int32 {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: system(command)) }
        }
    }
}
