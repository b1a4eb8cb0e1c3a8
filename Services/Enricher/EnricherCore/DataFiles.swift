import Foundation

/// Reads the tab-separated files shipped in `Data/` (see Data/README.md).
/// The enricher reads each once, when it is built.
enum DataFiles {
    struct MissingFile: Error, CustomStringConvertible {
        var name: String
        var description: String { "enricher data file \(name) is missing from the bundle" }
    }

    /// Where `Data/<name>` lies in the bundle.
    static func url(_ name: String) throws -> URL {
        let parts = name.split(separator: ".")
        guard let url = Bundle.module.url(
            forResource: String(parts[0]), withExtension: String(parts[1]), subdirectory: "Data")
            ?? Bundle.module.url(forResource: String(parts[0]), withExtension: String(parts[1]))
        else { throw MissingFile(name: name) }
        return url
    }

    /// The bytes of a binary file in `Data/` (the tagger models).
    static func bytes(_ name: String) throws -> Data {
        try Data(contentsOf: url(name))
    }

    /// The rows of `Data/<name>`, each split on tabs.
    static func rows(_ name: String) throws -> [[Substring]] {
        let text = try String(contentsOf: url(name), encoding: .utf8)
        var rows: [[Substring]] = []
        rows.reserveCapacity(40_000)
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            rows.append(line.split(separator: "\t", omittingEmptySubsequences: false))
        }
        return rows
    }
}
