import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Debian's headless Chromium driven over the DevTools protocol through
/// `--remote-debugging-pipe`: commands are JSON objects, each ended by a NUL
/// byte, written to the browser's file descriptor 3; answers and events come
/// back the same way on descriptor 4. No WebSocket, no driver binary.
final class HeadlessChromium: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible { var description: String }

    /// A command's result: JSON objects cross from the reading thread to the awaiting task once.
    struct Answer: @unchecked Sendable { let value: [String: Any] }

    private let pid: pid_t
    private let commands: Int32
    private let answers: Int32
    private let profile: URL
    private let lock = NSLock()
    private var nextID = 0
    private var waiting: [Int: CheckedContinuation<Answer, any Error>] = [:]
    private var closed = false

    /// The browser binary: `chromium` from Debian's package.
    static func executable() -> String? {
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        return nil
    }

    init(windowWidth: Int = 1280, windowHeight: Int = 900) throws {
        guard let binary = Self.executable() else {
            throw Failure(description: "no chromium: install Debian's chromium package (make deps-web)")
        }
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("newswire-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        var toBrowser: [Int32] = [0, 0]
        var fromBrowser: [Int32] = [0, 0]
        guard pipe(&toBrowser) == 0, pipe(&fromBrowser) == 0 else { throw Failure(description: "pipe failed") }
        let arguments = [
            binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
            "--remote-debugging-pipe", "--user-data-dir=\(profile.path)", "--window-size=\(windowWidth),\(windowHeight)",
            "about:blank",
        ]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toBrowser[0], 3)
        posix_spawn_file_actions_adddup2(&actions, fromBrowser[1], 4)
        let devNull = open("/dev/null", O_WRONLY)
        posix_spawn_file_actions_adddup2(&actions, devNull, 1)
        posix_spawn_file_actions_adddup2(&actions, devNull, 2)
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, binary, &actions, nil, &argv, environ)
        Glibc.close(devNull)
        Glibc.close(toBrowser[0])
        Glibc.close(fromBrowser[1])
        guard result == 0 else { throw Failure(description: "starting chromium failed: \(result)") }
        pid = child
        commands = toBrowser[1]
        answers = fromBrowser[0]
        let reader = Thread { [self] in readAnswers() }
        reader.start()
    }

    /// Sends one command (to a page when `session` is given) and returns its result.
    @discardableResult
    func send(_ method: String, _ params: [String: Any] = [:], session: String? = nil) async throws -> [String: Any] {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Answer, any Error>) in
            lock.lock()
            if closed {
                lock.unlock()
                continuation.resume(throwing: Failure(description: "chromium has exited"))
                return
            }
            nextID += 1
            let id = nextID
            waiting[id] = continuation
            lock.unlock()
            var command: [String: Any] = ["id": id, "method": method, "params": params]
            if let session { command["sessionId"] = session }
            do {
                var data = try JSONSerialization.data(withJSONObject: command)
                data.append(0)
                try write(data)
            } catch {
                finish(id, .failure(error))
            }
        }.value
    }

    private func write(_ data: Data) throws {
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(commands, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { throw Failure(description: "writing to chromium failed") }
                offset += n
            }
        }
    }

    private func finish(_ id: Int, _ result: Result<Answer, any Error>) {
        lock.lock()
        let continuation = waiting.removeValue(forKey: id)
        lock.unlock()
        continuation?.resume(with: result)
    }

    private func readAnswers() {
        var pending = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = read(answers, &buffer, buffer.count)
            if n <= 0 { break }
            pending.append(contentsOf: buffer[0..<n])
            while let end = pending.firstIndex(of: 0) {
                let message = pending[pending.startIndex..<end]
                pending = Data(pending[(end + 1)...])
                guard let object = try? JSONSerialization.jsonObject(with: message) as? [String: Any],
                    let id = object["id"] as? Int
                else { continue }
                if let error = object["error"] as? [String: Any] {
                    finish(id, .failure(Failure(description: "DevTools: \(error["message"] ?? error)")))
                } else {
                    finish(id, .success(Answer(value: object["result"] as? [String: Any] ?? [:])))
                }
            }
        }
        lock.lock()
        closed = true
        let orphans = waiting
        waiting = [:]
        lock.unlock()
        for continuation in orphans.values { continuation.resume(throwing: Failure(description: "chromium has exited")) }
    }

    /// Opens a tab and returns the session to send page commands to.
    func openPage() async throws -> String {
        let target = try await send("Target.createTarget", ["url": "about:blank"])
        guard let targetID = target["targetId"] as? String else { throw Failure(description: "no target id") }
        let attached = try await send("Target.attachToTarget", ["targetId": targetID, "flatten": true])
        guard let session = attached["sessionId"] as? String else { throw Failure(description: "no session id") }
        try await send("Page.enable", session: session)
        return session
    }

    /// Evaluates JavaScript in the page (awaiting a promise it returns) and
    /// gives back its JSON value.
    func evaluate(_ expression: String, session: String) async throws -> Any? {
        let result = try await send(
            "Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true],
            session: session)
        if let exception = result["exceptionDetails"] as? [String: Any] {
            throw Failure(description: "JavaScript: \(exception["text"] ?? "") \((exception["exception"] as? [String: Any])?["description"] ?? "")")
        }
        return (result["result"] as? [String: Any])?["value"]
    }

    /// A PNG of the page as it is now.
    func screenshot(session: String) async throws -> Data {
        let result = try await send("Page.captureScreenshot", ["format": "png"], session: session)
        guard let base64 = result["data"] as? String, let data = Data(base64Encoded: base64) else {
            throw Failure(description: "no screenshot data")
        }
        return data
    }

    /// Clicks the middle of the first element `selector` matches, as a mouse
    /// would (of its first line box: a wrapped link's overall box has gaps).
    func click(_ selector: String, session: String) async throws {
        let literal = String(decoding: try JSONSerialization.data(withJSONObject: [selector]), as: UTF8.self)
        guard
            let box = try await evaluate(
                """
                (() => { const e = document.querySelector(\(literal)[0]); if (!e) return null;
                  e.scrollIntoView({block: "center"}); const r = e.getClientRects()[0];
                  return [r.left + r.width / 2, r.top + r.height / 2]; })()
                """, session: session) as? [Double], box.count == 2
        else { throw Failure(description: "nothing to click at \(selector)") }
        for type in ["mousePressed", "mouseReleased"] {
            try await send(
                "Input.dispatchMouseEvent",
                ["type": type, "x": box[0], "y": box[1], "button": "left", "clickCount": 1], session: session)
        }
    }

    /// Types text into the focused element, then presses Enter.
    func type(_ text: String, pressingEnter: Bool, session: String) async throws {
        try await send("Input.insertText", ["text": text], session: session)
        if pressingEnter {
            for type in ["keyDown", "keyUp"] {
                try await send(
                    "Input.dispatchKeyEvent",
                    ["type": type, "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"],
                    session: session)
            }
        }
    }

    /// Ends the browser and removes its profile.
    func close() {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        Glibc.close(commands)
        Glibc.close(answers)
        try? FileManager.default.removeItem(at: profile)
    }
}
