import Foundation

/// What a programmable route sees of a request: enough to answer
/// conditionally (validators, Accept-Encoding) without exposing NIO types.
public struct SampleSiteRequest: Sendable {
    public var method: String
    /// The path without the query, percent-encoding kept as sent.
    public var path: String
    public var query: String?
    /// Header names lower-cased; repeated headers joined with ", ".
    public var headers: [String: String]
    /// `http://127.0.0.1:PORT`, the value `{{BASE_URL}}` is replaced with.
    public var baseURL: String

    public init(method: String, path: String, query: String?, headers: [String: String], baseURL: String) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.baseURL = baseURL
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}
