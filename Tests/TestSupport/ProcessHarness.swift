import Foundation
import PipelineRuntime
import Shared
#if canImport(Glibc)
import Glibc
#endif

/// Starts the real executables (broker, relay workers, recorders) for the
/// end-to-end broker tests, and cleans up after them.
public final class ProcessHarness: @unchecked Sendable {
    public let directory: URL
    private var processes: [Process] = []
    private let lock = NSLock()

    public init(name: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("newswire-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        for p in processes where p.isRunning { kill(p.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Where `swift build` put the executables: beside the test bundle, or NEWSWIRE_BIN_DIR.
    public static var binDirectory: URL {
        if let dir = ProcessInfo.processInfo.environment["NEWSWIRE_BIN_DIR"] { return URL(fileURLWithPath: dir) }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("newswire-broker").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug")
    }

    @discardableResult
    public func start(_ executable: String, _ arguments: [String], log: String) throws -> Process {
        let process = Process()
        process.executableURL = Self.binDirectory.appendingPathComponent(executable)
        process.arguments = arguments
        let logURL = directory.appendingPathComponent(log)
        if !FileManager.default.fileExists(atPath: logURL.path) { FileManager.default.createFile(atPath: logURL.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: logURL)
        handle.seekToEndOfFile()
        process.standardError = handle
        process.standardOutput = handle
        process.currentDirectoryURL = directory
        try process.run()
        lock.withLock { processes.append(process) }
        return process
    }

    /// Queue names the test suites use beside the pipeline's; the broker creates no others.
    public static let testQueues = ["in", "out", "bad", "polite", "bulk", "src", "stage-a", "stage-b", "out-a", "out-b", "obs-in"]

    public func startBroker(endpoint: String, data: String = "broker-data", queues: [String] = ProcessHarness.testQueues, extra: [String] = []) throws -> Process {
        let listening = countListening("broker.log")
        let p = try start("newswire-broker", ["--bind", endpoint, "--data", directory.appendingPathComponent(data).path,
                                              "--heartbeat", "0.5", "--liveness", "6", "--queues", queues.joined(separator: ",")] + extra, log: "broker.log")
        try awaitListening(p, log: "broker.log", before: listening)
        return p
    }

    /// Blocks until the broker just started logs that it is bound (clients then
    /// never race its start: a client connecting to a port nobody listens on yet
    /// can collide with it), or throws with its log when it exits or stays silent.
    private func awaitListening(_ process: Process, log name: String, before: Int, timeout: Double = 30) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if countListening(name) > before { return }
            if !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        if countListening(name) > before { return }
        throw HarnessError.brokerDidNotStart(String(log(name).suffix(2000)))
    }

    private func countListening(_ name: String) -> Int {
        log(name).components(separatedBy: "broker.listening").count - 1
    }

    public func startRelay(endpoint: String, from: String, to: String, extra: [String] = [], log: String = "relay.log") throws -> Process {
        try start("newswire", ["relay", "--broker", endpoint, "--from", from, "--to", to] + extra, log: log)
    }

    /// Runs `body`; an error it throws comes back with the tail of log `name`
    /// attached, so a failure on a machine we cannot inspect says what the process did.
    public func explainingFailure<T>(log name: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw HarnessError.failed("\(error)", String(log(name).suffix(3000)))
        }
    }

    public func log(_ name: String) -> String {
        (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }

    /// Runs a command to completion and returns its exit status and output.
    public func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = Self.binDirectory.appendingPathComponent(executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    public static func kill9(_ p: Process) {
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
    }

    /// SIGTERM and wait; returns the exit status.
    public static func terminate(_ p: Process) -> Int32 {
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        return p.terminationStatus
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    public static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    public static func endpoint() -> String { "tcp://127.0.0.1:\(freePort())" }

    /// Resident memory of a process in bytes (from /proc).
    public static func residentBytes(_ pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let kb = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) } ?? 0
            return kb * 1024
        }
        return 0
    }
}

/// Why the harness could not bring a process up.
public enum HarnessError: Error, CustomStringConvertible {
    case brokerDidNotStart(String)
    case failed(String, String)
    public var description: String {
        switch self {
        case .failed(let error, let log): "\(error); the process log ends:\n\(log)"
        case .brokerDidNotStart(let log): "the broker did not report broker.listening; its log ends:\n\(log)"
        }
    }
}

/// Polls `condition` until it holds or `timeout` passes.
public func eventually(timeout: Double, interval: Double = 0.1, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .seconds(interval))
    }
    return try await condition()
}

/// Raw test messages of `size` bytes with a key.
public func rawMessages(_ count: Int, size: Int = 512, key: (Int) -> String? = { _ in nil }, prefix: String = "m") throws -> [Message] {
    try (0..<count).map { i in
        var body = Data(count: size)
        body.withUnsafeMutableBytes { buffer in
            for j in 0..<buffer.count { buffer[j] = UInt8(truncatingIfNeeded: i &+ j) }
        }
        let envelope = Envelope.new(kind: .raw, producer: "test", key: key(i), id: "\(prefix)-\(i)")
        return try Message(envelope: envelope, payload: RawPayload(note: "\(i)", body: body))
    }
}

/// Consumes a queue in-process (a real worker on real sockets) and collects
/// what arrives, for assertions.
public final class Collector: Stage, @unchecked Sendable {
    public let inputQueue: String
    private let lock = NSLock()
    private var messages: [Message] = []
    public init(queue: String) { inputQueue = queue }
    public func process(_ message: Message) async throws -> [StageOutput] {
        lock.withLock { messages.append(message) }
        return []
    }
    public var received: [Message] { lock.withLock { messages } }
    public var uniqueIDs: Set<String> { Set(received.map(\.envelope.id)) }
}

/// A one-way flag a task sets when it ends, so a test can tell a pushed-back
/// call from a finished one without waiting on it.
public final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    public init() {}

    public func set() { lock.withLock { value = true } }

    public var isSet: Bool { lock.withLock { value } }
}
