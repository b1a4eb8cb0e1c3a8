import Foundation

/// Where a reader can pick an archive up again: a byte offset it can start
/// reading at (a record's start in a `.warc`, a gzip member's start in a
/// `.warc.gz`) and how many records after it were already read. Records of
/// a `.warc.gz` usually start their own member (`skip` 0); a file written as
/// one big member is still resumable, by reading past `skip` records.
public struct ArchivePosition: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var offset: Int
    public var skip: Int

    public init(offset: Int, skip: Int = 0) {
        self.offset = offset
        self.skip = skip
    }

    public static let start = ArchivePosition(offset: 0)
    public var description: String { "\(offset)+\(skip)" }
}

/// The bytes of an archive in order, plain or gzip (inflated member by
/// member), read in fixed-size pieces so memory stays constant whatever the
/// archive's size, and knowing which offsets are resumable.
final class ArchiveInput {
    /// Raw bytes from the start offset on; an empty answer is the end.
    typealias Source = (_ maxCount: Int) throws -> [UInt8]

    private let source: Source
    private let inflater: Inflater?
    private let pieceSize: Int

    private var compressed: [UInt8] = []
    private var compressedStart = 0
    /// Offset (in the archive) of the next compressed byte not yet inflated.
    private var compressedOffset: Int
    private var sourceEnded = false

    private var pending: [UInt8] = []
    private var pendingStart = 0
    /// Plain archives: offset of `pending[pendingStart]`.
    private var plainOffset: Int

    init(source: @escaping Source, startOffset: Int, gzip: Bool, pieceSize: Int = 64 * 1024) {
        self.source = source
        self.pieceSize = max(1, pieceSize)
        self.inflater = gzip ? Inflater(format: .gzip) : nil
        self.compressedOffset = startOffset
        self.plainOffset = startOffset
    }

    /// Reads the file at `path` from `offset`.
    static func file(_ path: String, offset: Int, gzip: Bool, pieceSize: Int = 64 * 1024) throws -> ArchiveInput {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw FetchError.fileNotFound(path) }
        try handle.seek(toOffset: UInt64(max(0, offset)))
        return ArchiveInput(source: { max in
            guard let data = try handle.read(upToCount: max) else { return [] }
            return [UInt8](data)
        }, startOffset: offset, gzip: gzip, pieceSize: pieceSize)
    }

    /// Reads bytes held in memory: the archive's bytes from `startOffset` on.
    static func memory(_ data: Data, startOffset: Int = 0, gzip: Bool) -> ArchiveInput {
        var offset = 0
        return ArchiveInput(source: { max in
            let end = min(data.count, offset + min(max, data.count - offset))
            defer { offset = end }
            return [UInt8](data[(data.startIndex + offset)..<(data.startIndex + end)])
        }, startOffset: startOffset, gzip: gzip)
    }

    var available: Int { pending.count - pendingStart }

    /// The offset a reader could restart at, if the next unread byte begins
    /// a resumable unit (always in a plain archive; at a member's first
    /// byte in a gzip one).
    var resumableOffset: Int? {
        guard let inflater else { return plainOffset }
        return available == 0 && inflater.atMemberEnd ? compressedOffset : nil
    }

    /// Reads one more piece; false at the end. Callers that look for
    /// member boundaries (`resumableOffset`) read piece by piece.
    func more() throws -> Bool { try fill() }

    /// Makes at least `count` bytes available, unless the archive ends first.
    /// Returns false at the end.
    func ensure(_ count: Int) throws -> Bool {
        while available < count {
            guard try fill() else { return false }
        }
        return true
    }

    func peek(_ index: Int) -> UInt8 { pending[pendingStart + index] }

    /// The next `count` available bytes, consumed.
    func take(_ count: Int) -> ArraySlice<UInt8> {
        let slice = pending[pendingStart..<(pendingStart + count)]
        consume(count)
        return slice
    }

    func consume(_ count: Int) {
        pendingStart += count
        plainOffset += count
        if pendingStart >= 256 * 1024 || pendingStart == pending.count {
            pending.removeFirst(pendingStart)
            pendingStart = 0
        }
    }

    /// Index (relative to the next unread byte) of `needle` within the first
    /// `limit` bytes, reading more as needed; nil if not found there.
    func find(_ needle: [UInt8], within limit: Int) throws -> Int? {
        var from = 0
        while true {
            let end = min(available, limit)
            if end - from >= needle.count {
                var i = from
                while i <= end - needle.count {
                    if peek(i) == needle[0] {
                        var k = 1
                        while k < needle.count, peek(i + k) == needle[k] { k += 1 }
                        if k == needle.count { return i }
                    }
                    i += 1
                }
                from = end - needle.count + 1
            }
            guard available < limit, try fill() else { return nil }
        }
    }

    /// More bytes: the next piece of a plain archive, or what the next
    /// compressed piece inflates to (never past the end of a gzip member,
    /// so member boundaries are seen; at a member's end possibly nothing).
    /// False at the end.
    private func fill() throws -> Bool {
        guard let inflater else {
            let piece = try source(pieceSize)
            guard !piece.isEmpty else { return false }
            if pendingStart > 0 { pending.removeFirst(pendingStart); pendingStart = 0 }
            pending.append(contentsOf: piece)
            return true
        }
        while true {
            if compressedStart == compressed.count, !sourceEnded {
                compressed = try source(pieceSize)
                compressedStart = 0
                if compressed.isEmpty { sourceEnded = true }
            }
            if compressedStart == compressed.count {
                guard inflater.atMemberEnd else { throw Inflater.InflateError.truncated }
                return false
            }
            if inflater.atMemberEnd, compressed[compressedStart] != 0x1F {
                // Zero padding after the last member ends the archive; anything else is damage.
                guard try restIsZeros() else {
                    throw Inflater.InflateError.corrupt("no gzip member at byte \(compressedOffset)")
                }
                return false
            }
            let before = available
            let consumed = try compressed[compressedStart...].withUnsafeBytes { raw in
                try inflater.inflate(raw, into: &pending)
            }
            compressedStart += consumed
            compressedOffset += consumed
            // Stop at a member's end even with no new bytes (its trailer
            // came in a later piece): the boundary must be seen wherever
            // the pieces happen to split, or positions would depend on it.
            if available > before || inflater.atMemberEnd { return true }
            if consumed == 0, compressedStart < compressed.count, !inflater.atMemberEnd {
                throw Inflater.InflateError.corrupt("no progress at byte \(compressedOffset)")
            }
        }
    }

    private func restIsZeros() throws -> Bool {
        while true {
            guard compressed[compressedStart...].allSatisfy({ $0 == 0 }) else { return false }
            compressed = try source(pieceSize)
            compressedStart = 0
            if compressed.isEmpty { sourceEnded = true; return true }
        }
    }
}
