import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Downloads an origin's robots.txt the way RFC 9309 (2.3.1) asks:
/// - 2xx: the rules, of which the first `robotsMaxBytes` (at least 500 KiB)
///   are parsed when the file is longer;
/// - 4xx, or more redirects than allowed: "unavailable", everything allowed;
/// - 5xx, network errors, a body cut off or not finished within the total
///   timeout: "unreachable", every path disallowed for a while (the error
///   is transient, so jobs wait and retry instead of crawling blind).
/// Redirects are followed only to http(s) and through the address policy,
/// like page redirects.
enum RobotsLoader {
    static func load(
        origin: String, client: HTTPClient, configuration: FetcherConfiguration, logger: Logger
    ) async throws -> RobotsTxt {
        try await Deadline.run(
            seconds: configuration.totalTimeout,
            timeoutError: { FetchError.robotsUnavailable(host: origin, reason: "not read within the total timeout") }
        ) {
            try await follow(origin: origin, client: client, configuration: configuration, logger: logger)
        }
    }

    private static func follow(
        origin: String, client: HTTPClient, configuration: FetcherConfiguration, logger: Logger
    ) async throws -> RobotsTxt {
        var current = origin + "/robots.txt"
        let deadline = NIODeadline.now() + .nanoseconds(Int64(configuration.totalTimeout * 1e9))
        for _ in 0...configuration.maxRedirects {
            guard let components = URLComponents(string: current), let host = components.host, !host.isEmpty,
                  let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
                // A redirect off the web (file:, unix sockets, ...) is never
                // followed; the file is then as good as missing.
                logger.info("fetch.robots_redirect_refused", metadata: ["origin": "\(origin)", "to": "\(current)"])
                return .allowAll
            }
            try await AddressPolicy.check(host: host, allowPrivate: configuration.allowPrivateAddresses)
            var request = HTTPClientRequest(url: current)
            request.headers.add(name: "User-Agent", value: configuration.userAgent)
            let response: HTTPClientResponse
            do {
                response = try await client.execute(request, deadline: deadline, logger: logger)
            } catch {
                throw unreachable(origin, PageFetcher.mapClientError(error, url: current).description)
            }
            let status = Int(response.status.code)
            switch status {
            case 200..<300:
                return try await rules(from: response.body, origin: origin, url: current,
                                       limit: configuration.robotsMaxBytes)
            case 300..<400:
                _ = try? await PageFetcher.collect(response.body, limit: 64 * 1024, url: current)
                guard let location = response.headers.first(name: "location"),
                      let next = URLNormalizer.resolve(location, against: current) else { return .allowAll }
                current = next
            case 400..<500:
                _ = try? await PageFetcher.collect(response.body, limit: 64 * 1024, url: current)
                return .allowAll
            default:
                _ = try? await PageFetcher.collect(response.body, limit: 64 * 1024, url: current)
                throw unreachable(origin, "HTTP \(status)")
            }
        }
        return .allowAll
    }

    /// Parses the first `limit` bytes; past the limit the download is
    /// dropped and a line cut in the middle is left out.
    private static func rules(
        from body: HTTPClientResponse.Body, origin: String, url: String, limit: Int
    ) async throws -> RobotsTxt {
        var data = Data()
        var truncated = false
        do {
            for try await buffer in body {
                let room = limit - data.count
                if buffer.readableBytes > room {
                    data.append(contentsOf: buffer.readableBytesView.prefix(room))
                    truncated = true
                    break
                }
                data.append(contentsOf: buffer.readableBytesView)
            }
        } catch {
            throw unreachable(origin, "body cut off: \(PageFetcher.mapClientError(error, url: url))")
        }
        if truncated, let lastNewline = data.lastIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
            data = data.prefix(upTo: lastNewline)
        }
        return RobotsTxt(parsing: String(decoding: data, as: UTF8.self))
    }

    private static func unreachable(_ origin: String, _ reason: String) -> FetchError {
        .robotsUnavailable(host: origin, reason: reason)
    }
}
