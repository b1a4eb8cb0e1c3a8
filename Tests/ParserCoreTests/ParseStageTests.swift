import Foundation
import ParserCore
import Shared
import Testing

/// The stage routes articles to `enrich`, everything else to `store`.
@Suite struct ParseStageTests {
    func message(body: Data, url: String, contentType: String = "text/html; charset=utf-8") throws -> Message {
        let page = FetchedPage(
            requestedURL: url, finalURL: url, status: 200, contentType: contentType, sourceCharset: "UTF-8",
            headers: [:], fetchedAt: Date(timeIntervalSince1970: 1_700_000_000), source: "test", body: body)
        return try Message(envelope: .new(kind: .fetchedPage, producer: "test"), payload: page)
    }

    @Test func articleGoesToEnrich() async throws {
        let stage = ParseStage()
        #expect(stage.inputQueue == QueueName.parse)
        let input = try message(body: Fixture.data("seed-article.html"), url: "https://monitor.example.af/2019/03/x/")
        let outputs = try await stage.process(input)
        #expect(outputs.count == 1)
        let out = try #require(outputs.first)
        #expect(out.queue == QueueName.enrich)
        #expect(out.message.envelope.kind == .parsedArticle)
        #expect(out.message.envelope.causationID == input.envelope.id)
        #expect(out.message.envelope.traceID == input.envelope.traceID)
        #expect(out.message.envelope.id == input.envelope.derived(kind: .parsedArticle, index: 0, producer: "x").id)
        let article = try out.message.payload(as: ParsedArticle.self)
        #expect(article.outcome == .article)
        #expect(article.source == "test")
        #expect(article.title == "US Officials Warn ISIS-K Poses a Major Threat")
    }

    @Test func nonArticlesGoStraightToStore() async throws {
        let stage = ParseStage()
        let cases: [(Data, String, ParsedArticle.Outcome)] = [
            (Data("<html><body><p>Hi.</p></body></html>".utf8), "text/html", .notAnArticle),
            (Data([0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34, 0x0A, 0x00, 0x01]), "application/pdf", .notHTML),
        ]
        for (body, type, outcome) in cases {
            let outputs = try await stage.process(try message(body: body, url: "https://example.org/p", contentType: type))
            #expect(outputs.map(\.queue) == [QueueName.store])
            let article = try #require(try outputs.first?.message.payload(as: ParsedArticle.self))
            #expect(article.outcome == outcome)
        }
    }

    @Test func feedDateReplacesOnlyTheWeakestPageDates() {
        let feed = "2024-03-14T09:00:00.000Z"
        #expect(ParseStage.feedDateWins(feed, over: nil, source: nil))
        #expect(ParseStage.feedDateWins(feed, over: "2025-01-01", source: "copyright"))
        // The same day read from the text or URL: the feed adds the time of day.
        #expect(ParseStage.feedDateWins(feed, over: "2024-03-14", source: "text"))
        #expect(ParseStage.feedDateWins(feed, over: "2024-03-14", source: "url"))
        // Another day in the text, or any date from the page's metadata, stands.
        #expect(!ParseStage.feedDateWins(feed, over: "2024-03-12", source: "text"))
        #expect(!ParseStage.feedDateWins(feed, over: "2024-03-14T08:00:00Z", source: "meta"))
    }

    @Test func rerunGivesTheSameIDs() throws {
        let stage = ParseStage()
        let input = try message(body: Fixture.data("seed-article.html"), url: "https://monitor.example.af/a/")
        let a = try stage.outputs(for: input)
        let b = try stage.outputs(for: input)
        #expect(a.map(\.message.envelope.id) == b.map(\.message.envelope.id))
    }

    @Test func undecodablePayloadIsPermanent() async throws {
        let stage = ParseStage()
        let bad = Message(envelope: .new(kind: .fetchedPage, producer: "test"), frames: [Data("{not json".utf8)])
        do {
            _ = try await stage.process(bad)
            Issue.record("expected a permanent error")
        } catch let error as StageError {
            #expect(error.isPermanent)
        }
        let wrongKind = try Message(envelope: .new(kind: .raw, producer: "t"), payload: RawPayload(body: Data()))
        await #expect(throws: StageError.self) { try await stage.process(wrongKind) }
    }
}
