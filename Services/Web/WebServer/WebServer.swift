import Foundation
import Hummingbird
import Logging
import NIOCore
import WebCore

/// `newswire serve`'s HTTP server: hands every request to the archive API
/// (`/api/...`) or the web app's files, over Hummingbird. It holds no logic
/// of its own so the API is tested without it and the server with real HTTP.
public struct WebServer: Sendable {
    public var host: String
    public var port: Int
    public let api: ArchiveAPI
    public var logger: Logger

    public init(host: String = "127.0.0.1", port: Int = 8080, api: ArchiveAPI, logger: Logger) {
        self.host = host
        self.port = port
        self.api = api
        self.logger = logger
    }

    /// Serves until the task is cancelled or the process gets SIGINT/SIGTERM.
    /// `onListening` gets the port bound (useful with port 0).
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let router = Router()
        let api = api
        for path in ["/", "/**"] {
            router.get(RouterPath(path)) { request, _ in await Self.respond(api: api, request: request) }
            router.head(RouterPath(path)) { request, _ in await Self.respond(api: api, request: request) }
        }
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "newswire"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await app.runService()
    }

    static func respond(api: ArchiveAPI, request: Request) async -> Response {
        let path = request.uri.path
        let answer: APIResponse
        if path == "/api" || path.hasPrefix("/api/") {
            answer = await api.respond(
                method: request.method.rawValue, path: path, parameters: parameters(ofQuery: request.uri.query))
        } else {
            answer = WebAssets.response(path: path) ?? .error(.notFound("no such page: \(path)"))
        }
        var headers = HTTPFields()
        headers[.contentType] = answer.contentType
        headers[.cacheControl] = "no-store"
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    /// The query string's parameters, percent-decoded (`+` is a space, as
    /// browsers send forms); a repeated name keeps its last value.
    static func parameters(ofQuery query: String?) -> [String: String] {
        guard let query, !query.isEmpty else { return [:] }
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            result[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return result
    }
}
