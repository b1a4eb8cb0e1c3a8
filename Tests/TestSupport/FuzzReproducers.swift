import Foundation

/// The inputs libFuzzer saved in `Fuzz/crashes/<target>/` (docs/FUZZING.md):
/// each once crashed a stage, so each is replayed by a test to show it no
/// longer does.
public enum FuzzReproducers {
    /// The repository's `Fuzz/crashes` folder, found from this source file.
    public static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/crashes")

    /// The saved input called `name` of `target`.
    public static func input(_ target: String, _ name: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(target).appendingPathComponent(name))
    }

    /// The names of every saved input of `target`, sorted.
    public static func names(_ target: String) -> [String] {
        let files = try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(target).path)
        return (files ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// The input split into frames at 0x00 bytes, the way the broker-frames
    /// target reads it.
    public static func frames(_ input: Data) -> [Data] {
        input.split(separator: 0, omittingEmptySubsequences: false).map { Data($0) }
    }
}
