import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A deliberately dumb HTTP/1.1 client over a raw socket, so the tests see
/// exactly what the endpoint sends (no proxy settings, no client caching).
///
/// Its socket calls block, so each runs on a thread of its own: on the
/// cooperative pool (two threads here) they would starve the very server
/// they wait for. One request at a time per probe, hence `@unchecked`.
final class HTTPProbe: @unchecked Sendable {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    struct ProbeError: Error, CustomStringConvertible {
        var description: String
    }

    private let fd: Int32
    private var buffer: [UInt8] = []

    private init(port: Int, timeoutSeconds: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ProbeError(description: "socket: errno \(errno)") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            let code = errno
            close(fd)
            throw ProbeError(description: "connect to 127.0.0.1:\(port): errno \(code)")
        }
    }

    deinit { close(fd) }

    private func blockingRequest(_ path: String, method: String, keepAlive: Bool) throws -> Response {
        let text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw ProbeError(description: "send: errno \(errno)") }
        return try readResponse(expectBody: method != "HEAD")
    }

    private func blockingIsClosedByPeer() -> Bool {
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) == 0
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { throw ProbeError(description: n == 0 ? "connection closed" : "recv: errno \(errno)") }
        buffer.append(contentsOf: chunk[0..<n])
    }

    private func readResponse(expectBody: Bool) throws -> Response {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headerEnd: Int?
        while headerEnd == nil {
            if buffer.count >= 4 {
                headerEnd = (0...(buffer.count - 4)).first { Array(buffer[$0..<($0 + 4)]) == separator }
            }
            if headerEnd == nil { try fill() }
        }
        let head = String(decoding: buffer[0..<headerEnd!], as: UTF8.self)
        buffer.removeFirst(headerEnd! + 4)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw ProbeError(description: "bad status line in \(head)")
        }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = expectBody ? Int(headers["content-length"] ?? "0") ?? 0 : 0
        while buffer.count < length { try fill() }
        let body = String(decoding: buffer[0..<length], as: UTF8.self)
        buffer.removeFirst(length)
        return Response(status: status, headers: headers, body: body)
    }

    /// Runs `body` on a new thread and waits for it without holding a pool thread.
    private static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    /// Connects to 127.0.0.1:`port`; throws when nothing listens there.
    static func connect(port: Int, timeoutSeconds: Int = 10) async throws -> HTTPProbe {
        try await offPool { try HTTPProbe(port: port, timeoutSeconds: timeoutSeconds) }
    }

    /// One request on this connection; `keepAlive` false asks the server to close after it.
    func request(_ path: String, method: String = "GET", keepAlive: Bool = false) async throws -> Response {
        try await Self.offPool { try self.blockingRequest(path, method: method, keepAlive: keepAlive) }
    }

    /// True when the server closed this connection (a read returns end of stream).
    func isClosedByPeer() async -> Bool {
        (try? await Self.offPool { self.blockingIsClosedByPeer() }) ?? false
    }

    /// One request on a fresh connection.
    static func get(port: Int, _ path: String, method: String = "GET") async throws -> Response {
        try await connect(port: port).request(path, method: method)
    }
}

/// The value of one series in Prometheus text format, `name{labels}`
/// written exactly as the exposition writes it; nil when absent.
func sample(_ exposition: String, _ series: String) -> Double? {
    for line in exposition.split(separator: "\n") where line.hasPrefix(series + " ") {
        return Double(line.dropFirst(series.count + 1).split(separator: " ").first ?? "")
    }
    return nil
}
