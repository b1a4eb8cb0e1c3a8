import Foundation
import Logging
import PostgresNIO
import Synchronization

/// The PostgreSQL connection pool of one repository, replaced by a fresh one
/// when it gives up on the server.
///
/// PostgresNIO's pool keeps a request waiting while it cannot connect, trips
/// a circuit breaker after a minute of failed attempts and then fails every
/// request at once while it retries with a backoff of up to a minute more.
/// A server that restarted would stay unused for that long. Any error of the
/// pool itself (not one thrown by the work done on a connection) therefore
/// starts a new pool, whose first request connects straight away, and is
/// reported as `StorageError.databaseUnavailable`, a transient failure the
/// broker retries.
final class PostgresPool: Sendable {
    private struct Current {
        var client: PostgresClient
        var runner: Task<Void, Never>
        var generation: Int
    }

    /// Carries an error of the caller's work past the pool's own errors.
    private struct BodyError: Error {
        let error: any Error
    }

    private let configuration: PostgresClient.Configuration
    private let logger: Logger
    private let current: Mutex<Current?>

    init(configuration: PostgresClient.Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        current = Mutex(Self.start(configuration, logger: logger, generation: 0))
    }

    /// The pool in use now.
    var client: PostgresClient {
        get throws {
            guard let client = current.withLock({ $0?.client }) else {
                throw StorageError.databaseUnavailable("the repository is closed")
            }
            return client
        }
    }

    func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let (client, generation) = try current.withLock { current -> (PostgresClient, Int) in
            guard let current else { throw StorageError.databaseUnavailable("the repository is closed") }
            return (current.client, current.generation)
        }
        do {
            return try await client.withConnection { connection in
                do {
                    return try await body(connection)
                } catch {
                    throw BodyError(error: error)
                }
            }
        } catch let failure as BodyError {
            // The work on a connection failed, not the pool: the caller judges it.
            throw failure.error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            let replaced = replace(generation: generation)
            logger.warning(
                "storage.postgres.pool-failed",
                metadata: ["error": "\(String(reflecting: error))", "replaced": "\(replaced)"])
            throw StorageError.databaseUnavailable("connection pool: \(String(reflecting: error))")
        }
    }

    /// Stops the pool: open connections are closed, later calls fail.
    func close() async {
        let runner = current.withLock { current -> Task<Void, Never>? in
            defer { current = nil }
            return current?.runner
        }
        runner?.cancel()
        await runner?.value
    }

    /// Swaps in a new pool if `generation` is still the one in use (several
    /// requests failing together replace it once).
    private func replace(generation: Int) -> Bool {
        let old = current.withLock { current -> Task<Void, Never>? in
            guard let running = current, running.generation == generation else { return nil }
            current = Self.start(configuration, logger: logger, generation: generation + 1)
            return running.runner
        }
        old?.cancel()
        return old != nil
    }

    private static func start(_ configuration: PostgresClient.Configuration, logger: Logger, generation: Int) -> Current {
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        // Detached: a task inheriting a ServiceGroup's graceful-shutdown
        // handler would close the pool on SIGTERM while the stage is still
        // finishing its in-flight jobs.
        let runner = Task.detached { await client.run() }
        return Current(client: client, runner: runner, generation: generation)
    }
}
