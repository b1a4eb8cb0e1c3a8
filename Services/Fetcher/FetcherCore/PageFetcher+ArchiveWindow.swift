import AsyncHTTPClient
import Foundation
import NIOCore

/// A stretch of a remote archive's raw bytes, fetched with an HTTP Range
/// request, so that a chunk job holds a bounded window rather than the
/// whole archive and any fetcher can pick the archive up at any offset.
public struct ArchiveWindow: Sendable {
    /// The archive offset of `bytes`' first byte.
    public var offset: Int
    public var bytes: Data
    /// The archive's whole size, when the server said it.
    public var total: Int?
    /// True when the window reaches the archive's last byte.
    public var reachesEnd: Bool
}

extension PageFetcher {
    /// Bytes `offset ..< offset + count` of a remote archive, as stored (no
    /// content coding), under the address policy and robots.txt. A server
    /// that ignores Range is accepted only from offset 0 for an archive that
    /// fits one window. Redirects are not followed: a window must come from
    /// the URL its chunk job names.
    func archiveWindow(_ url: String, offset: Int, count: Int) async throws -> ArchiveWindow {
        try await Deadline.run(
            seconds: configuration.totalTimeout, timeoutError: { FetchError.timeout(url: url, phase: "total") }
        ) {
            try await self.archiveWindowWithoutTotalTimeout(url, offset: offset, count: count)
        }
    }

    private func archiveWindowWithoutTotalTimeout(_ url: String, offset: Int, count: Int) async throws
        -> ArchiveWindow {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            throw FetchError.invalidURL(url)
        }
        guard try await mayRequest(components, host: host, url: url) else { throw FetchError.disallowedByRobots(url) }
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        request.headers.add(name: "Accept-Encoding", value: "identity")
        request.headers.add(name: "Range", value: "bytes=\(offset)-\(offset + count - 1)")
        let deadline = NIODeadline.now() + .nanoseconds(Int64(configuration.totalTimeout * 1e9))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, deadline: deadline, logger: logger)
        } catch {
            throw Self.mapClientError(error, url: url, limit: count)
        }
        let status = Int(response.status.code)
        let headers = Self.flatten(response.headers)
        switch status {
        case 206:
            let body = try await Self.collectWindow(response.body, limit: count, url: url)
            let total = headers["content-range"].flatMap(Self.totalLength)
            return ArchiveWindow(offset: offset, bytes: body, total: total,
                                 reachesEnd: total.map { offset + body.count >= $0 } ?? (body.count < count))
        case 200:
            // No Range support: only an archive that fits one window is read.
            let refusal = FetchError.archiveRefused(url: url, reason: "the server ignores HTTP Range requests, "
                + "which remote archives larger than one \(count)-byte window need (download it and ingest the file)")
            guard offset == 0 else { throw refusal }
            do {
                let body = try await Self.collectWindow(response.body, limit: count, url: url)
                return ArchiveWindow(offset: 0, bytes: body, total: body.count, reachesEnd: true)
            } catch FetchError.bodyTooLarge {
                throw refusal
            }
        default:
            throw FetchError.httpStatus(status, url: url)
        }
    }

    private static func collectWindow(_ body: HTTPClientResponse.Body, limit: Int, url: String) async throws -> Data {
        do {
            return try await collect(body, limit: limit, url: url)
        } catch let error as FetchError {
            throw error
        } catch {
            throw mapClientError(error, url: url, limit: limit)
        }
    }

    /// The complete length in `Content-Range: bytes 0-99/1234`, nil for `*`.
    static func totalLength(_ contentRange: String) -> Int? {
        contentRange.split(separator: "/").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }
}
