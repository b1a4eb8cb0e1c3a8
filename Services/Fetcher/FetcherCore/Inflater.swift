import CZlib
import Foundation

/// zlib's inflate, for gzip files (one or many members: `.warc.gz` is a
/// series of members, one per record) and zlib/deflate streams.
///
/// Streaming: `inflate(_:)` takes compressed bytes as they come and gives
/// back what they decompress to, stopping at the end of each gzip member so
/// a caller can note where members start (resumable points of an archive).
/// The z_stream lives on the heap (zlib keeps pointers into it) and is
/// released by `deinit` of its owner, which no one else can reach.
public final class Inflater {
    public enum Format: Sendable {
        /// gzip members only (RFC 1952).
        case gzip
        /// gzip or zlib, told apart by the header.
        case gzipOrZlib
    }

    public enum InflateError: Error, Equatable, CustomStringConvertible {
        case corrupt(String)
        case truncated
        case tooLarge(limit: Int)
        case notGzip
        public var description: String {
            switch self {
            case .corrupt(let reason): "corrupt compressed data: \(reason)"
            case .truncated: "compressed data ends in the middle of a member"
            case .tooLarge(let limit): "inflates past the \(limit)-byte cap"
            case .notGzip: "not gzip data"
            }
        }
    }

    private let stream: UnsafeMutablePointer<z_stream>
    private let windowBits: Int32
    /// True between members: the last call ended a member (or none began).
    public private(set) var atMemberEnd = true

    public init(format: Format = .gzip) {
        windowBits = format == .gzip ? 15 + 16 : 15 + 32
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = newswire_inflate_init2(stream, windowBits)
        precondition(status == Z_OK, "inflateInit2 failed: \(status) (out of memory)")
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Inflates from `input` (starting at `start`) until the input is used
    /// up, `maxOutput` bytes are produced or a member ends. Returns how many
    /// input bytes were consumed; output is appended to `output`.
    public func inflate(_ input: UnsafeRawBufferPointer, into output: inout [UInt8], maxOutput: Int = 256 * 1024)
        throws -> Int {
        guard let base = input.baseAddress, input.count > 0 else { return 0 }
        let startCount = output.count
        output.reserveCapacity(startCount + maxOutput)
        var scratch = [UInt8](repeating: 0, count: maxOutput)
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(min(input.count, Int(UInt32.max)))
        let status: Int32 = scratch.withUnsafeMutableBytes { out in
            stream.pointee.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(out.count)
            return CZlib.inflate(stream, Z_NO_FLUSH)
        }
        let produced = maxOutput - Int(stream.pointee.avail_out)
        let consumed = min(input.count, Int(UInt32.max)) - Int(stream.pointee.avail_in)
        output.append(contentsOf: scratch[0..<produced])
        switch status {
        case Z_STREAM_END:
            atMemberEnd = true
            inflateReset(stream)
        case Z_OK, Z_BUF_ERROR:
            if consumed > 0 || produced > 0 { atMemberEnd = false }
        case Z_NEED_DICT:
            throw InflateError.corrupt("needs a preset dictionary")
        default:
            let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
            throw InflateError.corrupt(message)
        }
        return consumed
    }

    /// A whole document: every gzip member (or the zlib stream) inflated,
    /// at most `limit` bytes. Zero bytes after the last member (tape-style
    /// padding) are ignored; anything else there is an error.
    public static func decompress(_ data: Data, limit: Int, format: Format = .gzip) throws -> Data {
        if format == .gzip, !isGzip(data) { throw InflateError.notGzip }
        let inflater = Inflater(format: format)
        var output: [UInt8] = []
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                if inflater.atMemberEnd, raw[offset...].allSatisfy({ $0 == 0 }) { break }
                let room = limit - output.count
                let before = output.count
                let consumed = try inflater.inflate(
                    UnsafeRawBufferPointer(rebasing: raw[offset...]), into: &output, maxOutput: min(room + 1, 256 * 1024))
                guard output.count <= limit else { throw InflateError.tooLarge(limit: limit) }
                if consumed == 0, output.count == before { throw InflateError.corrupt("no progress") }
                offset += consumed
            }
        }
        guard inflater.atMemberEnd else { throw InflateError.truncated }
        return Data(output)
    }

    /// True when `data` starts with the gzip magic bytes.
    public static func isGzip(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B
    }
}
