import Foundation
import Shared

/// An answer of the web service before any HTTP library sees it: status,
/// content type and body. The API and the app's files are plain functions
/// returning these, so they are tested without a server.
public struct APIResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: Data

    public init(status: Int, contentType: String, body: Data) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    /// `value` as JSON: sorted keys, unescaped slashes, ISO 8601 dates.
    public static func json<T: Encodable>(_ value: T, status: Int = 200) -> APIResponse {
        do {
            return APIResponse(status: status, contentType: "application/json", body: try WireJSON.encoder.encode(value))
        } catch {
            return .error(APIError.internal("encoding the answer failed: \(error)"))
        }
    }

    /// `{"error": "..."}` with the error's status.
    public static func error(_ error: APIError) -> APIResponse {
        let body = (try? WireJSON.encoder.encode(["error": error.message])) ?? Data()
        return APIResponse(status: error.status, contentType: "application/json", body: body)
    }
}

/// Why a request got no answer, as the client should read it: its own
/// mistake (400), nothing there (404), a part that is down (503) or ours (500).
public struct APIError: Error, Sendable, Equatable {
    public var status: Int
    public var message: String

    public static func badRequest(_ message: String) -> APIError { APIError(status: 400, message: message) }
    public static func notFound(_ message: String) -> APIError { APIError(status: 404, message: message) }
    public static func unavailable(_ message: String) -> APIError { APIError(status: 503, message: message) }
    public static func `internal`(_ message: String) -> APIError { APIError(status: 500, message: message) }
}
