// Binds an HTTP/1.1 listener (default 127.0.0.1, port from --metrics-port)
// serving GET /metrics (Prometheus text format) and GET /health.
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus
import ServiceLifecycle
import Synchronization

/// The small HTTP endpoint every service exposes: Prometheus scrapes
/// `/metrics`, compose's health check asks `/health`.
///
/// A `Service`: `run()` binds, serves until graceful shutdown or
/// cancellation, closes its connections and returns. It is no general web
/// server: two paths, GET or HEAD, tiny bodies.
public final class MetricsServer: Service, Sendable {
    public struct Configuration: Sendable {
        /// Address to bind; 127.0.0.1 unless the scraper is elsewhere.
        public var host: String
        /// Port to bind; 0 picks a free one (see `port` once running).
        public var port: Int

        public init(host: String = "127.0.0.1", port: Int) {
            self.host = host
            self.port = port
        }
    }

    public let configuration: Configuration
    private let registry: PrometheusCollectorRegistry
    private let health: @Sendable () -> Bool
    private let logger: Logger
    private let boundPort = Mutex<Int?>(nil)

    /// - Parameter health: answers `/health`: true gives 200 "ok", false 503.
    public init(configuration: Configuration, registry: PrometheusCollectorRegistry,
                health: @escaping @Sendable () -> Bool = { true }, logger: Logger) {
        self.configuration = configuration
        self.registry = registry
        self.health = health
        self.logger = logger
    }

    /// The port actually bound, once `run()` is listening.
    public var port: Int? { boundPort.withLock { $0 } }

    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    public func run() async throws {
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
        let port = listener.channel.localAddress?.port ?? configuration.port
        boundPort.withLock { $0 = port }
        logger.info("metrics.listening", metadata: ["host": "\(configuration.host)", "port": "\(port)"])

        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await listener.executeThenClose { connections in
                    // Ends when the listener is closed (graceful shutdown) or the task is cancelled.
                    for try await connection in connections {
                        group.addTask { await self.serve(connection) }
                    }
                }
                // Scrapers keep connections open between scrapes: end them too.
                group.cancelAll()
            }
        } onGracefulShutdown: {
            listener.channel.close(promise: nil)
        }
        boundPort.withLock { $0 = nil }
        logger.info("metrics.stopped")
    }

    private func serve(_ connection: Connection) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                for try await part in inbound {
                    switch part {
                    case .head(let requestHead):
                        head = requestHead
                    case .body:
                        break
                    case .end:
                        guard let request = head else { continue }
                        head = nil
                        let response = respond(to: request)
                        var headers = HTTPHeaders()
                        headers.add(name: "Content-Type", value: response.contentType)
                        headers.add(name: "Content-Length", value: "\(response.body.count)")
                        if let allow = response.allow { headers.add(name: "Allow", value: allow) }
                        headers.add(name: "Connection", value: request.isKeepAlive ? "keep-alive" : "close")
                        try await outbound.write(.head(HTTPResponseHead(
                            version: request.version, status: response.status, headers: headers)))
                        if request.method != .HEAD {
                            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: response.body))))
                        }
                        try await outbound.write(.end(nil))
                        if !request.isKeepAlive { return }
                    }
                }
            }
        } catch {
            // A client that hangs up mid-request is routine for an endpoint like this one.
            logger.debug("metrics.connection-error", metadata: ["error": "\(error)"])
        }
    }

    struct Response {
        var status: HTTPResponseStatus
        var contentType = "text/plain; charset=utf-8"
        var body: [UInt8]
        var allow: String? = nil
    }

    /// The whole routing table: two paths, read-only.
    func respond(to request: HTTPRequestHead) -> Response {
        let path = request.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard path == "/metrics" || path == "/health" else {
            return Response(status: .notFound, body: Array("not found\n".utf8))
        }
        guard request.method == .GET || request.method == .HEAD else {
            return Response(status: .methodNotAllowed, body: Array("method not allowed\n".utf8), allow: "GET, HEAD")
        }
        if path == "/health" {
            return health()
                ? Response(status: .ok, body: Array("ok\n".utf8))
                : Response(status: .serviceUnavailable, body: Array("unavailable\n".utf8))
        }
        return Response(
            status: .ok, contentType: "text/plain; version=0.0.4; charset=utf-8", body: registry.emitToBuffer())
    }
}
