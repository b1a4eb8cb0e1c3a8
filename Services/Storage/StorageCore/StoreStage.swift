import Foundation
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
            // Each backend has already said which of its errors are permanent.
            if error.isPermanent { throw StageError.permanent(error.description) }
            throw StageError.transient(error.description)
        }
    }
}
