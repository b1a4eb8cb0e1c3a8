import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A deliberately broken HTTP server for hostile-server tests: it answers
/// each connection with fixed bytes chosen by the request path and closes,
/// so it can send what a well-behaved server never would (a body shorter
/// than its Content-Length). Listens on 127.0.0.1 or on a Unix socket.
final class RawHTTPServer: @unchecked Sendable {
    private let fd: Int32
    private let answers: @Sendable (String) -> Data
    private let lock = NSLock()
    private var paths: [String] = []
    private var stopped = false
    let port: Int
    let unixPath: String?

    init(unixPath: String? = nil, answers: @escaping @Sendable (_ path: String) -> Data) throws {
        self.answers = answers
        self.unixPath = unixPath
        let fd: Int32
        if let unixPath {
            fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                let bytes = Array(unixPath.utf8.prefix(raw.count - 1))
                raw.copyBytes(from: bytes)
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
            port = 0
        } else {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                    guard bind(fd, pointer, length) == 0 else { return -1 }
                    return getsockname(fd, pointer, &length)
                }
            }
            guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
            port = Int(UInt16(bigEndian: address.sin_port))
        }
        self.fd = fd
        guard listen(fd, 16) == 0 else { throw POSIXError(.EINVAL) }
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Request paths seen so far.
    var requestedPaths: [String] { lock.withLock { paths } }

    func stop() {
        lock.withLock { stopped = true }
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
        if let unixPath { unlink(unixPath) }
    }

    private func acceptLoop() {
        while true {
            let client = accept(fd, nil, nil)
            guard client >= 0 else { return }
            if lock.withLock({ stopped }) { close(client); return }
            let path = readRequestPath(client)
            lock.withLock { paths.append(path) }
            let reply = [UInt8](answers(path))
            _ = reply.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            close(client)
        }
    }

    private func readRequestPath(_ client: Int32) -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while received.count < 64 * 1024 {
            let count = recv(client, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            received += buffer[0..<count]
            if String(decoding: received, as: UTF8.self).contains("\r\n\r\n") { break }
        }
        let line = String(decoding: received, as: UTF8.self).split(separator: "\r\n").first ?? ""
        let parts = line.split(separator: " ")
        return parts.count >= 2 ? String(parts[1]) : ""
    }
}
