import Foundation
import Shared

/// The parser stage: reads `FetchedPage`s from the `parse` queue and emits a
/// `ParsedArticle` per page.
///
/// Consumes `parse`; articles go on to `enrich`, every other outcome
/// (not an article, needs JavaScript, too large, not HTML, paywalled) goes
/// straight to `store`, where it is recorded as a typed outcome.
public struct ParseStage: Stage {
    public let inputQueue = QueueName.parse
    public var extractor: ArticleExtractor
    public var producerName: String

    public init(extractor: ArticleExtractor = ArticleExtractor(), producerName: String = "newswire-parser") {
        self.extractor = extractor
        self.producerName = producerName
    }

    public func process(_ message: Message) async throws -> [StageOutput] {
        try outputs(for: message)
    }

    /// The synchronous core of `process`, for tools and tests.
    public func outputs(for message: Message) throws -> [StageOutput] {
        let page: FetchedPage
        do {
            page = try message.payload(as: FetchedPage.self)
        } catch {
            throw StageError.permanent("undecodable FetchedPage: \(error)")
        }
        let article = parse(page)
        let envelope = message.envelope.derived(kind: .parsedArticle, index: 0, producer: producerName)
        let queue = article.outcome == .article ? QueueName.enrich : QueueName.store
        let out: Message
        do {
            out = try Message(envelope: envelope, payload: article)
        } catch {
            throw StageError.permanent("cannot encode ParsedArticle: \(error)")
        }
        return [StageOutput(queue: queue, message: out)]
    }

    /// The article for a fetched page. The fetcher has already converted the
    /// body to UTF-8, so the transport's charset no longer applies.
    public func parse(_ page: FetchedPage) -> ParsedArticle {
        var contentType = page.contentType
        if let type = contentType, let semicolon = type.firstIndex(of: ";") {
            contentType = String(type[..<semicolon]) + "; charset=utf-8"
        } else if let type = contentType {
            contentType = type + "; charset=utf-8"
        }
        var article = extractor.extract(
            html: page.body, url: page.finalURL, contentType: contentType, fetchedAt: page.fetchedAt,
            source: page.source)
        if article.title == nil, let hint = page.hintTitle {
            article.title = hint
            article.provenance["title"] = "feed"
        }
        if let hint = page.hintPublished,
           Self.feedDateWins(hint, over: article.publishedAt, source: article.provenance["publishedAt"]) {
            article.publishedAt = hint
            article.provenance["publishedAt"] = "feed"
        }
        return article
    }

    /// The feed's date for an item is the publisher's own metadata, with a time of day. The page's
    /// weakest date guesses yield to it: a copyright year always (it is a year, not a day), and a day
    /// read from the visible text or the URL when it names the same day (the feed adds the time).
    public static func feedDateWins(_ hint: String, over page: String?, source: String?) -> Bool {
        guard let page else { return true }
        switch source {
        case "copyright": return true
        case "text", "url": return page.count == 10 && hint.hasPrefix(page)
        default: return false
        }
    }
}
