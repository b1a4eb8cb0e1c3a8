import ArgumentParser
import EnricherCore
import Foundation

/// Writes each `{"id","text"}` line back with `entities` added, in the shape
/// `score_ner.py` reads.
struct Annotate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Annotate JSON Lines {\"id\",\"text\"} with PER/ORG/LOC entities (character offsets).")

    @Option(name: .long, help: "Input JSON Lines file ('-' for standard input).")
    var jsonl: String

    func run() async throws {
        let enricher = try Enricher()
        let data = jsonl == "-" ? FileHandle.standardInput.readDataToEndOfFile()
            : try Data(contentsOf: URL(fileURLWithPath: jsonl))
        var out = Data()
        for line in data.split(separator: 0x0A) where !line.isEmpty {
            guard var object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let text = object["text"] as? String else { continue }
            object["entities"] = AnnotationOutput.entities(enricher.annotate(text))
            out.append(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            out.append(0x0A)
        }
        FileHandle.standardOutput.write(out)
    }
}

enum AnnotationOutput {
    static func entities(_ spans: [EntitySpan]) -> [[String: Any]] {
        spans.map { ["start": $0.start, "end": $0.end, "type": $0.type.rawValue, "text": $0.text] }
    }
}
