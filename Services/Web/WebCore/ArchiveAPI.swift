import Foundation
import Shared
import StorageCore

/// The JSON API over the archive (docs/API.md): maps a method, a path and
/// query parameters to an answer. It only reads the repository; the broker's
/// status comes through `status`, which the caller wires to the broker (this
/// library knows nothing of sockets or HTTP servers).
public struct ArchiveAPI: Sendable {
    public let repository: any ArticleRepository
    /// The broker's queues, or an error when the broker is not reachable.
    public let status: @Sendable () async throws -> BrokerStatus

    /// Facet values returned per facet when the client does not say, and the most it may ask for.
    static let defaultTop = 10
    static let maximumTop = 50

    public init(repository: any ArticleRepository, status: @escaping @Sendable () async throws -> BrokerStatus) {
        self.repository = repository
        self.status = status
    }

    /// Answers `GET path?query` (path without the query string, parameters
    /// already percent-decoded). Never throws: every failure is an error answer.
    public func respond(method: String, path: String, parameters: [String: String]) async -> APIResponse {
        guard method == "GET" || method == "HEAD" else {
            return .error(APIError(status: 405, message: "the API is read-only: GET only"))
        }
        do {
            return try await route(path: path, parameters: parameters)
        } catch let error as APIError {
            return .error(error)
        } catch let error as StorageError {
            return .error(error.isPermanent ? .internal(error.description) : .unavailable(error.description))
        } catch {
            return .error(.internal(String(describing: error)))
        }
    }

    private func route(path: String, parameters: [String: String]) async throws -> APIResponse {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard parts.count == 2 || parts.count == 3, parts[0] == "api" else {
            throw APIError.notFound("no such endpoint: \(path) (see docs/API.md)")
        }
        switch (parts[1], parts.count == 3 ? parts[2] : nil) {
        case ("search", nil): return try await search(parameters)
        case ("facets", nil): return try await facets(parameters)
        case ("stories", nil): return try await stories(parameters)
        case ("stories", let id?): return try await story(id)
        case ("articles", nil): return try await article(url: parameters)
        case ("articles", let id?): return try await article(id: id)
        case ("stats", nil): return .json(try await repository.stats(top: Self.defaultTop))
        case ("status", nil): return try await brokerStatus()
        default: throw APIError.notFound("no such endpoint: \(path) (see docs/API.md)")
        }
    }

    func search(_ items: [String: String], onePerStory: Bool = false) async throws -> APIResponse {
        var parameters = try SearchParameters(items.filter { $0.key != "top" })
        if onePerStory { parameters.query.onePerStory = true }
        let results = try await repository.search(parameters.query)
        return .json(ResultPage(results: results, next: parameters.next(after: results.count)))
    }

    func facets(_ items: [String: String]) async throws -> APIResponse {
        let parameters = try SearchParameters(items.filter { !["cursor", "limit", "one_per_story"].contains($0.key) })
        let top = min(try SearchParameters.positive(items["top"], name: "top") ?? Self.defaultTop, Self.maximumTop)
        return .json(try await repository.facets(parameters.query, top: top))
    }

    /// One result per story: the search with `one_per_story` always on.
    func stories(_ items: [String: String]) async throws -> APIResponse {
        try await search(items, onePerStory: true)
    }

    func story(_ idText: String) async throws -> APIResponse {
        let id = try Self.id(idText, of: "story")
        let articles = try await repository.story(id: id)
        guard !articles.isEmpty else { throw APIError.notFound("no story \(id)") }
        return .json(StoryView(id: id, articles: articles))
    }

    func article(id idText: String) async throws -> APIResponse {
        let id = try Self.id(idText, of: "article")
        guard let stored = try await repository.article(id: id) else { throw APIError.notFound("no article \(id)") }
        return .json(ArticleView(stored, story: try await repository.story(id: stored.clusterID)))
    }

    func article(url parameters: [String: String]) async throws -> APIResponse {
        guard let url = parameters["url"], !url.isEmpty, parameters.count == 1 else {
            throw APIError.badRequest("/api/articles takes one parameter, url (or use /api/articles/ID)")
        }
        guard let stored = try await repository.article(url: url) else {
            throw APIError.notFound("no article at \(url)")
        }
        return .json(ArticleView(stored, story: try await repository.story(id: stored.clusterID)))
    }

    func brokerStatus() async throws -> APIResponse {
        do {
            return .json(try await status())
        } catch {
            throw APIError.unavailable("broker unreachable: \(error)")
        }
    }

    static func id(_ text: String, of kind: String) throws -> Int64 {
        guard let id = Int64(text), id > 0 else { throw APIError.badRequest("\(kind) id: expected a positive number, got '\(text)'") }
        return id
    }
}
