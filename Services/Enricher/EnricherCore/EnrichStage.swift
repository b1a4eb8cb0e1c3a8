import Shared

/// The enricher as a pipeline stage: reads `ParsedArticle`s from the enrich
/// queue, writes `EnrichedArticle`s to the store queue. Consumes queue
/// `enrich`, produces to `store`; knows nothing of sockets.
public struct EnrichStage: Stage {
    public let inputQueue = QueueName.enrich
    public let enricher: Enricher
    public let producerName: String

    public init(enricher: Enricher, producerName: String) {
        self.enricher = enricher
        self.producerName = producerName
    }

    public func process(_ message: Message) async throws -> [StageOutput] {
        let article: ParsedArticle
        do {
            article = try message.payload(as: ParsedArticle.self)
        } catch {
            throw StageError.permanent("undecodable ParsedArticle: \(error)")
        }
        let enriched = enricher.enrich(article)
        let envelope = message.envelope.derived(kind: .enrichedArticle, index: 0, producer: producerName)
        return [StageOutput(queue: QueueName.store, message: try Message(envelope: envelope, payload: enriched))]
    }
}
