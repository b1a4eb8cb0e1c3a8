import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The bundled sample news site, served over real HTTP/1.1 on loopback.
///
/// Binds 127.0.0.1 or ::1 unless the caller opts in with `allowAnyAddress`
/// (the demo site inside a container, reached by the fetcher over the compose
/// network). `newswire demo-site`, `make run` and the
/// fetcher's tests use it: the tests add programmable routes (redirect
/// chains, slow or endless bodies, odd charsets, status codes) beside the
/// static files, and read the request log to check politeness and caching.
public final class SampleSiteServer: Sendable {
    public typealias Route = @Sendable (SampleSiteRequest) -> SampleSiteResponse

    /// One request as the server saw it.
    public struct LoggedRequest: Sendable {
        public var method: String
        public var path: String
        public var query: String?
        public var headers: [String: String]
        public var receivedAt: Date
    }

    public enum ServerError: Error, CustomStringConvertible {
        case notLoopback(String)
        case noSiteDirectory
        case notStarted
        public var description: String {
            switch self {
            case .notLoopback(let host): "the sample site binds loopback only (unless allowAnyAddress), not \(host)"
            case .noSiteDirectory: "the bundled Site directory is missing"
            case .notStarted: "the sample site is not running"
            }
        }
    }

    /// The directory of the bundled site (pages, feeds, sitemap).
    public static var bundledSite: URL? { Bundle.module.url(forResource: "Site", withExtension: nil) }

    public let root: URL
    private let group: any EventLoopGroup
    private let state: Locked<State>

    private struct State {
        var routes: [String: Route]
        var log: [LoggedRequest] = []
        var channel: (any Channel)?
        var connections: [ObjectIdentifier: any Channel] = [:]
        var baseURL = ""
        var port: Int?
    }

    /// - Parameters:
    ///   - root: the directory to serve; nil serves the bundled site.
    ///   - extraRoutes: exact paths (no query) answered by code before files are looked at.
    public init(
        root: URL? = nil, extraRoutes: [String: Route] = [:],
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) throws {
        guard let root = root ?? Self.bundledSite else { throw ServerError.noSiteDirectory }
        self.root = root
        self.group = group
        self.state = Locked(State(routes: extraRoutes))
    }

    /// Starts listening; `port` 0 picks a free port. Returns the bound port.
    /// - Parameters:
    ///   - allowAnyAddress: the explicit opt-in to bind a non-loopback address
    ///     (such as 0.0.0.0 in a container); without it such hosts are refused.
    ///   - publicBaseURL: what `{{BASE_URL}}` becomes when clients reach the
    ///     site under another name (`http://demo-site:8088`); nil means the
    ///     bound loopback address.
    @discardableResult
    public func start(
        host: String = "127.0.0.1", port: Int = 0, allowAnyAddress: Bool = false, publicBaseURL: String? = nil
    ) async throws -> Int {
        let loopback = ["127.0.0.1", "::1", "localhost"].contains(host)
        guard loopback || allowAnyAddress else { throw ServerError.notLoopback(host) }
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // TCP level: at the socket level this option number is SO_DEBUG, which needs
            // CAP_NET_ADMIN, so containers refused it and reset every connection.
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(SampleSiteHTTPHandler(server: self))
                    self.track(channel)
                }
            }
        let channel = try await bootstrap.bind(host: host == "localhost" ? "127.0.0.1" : host, port: port).get()
        let bound = channel.localAddress?.port ?? port
        let hostPart = host == "::1" ? "[::1]" : "127.0.0.1"
        let base = publicBaseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? "http://\(hostPart):\(bound)"
        state.withLock {
            $0.channel = channel
            $0.port = bound
            $0.baseURL = base
        }
        return bound
    }

    /// Stops listening and closes open connections.
    public func stop() async throws {
        let (channel, connections) = state.withLock { state -> ((any Channel)?, [any Channel]) in
            defer { state.channel = nil; state.connections = [:] }
            return (state.channel, Array(state.connections.values))
        }
        for connection in connections { try? await connection.close() }
        try await channel?.close()
    }

    public var port: Int? { state.withLock { $0.port } }
    /// `http://127.0.0.1:PORT` (or the public base URL) once started.
    public var baseURL: String { state.withLock { $0.baseURL } }

    /// Adds or replaces a route while running.
    public func setRoute(_ path: String, _ route: @escaping Route) {
        state.withLock { $0.routes[path] = route }
    }

    /// Every request so far, oldest first.
    public var requests: [LoggedRequest] { state.withLock { $0.log } }

    public func requestCount(path: String) -> Int { state.withLock { $0.log.filter { $0.path == path }.count } }

    public func clearLog() { state.withLock { $0.log.removeAll() } }

    private func track(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        state.withLock { $0.connections[id] = channel }
        channel.closeFuture.whenComplete { [state] _ in state.withLock { _ = $0.connections.removeValue(forKey: id) } }
    }

    /// Logs the request and answers it from a route or the files.
    func respond(method: String, uri: String, headers: [String: String]) -> SampleSiteResponse {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = parts.first.map(String.init) ?? "/"
        let query = parts.count > 1 ? String(parts[1]) : nil
        let (route, baseURL) = state.withLock { state -> (Route?, String) in
            state.log.append(LoggedRequest(method: method, path: path, query: query, headers: headers, receivedAt: Date()))
            return (state.routes[path], state.baseURL)
        }
        let request = SampleSiteRequest(method: method, path: path, query: query, headers: headers, baseURL: baseURL)
        guard method == "GET" || method == "HEAD" else { return .status(405) }
        if let route {
            var response = route(request)
            if response.substitutesBaseURL, SiteFiles.isText(response.header("content-type")),
               case .bytes(let data) = response.body {
                response.body = .bytes(SiteFiles.substitute(data, baseURL: baseURL))
            }
            return response
        }
        return SiteFiles(root: root).respond(to: request)
    }
}
