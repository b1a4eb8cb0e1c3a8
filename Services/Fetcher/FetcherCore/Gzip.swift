import Foundation

/// gzip (RFC 1952) and DEFLATE (RFC 1951) decoding in Swift.
///
/// HTTP's Content-Encoding is handled by the HTTP client; this is for files
/// that are gzip *documents*: `sitemap.xml.gz` (served as application/gzip,
/// the usual form of large news sitemaps) and `.warc.gz` archives (a series
/// of gzip members, one per record). The package has no zlib binding, and
/// inflate is small. Output is capped so a bomb stops early.
public enum Gzip {
    public enum GzipError: Error, Equatable, CustomStringConvertible {
        case notGzip
        case corrupt(String)
        case tooLarge(limit: Int)
        public var description: String {
            switch self {
            case .notGzip: "not gzip data"
            case .corrupt(let why): "corrupt gzip data: \(why)"
            case .tooLarge(let limit): "gzip data inflates past \(limit) bytes"
            }
        }
    }

    public static func isGzip(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B
    }

    /// Decodes every member of a gzip file, checking each CRC-32 and length.
    public static func decompress(_ data: Data, limit: Int) throws -> Data {
        let input = [UInt8](data)
        guard input.count >= 18, input[0] == 0x1F, input[1] == 0x8B else { throw GzipError.notGzip }
        var output: [UInt8] = []
        var position = 0
        while position < input.count {
            // Trailing zero padding after the last member is common; stop there.
            if input[position...].allSatisfy({ $0 == 0 }) { break }
            guard position + 18 <= input.count, input[position] == 0x1F, input[position + 1] == 0x8B,
                  input[position + 2] == 8 else { throw GzipError.corrupt("bad member header at \(position)") }
            let flags = input[position + 3]
            var p = position + 10
            if flags & 0x04 != 0 {
                guard p + 2 <= input.count else { throw GzipError.corrupt("truncated extra field") }
                p += 2 + (Int(input[p]) | Int(input[p + 1]) << 8)
            }
            for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {
                while p < input.count, input[p] != 0 { p += 1 }
                p += 1
            }
            if flags & 0x02 != 0 { p += 2 }
            guard p < input.count else { throw GzipError.corrupt("truncated member header") }
            let start = output.count
            var inflater = Inflater(input: input, position: p, limit: limit)
            try inflater.run(into: &output)
            p = inflater.bytePosition
            guard p + 8 <= input.count else { throw GzipError.corrupt("missing member trailer") }
            let crc = UInt32(input[p]) | UInt32(input[p + 1]) << 8 | UInt32(input[p + 2]) << 16 | UInt32(input[p + 3]) << 24
            let size = UInt32(input[p + 4]) | UInt32(input[p + 5]) << 8 | UInt32(input[p + 6]) << 16
                | UInt32(input[p + 7]) << 24
            guard CRC32.checksum(output[start...]) == crc else { throw GzipError.corrupt("CRC mismatch") }
            guard UInt32(truncatingIfNeeded: output.count - start) == size else {
                throw GzipError.corrupt("length mismatch")
            }
            position = p + 8
        }
        return Data(output)
    }
}

/// CRC-32 (IEEE 802.3, reflected, as gzip uses).
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

/// One DEFLATE stream. Canonical Huffman codes are decoded by code length
/// (count per length, symbols in code order), as RFC 1951 3.2.2 builds them.
struct Inflater {
    private let input: [UInt8]
    private var position: Int
    private var bitBuffer: UInt32 = 0
    private var bitCount = 0
    private let limit: Int

    init(input: [UInt8], position: Int, limit: Int) {
        self.input = input
        self.position = position
        self.limit = limit
    }

    /// The byte after the stream (the partial last byte is dropped).
    var bytePosition: Int { position }

    struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int]

        init(lengths: [Int]) throws {
            symbols = [Int](repeating: 0, count: lengths.count)
            for length in lengths { counts[length] += 1 }
            counts[0] = 0
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<16 { offsets[length] = offsets[length - 1] + counts[length - 1] }
            for (symbol, length) in lengths.enumerated() where length != 0 {
                symbols[offsets[length]] = symbol
                offsets[length] += 1
            }
        }
    }

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
                             131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
                               1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12,
                                13, 13]
    static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    static let fixed: (Huffman, Huffman) = {
        var lengths = [Int](repeating: 8, count: 288)
        for i in 144..<256 { lengths[i] = 9 }
        for i in 256..<280 { lengths[i] = 7 }
        // Fixed tables are well-formed by construction.
        return (try! Huffman(lengths: lengths), try! Huffman(lengths: [Int](repeating: 5, count: 30)))
    }()

    private mutating func bits(_ n: Int) throws -> Int {
        while bitCount < n {
            guard position < input.count else { throw Gzip.GzipError.corrupt("deflate stream ends early") }
            bitBuffer |= UInt32(input[position]) << UInt32(bitCount)
            position += 1
            bitCount += 8
        }
        let value = Int(bitBuffer & ((1 << UInt32(n)) - 1))
        bitBuffer >>= UInt32(n)
        bitCount -= n
        return value
    }

    private mutating func decode(_ huffman: Huffman) throws -> Int {
        var code = 0, first = 0, index = 0
        for length in 1..<16 {
            code |= try bits(1)
            let count = huffman.counts[length]
            if code - count < first { return huffman.symbols[index + (code - first)] }
            index += count
            first = (first + count) << 1
            code <<= 1
        }
        throw Gzip.GzipError.corrupt("invalid Huffman code")
    }

    mutating func run(into output: inout [UInt8]) throws {
        var final = false
        while !final {
            final = try bits(1) == 1
            switch try bits(2) {
            case 0: try stored(into: &output)
            case 1: try codes(Self.fixed.0, Self.fixed.1, into: &output)
            case 2:
                let (lengths, distances) = try dynamicTables()
                try codes(lengths, distances, into: &output)
            default: throw Gzip.GzipError.corrupt("reserved block type")
            }
        }
        // Give back whole bytes read ahead into the bit buffer.
        position -= bitCount / 8
        bitBuffer = 0
        bitCount = 0
    }

    private mutating func stored(into output: inout [UInt8]) throws {
        position -= bitCount / 8
        bitBuffer = 0
        bitCount = 0
        guard position + 4 <= input.count else { throw Gzip.GzipError.corrupt("truncated stored block") }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
        guard length == ~complement & 0xFFFF else { throw Gzip.GzipError.corrupt("stored length check") }
        position += 4
        guard position + length <= input.count else { throw Gzip.GzipError.corrupt("truncated stored block") }
        guard output.count + length <= limit else { throw Gzip.GzipError.tooLarge(limit: limit) }
        output.append(contentsOf: input[position..<(position + length)])
        position += length
    }

    private mutating func dynamicTables() throws -> (Huffman, Huffman) {
        let literalCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeLengthCount = try bits(4) + 4
        var codeLengthLengths = [Int](repeating: 0, count: 19)
        for i in 0..<codeLengthCount { codeLengthLengths[Self.codeLengthOrder[i]] = try bits(3) }
        let codeLengths = try Huffman(lengths: codeLengthLengths)
        var lengths: [Int] = []
        while lengths.count < literalCount + distanceCount {
            let symbol = try decode(codeLengths)
            switch symbol {
            case 0..<16: lengths.append(symbol)
            case 16:
                guard let previous = lengths.last else { throw Gzip.GzipError.corrupt("repeat with no length") }
                lengths.append(contentsOf: repeatElement(previous, count: 3 + (try bits(2))))
            case 17: lengths.append(contentsOf: repeatElement(0, count: 3 + (try bits(3))))
            default: lengths.append(contentsOf: repeatElement(0, count: 11 + (try bits(7))))
            }
        }
        guard lengths.count == literalCount + distanceCount else { throw Gzip.GzipError.corrupt("too many lengths") }
        return (try Huffman(lengths: Array(lengths[0..<literalCount])),
                try Huffman(lengths: Array(lengths[literalCount...])))
    }

    private mutating func codes(_ literals: Huffman, _ distances: Huffman, into output: inout [UInt8]) throws {
        while true {
            let symbol = try decode(literals)
            if symbol < 256 {
                guard output.count < limit else { throw Gzip.GzipError.tooLarge(limit: limit) }
                output.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let index = symbol - 257
                guard index < Self.lengthBase.count else { throw Gzip.GzipError.corrupt("bad length symbol") }
                let length = Self.lengthBase[index] + (try bits(Self.lengthExtra[index]))
                let distanceSymbol = try decode(distances)
                guard distanceSymbol < Self.distanceBase.count else {
                    throw Gzip.GzipError.corrupt("bad distance symbol")
                }
                let distance = Self.distanceBase[distanceSymbol] + (try bits(Self.distanceExtra[distanceSymbol]))
                guard distance <= output.count else { throw Gzip.GzipError.corrupt("distance too far back") }
                guard output.count + length <= limit else { throw Gzip.GzipError.tooLarge(limit: limit) }
                let start = output.count - distance
                for k in 0..<length { output.append(output[start + k]) }
            }
        }
    }
}
