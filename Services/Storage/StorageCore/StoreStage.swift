import Foundation
import GRDB
import PostgresNIO
import Shared

// Consumes queue `store` (EnrichedArticle, or ParsedArticle when enrichment
// was skipped or the page is not an article); writes through an
// ArticleRepository; produces nothing downstream.

/// The pipeline's last stage: puts what arrives on `store` into the archive.
///
/// Writes are idempotent upserts keyed by canonical URL, so the broker's
/// at-least-once delivery (redeliveries, replays, a job run twice after a
/// crash) still ends in exactly one stored article.
public struct StoreStage: Stage {
    public let inputQueue = QueueName.store
    public let repository: any ArticleRepository
    /// Called after every successful write, for logs and metrics in the
    /// executable (this library does not log).
    public let onStored: (@Sendable (Envelope, StoreResult) -> Void)?

    public init(repository: any ArticleRepository, onStored: (@Sendable (Envelope, StoreResult) -> Void)? = nil) {
        self.repository = repository
        self.onStored = onStored
    }

    public func process(_ message: Message) async throws -> [StageOutput] {
        let result = try await store(message)
        onStored?(message.envelope, result)
        return []
    }

    /// Decodes and writes one message, saying what the write did.
    public func store(_ message: Message) async throws -> StoreResult {
        do {
            switch message.envelope.kind {
            case .enrichedArticle:
                return try await repository.store(try message.payload(as: EnrichedArticle.self))
            case .parsedArticle:
                return try await repository.store(try message.payload(as: ParsedArticle.self))
            default:
                throw StageError.permanent("storage takes EnrichedArticle or ParsedArticle, not \(message.envelope.kind)")
            }
        } catch let error as StageError {
            throw error
        } catch let error as MessageError {
            throw StageError.permanent(error.description)
        } catch let error as StorageError {
            switch error {
            case .invalidInput: throw StageError.permanent(error.description)
            case .unsupportedBackend, .databaseMissing, .databaseUnavailable: throw StageError.transient(error.description)
            }
        } catch let error as PSQLError {
            // Data, constraint and schema errors (SQLSTATE classes 22, 23, 42)
            // will not clear up; a lost connection or a busy server may.
            let state = error.serverInfo?[.sqlState] ?? ""
            if ["22", "23", "42"].contains(String(state.prefix(2))) {
                throw StageError.permanent("database: \(String(reflecting: error))")
            }
            throw StageError.transient("database: \(String(reflecting: error))")
        } catch let error as DatabaseError {
            // A full disk, a lock held too long or an I/O error may clear up;
            // a constraint or schema error will not.
            switch error.resultCode {
            case .SQLITE_CONSTRAINT, .SQLITE_MISMATCH, .SQLITE_TOOBIG, .SQLITE_ERROR:
                throw StageError.permanent("database: \(error)")
            default:
                throw StageError.transient("database: \(error)")
            }
        }
    }
}
