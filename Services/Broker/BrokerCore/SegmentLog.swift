import CZlib
import Foundation

/// The broker's message bodies in append-only segment files, so that the
/// job table in SQLite holds only small rows: a body is written once, to the
/// end of the active segment, instead of into SQLite's WAL and again into its
/// pages at each checkpoint.
///
/// A record is a 4-byte big-endian payload length, the payload's CRC-32
/// (zlib's), then the payload. Appends are buffered; `sync()` writes the
/// buffer and fsyncs the file, and the store calls it before the SQLite
/// commit that refers to those records (the group commit), so a committed
/// job never points past what is on disk. Bytes after the last commit (a
/// crash between the two) are never referred to and are left alone: each
/// start opens a new segment. A segment is deleted once no live job refers to
/// it (`release`), after the commit that dropped the last reference.
final class SegmentLog {
    /// Where one record is: its segment, its offset there and its payload length.
    struct Location: Equatable {
        var segment: Int64
        var offset: Int64
        var length: Int64
    }

    enum Failure: Error, CustomStringConvertible {
        case io(String)
        case damaged(Location, String)

        var description: String {
            switch self {
            case .io(let what): "segment log: \(what)"
            case .damaged(let at, let why): "segment log: record at segment \(at.segment) offset \(at.offset): \(why)"
            }
        }
    }

    private static let recordHeaderBytes: Int64 = 8
    let directory: String
    /// A segment is closed and a new one started past this many bytes.
    let segmentBytes: Int64
    private(set) var activeSegment: Int64
    private var activeHandle: FileHandle
    private var activeSize: Int64 = 0
    private var buffer = Data()
    /// Live records per segment: a segment at zero (not the active one) can go.
    private var liveRecords: [Int64: Int] = [:]

    init(directory: String, segmentBytes: Int64 = 64 << 20) throws {
        self.directory = directory
        self.segmentBytes = max(1 << 16, segmentBytes)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        activeSegment = (Self.segments(in: directory).max() ?? 0) + 1
        activeHandle = try Self.create(Self.path(directory, activeSegment))
    }

    /// The numbers of the segment files in `directory`.
    static func segments(in directory: String) -> [Int64] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.compactMap { name in
            guard name.hasPrefix("segment-"), name.hasSuffix(".log") else { return nil }
            return Int64(name.dropFirst("segment-".count).dropLast(".log".count))
        }
    }

    static func path(_ directory: String, _ segment: Int64) -> String {
        directory + "/segment-" + String(format: "%010lld", segment) + ".log"
    }

    private static func create(_ path: String) throws -> FileHandle {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw Failure.io("cannot create \(path)") }
        return handle
    }

    /// Appends one record (buffered until `sync()`) and counts it live.
    func append(_ payload: Data) throws -> Location {
        try appendRecord(length: payload.count) { $0.append(payload) }
    }

    /// Appends one record whose payload is `frames` packed (`FramePacking`),
    /// written straight into the buffer: a body is copied once on its way to
    /// the file instead of twice (packed, then appended).
    func append(frames: [Data]) throws -> Location {
        try appendRecord(length: FramePacking.packedSize(frames)) { FramePacking.pack(frames, into: &$0) }
    }

    /// Frames one record of `length` payload bytes that `write` appends to
    /// the buffer; its CRC is computed in place afterwards.
    private func appendRecord(length: Int, write: (inout Data) -> Void) throws -> Location {
        if activeSize > 0 && activeSize + Int64(length) + Self.recordHeaderBytes > segmentBytes {
            try rotate()
        }
        let location = Location(segment: activeSegment, offset: activeSize + Self.recordHeaderBytes, length: Int64(length))
        let start = buffer.count
        let payloadStart = start + Int(Self.recordHeaderBytes)
        Self.appendUInt32(UInt32(length), to: &buffer)
        Self.appendUInt32(0, to: &buffer)  // the CRC, once the payload is in
        write(&buffer)
        precondition(buffer.count - payloadStart == length, "record payload of the announced length")
        let crc = buffer.withUnsafeBytes { Self.crc(UnsafeRawBufferPointer(rebasing: $0[payloadStart...])) }
        withUnsafeBytes(of: crc.bigEndian) { buffer.replaceSubrange((start + 4)..<payloadStart, with: $0) }
        activeSize += Self.recordHeaderBytes + Int64(length)
        liveRecords[activeSegment, default: 0] += 1
        return location
    }

    /// Writes the buffered records and makes them durable (fsync).
    func sync() throws {
        guard !buffer.isEmpty else { return }
        do {
            try activeHandle.write(contentsOf: buffer)
            try activeHandle.synchronize()
        } catch {
            throw Failure.io("write to segment \(activeSegment): \(error)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func rotate() throws {
        try sync()
        try activeHandle.close()
        activeSegment += 1
        activeSize = 0
        activeHandle = try Self.create(Self.path(directory, activeSegment))
    }

    /// Counts a record found at start (its job is live) without reading it.
    func noteLive(_ location: Location) { liveRecords[location.segment, default: 0] += 1 }

    /// A record's job was retired. Returns the segments left with no live record.
    func release(_ location: Location) -> [Int64] {
        let left = (liveRecords[location.segment] ?? 1) - 1
        liveRecords[location.segment] = left
        guard left <= 0, location.segment != activeSegment else { return [] }
        liveRecords[location.segment] = nil
        return [location.segment]
    }

    /// Deletes retired segments (called after the commit that retired their last record).
    func delete(_ segments: [Int64]) {
        for segment in segments { try? FileManager.default.removeItem(atPath: Self.path(directory, segment)) }
    }

    /// Deletes every closed segment no live job refers to (at start, once the
    /// jobs were read; also whatever a crash left between sync and commit).
    func deleteUnreferenced() {
        delete(Self.segments(in: directory).filter { $0 != activeSegment && (liveRecords[$0] ?? 0) == 0 })
    }

    /// Segments open for reading (the start-up load reads many records of few
    /// segments); closed by `closeReaders()`.
    private var readers: [Int64: FileHandle] = [:]

    /// Reads and checks one record.
    func read(_ location: Location) throws -> Data {
        guard let handle = readers[location.segment] ?? FileHandle(forReadingAtPath: Self.path(directory, location.segment))
        else {
            throw Failure.damaged(location, "segment file missing")
        }
        readers[location.segment] = handle
        do {
            try handle.seek(toOffset: UInt64(location.offset - Self.recordHeaderBytes))
            let header = try handle.read(upToCount: Int(Self.recordHeaderBytes)) ?? Data()
            let payload = try handle.read(upToCount: Int(location.length)) ?? Data()
            guard header.count == Int(Self.recordHeaderBytes), payload.count == Int(location.length) else {
                throw Failure.damaged(location, "truncated")
            }
            guard Self.uint32(header, at: 0) == UInt32(location.length) else {
                throw Failure.damaged(location, "length does not match")
            }
            guard Self.uint32(header, at: 4) == Self.crc(payload) else { throw Failure.damaged(location, "CRC mismatch") }
            return payload
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure.damaged(location, "\(error)")
        }
    }

    func closeReaders() {
        for handle in readers.values { try? handle.close() }
        readers.removeAll()
    }

    static func crc(_ data: Data) -> UInt32 {
        data.withUnsafeBytes { crc($0) }
    }

    static func crc(_ raw: UnsafeRawBufferPointer) -> UInt32 {
        var crc = crc32(0, nil, 0)
        let bytes = raw.bindMemory(to: UInt8.self)
        var offset = 0
        // zlib takes a 32-bit length: large payloads go in slices.
        while offset < bytes.count, let base = bytes.baseAddress {
            let count = min(1 << 30, bytes.count - offset)
            crc = crc32(crc, base + offset, uInt(count))
            offset += count
        }
        return UInt32(truncatingIfNeeded: crc)
    }

    private static func appendUInt32(_ value: UInt32, to data: inout Data) {
        withUnsafeBytes(of: value.bigEndian) { data.append(contentsOf: $0) }
    }

    private static func uint32(_ data: Data, at offset: Int) -> UInt32 {
        var value: UInt32 = 0
        for i in 0..<4 { value = value << 8 | UInt32(data[data.startIndex + offset + i]) }
        return value
    }
}
