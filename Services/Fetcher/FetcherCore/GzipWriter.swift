import CZlib
import Foundation

/// Writes gzip members with zlib's deflate: one member per WARC record is
/// what makes a `.warc.gz` readable from any record's offset.
public enum GzipWriter {
    /// `data` as one complete gzip member.
    public static func member(_ data: Data, level: Int32 = 6) -> Data {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            deflateEnd(stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        precondition(newswire_deflate_init2(stream, level, 15 + 16) == Z_OK, "deflateInit2 failed (out of memory)")
        var input = [UInt8](data)
        var output = [UInt8](repeating: 0, count: Int(deflateBound(stream, uLong(input.count))) + 64)
        let written: Int = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.pointee.next_in = inBuffer.baseAddress
                stream.pointee.avail_in = uInt(inBuffer.count)
                stream.pointee.next_out = outBuffer.baseAddress
                stream.pointee.avail_out = uInt(outBuffer.count)
                let status = deflate(stream, Z_FINISH)
                precondition(status == Z_STREAM_END, "deflate into a deflateBound buffer must finish")
                return outBuffer.count - Int(stream.pointee.avail_out)
            }
        }
        return Data(output[0..<written])
    }
}
