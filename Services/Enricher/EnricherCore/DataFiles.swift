import Foundation

/// Reads the tab-separated files shipped in `Data/` (see Data/README.md).
/// The enricher reads each once, when it is built.
enum DataFiles {
    struct MissingFile: Error, CustomStringConvertible {
        var name: String
        var description: String { "enricher data file \(name) is missing from the bundle" }
    }

    /// The rows of `Data/<name>`, each split on tabs.
    static func rows(_ name: String) throws -> [[Substring]] {
        let parts = name.split(separator: ".")
        guard let url = Bundle.module.url(
            forResource: String(parts[0]), withExtension: String(parts[1]), subdirectory: "Data")
            ?? Bundle.module.url(forResource: String(parts[0]), withExtension: String(parts[1]))
        else { throw MissingFile(name: name) }
        let text = try String(contentsOf: url, encoding: .utf8)
        var rows: [[Substring]] = []
        rows.reserveCapacity(40_000)
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            rows.append(line.split(separator: "\t", omittingEmptySubsequences: false))
        }
        return rows
    }
}
