// Connects a DEALER socket to the broker's ROUTER endpoint and owns it on a
// thread of its own; the async world talks to it through `send` and `events`.
import Foundation
import Shared
import Synchronization
import ZeroMQ

/// The one connection of a process (worker or client) to the broker.
///
/// libzmq sockets are not thread-safe and their blocking calls must stay off
/// Swift's cooperative pool, so the socket lives on a dedicated thread that
/// polls it and a wake-up pipe; outgoing messages are queued under a lock.
/// In worker mode the link heartbeats and, when the broker goes silent,
/// reconnects on a fresh socket (Paranoid Pirate) and reports `.reconnected`.
public final class BrokerLink: Sendable {
    public enum Event: Sendable {
        /// A message from the broker, starting with the command frame (NWP1 stripped).
        case message([Data])
        /// The link dropped its socket and connected a new one: re-register.
        case reconnected
        /// Emitted a few times a second so consumers can check deadlines.
        case tick
    }

    public struct Options: Sendable {
        public var endpoint: String
        /// Heartbeat and detect a silent broker (workers); clients leave it off.
        public var heartbeats: Bool
        public var heartbeatInterval: Double
        public var heartbeatLiveness: Int
        /// CURVE: the broker's public key and ours (Z85).
        public var curveServerKey: String?
        public var curvePublicKey: String?
        public var curveSecretKey: String?

        public init(
            endpoint: String, heartbeats: Bool = false, heartbeatInterval: Double = 1.0, heartbeatLiveness: Int = 3,
            curveServerKey: String? = nil, curvePublicKey: String? = nil, curveSecretKey: String? = nil
        ) {
            self.endpoint = endpoint
            self.heartbeats = heartbeats
            self.heartbeatInterval = heartbeatInterval
            self.heartbeatLiveness = heartbeatLiveness
            self.curveServerKey = curveServerKey
            self.curvePublicKey = curvePublicKey
            self.curveSecretKey = curveSecretKey
        }
    }

    public let options: Options
    public let events: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation
    private let outbox = Mutex<[[Data]]>([])
    private let wakeup: WakeupPipe
    private let stopping = Atomic<Bool>(false)
    private let finished = Mutex<CheckedContinuation<Void, Never>?>(nil)
    private let done = Atomic<Bool>(false)
    /// Monotonic time (ns) the current socket last received anything from the
    /// broker; 0 before the first message, after a reconnect and once closed.
    private let lastHeardNanos = Atomic<UInt64>(0)

    public init(options: Options) throws {
        self.options = options
        (events, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .unbounded)
        wakeup = try WakeupPipe()
        let thread = Thread { [self] in self.loop() }
        thread.name = "newswire-link"
        thread.start()
    }

    /// Queues a command for the broker; `frames` starts with the command (NWP1 is added).
    public func send(_ frames: [Data]) {
        // Wake the socket thread only when the outbox goes from empty to not
        // empty: a burst of sends costs one pipe write, not one per message.
        let wasEmpty = outbox.withLock { box -> Bool in
            let empty = box.isEmpty
            box.append([BrokerProtocol.signature] + frames)
            return empty
        }
        if wasEmpty { wakeup.signal() }
    }

    public func send(_ command: BrokerProtocol.ClientCommand, _ arguments: [Data] = []) {
        send([BrokerProtocol.frame(command.rawValue)] + arguments)
    }

    /// True while the broker is heard from: some message arrived on the current
    /// socket within `heartbeatInterval * heartbeatLiveness`. A broker sends
    /// HEARTBEAT to every registered worker each interval, so for workers this
    /// is "connected and answered"; it is false before the first message, from
    /// the moment the link gives up on a silent broker, and after `close()`.
    public var isLive: Bool {
        let heard = lastHeardNanos.load(ordering: .acquiring)
        guard heard != 0 else { return false }
        let window = options.heartbeatInterval * Double(options.heartbeatLiveness)
        return Double(DispatchTime.now().uptimeNanoseconds &- heard) / 1e9 <= window
    }

    /// Flushes what is queued (up to a second), closes the socket and ends `events`.
    public func close() async {
        stopping.store(true, ordering: .relaxed)
        wakeup.signal()
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let alreadyDone = finished.withLock { slot -> Bool in
                if done.load(ordering: .acquiring) { return true }
                slot = c
                return false
            }
            if alreadyDone { c.resume() }
        }
    }

    // MARK: The socket thread

    private func loop() {
        defer {
            lastHeardNanos.store(0, ordering: .releasing)
            continuation.finish()
            let waiter = finished.withLock { slot -> CheckedContinuation<Void, Never>? in
                done.store(true, ordering: .releasing)
                let w = slot
                slot = nil
                return w
            }
            waiter?.resume()
        }
        guard let context = try? Context() else { return }
        defer { context.terminate() }
        var socket: Socket? = nil
        var lastHeard = Date().timeIntervalSince1970
        var lastSent = 0.0
        var reconnectDelay = options.heartbeatInterval
        var stopDeadline: Double? = nil
        var lastTick = 0.0

        func open() -> Socket? {
            do {
                let s = try context.makeSocket(.dealer)
                try s.setLinger(milliseconds: 0)
                try s.setSendHighWaterMark(0)
                try s.setReceiveHighWaterMark(0)
                try s.setReconnectInterval(milliseconds: 100, max: 2000)
                if let server = options.curveServerKey, let pub = options.curvePublicKey, let sec = options.curveSecretKey {
                    try s.setCurveClient(serverKey: server, publicKey: pub, secretKey: sec)
                }
                try s.connect(options.endpoint)
                lastHeardNanos.store(0, ordering: .releasing)
                return s
            } catch {
                return nil
            }
        }

        socket = open()
        while true {
            let now = Date().timeIntervalSince1970
            if stopping.load(ordering: .relaxed) {
                if stopDeadline == nil { stopDeadline = now + 1 }
                let empty = outbox.withLock { $0.isEmpty }
                if empty || now > stopDeadline! { break }
            }
            guard let current = socket else {
                Thread.sleep(forTimeInterval: 0.2)
                socket = open()
                continue
            }
            var poller = Poller(capacity: 2)
            poller.add(current)
            poller.add(fileDescriptor: wakeup.fileDescriptor)
            do {
                try poller.poll(timeoutMs: 100)
            } catch {
                break
            }
            if poller.isReadable(1) { wakeup.drain() }
            // Outgoing.
            let pending = outbox.withLock { box -> [[Data]] in
                let taken = box
                box.removeAll(keepingCapacity: true)
                return taken
            }
            var unsent: [[Data]] = []
            for (index, frames) in pending.enumerated() {
                if !unsent.isEmpty { unsent.append(frames); continue }
                do {
                    if try current.send(frames, dontWait: true) {
                        lastSent = now
                    } else {
                        unsent = [frames]
                    }
                } catch {
                    unsent = Array(pending[index...])
                    break
                }
            }
            if !unsent.isEmpty { outbox.withLock { $0.insert(contentsOf: unsent, at: 0) } }
            // Incoming.
            while let frames = try? current.receive(dontWait: true) {
                lastHeard = Date().timeIntervalSince1970
                lastHeardNanos.store(max(1, DispatchTime.now().uptimeNanoseconds), ordering: .releasing)
                reconnectDelay = options.heartbeatInterval
                guard frames.count >= 2, frames[0] == BrokerProtocol.signature else { continue }
                continuation.yield(.message(Array(frames.dropFirst())))
            }
            // Heartbeats and liveness.
            let after = Date().timeIntervalSince1970
            if after - lastTick >= 0.05 {
                lastTick = after
                continuation.yield(.tick)
            }
            if options.heartbeats && !stopping.load(ordering: .relaxed) {
                if after - lastSent >= options.heartbeatInterval {
                    if (try? current.send([BrokerProtocol.signature, BrokerProtocol.frame(BrokerProtocol.ClientCommand.heartbeat.rawValue)], dontWait: true)) == true {
                        lastSent = after
                    }
                }
                if after - lastHeard > options.heartbeatInterval * Double(options.heartbeatLiveness) + reconnectDelay - options.heartbeatInterval {
                    current.close()
                    socket = open()
                    lastHeard = after
                    reconnectDelay = min(reconnectDelay * 2, 16)
                    continuation.yield(.reconnected)
                }
            }
        }
        socket?.close()
    }
}
