import Foundation

/// A trained tagger for one language: per feature row, one weight per label
/// (quantised to 16 bits in the file and in memory), and the label
/// transition scores. Loaded once; `tag` is pure and allocation-light.
struct TaggerModel: Sendable {
    /// File layout: magic, row bits, feature count, scale, 8x7 transitions
    /// (Float32), then 2^rowBits x 7 weights (Int16), all little-endian.
    static let magic: [UInt8] = Array("NWNER001".utf8)
    let rowBits: Int
    let scale: Float
    let transitions: [Float]
    let weights: [Int16]

    init(rowBits: Int, weights floats: [Float], transitions: [Float]) {
        let maxAbs = floats.reduce(Float(0)) { max($0, abs($1)) }
        let scale = maxAbs > 0 ? maxAbs / Float(Int16.max) : 1
        self.rowBits = rowBits
        self.scale = scale
        self.transitions = transitions
        self.weights = floats.map { Int16(($0 / scale).rounded()) }
    }

    /// Per token, the score of each label: the sum of its rows' weights.
    func emissions(rows: [UInt32], count n: Int) -> [Float] {
        let L = NERLabel.count, F = TaggerFeatures.perToken
        var out = [Float](repeating: 0, count: n * L)
        weights.withUnsafeBufferPointer { w in
            for t in 0..<n {
                var sums = (Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0))
                for f in 0..<F {
                    let base = Int(rows[t * F + f]) * L
                    sums.0 &+= Int32(w[base]); sums.1 &+= Int32(w[base + 1]); sums.2 &+= Int32(w[base + 2])
                    sums.3 &+= Int32(w[base + 3]); sums.4 &+= Int32(w[base + 4]); sums.5 &+= Int32(w[base + 5])
                    sums.6 &+= Int32(w[base + 6])
                }
                let o = t * L
                out[o] = Float(sums.0) * scale; out[o + 1] = Float(sums.1) * scale; out[o + 2] = Float(sums.2) * scale
                out[o + 3] = Float(sums.3) * scale; out[o + 4] = Float(sums.4) * scale; out[o + 5] = Float(sums.5) * scale
                out[o + 6] = Float(sums.6) * scale
            }
        }
        return out
    }

    func tag(rows: [UInt32], count n: Int) -> [NERLabel] {
        ViterbiDecoder.decode(emissions: emissions(rows: rows, count: n), count: n, transitions: transitions)
    }

    struct BadModel: Error, CustomStringConvertible {
        var description: String
    }

    func serialized() -> Data {
        var data = Data(TaggerModel.magic)
        func put32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        put32(UInt32(rowBits)); put32(UInt32(TaggerFeatures.perToken)); put32(scale.bitPattern)
        for t in transitions { put32(t.bitPattern) }
        weights.withUnsafeBufferPointer { buffer in
            data.append(UnsafeBufferPointer(start: UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: UInt8.self), count: buffer.count * 2))
        }
        return data
    }

    init(data: Data) throws {
        let bytes = [UInt8](data)
        let header = TaggerModel.magic.count + 12 + 56 * 4
        guard bytes.count >= header, Array(bytes[0..<8]) == TaggerModel.magic else { throw BadModel(description: "not a tagger model") }
        func u32(_ at: Int) -> UInt32 {
            UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        }
        rowBits = Int(u32(8))
        guard Int(u32(12)) == TaggerFeatures.perToken else { throw BadModel(description: "model built for another feature set") }
        scale = Float(bitPattern: u32(16))
        transitions = (0..<56).map { Float(bitPattern: u32(20 + $0 * 4)) }
        let count = (1 << rowBits) * NERLabel.count
        guard bytes.count == header + count * 2 else { throw BadModel(description: "truncated tagger model") }
        weights = [Int16](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes[header...].withUnsafeBytes { raw in
                for k in 0..<count { buffer[k] = Int16(littleEndian: raw.loadUnaligned(fromByteOffset: k * 2, as: Int16.self)) }
            }
            initialized = count
        }
    }
}
