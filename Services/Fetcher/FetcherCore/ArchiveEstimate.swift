import Foundation

/// Sizes for the progress line: the archives' bytes and an estimate of
/// their records from the first records of each local archive.
public struct ArchiveEstimate: Sendable {
    public var bytes = 0
    public var records = 0

    public init(_ urls: [String], sample: Int = 200) {
        for url in urls {
            guard let path = URL(string: url).flatMap({ $0.isFileURL ? $0.path : nil }),
                  let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue
            else { continue }
            bytes += size
            guard let reader = try? WARCReader(path: path) else { continue }
            var count = 0
            var last = ArchivePosition.start
            var ended = false
            while count < sample {
                guard let record = try? reader.nextResponse() else { ended = true; break }
                count += 1
                last = record.position
            }
            // Read to the end: exact. Else extrapolate by the bytes the sample took.
            guard !ended, last.offset > 0 else { records += count; continue }
            records += max(count, Int(Double(size) / Double(last.offset) * Double(count)))
        }
    }
}
