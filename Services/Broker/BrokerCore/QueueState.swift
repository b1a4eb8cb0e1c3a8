import Foundation

/// One named queue: ready jobs per key in round-robin, delayed jobs by time,
/// and the per-key accounting that makes politeness hold for any number of
/// workers.
final class QueueState {
    let name: String
    var policy: QueuePolicy

    private var readyByKey: [String: Deque<Job>] = [:]
    private enum KeyState { case active, blocked, spaced }
    private var keyStates: [String: KeyState] = [:]
    /// Keys with ready jobs that may be dispatched now, in round-robin order.
    private var activeKeys = Deque<String>()
    /// Keys waiting for their spacing interval to pass.
    private var spacedKeys = Heap<(Double, String)>(less: { $0.0 < $1.0 })
    private var delayed = Heap<Job>(less: { ($0.notBefore, $0.seq) < ($1.notBefore, $1.seq) })
    private var inFlightByKey: [String: Int] = [:]
    private var lastDispatchByKey: [String: Double] = [:]

    /// Jobs waiting (ready + delayed), their bytes, and jobs in flight.
    private(set) var depth = 0
    private(set) var delayedCount = 0
    private(set) var bytes = 0
    private(set) var inFlight = 0

    // Counters for status.
    var published = 0
    var completed = 0
    var failed = 0
    var deadLettered = 0
    var rate = RateMeter()

    init(name: String, policy: QueuePolicy) {
        self.name = name
        self.policy = policy
    }

    var isFull: Bool { depth >= policy.maxDepth || bytes >= policy.maxBytes }

    private var keysLimited: Bool { policy.keyConcurrency > 0 || policy.keyInterval > 0 }

    /// Adds a job that is not in flight; it becomes ready or delayed by its `notBefore`.
    func enqueue(_ job: Job, now: Double, front: Bool = false) {
        depth += 1
        bytes += job.bytes
        if job.notBefore > now {
            job.state = .delayed
            delayedCount += 1
            delayed.push(job)
        } else {
            makeReady(job, front: front)
        }
    }

    private func makeReady(_ job: Job, front: Bool = false) {
        job.state = .ready
        let key = job.key
        if front {
            readyByKey[key, default: Deque()].prepend(job)
        } else {
            readyByKey[key, default: Deque()].append(job)
        }
        if keyStates[key] == nil {
            keyStates[key] = .active
            activeKeys.append(key)
        }
    }

    /// Moves delayed jobs and spaced keys whose time has come.
    func promote(now: Double) {
        while let top = delayed.top, top.notBefore <= now {
            _ = delayed.pop()
            guard top.state == .delayed else { continue }  // retired meanwhile
            delayedCount -= 1
            makeReady(top)
        }
        while let top = spacedKeys.top, top.0 <= now {
            _ = spacedKeys.pop()
            if keyStates[top.1] == .spaced {
                keyStates[top.1] = .active
                activeKeys.append(top.1)
            }
        }
    }

    /// The earliest time something delayed becomes dispatchable.
    var nextWakeup: Double? {
        let a = delayed.top?.notBefore
        let b = spacedKeys.top?.0
        switch (a, b) {
        case let (a?, b?): return min(a, b)
        case let (a?, nil): return a
        case let (nil, b?): return b
        default: return nil
        }
    }

    /// Takes the next job allowed out now, honouring per-key limits. Only
    /// jobs whose latest write is in a commit up to `durableThrough` leave:
    /// a job is dispatched once it is on disk. New jobs join the back of
    /// their key's line, so a key waits for its head's commit at most.
    func dequeue(now: Double, durableThrough committed: Int64) -> Job? {
        var examined = 0
        let limit = activeKeys.count
        while examined < limit, let key = activeKeys.popFirst() {
            examined += 1
            // Taken out of the dictionary so the deque's storage is uniquely
            // referenced: popping a copy would copy the whole array each time.
            guard var jobs = readyByKey.removeValue(forKey: key) else {
                keyStates[key] = nil
                continue
            }
            // Drop retired jobs at the front.
            while let first = jobs.first, first.state != .ready { _ = jobs.popFirst() }
            if jobs.isEmpty {
                keyStates[key] = nil
                continue
            }
            if let first = jobs.first, first.savedIn > committed {
                readyByKey[key] = jobs
                activeKeys.append(key)
                continue
            }
            if keysLimited && !key.isEmpty {
                if policy.keyConcurrency > 0 && inFlightByKey[key, default: 0] >= policy.keyConcurrency {
                    readyByKey[key] = jobs
                    keyStates[key] = .blocked
                    continue
                }
                if policy.keyInterval > 0, let last = lastDispatchByKey[key], now < last + policy.keyInterval {
                    readyByKey[key] = jobs
                    keyStates[key] = .spaced
                    spacedKeys.push((last + policy.keyInterval, key))
                    continue
                }
            }
            let job = jobs.popFirst()!
            if jobs.isEmpty {
                keyStates[key] = nil
            } else {
                readyByKey[key] = jobs
                activeKeys.append(key)
            }
            depth -= 1
            bytes -= job.bytes
            inFlight += 1
            if !key.isEmpty {
                inFlightByKey[key, default: 0] += 1
                lastDispatchByKey[key] = now
            }
            return job
        }
        return nil
    }

    /// Whether `dequeue` could return something now (cheap check).
    var hasActiveKeys: Bool { !activeKeys.isEmpty }

    /// A job left flight (done, failed or requeued): free its key's slot.
    func leftFlight(_ job: Job, now: Double) {
        inFlight -= 1
        let key = job.key
        guard !key.isEmpty, let count = inFlightByKey[key] else { return }
        if count <= 1 { inFlightByKey[key] = nil } else { inFlightByKey[key] = count - 1 }
        if keyStates[key] == .blocked {
            if policy.keyInterval > 0, let last = lastDispatchByKey[key], now < last + policy.keyInterval {
                keyStates[key] = .spaced
                spacedKeys.push((last + policy.keyInterval, key))
            } else {
                keyStates[key] = .active
                activeKeys.append(key)
            }
        }
        if lastDispatchByKey.count > 100_000 { pruneDispatchTimes(now: now) }
    }

    /// A waiting (ready or delayed) job is removed without being dispatched.
    func removeWaiting(_ job: Job) {
        if job.state == .delayed { delayedCount -= 1 }
        job.state = .retired  // lazily dropped by the structures
        depth -= 1
        bytes -= job.bytes
    }

    private func pruneDispatchTimes(now: Double) {
        let horizon = policy.keyInterval
        lastDispatchByKey = lastDispatchByKey.filter { now - $0.value < horizon || keyStates[$0.key] != nil }
    }
}

/// Completions per second, smoothed over a few seconds.
struct RateMeter {
    private var windowStart = 0.0
    private var countInWindow = 0
    private(set) var perSecond = 0.0

    mutating func record(now: Double, count: Int = 1) {
        if windowStart == 0 { windowStart = now }
        countInWindow += count
        tick(now: now)
    }

    mutating func tick(now: Double) {
        let elapsed = now - windowStart
        if elapsed >= 2 {
            perSecond = Double(countInWindow) / elapsed
            windowStart = now
            countInWindow = 0
        } else if windowStart == 0 {
            windowStart = now
        }
    }

    mutating func decayIfIdle(now: Double) {
        if now - windowStart >= 4 && countInWindow == 0 { perSecond = 0; windowStart = now }
    }
}
