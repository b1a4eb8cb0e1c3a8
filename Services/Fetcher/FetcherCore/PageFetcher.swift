import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Shared

/// Fetches one URL the way a polite, careful crawler does.
///
/// Redirects are followed here rather than inside the HTTP client so every
/// hop is checked like the first: scheme, resolved addresses, robots.txt.
/// The body is streamed against a cap and the download dropped as soon as
/// it is exceeded. `file://` URLs read local files, for offline work.
public final class PageFetcher: Sendable {
    public let configuration: FetcherConfiguration
    let client: HTTPClient
    private let robotsCache: RobotsCache
    let logger: Logger

    public init(configuration: FetcherConfiguration = FetcherConfiguration(), logger: Logger? = nil) {
        self.configuration = configuration
        self.logger = logger ?? Logger(label: "newswire.fetcher")
        var clientConfiguration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(
                connect: .nanoseconds(Int64(configuration.connectTimeout * 1e9)),
                read: .nanoseconds(Int64(configuration.readTimeout * 1e9))),
            // The decompressor's own limit is a backstop against zip bombs; the
            // exact cap is counted below so it can be reported as such.
            decompression: .enabled(limit: .size(configuration.maxBodyBytes * 2 + 1024)))
        clientConfiguration.httpVersion = .automatic
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
        self.client = client
        let loaderConfiguration = configuration
        let loaderLogger = self.logger
        self.robotsCache = RobotsCache(
            ttlSeconds: configuration.robotsCacheSeconds, failureTTLSeconds: configuration.robotsFailureSeconds,
            capacity: configuration.robotsCacheCapacity
        ) { origin in
            try await RobotsLoader.load(origin: origin, client: client, configuration: loaderConfiguration,
                                        logger: loaderLogger)
        }
    }

    /// Closes the HTTP client's connections. Call once, before dropping the fetcher.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    /// Fetches `url`, conditionally when validators are given. The total
    /// timeout covers every hop and the whole body: the client's deadline
    /// stops at the response head, so a trickling body is cut off here.
    public func fetch(_ url: String, etag: String? = nil, lastModified: String? = nil) async throws -> FetchResult {
        try await Deadline.run(
            seconds: configuration.totalTimeout, timeoutError: { FetchError.timeout(url: url, phase: "total") }
        ) {
            try await self.fetchWithoutTotalTimeout(url, etag: etag, lastModified: lastModified)
        }
    }

    private func fetchWithoutTotalTimeout(_ url: String, etag: String?, lastModified: String?) async throws
        -> FetchResult {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased() else {
            throw FetchError.invalidURL(url)
        }
        if scheme == "file" {
            return try fetchFile(URL(fileURLWithPath: try localPath(of: url)), requested: url, lastModified: lastModified)
        }
        guard scheme == "http" || scheme == "https" else { throw FetchError.unsupportedScheme(url) }

        let deadline = NIODeadline.now() + .nanoseconds(Int64(configuration.totalTimeout * 1e9))
        var current = url
        var redirects = 0
        while true {
            guard let components = URLComponents(string: current), let host = components.host, !host.isEmpty,
                  let hopScheme = components.scheme?.lowercased(), hopScheme == "http" || hopScheme == "https" else {
                throw FetchError.unsupportedScheme(current)
            }
            guard try await mayRequest(components, host: host, url: url) else {
                logger.debug("fetch.robots_disallowed", metadata: ["url": "\(current)"])
                return .disallowedByRobots(url: current)
            }

            var request = HTTPClientRequest(url: current)
            request.headers.add(name: "User-Agent", value: configuration.userAgent)
            request.headers.add(name: "Accept", value: "text/html,application/xhtml+xml,application/xml;q=0.9,"
                + "application/rss+xml,application/atom+xml,text/plain;q=0.8,*/*;q=0.5")
            request.headers.add(name: "Accept-Encoding", value: "gzip, deflate")
            if let etag { request.headers.add(name: "If-None-Match", value: etag) }
            if let lastModified { request.headers.add(name: "If-Modified-Since", value: lastModified) }

            let response: HTTPClientResponse
            do {
                response = try await client.execute(request, deadline: deadline, logger: logger)
            } catch {
                throw Self.mapClientError(error, url: current, limit: configuration.maxBodyBytes)
            }
            let status = Int(response.status.code)
            let headers = Self.flatten(response.headers)

            if (300..<400).contains(status), status != 304 {
                guard let location = headers["location"],
                      let next = URLNormalizer.resolve(location, against: current) else {
                    throw FetchError.redirectWithoutLocation(url: current)
                }
                redirects += 1
                guard redirects <= configuration.maxRedirects else {
                    throw FetchError.tooManyRedirects(limit: configuration.maxRedirects, url: url)
                }
                _ = try? await Self.collect(response.body, limit: 64 * 1024, url: current)
                logger.debug("fetch.redirect", metadata: ["from": "\(current)", "to": "\(next)"])
                current = next
                continue
            }
            if status == 304 {
                return .notModified(FetchResponse(
                    requestedURL: url, finalURL: current, status: 304, headers: headers, body: Data()))
            }
            guard (200..<300).contains(status) else {
                throw FetchError.httpStatus(status, url: current)
            }
            let gzipNamed = (URLComponents(string: current)?.path ?? "").lowercased().hasSuffix(".gz")
            if let type = headers["content-type"], !Self.isTextual(type), !Self.isGzipType(type),
               !Self.isArchiveType(type), !(gzipNamed && type.lowercased().hasPrefix("application/octet-stream")) {
                throw FetchError.notText(contentType: type, url: current)
            }
            if let length = headers["content-length"].flatMap(Int.init), length > configuration.maxBodyBytes,
               headers["content-encoding"] == nil {
                throw FetchError.bodyTooLarge(limit: configuration.maxBodyBytes, url: current)
            }
            let body: Data
            do {
                body = try await Self.collect(response.body, limit: configuration.maxBodyBytes, url: current)
            } catch let error as FetchError {
                throw error
            } catch {
                throw Self.mapClientError(error, url: current, limit: configuration.maxBodyBytes)
            }
            return .fetched(try unwrappingGzipDocument(FetchResponse(
                requestedURL: url, finalURL: current, status: status, headers: headers, body: body)))
        }
    }

    /// The address policy (throws) and robots.txt (false when disallowed)
    /// for one request to `components`, a hop of fetching `url`.
    func mayRequest(_ components: URLComponents, host: String, url: String) async throws -> Bool {
        try await AddressPolicy.check(host: host, allowPrivate: configuration.allowPrivateAddresses)
        guard configuration.respectRobots else { return true }
        let robots: RobotsTxt
        do {
            robots = try await robotsCache.robots(for: Self.origin(of: components))
        } catch is CancellationError {
            throw FetchError.timeout(url: url, phase: "total")
        }
        let path = (components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath)
            + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
        return robots.isAllowed(path, agent: configuration.robotsAgent)
    }

    /// The local path a `file://` URL names, if it lies under the file root.
    public func localPath(of url: String) throws -> String {
        guard let parsed = URL(string: url), parsed.scheme?.lowercased() == "file" else {
            throw FetchError.unsupportedScheme(url)
        }
        guard let root = configuration.fileRoot else { throw FetchError.unsupportedScheme(url) }
        guard let path = FileRoot(root).contains(parsed.path) else {
            throw FetchError.outsideFileRoot(path: parsed.path, root: root)
        }
        return path
    }

    static func isGzipType(_ contentType: String) -> Bool {
        let type = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        return type == "application/gzip" || type == "application/x-gzip"
    }

    static func isArchiveType(_ contentType: String) -> Bool {
        contentType.lowercased().hasPrefix("application/warc")
    }

    /// A `.gz` document (not a Content-Encoding, which the client undoes):
    /// inflates it and types it by the name under the `.gz`, so
    /// `sitemap.xml.gz` reads as XML and `crawl.warc.gz` as an archive.
    func unwrappingGzipDocument(_ response: FetchResponse) throws -> FetchResponse {
        let path = URLComponents(string: response.finalURL)?.path ?? ""
        let named = path.lowercased().hasSuffix(".gz")
        guard Inflater.isGzip(response.body), named || response.contentType.map(Self.isGzipType) == true else {
            return response
        }
        let inner = String(path.dropLast(3))
        let ext = (inner as NSString).pathExtension.lowercased()
        let limit = ext == "warc" ? configuration.maxArchiveBytes : configuration.maxBodyBytes
        var unwrapped = response
        do {
            unwrapped.body = try Inflater.decompress(response.body, limit: limit)
        } catch Inflater.InflateError.tooLarge(let limit) {
            throw FetchError.bodyTooLarge(limit: limit, url: response.finalURL)
        } catch {
            throw FetchError.notText(contentType: "\(response.contentType ?? "gzip") (\(error))", url: response.finalURL)
        }
        var type = Self.fileContentType(ext)
        if type == "application/octet-stream" {
            type = WARCReader.looksLikeWARC(unwrapped.body) ? "application/warc" : "application/xml"
        }
        unwrapped.headers["content-type"] = type
        return unwrapped
    }

    // MARK: - Pieces

    static func origin(of components: URLComponents) -> String {
        let scheme = components.scheme?.lowercased() ?? "http"
        let host = components.host?.lowercased() ?? ""
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme)://\(hostPart)" + (components.port.map { ":\($0)" } ?? "")
    }

    /// Media types worth handing to a parser: text, XML and JSON flavours.
    static func isTextual(_ contentType: String) -> Bool {
        let type = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            ?? ""
        return type.isEmpty || type.hasPrefix("text/") || type.hasSuffix("/xml") || type.hasSuffix("+xml")
            || type.hasSuffix("/json") || type.hasSuffix("+json") || type == "application/xhtml+xml"
    }

    /// Reads the body until its end or the cap; past the cap the body
    /// iterator is dropped, which cancels the download.
    static func collect(_ body: HTTPClientResponse.Body, limit: Int, url: String) async throws -> Data {
        var data = Data()
        for try await buffer in body {
            guard data.count + buffer.readableBytes <= limit else {
                throw FetchError.bodyTooLarge(limit: limit, url: url)
            }
            data.append(contentsOf: buffer.readableBytesView)
        }
        return data
    }

    static func flatten(_ headers: HTTPHeaders) -> [String: String] {
        var result: [String: String] = [:]
        for (name, value) in headers {
            let key = name.lowercased()
            result[key] = result[key].map { $0 + ", " + value } ?? value
        }
        return result
    }

    static func mapClientError(_ error: any Error, url: String, limit: Int = 0) -> FetchError {
        if let fetchError = error as? FetchError { return fetchError }
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .readTimeout: return .timeout(url: url, phase: "read")
            case .connectTimeout: return .timeout(url: url, phase: "connect")
            case .deadlineExceeded: return .timeout(url: url, phase: "total")
            case .tlsHandshakeTimeout: return .timeout(url: url, phase: "tls")
            default: return .network(url: url, reason: String(describing: clientError))
            }
        }
        if error is CancellationError { return .network(url: url, reason: "cancelled") }
        let text = String(describing: error)
        // The decompressor's error type lives in swift-nio-extras, which we do
        // not depend on directly; its limit case is a zip bomb inflating past the cap.
        if String(reflecting: type(of: error)).contains("DecompressionError"), text == "limit" {
            return .bodyTooLarge(limit: limit, url: url)
        }
        return .network(url: url, reason: text)
    }

    /// Reads a local file, answering conditional requests from its mtime.
    func fetchFile(_ url: URL, requested: String, lastModified: String?) throws -> FetchResult {
        let path = url.path
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw FetchError.fileNotFound(path)
        }
        guard (attributes[.type] as? FileAttributeType) == .typeRegular else { throw FetchError.fileNotFound(path) }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        let isArchive = url.pathExtension.lowercased() == "warc" || url.path.lowercased().hasSuffix(".warc.gz")
        let cap = isArchive ? configuration.maxArchiveBytes : configuration.maxBodyBytes
        guard size <= cap else { throw FetchError.bodyTooLarge(limit: cap, url: requested) }
        let modified = (attributes[.modificationDate] as? Date).map(HTTPDate.format)
        var headers: [String: String] = ["content-type": Self.fileContentType(url.pathExtension)]
        if let modified { headers["last-modified"] = modified }
        if let lastModified, let modified, lastModified == modified {
            return .notModified(FetchResponse(
                requestedURL: requested, finalURL: url.absoluteString, status: 304, headers: headers, body: Data()))
        }
        guard let body = FileManager.default.contents(atPath: path) else { throw FetchError.fileNotFound(path) }
        return .fetched(try unwrappingGzipDocument(FetchResponse(
            requestedURL: requested, finalURL: url.absoluteString, status: 200, headers: headers, body: body)))
    }

    static func fileContentType(_ ext: String) -> String {
        switch ext.lowercased() {
        case "html", "htm": "text/html"
        case "xhtml": "application/xhtml+xml"
        case "rss": "application/rss+xml"
        case "atom": "application/atom+xml"
        case "xml": "application/xml"
        case "txt": "text/plain"
        case "json": "application/json"
        case "warc": "application/warc"
        case "gz": "application/gzip"
        default: "application/octet-stream"
        }
    }
}
