import Foundation
import Shared

/// A response as it came off the wire (body decompressed, not yet
/// converted), plus the few things the stage decides on.
public struct FetchResponse: Sendable, Equatable {
    public var requestedURL: String
    /// After redirects.
    public var finalURL: String
    public var status: Int
    /// Lower-cased names; repeated headers joined with ", ".
    public var headers: [String: String]
    public var body: Data
    public var fetchedAt: Date

    public init(
        requestedURL: String, finalURL: String, status: Int, headers: [String: String], body: Data,
        fetchedAt: Date = Date()
    ) {
        self.requestedURL = requestedURL
        self.finalURL = finalURL
        self.status = status
        self.headers = headers
        self.body = body
        self.fetchedAt = fetchedAt
    }

    public var contentType: String? { headers["content-type"] }
    public var etag: String? { headers["etag"] }
    public var lastModified: String? { headers["last-modified"] }

    /// The page for the parser: body converted to UTF-8, charset recorded.
    public func fetchedPage(source: String? = nil, hintTitle: String? = nil, hintPublished: String? = nil)
        -> FetchedPage {
        let (text, charset) = TextDecoding.decode(body, contentType: contentType)
        return FetchedPage(
            requestedURL: requestedURL, finalURL: finalURL, status: status, contentType: contentType,
            sourceCharset: charset, headers: headers, fetchedAt: fetchedAt, source: source, hintTitle: hintTitle,
            hintPublished: hintPublished, body: text)
    }

    /// The body as UTF-8 (for feed parsing).
    public var utf8Body: Data { TextDecoding.decode(body, contentType: contentType).text }
}

/// What asking for a URL can end in, short of an error.
public enum FetchResult: Sendable, Equatable {
    case fetched(FetchResponse)
    /// 304 to a conditional GET; the response carries the (new) validators.
    case notModified(FetchResponse)
    /// robots.txt forbids it: a typed outcome, never retried.
    case disallowedByRobots(url: String)
}
