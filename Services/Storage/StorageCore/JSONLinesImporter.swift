import Foundation
import Shared

/// Loads JSON Lines into a repository: an `export --jsonl` file (restoring an
/// archive or moving it to another backend) or a recording of `store`-queue
/// envelopes (replaying the storage stage offline). Both go through the same
/// idempotent upserts, so importing a file twice stores it once.
public enum JSONLinesImporter {
    public struct Summary: Sendable, Equatable, Codable {
        public var lines = 0
        public var inserted = 0
        public var updated = 0
        public var unchanged = 0
        public var pageOutcomes = 0
        public init() {}
    }

    public struct LineError: Error, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    public static func importLines(_ data: Data, into repository: any ArticleRepository) async throws -> Summary {
        let stage = StoreStage(repository: repository)
        var summary = Summary()
        var lineNumber = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            let bytes = Data(line)
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let result: StoreResult
            do {
                if let stored = try? WireJSON.decoder.decode(StoredArticle.self, from: bytes) {
                    result = stored.isEnriched
                        ? try await repository.store(stored.article)
                        : try await repository.store(stored.article.article)
                } else {
                    let record = try WireJSON.decoder.decode(RecordedMessage.self, from: bytes)
                    result = try await stage.store(record.message)
                }
            } catch {
                throw LineError(line: lineNumber, reason: "\(error)")
            }
            summary.lines += 1
            if result.target == .pageOutcome { summary.pageOutcomes += 1 }
            switch result.change {
            case .inserted: summary.inserted += 1
            case .updated: summary.updated += 1
            case .unchanged: summary.unchanged += 1
            }
        }
        return summary
    }
}
