import Foundation

/// The message ids seen recently, as 64-bit hashes, so a message published
/// or produced twice is stored once. Bounded by count and age; mirrored in
/// the store's `seen` table so it survives restarts.
struct DedupIndex {
    private var hashes = Set<Int64>()
    private var order = Deque<(Int64, Double)>()
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    static func hash(_ id: String) -> Int64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        h ^= h >> 31
        h = h &* 0x9e37_79b9_7f4a_7c15
        h ^= h >> 29
        return Int64(bitPattern: h)
    }

    func contains(_ hash: Int64) -> Bool { hashes.contains(hash) }

    /// Returns false when already present.
    @discardableResult
    mutating func insert(_ hash: Int64, at time: Double) -> Bool {
        guard hashes.insert(hash).inserted else { return false }
        order.append((hash, time))
        while order.count > capacity, let (old, _) = order.popFirst() { hashes.remove(old) }
        return true
    }

    /// Forgets ids older than `before`.
    mutating func evict(before: Double) {
        while let (hash, at) = order.first, at < before {
            _ = order.popFirst()
            hashes.remove(hash)
        }
    }

    var count: Int { hashes.count }
}
