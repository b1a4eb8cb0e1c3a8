import Foundation
import GRDB
import Shared

/// The broker's durable state: job state and the ids seen recently in SQLite
/// (through GRDB), message bodies in an append-only segment log
/// (`SegmentLog`).
///
/// Job state stays in SQLite because completion must retire a job and store
/// its outputs in one atomic step, dead letters must be listed and retried by
/// id, and restart must find exactly what was acknowledged. Bodies go to the
/// segment log because writing them through SQLite cost most of the broker's
/// time (each body went to the WAL and again to the database pages). One
/// group commit per batch of commands: the new bodies are appended and
/// fsynced first, then one SQLite transaction (WAL, `synchronous=FULL`)
/// records the jobs pointing at them; replies are sent only after both.
/// Dead letters keep their bodies in SQLite, so segments empty out.
///
/// Operations are collected on the broker's thread (`add`, `takePending`);
/// `write` may run on another thread (the reactor's commit thread, so that
/// fsync does not stop intake). Each batch taken gets a ticket and writes
/// wait for their turn, so they reach the disk in the order they were taken
/// whichever thread runs them; after one fails every later one fails too,
/// so nothing written after a lost batch is ever reported durable.
final class BrokerStore {
    private let database: DatabaseQueue
    private let log: SegmentLog
    /// Where each live job's body is in the log, by job handle.
    private var locations: [String: SegmentLog.Location] = [:]
    private var pending: [Operation] = []
    /// Serializes `write` (log, `locations`, SQLite) across threads, in ticket order.
    private let writeTurn = NSCondition()
    /// Tickets handed out by `takePending` (owner's thread only).
    private var ticketsIssued: Int64 = 0
    /// The ticket whose write may run now (under `writeTurn`).
    private var nextTicket: Int64 = 0
    /// The first write failure: the store refuses every later write.
    private var failure: (any Error)?

    /// Operations taken for one write, and their place in the write order.
    struct PendingWrite {
        let ticket: Int64
        let operations: [Operation]
    }
    /// Dead letters kept; a commit that adds some evicts the oldest beyond this.
    private let maxDeadLetters: Int

    enum Operation {
        case put(JobRecord)
        case putDead(handle: String, id: String, originQueue: String, header: Data, bodies: [Data], attempts: Int, error: String, key: String?, kind: String?)
        case delete(String)
        case seen(Int64, Double)
        case forgetSeen(before: Double)
    }

    init(directory: String, maxDeadLetters: Int = 100_000) throws {
        self.maxDeadLetters = max(1, maxDeadLetters)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Debian builds SQLite with SECURE_DELETE on: every retired job's
            // body pages were overwritten with zeros, i.e. written to the WAL a
            // second time. FAST zeroes deleted content only where that costs no
            // extra I/O (in b-tree pages, not the freed overflow pages of a
            // body); durability is unchanged.
            try db.execute(sql: "PRAGMA secure_delete = FAST")
            // 64 MB of page cache holds the pages of the jobs in flight (10 KB
            // bodies span overflow pages) instead of reading them back. Jobs
            // live briefly and free pages the next jobs reuse, so a checkpoint
            // copies about the database's size whatever the WAL's length: the
            // longer the WAL between checkpoints, the fewer bytes per message
            // reach the disk twice, and the broker is bound by bytes fsynced
            // (docs/OPERATIONS.md, Benchmarks). A 256 MB WAL (65,536 pages)
            // costs that much disk and a longer WAL replay at start.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 65536")
        }
        database = try DatabaseQueue(path: directory + "/broker.sqlite", configuration: configuration)
        log = try SegmentLog(directory: directory + "/segments")
        try database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE jobs (
                    handle TEXT PRIMARY KEY NOT NULL,
                    id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    queue TEXT NOT NULL,
                    key TEXT,
                    kind TEXT,
                    attempt INTEGER NOT NULL,
                    not_before REAL NOT NULL,
                    header BLOB NOT NULL,
                    body BLOB NOT NULL,
                    origin_queue TEXT,
                    error TEXT,
                    dead_at REAL
                );
                CREATE INDEX jobs_queue_seq ON jobs(queue, seq);
                CREATE INDEX jobs_id ON jobs(id);
                CREATE TABLE seen (hash INTEGER PRIMARY KEY NOT NULL, at REAL NOT NULL);
                CREATE INDEX seen_at ON seen(at);
                """)
        }
        // Bodies of live jobs move to the segment log; `body` stays for dead
        // letters and for rows written before this migration.
        migrator.registerMigration("v2-segment-log") { db in
            try db.execute(sql: """
                ALTER TABLE jobs ADD COLUMN segment INTEGER;
                ALTER TABLE jobs ADD COLUMN segment_offset INTEGER;
                ALTER TABLE jobs ADD COLUMN segment_length INTEGER;
                """)
        }
        // Ids seen, appended in time order: keyed by hash, each id dirtied a
        // random leaf page of its own in every commit; appended, a commit's
        // ids share the last page or two. A hash seen twice may have two
        // rows; loading keeps one.
        migrator.registerMigration("v2-seen-log") { db in
            try db.execute(sql: """
                CREATE TABLE seen_log (at REAL NOT NULL, hash INTEGER NOT NULL);
                INSERT INTO seen_log (at, hash) SELECT at, hash FROM seen ORDER BY at;
                DROP TABLE seen;
                CREATE INDEX seen_log_at ON seen_log(at);
                """)
        }
        try migrator.migrate(database)
    }

    func add(_ operation: Operation) { pending.append(operation) }
    var hasPending: Bool { !pending.isEmpty }

    /// The operations added since the last call, in order, for one `write`
    /// (which must follow: later writes wait for it); nil when there are none.
    func takePending() -> PendingWrite? {
        guard !pending.isEmpty else { return nil }
        defer {
            pending.removeAll(keepingCapacity: true)
            ticketsIssued += 1
        }
        return PendingWrite(ticket: ticketsIssued, operations: pending)
    }

    /// Makes every pending operation durable at once (`takePending` + `write`),
    /// after any batch taken earlier.
    @discardableResult
    func commit() throws -> Int {
        guard let batch = takePending() else { return 0 }
        return try write(batch)
    }

    /// Makes `operations` durable: new bodies appended to the log and
    /// fsynced, then one SQLite transaction (the group commit); segments left
    /// without a live job are deleted after it. Returns how many of the
    /// oldest dead letters were evicted to keep the bound. Thread-safe.
    @discardableResult
    func write(_ batch: PendingWrite) throws -> Int {
        writeTurn.lock()
        defer {
            nextTicket += 1
            writeTurn.broadcast()
            writeTurn.unlock()
        }
        while nextTicket != batch.ticket { writeTurn.wait() }
        if let failure { throw failure }
        do {
            return try writeUnlocked(batch.operations)
        } catch {
            failure = error
            throw error
        }
    }

    private func writeUnlocked(_ operations: [Operation]) throws -> Int {
        var released: [SegmentLog.Location] = []
        for operation in operations {
            switch operation {
            case .put(let job) where locations[job.handle] == nil:
                locations[job.handle] = try log.append(frames: job.bodies)
            case .delete(let handle):
                if let location = locations.removeValue(forKey: handle) { released.append(location) }
            default:
                break
            }
        }
        try log.sync()
        let evicted = try database.write { db in try write(operations, in: db) }
        log.delete(released.flatMap(log.release))
        return evicted
    }

    private func write(_ operations: [Operation], in db: Database) throws -> Int {
        var addedDead = false
        for operation in operations {
            switch operation {
            case .put(let job):
                let location = locations[job.handle]
                let statement = try db.cachedStatement(sql: """
                    INSERT OR REPLACE INTO jobs (handle, id, seq, queue, key, kind, attempt, not_before, header, body,
                        origin_queue, error, dead_at, segment, segment_offset, segment_length)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, NULL, ?, ?, ?)
                    """)
                try statement.execute(arguments: [
                    job.handle, job.id, job.seq, job.queue, job.key, job.kind, job.attempt,
                    job.notBefore, job.header, location == nil ? FramePacking.pack(job.bodies) : Data(), job.lastError,
                    location?.segment, location?.offset, location?.length,
                ])
            case let .putDead(handle, id, originQueue, header, bodies, attempts, error, key, kind):
                addedDead = true
                let statement = try db.cachedStatement(sql: """
                    INSERT OR REPLACE INTO jobs (handle, id, seq, queue, key, kind, attempt, not_before, header, body, origin_queue, error, dead_at)
                    VALUES (?, ?, 0, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)
                    """)
                try statement.execute(arguments: [
                    handle, id, QueueName.deadLetter, key, kind, attempts, header, FramePacking.pack(bodies), originQueue,
                    error, Date().timeIntervalSince1970,
                ])
            case .delete(let id):
                try db.cachedStatement(sql: "DELETE FROM jobs WHERE handle = ?").execute(arguments: [id])
            case let .seen(hash, at):
                try db.cachedStatement(sql: "INSERT INTO seen_log (hash, at) VALUES (?, ?)")
                    .execute(arguments: [hash, at])
            case .forgetSeen(let before):
                try db.cachedStatement(sql: "DELETE FROM seen_log WHERE at < ?").execute(arguments: [before])
            }
        }
        return addedDead ? try evictOldestDeadLetters(db) : 0
    }

    /// Keeps the newest `maxDeadLetters` dead letters: the recent failures are
    /// the ones an operator acts on, and a flood of bad input cannot fill the disk.
    private func evictOldestDeadLetters(_ db: Database) throws -> Int {
        try db.cachedStatement(sql: """
            DELETE FROM jobs WHERE handle IN (
                SELECT handle FROM jobs WHERE queue = ?1 ORDER BY dead_at, rowid
                LIMIT max(0, (SELECT COUNT(*) FROM jobs WHERE queue = ?1) - ?2))
            """).execute(arguments: [QueueName.deadLetter, maxDeadLetters])
        return db.changesCount
    }

    /// Drops uncommitted operations (after a failed commit the caller restarts from disk).
    func discardPending() { pending.removeAll() }

    struct StoredJob {
        var id: String
        var seq: Int64
        var queue: String
        var attempt: Int
        var notBefore: Double
        var header: Data
        var bodies: [Data]
        var error: String?
        /// Why the body could not be read back (a damaged or missing log record).
        var damaged: String?
    }

    /// Every live (not dead) job, oldest first, bodies read back from the log
    /// and checked. Closed segments no live job refers to are deleted.
    func loadLiveJobs() throws -> [StoredJob] {
        let jobs = try database.read { db in
            let rows = try Row.fetchCursor(
                db, sql: """
                    SELECT id, seq, queue, attempt, not_before, header, body, error, handle, segment, segment_offset,
                        segment_length
                    FROM jobs WHERE queue != ? ORDER BY seq
                    """,
                arguments: [QueueName.deadLetter])
            var jobs: [StoredJob] = []
            while let row = try rows.next() {
                var job = StoredJob(
                    id: row[0], seq: row[1], queue: row[2], attempt: row[3], notBefore: row[4], header: row[5],
                    bodies: FramePacking.unpack(row[6]) ?? [], error: row[7])
                if let segment: Int64 = row[9] {
                    let location = SegmentLog.Location(segment: segment, offset: row[10], length: row[11])
                    locations[row[8]] = location
                    log.noteLive(location)
                    do {
                        job.bodies = try FramePacking.unpack(log.read(location)) ?? []
                    } catch {
                        job.damaged = "\(error)"
                    }
                }
                jobs.append(job)
            }
            return jobs
        }
        log.closeReaders()
        log.deleteUnreferenced()
        return jobs
    }

    func loadSeen(limit: Int) throws -> [(Int64, Double)] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT hash, at FROM seen_log ORDER BY at DESC LIMIT ?", arguments: [limit])
                .map { ($0[0], $0[1]) }.reversed()
        }
    }

    func deadLetterCount() throws -> Int {
        try database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM jobs WHERE queue = ?", arguments: [QueueName.deadLetter]) ?? 0
        }
    }

    func listDeadLetters(limit: Int) throws -> [DeadLetter] {
        try database.read { db in
            try Row.fetchAll(
                db, sql: """
                    SELECT id, origin_queue, kind, key, attempt, error, dead_at FROM jobs
                    WHERE queue = ? ORDER BY dead_at DESC LIMIT ?
                    """, arguments: [QueueName.deadLetter, limit]
            ).map { row in
                DeadLetter(
                    id: row[0], originQueue: row[1] ?? "?", kind: row[2], key: row[3], attempts: row[4],
                    error: row[5] ?? "", deadAt: Date(timeIntervalSince1970: row[6] ?? 0))
            }
        }
    }

    /// Dead letters to re-queue: all of them (`id == nil`), or those with a
    /// message id or job handle (`queue/id`).
    func loadDeadLetters(id: String?) throws -> [(handle: String, id: String, originQueue: String, header: Data, bodies: [Data])] {
        try database.read { db in
            let rows: [Row]
            if let id {
                rows = try Row.fetchAll(
                    db, sql: "SELECT handle, id, origin_queue, header, body FROM jobs WHERE queue = ? AND (id = ? OR handle = ? OR handle = ?)",
                    arguments: [QueueName.deadLetter, id, id, QueueName.deadLetter + "/" + id])
            } else {
                rows = try Row.fetchAll(
                    db, sql: "SELECT handle, id, origin_queue, header, body FROM jobs WHERE queue = ? ORDER BY dead_at",
                    arguments: [QueueName.deadLetter])
            }
            return rows.map { ($0[0], $0[1], ($0[2] as String?) ?? "", $0[3], FramePacking.unpack($0[4]) ?? []) }
        }
    }
}

/// Several frames in one blob: a 4-byte count, then each frame as a 4-byte
/// length and its bytes (big-endian).
enum FramePacking {
    static func pack(_ frames: [Data]) -> Data {
        var data = Data()
        data.reserveCapacity(packedSize(frames))
        pack(frames, into: &data)
        return data
    }

    /// Bytes `pack` produces for `frames`.
    static func packedSize(_ frames: [Data]) -> Int { 4 + frames.reduce(0) { $0 + 4 + $1.count } }

    /// Appends the packed form of `frames` to `data`.
    static func pack(_ frames: [Data], into data: inout Data) {
        append(UInt32(frames.count), to: &data)
        for frame in frames {
            append(UInt32(frame.count), to: &data)
            data.append(frame)
        }
    }

    static func unpack(_ data: Data) -> [Data]? {
        var offset = data.startIndex
        func read() -> UInt32? {
            guard data.endIndex - offset >= 4 else { return nil }
            var value: UInt32 = 0
            for i in 0..<4 { value = value << 8 | UInt32(data[offset + i]) }
            offset += 4
            return value
        }
        guard let count = read() else { return nil }
        var frames: [Data] = []
        for _ in 0..<count {
            guard let length = read(), data.endIndex - offset >= Int(length) else { return nil }
            frames.append(data.subdata(in: offset..<(offset + Int(length))))
            offset += Int(length)
        }
        return frames
    }

    private static func append(_ value: UInt32, to data: inout Data) {
        withUnsafeBytes(of: value.bigEndian) { data.append(contentsOf: $0) }
    }
}
