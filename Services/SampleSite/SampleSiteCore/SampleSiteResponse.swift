import Foundation

/// A programmable route's answer. Besides plain bodies it can misbehave on
/// purpose (delays, trickled or endless bodies, wrong lengths), which is what
/// a fetcher's timeouts and caps are tested against.
public struct SampleSiteResponse: Sendable {
    /// How the body is produced.
    public enum Body: Sendable {
        case bytes(Data)
        /// `pattern` repeated until `totalBytes` are sent, streamed in chunks,
        /// so a huge body never sits in memory.
        case repeating(Data, totalBytes: Int)
    }

    public var status: Int
    /// Extra headers; Content-Length, Date and Connection are set by the server.
    public var headers: [(String, String)]
    public var body: Body
    /// Wait this long before sending the response head (a slow server).
    public var delaySeconds: Double
    /// Wait this long between body chunks (a trickling server).
    public var chunkDelaySeconds: Double
    /// Bytes per body chunk when streaming.
    public var chunkSize: Int
    /// Send Content-Length (true) or use chunked transfer encoding (false).
    public var declaresLength: Bool
    /// Replace `{{BASE_URL}}` in the body (text bodies only).
    public var substitutesBaseURL: Bool

    public init(
        status: Int = 200, headers: [(String, String)] = [], body: Body = .bytes(Data()),
        delaySeconds: Double = 0, chunkDelaySeconds: Double = 0, chunkSize: Int = 16 * 1024,
        declaresLength: Bool = true, substitutesBaseURL: Bool = true
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delaySeconds = delaySeconds
        self.chunkDelaySeconds = chunkDelaySeconds
        self.chunkSize = chunkSize
        self.declaresLength = declaresLength
        self.substitutesBaseURL = substitutesBaseURL
    }

    /// A body with the given Content-Type (charset parameter included as given).
    public static func content(_ data: Data, contentType: String?, status: Int = 200) -> SampleSiteResponse {
        SampleSiteResponse(status: status, headers: contentType.map { [("Content-Type", $0)] } ?? [], body: .bytes(data))
    }

    public static func text(_ text: String, contentType: String = "text/plain; charset=utf-8", status: Int = 200)
        -> SampleSiteResponse {
        content(Data(text.utf8), contentType: contentType, status: status)
    }

    public static func redirect(to location: String, status: Int = 302) -> SampleSiteResponse {
        SampleSiteResponse(status: status, headers: [("Location", location)])
    }

    public static func status(_ code: Int) -> SampleSiteResponse {
        text("status \(code)\n", status: code)
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}
