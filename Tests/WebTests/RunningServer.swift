import Foundation
import Logging
import Shared
import StorageCore
import TestSupport
import WebCore
import WebServer

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `newswire serve`'s server on a free port of 127.0.0.1 over a filled,
/// read-only archive, for the HTTP and browser tests.
final class RunningServer: @unchecked Sendable {
    let base: String
    let repository: any ArticleRepository
    private let task: Task<Void, any Error>
    private let removeArchive: @Sendable () async -> Void

    struct NotListening: Error {}

    init(_ backend: Archives.Backend, status: @escaping @Sendable () async throws -> BrokerStatus) async throws {
        let archive = try await Archives.make(backend)
        removeArchive = archive.remove
        repository = try await ArticleRepositories.open(archive.location, readOnly: true)
        let port = Port()
        var logger = Logger(label: "web-test")
        logger.logLevel = .warning
        let server = WebServer(
            host: "127.0.0.1", port: 0, api: ArchiveAPI(repository: repository, status: status), logger: logger)
        task = Task { try await server.run { port.set($0) } }
        guard await eventually(timeout: 30, interval: 0.05, { port.get() != nil }), let bound = port.get() else {
            task.cancel()
            throw NotListening()
        }
        base = "http://127.0.0.1:\(bound)"
    }

    func stop() async {
        task.cancel()
        _ = await task.result
        await repository.close()
        await removeArchive()
    }

    /// GET over real HTTP: status, content type, body.
    func get(_ path: String) async throws -> (status: Int, type: String, body: Data) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: base + path)!)
        let http = response as! HTTPURLResponse
        return (http.statusCode, http.value(forHTTPHeaderField: "Content-Type") ?? "", data)
    }

    private final class Port: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Int?
        func set(_ port: Int) { lock.withLock { value = port } }
        func get() -> Int? { lock.withLock { value } }
    }
}
