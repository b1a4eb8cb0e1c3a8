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

    static func start() async throws -> OwnPostgresServer {
        let started = try await PostgresTestServer.startServer(ignoringSettings: true)
        return OwnPostgresServer(url: started.url, directory: started.directory)
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
        let stop = PostgresTestServer.repositoryRoot.appendingPathComponent("scripts/postgres/stop.sh").path
        _ = system("'\(stop)' '\(directory)' >/dev/null 2>&1")
    }
}
