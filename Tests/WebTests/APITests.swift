import Foundation
import Shared
import StorageCore
import Testing
import WebCore

/// The JSON API over real archives (SQLite and PostgreSQL) filled by the
/// pipeline's recorded sample-site articles.
@Suite struct APITests {
    struct Unreachable: Error {}

    /// Runs `body` with the API over a filled archive opened read-only.
    func withAPI(_ backend: Archives.Backend, _ body: (ArchiveAPI) async throws -> Void) async throws {
        let archive = try await Archives.make(backend)
        let repository = try await ArticleRepositories.open(archive.location, readOnly: true)
        try await withCleanup {
            try await body(ArchiveAPI(repository: repository) { throw Unreachable() })
        } cleanup: {
            await repository.close()
            await archive.remove()
        }
    }

    func get<T: Decodable>(
        _ api: ArchiveAPI, _ path: String, _ parameters: [String: String] = [:], as type: T.Type,
        status: Int = 200
    ) async throws -> T {
        let response = await api.respond(method: "GET", path: path, parameters: parameters)
        #expect(response.status == status, "\(path) \(parameters): \(String(decoding: response.body, as: UTF8.self))")
        #expect(response.contentType == "application/json")
        return try WireJSON.decoder.decode(T.self, from: response.body)
    }

    struct Page: Decodable {
        var results: [SearchResult]
        var next: String?
    }

    struct ErrorBody: Decodable { var error: String }

    struct Article: Decodable {
        var id: Int64
        var clusterID: Int64
        var article: EnrichedArticle
        var text: String
        var story: [SearchResult]
    }

    struct Story: Decodable {
        var id: Int64
        var articles: [SearchResult]
    }

    static let seedTitle = "US Officials Warn ISIS-K Poses a Major Threat"

    @Test(arguments: Archives.Backend.allCases)
    func searchFindsTheSeedArticleWithHighlights(_ backend: Archives.Backend) async throws {
        try await withAPI(backend) { api in
            let page = try await get(api, "/api/search", ["q": "Votel"], as: Page.self)
            let seed = try #require(page.results.first { $0.title == Self.seedTitle })
            #expect(seed.snippet.contains("[Votel]"))
            let phrase = try await get(api, "/api/search", ["q": "\"Joseph Votel\""], as: Page.self)
            #expect(phrase.results.map(\.id).contains(seed.id))
            let entity = try await get(api, "/api/search", ["entity": "joseph votel"], as: Page.self)
            #expect(entity.results.map(\.id) == [seed.id])
        }
    }

    @Test(arguments: Archives.Backend.allCases)
    func cursorsWalkEveryArticleOnce(_ backend: Archives.Backend) async throws {
        try await withAPI(backend) { api in
            var seen: [Int64] = []
            var cursor: String?
            var pages = 0
            repeat {
                var parameters = ["limit": "7"]
                parameters["cursor"] = cursor
                let page = try await get(api, "/api/search", parameters, as: Page.self)
                #expect(page.results.count <= 7)
                seen += page.results.map(\.id)
                cursor = page.next
                pages += 1
            } while cursor != nil && pages < 20
            let stats = try await get(api, "/api/stats", as: StorageStats.self)
            #expect(seen.count == stats.articles)
            #expect(Set(seen).count == seen.count)
            #expect(pages == stats.articles / 7 + 1)
        }
    }

    @Test(arguments: Archives.Backend.allCases)
    func filtersNarrowTheResults(_ backend: Archives.Backend) async throws {
        try await withAPI(backend) { api in
            let all = try await get(api, "/api/search", ["limit": "100"], as: Page.self).results
            let stories = try await get(api, "/api/search", ["limit": "100", "one_per_story": "true"], as: Page.self).results
            #expect(stories.count < all.count)
            #expect(Set(stories.map(\.clusterID)).count == stories.count)
            #expect(try await get(api, "/api/stories", ["limit": "100"], as: Page.self).results.map(\.id) == stories.map(\.id))

            let facets = try await get(api, "/api/facets", ["top": "50"], as: SearchFacets.self)
            let source = try #require(facets.sources.first)
            let bySource = try await get(api, "/api/search", ["source": source.value, "limit": "100"], as: Page.self)
            #expect(bySource.results.count == source.articles)
            #expect(bySource.results.allSatisfy { $0.siteName?.lowercased() == source.value.lowercased() })

            let place = try #require(facets.places.first)
            let byPlace = try await get(api, "/api/search", ["place": place.value, "limit": "100"], as: Page.self)
            #expect(byPlace.results.count == place.articles)

            let language = try #require(facets.languages.first)
            let byLanguage = try await get(api, "/api/search", ["language": language.value, "limit": "100"], as: Page.self)
            #expect(byLanguage.results.count == language.articles)
            #expect(facets.languages.reduce(0) { $0 + $1.articles } <= all.count)

            let dated = all.compactMap { $0.publishedAt.flatMap(StorageDates.parse) }.sorted()
            let middle = dated[dated.count / 2]
            let since = try await get(api, "/api/search", ["from": WireJSON.formatDate(middle), "limit": "100"], as: Page.self)
            let before = try await get(api, "/api/search", ["to": WireJSON.formatDate(middle), "limit": "100"], as: Page.self)
            #expect(since.results.count + before.results.count == all.count)
            #expect(!since.results.isEmpty && !before.results.isEmpty)
        }
    }

    @Test(arguments: Archives.Backend.allCases)
    func articleCarriesEntitiesPlacesQuotesAndItsStory(_ backend: Archives.Backend) async throws {
        try await withAPI(backend) { api in
            let hit = try #require(try await get(api, "/api/search", ["q": "Votel"], as: Page.self).results.first)
            let view = try await get(api, "/api/articles/\(hit.id)", as: Article.self)
            #expect(view.text == view.article.article.text)
            let text = Array(view.text.unicodeScalars)
            let votel = try #require(view.article.entities.first { $0.name == "Joseph Votel" })
            #expect(votel.type == .PER)
            for mention in votel.mentions {
                #expect(String(String.UnicodeScalarView(text[mention.start..<mention.end])) == mention.text)
            }
            #expect(view.article.quotes.contains { $0.speaker == "Joseph Votel" })
            #expect(view.article.places.contains { $0.latitude != nil && $0.longitude != nil })
            #expect(view.story.map(\.id).contains(view.id))

            let byURL = try await get(api, "/api/articles", ["url": hit.url], as: Article.self)
            #expect(byURL.id == view.id)

            let facets = try await get(api, "/api/facets", ["q": "Votel"], as: SearchFacets.self)
            #expect(facets.entities.contains { $0.value == "Joseph Votel" && $0.detail == "PER" })
        }
    }

    @Test(arguments: Archives.Backend.allCases)
    func storiesListTheirSyndicatedCopies(_ backend: Archives.Backend) async throws {
        try await withAPI(backend) { api in
            let all = try await get(api, "/api/search", ["limit": "100"], as: Page.self).results
            let shared = try #require(all.first { $0.clusterSize > 1 })
            let story = try await get(api, "/api/stories/\(shared.clusterID)", as: Story.self)
            #expect(story.articles.count == shared.clusterSize)
            #expect(Set(story.articles.map(\.clusterID)) == [shared.clusterID])
            let view = try await get(api, "/api/articles/\(shared.id)", as: Article.self)
            #expect(Set(view.story.map(\.id)) == Set(story.articles.map(\.id)))
        }
    }

    @Test(arguments: Archives.Backend.allCases)
    func badInputGetsAClearError(_ backend: Archives.Backend) async throws {
        try await withAPI(backend) { api in
            let missing = try await get(api, "/api/articles/987654", as: ErrorBody.self, status: 404)
            #expect(missing.error.contains("987654"))
            _ = try await get(api, "/api/stories/987654", as: ErrorBody.self, status: 404)
            _ = try await get(api, "/api/articles", ["url": "https://nowhere.example/"], as: ErrorBody.self, status: 404)
            _ = try await get(api, "/api/nothing", as: ErrorBody.self, status: 404)
            let cases: [(String, [String: String], String)] = [
                ("/api/articles/abc", [:], "id"), ("/api/search", ["limit": "many"], "limit"),
                ("/api/search", ["limit": "0"], "limit"), ("/api/search", ["cursor": "not-a-cursor"], "cursor"),
                ("/api/search", ["from": "yesterday-ish"], "from"), ("/api/search", ["colour": "red"], "colour"),
                ("/api/search", ["one_per_story": "perhaps"], "one_per_story"),
                ("/api/search", ["from": "2026-02-01", "to": "2026-01-01"], "to"), ("/api/articles", [:], "url"),
            ]
            for (path, parameters, reason) in cases {
                let body = try await get(api, path, parameters, as: ErrorBody.self, status: 400)
                #expect(body.error.contains(reason), "\(path) \(parameters): \(body.error)")
            }
            let status = try await get(api, "/api/status", as: ErrorBody.self, status: 503)
            #expect(status.error.contains("broker"))
            let post = await api.respond(method: "POST", path: "/api/search", parameters: [:])
            #expect(post.status == 405)
            // Punctuation in a search is text, never an error.
            _ = try await get(api, "/api/search", ["q": "\"unbalanced AND (or) NEAR*"], as: Page.self)
        }
    }

    @Test func pageSizesAreCapped() throws {
        let huge = try SearchParameters(["limit": "1000000"])
        #expect(huge.query.limit == SearchParameters.maximumLimit)
        #expect(try SearchParameters([:]).query.limit == SearchParameters.defaultLimit)
        let cursor = PageCursor(offset: 40)
        #expect(try PageCursor(cursor.token) == cursor)
    }

    /// The server's database handle refuses writes.
    @Test(arguments: Archives.Backend.allCases)
    func theServerNeverWrites(_ backend: Archives.Backend) async throws {
        let archive = try await Archives.make(backend)
        let repository = try await ArticleRepositories.open(archive.location, readOnly: true)
        let before = try await repository.stats(top: 0).articles
        var article = try Archives.messages()[0].payload(as: EnrichedArticle.self)
        article.article.url = "https://new.example/written"
        article.article.canonicalURL = nil
        await #expect(throws: StorageError.self) { _ = try await repository.store(article) }
        #expect(try await repository.stats(top: 0).articles == before)
        await repository.close()
        await archive.remove()
    }
}
