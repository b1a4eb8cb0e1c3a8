import Foundation
import Shared

/// Why a fetch failed, typed so the stage can tell retryable failures
/// (network, 5xx) from ones that never succeed (4xx, robots, refused
/// addresses, size cap, non-text content) and dead-letter those at once.
public enum FetchError: Error, Equatable, CustomStringConvertible {
    case invalidURL(String)
    case unsupportedScheme(String)
    /// The host resolves to a private, loopback or link-local address.
    case refusedAddress(host: String, address: String)
    case unresolvableHost(String)
    case disallowedByRobots(String)
    /// robots.txt answered 5xx or could not be fetched: retry later.
    case robotsUnavailable(host: String, reason: String)
    case httpStatus(Int, url: String)
    case tooManyRedirects(limit: Int, url: String)
    case redirectWithoutLocation(url: String)
    case bodyTooLarge(limit: Int, url: String)
    case notText(contentType: String, url: String)
    case timeout(url: String, phase: String)
    case network(url: String, reason: String)
    case fileNotFound(String)
    case notAFeed(url: String, reason: String)
    /// A `file://` URL outside the operator's `--file-root`.
    case outsideFileRoot(path: String, root: String)
    /// An archive job the configuration does not allow (remote archives are opt-in).
    case archiveRefused(url: String, reason: String)
    /// An archive that cannot be read (malformed, truncated, over a cap).
    case badArchive(url: String, reason: String)

    public var description: String {
        switch self {
        case .invalidURL(let url): "invalid URL: \(url)"
        case .unsupportedScheme(let url): "unsupported URL scheme: \(url)"
        case .refusedAddress(let host, let address):
            "refused: \(host) resolves to non-public address \(address) (allowPrivateAddresses is off)"
        case .unresolvableHost(let host): "cannot resolve host \(host)"
        case .disallowedByRobots(let url): "disallowed by robots.txt: \(url)"
        case .robotsUnavailable(let host, let reason): "robots.txt of \(host) unavailable: \(reason)"
        case .httpStatus(let status, let url): "HTTP \(status) for \(url)"
        case .tooManyRedirects(let limit, let url): "more than \(limit) redirects from \(url)"
        case .redirectWithoutLocation(let url): "redirect without Location from \(url)"
        case .bodyTooLarge(let limit, let url): "body of \(url) exceeds the \(limit)-byte cap"
        case .notText(let type, let url): "not a text document (\(type)): \(url)"
        case .timeout(let url, let phase): "timed out (\(phase)) fetching \(url)"
        case .network(let url, let reason): "network error fetching \(url): \(reason)"
        case .fileNotFound(let path): "no such file: \(path)"
        case .notAFeed(let url, let reason): "not a feed or sitemap: \(url) (\(reason))"
        case .outsideFileRoot(let path, let root): "refused: \(path) is outside the file root \(root)"
        case .archiveRefused(let url, let reason): "archive refused: \(url) (\(reason))"
        case .badArchive(let url, let reason): "unreadable archive \(url): \(reason)"
        }
    }

    /// Worth retrying later.
    public var isTransient: Bool {
        switch self {
        case .timeout, .network, .robotsUnavailable, .unresolvableHost: true
        case .httpStatus(let status, _): status >= 500 || status == 408 || status == 429
        default: false
        }
    }

    /// The runtime's view: transient failures are retried, the rest dead-lettered.
    public var stageError: StageError {
        isTransient ? .transient(description) : .permanent(description)
    }
}
