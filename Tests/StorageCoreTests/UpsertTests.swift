import Foundation
import Shared
import Testing
@testable import StorageCore

@Suite("Idempotent upserts")
struct UpsertTests {
    @Test(arguments: Backend.allCases)
    func sameArticleThreeTimesIsOneRow(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let repository = try await database.open()
            let article = Fixtures.enriched()
            var changes: [StoreResult.Change] = []
            for _ in 0..<3 { changes.append(try await repository.store(article).change) }
            #expect(changes == [.inserted, .unchanged, .unchanged])
            let stats = try await repository.stats(top: 5)
            #expect(stats.articles == 1)
            let stored = try #require(try await repository.article(url: article.article.url))
            #expect(stored.versionCount == 1)
            #expect(stored.article == article)
        }
    }

    @Test(arguments: Backend.allCases)
    func refetchWithOnlyANewFetchTimeIsUnchanged(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let repository = try await database.open()
            let first = try await repository.store(Fixtures.enriched())
            var later = Fixtures.parsed()
            later.fetchedAt = Fixtures.fetchedAt.addingTimeInterval(3600)
            let second = try await repository.store(Fixtures.enriched(later))
            #expect(second.change == .unchanged)
            #expect(second.articleID == first.articleID)
        }
    }

    @Test(arguments: Backend.allCases)
    func canonicalURLIsTheKeyWhateverURLItWasFetchedFrom(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let repository = try await database.open()
            let canonical = "https://news.example/votel"
            let a = try await repository.store(Fixtures.parsed(url: "https://news.example/votel?utm=rss", canonical: canonical))
            let b = try await repository.store(Fixtures.parsed(url: "https://m.news.example/votel", canonical: canonical))
            #expect(a.change == .inserted)
            #expect(b.articleID == a.articleID)
            #expect(try await repository.stats(top: 1).articles == 1)
            #expect(try await repository.article(url: canonical)?.id == a.articleID)
        }
    }

    @Test(arguments: Backend.allCases)
    func changedContentUpdatesTheRowAndReplacesChildren(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let repository = try await database.open()
            let original = Fixtures.enriched()
            let inserted = try await repository.store(original)

            var revisedArticle = Fixtures.parsed()
            revisedArticle.title = "Votel: Taliban talks do not end the ISIS-K threat"
            revisedArticle.paragraphs.append("Correction: the hearing was held by the Senate Armed Services Committee.")
            let revised = Fixtures.enriched(
                revisedArticle,
                entities: [
                    Entity(name: "Senate Armed Services Committee", type: .ORG,
                           mentions: [TextSpan(start: 0, end: 31, text: "Senate Armed Services Committee")]),
                ])
            let updated = try await repository.store(revised)
            #expect(updated.change == .updated)
            #expect(updated.articleID == inserted.articleID)

            let stored = try #require(try await repository.article(id: inserted.articleID!))
            #expect(stored.versionCount == 2)
            #expect(stored.article == revised)
            #expect(stored.article.entities.map(\.name) == ["Senate Armed Services Committee"])
            #expect(try await repository.stats(top: 5).articles == 1)
            // Old children are gone, not merged.
            #expect(try await repository.search(SearchQuery(entity: "Joseph Votel")).isEmpty)
            #expect(try await repository.search(SearchQuery(entity: "senate armed services committee")).count == 1)
            // The full-text index follows the update.
            #expect(try await repository.search(SearchQuery(text: "Correction hearing")).map(\.id) == [inserted.articleID!])
            #expect(try await repository.search(SearchQuery(text: "\"remains a threat\"")).isEmpty)
            #expect(try await repository.search(SearchQuery(text: "Taliban talks")).count == 1)

            // And storing the revision again changes nothing.
            #expect(try await repository.store(revised).change == .unchanged)
            try await checkIntegrity(repository)
        }
    }

    @Test(arguments: Backend.allCases)
    func plainParsedCopyDoesNotWipeEnrichment(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let repository = try await database.open()
            let plain = try await repository.store(Fixtures.parsed())
            #expect(plain.change == .inserted)
            #expect(try await repository.article(id: plain.articleID!)?.isEnriched == false)

            // Enrichment arriving later for the same content is an update...
            #expect(try await repository.store(Fixtures.enriched()).change == .updated)
            // ...and a plain redelivery after it changes nothing.
            #expect(try await repository.store(Fixtures.parsed()).change == .unchanged)
            let stored = try #require(try await repository.article(id: plain.articleID!))
            #expect(stored.isEnriched)
            #expect(stored.article.entities.count == 3)
        }
    }

    @Test(arguments: Backend.allCases)
    func nonArticlesGoToPageOutcomesNeverToArticles(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let repository = try await database.open()
            let paywall = Fixtures.parsed(url: "https://news.example/premium/story", outcome: .paywalled)
            let tagPage = Fixtures.parsed(url: "https://news.example/tag/afghanistan", outcome: .notAnArticle)
            #expect(try await repository.store(paywall) == StoreResult(target: .pageOutcome, change: .inserted))
            #expect(try await repository.store(paywall).change == .unchanged)
            // Even wrapped as an enriched article, a non-article is an outcome.
            #expect(try await repository.store(Fixtures.enriched(tagPage)).target == .pageOutcome)
            var changed = tagPage
            changed.outcome = .needsJavaScript
            #expect(try await repository.store(changed).change == .updated)

            var stats = try await repository.stats(top: 5)
            #expect(stats.articles == 0)
            #expect(stats.outcomes == ["paywalled": 1, "needsJavaScript": 1])
            #expect(try await repository.search(SearchQuery(text: "ISIS")).isEmpty)

            // Once the page parses as an article, it is one, and no longer an outcome.
            let article = try await repository.store(Fixtures.parsed(url: "https://news.example/premium/story"))
            #expect(article.target == .article && article.change == .inserted)
            stats = try await repository.stats(top: 5)
            #expect(stats.articles == 1)
            #expect(stats.outcomes == ["needsJavaScript": 1])
        }
    }

    @Test(arguments: Backend.allCases)
    func articleWithoutURLIsRejected(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let repository = try await database.open()
            await #expect(throws: StorageError.self) {
                try await repository.store(ParsedArticle(url: "  "))
            }
        }
    }
}
